"""Pause Python's cyclic garbage collector while kamdocs builds large object graphs.

Parsing a 2000-action file or building its document allocates hundreds of thousands of
objects that reference counting frees on its own; the cyclic collector, triggered by the
allocation count, re-scans them again and again (measured: about a third of the load time of a
large account). Collection resumes when the work ends, so a batch that builds document after
document still frees its cycles between documents and keeps a flat memory profile.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable automatic collection inside the block; restore the previous state after it."""
    with gc_held() as _resume:
        yield


@contextmanager
def gc_held() -> Iterator[Callable[[], None]]:
    """Disable automatic collection until the block calls the function it is given, or ends;
    then restore the previous state. For `watch`, which collects once the first document of
    a save is on disk rather than while the user waits for it."""
    was_enabled = gc.isenabled()
    gc.disable()

    def resume() -> None:
        if was_enabled:
            gc.enable()

    try:
        yield resume
    finally:
        resume()


def without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `paused_gc`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return func(*args, **kwargs)

    return wrapper
