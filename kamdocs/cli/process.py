"""The console entry points: each runs one command as a whole process, with the cyclic garbage
collector off from before the command's modules are imported, and ends the process as soon as
the command has.

One command is one short-lived process: the collector would spend a quarter of a plan's run
re-scanning imported modules and parsed data that live until exit. It is turned off here, before
`commands` and what it pulls in are imported, as their import alone triggered collections that
took a tenth of it (`build`, which runs many documents, and `watch` turn it back on; see
workspace/gcpause.py). `commands.main` itself leaves the collector alone, for callers that run
it in their own process.

Once the command is done, its outputs written and closed, the console scripts flush the
terminal's streams and leave with `os._exit`: Python's own shutdown would free every object of
the process one by one and collect them once more (100 ms of a 300-action plan, 170 ms of a QBR
deck). kamdocs registers no exit handler and leaves no file open for it to close; a command
that fails with a traceback leaves through the normal shutdown, which prints it, and so does a
run under a tracer, a profiler or coverage, whose exit handlers write what they measured.

This module imports only the standard library's small modules, so that its import costs nothing.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn


def _run(command: str, prog_name: str | None = None) -> None:
    """Run a command of `commands` as click's standalone mode does (it raises SystemExit)."""
    gc.disable()
    from kamdocs.cli import commands

    getattr(commands, command)(prog_name=prog_name)


def run() -> None:
    """`kamdocs`: every command."""
    _run("main")


def plan_main() -> None:
    """`kamdocs-plan`: the account plan alone."""
    _run("plan_cmd", "kamdocs-plan")


def review_main() -> None:
    """`kamdocs-review`: the QBR deck alone."""
    _run("review_cmd", "kamdocs-review")


def proposal_main() -> None:
    """`kamdocs-proposal`: the proposal alone."""
    _run("proposal_cmd", "kamdocs-proposal")


def status_main() -> None:
    """`kamdocs-status`: the follow-up e-mail alone."""
    _run("status_cmd", "kamdocs-status")


def _script(entry: Callable[[], None]) -> Callable[[], NoReturn]:
    """Return `entry` as a console script: it ends the process with the command's status."""

    def script() -> NoReturn:
        try:
            entry()
        except SystemExit as exited:
            _leave(exited.code)
        except OSError as error:
            if not _unwritable_stream(error):
                raise
            _say_unwritable(error.strerror)
            _leave(120)
        _leave(0)

    script.__doc__ = entry.__doc__
    return script


def _leave(code: object) -> NoReturn:
    """End the process at once with the status SystemExit(`code`) gives (a text: printed,
    status 1), once the terminal's streams are flushed; as Python does, status 120 when a
    command that succeeded could not flush them (a full disk; click itself ends a command
    whose pipe was closed, with status 1)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        with contextlib.suppress(OSError, ValueError):
            print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except ValueError:  # closed by the command: nothing left in it
            pass
        except OSError as error:
            if not status:
                _say_unwritable(error.strerror)
                status = 120
    if _observed():
        raise SystemExit(status)
    os._exit(status)


def _unwritable_stream(error: OSError) -> bool:
    """Whether `error` is taken for a failed write to the terminal's streams: a full disk
    or a device error met by a write that names no file. The files kamdocs writes report
    their own errors, naming the file (building/output.py)."""
    return error.filename is None and error.errno in _STREAM_ERRORS


_STREAM_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _say_unwritable(reason: str | None) -> None:
    """Tell, on the error stream if it still takes it, that the messages were lost."""
    from kamdocs.errors import word

    with contextlib.suppress(OSError, ValueError):
        print(word("output_unwritable", {"error": reason or "?"}), file=sys.stderr)
        sys.stderr.flush()


def _observed() -> bool:
    """Whether a tracer, a profiler or coverage watches the process: their exit handlers
    write what they measured."""
    return sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules


kamdocs = _script(run)
kamdocs_plan = _script(plan_main)
kamdocs_review = _script(review_main)
kamdocs_proposal = _script(proposal_main)
kamdocs_status = _script(status_main)
