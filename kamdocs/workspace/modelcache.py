"""Keep validated models of content files between runs, keyed by everything they come from.

A warm one-shot command spends most of its loading time building pydantic's validators and
validating (the classes are deferred, so a process that validates nothing never builds them).
A file that has not changed since a previous run can skip both: its frozen model is read back
from a pickle, as Sphinx reads back its environment.

An entry is found by the SHA-256 of kamdocs' own source files (all of them, not the version
number, which does not change between commits), of pydantic's and Python's versions, of the
model class, of the file's path relative to the workspace and of its bytes. The entry holds the
files the content pulled in with `include:` (their paths inside content/ and the digests of
their bytes): they are read and compared before the model is served, so an edited included
file is a miss. Validation reads nothing else (no setting, no company file: a model depends
on its own file and its includes only), so nothing else enters the key.

Only files without any problem (not even a warning from parsing or validation) are kept, so
that every message and its position comes from a real parse. An entry that cannot be read,
unpickled or that holds something other than a model of the class is ignored and rewritten.
Entries are written atomically.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kamdocs.workspace.cachedir import cache_root, store_entry
from kamdocs.workspace.codedigest import sources_digest

T = TypeVar("T")

MAX_ENTRIES = 10000  # beyond this, the oldest half is removed when a new entry is written
_FORMAT = b"kamdocs-model-cache-1"


@functools.cache
def code_fingerprint() -> bytes:
    """Return a digest of every Python source file of kamdocs and of the versions of Python
    and pydantic (whose internals a pickled model depends on)."""
    import pydantic

    versions = f"{sys.version}\0{pydantic.VERSION}\0{pickle.HIGHEST_PROTOCOL}\0".encode()
    return hashlib.sha256(_FORMAT + versions + sources_digest()).digest()


def _folder() -> Path | None:
    root = cache_root()
    return None if root is None else root / "models"


def _entry(folder: Path, cls: type[Any], rel: str, raw: bytes) -> Path:
    digest = hashlib.sha256(code_fingerprint())
    digest.update(f"{cls.__module__}.{cls.__qualname__}\0{rel}\0".encode())
    digest.update(raw)
    return folder / f"{digest.hexdigest()}.pickle"


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def lookup(cls: type[T], rel: str, raw: bytes, content: Path) -> T | None:
    """Return the cached model of the file `rel` (relative to the workspace) whose bytes are
    `raw`, or None when there is none or when one of its included files has changed."""
    folder = _folder()
    if folder is None:
        return None
    try:
        blob = _entry(folder, cls, rel, raw).read_bytes()
        includes, model = pickle.loads(blob)
    except Exception:  # absent, truncated, corrupted or from an incompatible library
        return None
    if type(model) is not cls or not isinstance(includes, tuple):
        return None
    inside = content.resolve()
    for included, digest in includes:
        path = (content / included).resolve()  # a link out of content/ is refused, as loading does
        if not path.is_relative_to(inside) or _file_digest(path) != digest:
            return None
    return model


def store(
    cls: type[T], rel: str, raw: bytes, content: Path, includes: list[Path], model: T
) -> None:
    """Keep `model`, validated from `raw` with the files `includes` (inside `content`)."""
    folder = _folder()
    if folder is None:
        return
    resolved = content.resolve()
    recorded: list[tuple[str, str]] = []
    for path in includes:
        digest = _file_digest(path)
        try:
            relative = path.resolve().relative_to(resolved).as_posix()
        except ValueError:
            return  # cannot happen for a safe include; keep nothing rather than guess
        if digest is None:
            return
        recorded.append((relative, digest))
    entry = _entry(folder, cls, rel, raw)
    if _HELD is not None:  # its includes' digests are taken now, the file written later
        _HELD.append((folder, entry, tuple(recorded), model))
    else:
        _write(folder, entry, tuple(recorded), model)


def _write(folder: Path, entry: Path, recorded: tuple[tuple[str, str], ...], model: Any) -> None:
    try:
        blob = pickle.dumps((recorded, model), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a model that cannot be pickled is validated each time
        return
    store_entry(folder, entry, blob, MAX_ENTRIES)


# The entries `stores_held` holds back: (folder, entry, includes, model).
_HELD: list[tuple[Path, Path, tuple[tuple[str, str], ...], Any]] | None = None


@contextlib.contextmanager
def stores_held() -> Iterator[Callable[[], None]]:
    """Hold back the writing of the models validated in the block, until the function it
    gives is called or the block ends: `watch` writes the document its user waits for
    first, then the cache entries that only a later run needs."""
    global _HELD
    outer, _HELD = _HELD, []
    held = _HELD

    def flush() -> None:
        while held:
            _write(*held.pop(0))

    try:
        yield flush
    finally:
        flush()
        _HELD = outer
