"""Where a document may be written: the safe-output rules for `--out` and its companions.

A target is a new or regular file with the document's own extension, outside `content/` and
`templates/`, never a link or a device. Checked before anything is written.
"""

from __future__ import annotations

import stat
from pathlib import Path

from kamdocs.errors import KamdocsError

# The workspace folders that hold the user's inputs; no output goes there.
INPUT_FOLDERS = ("content", "templates")


def safe_target(target: Path, root: Path, suffix: str) -> Path:
    """Return `target` when a document ending in `suffix` may be written there; otherwise
    raise `KamdocsError` naming the path and what to do."""
    if target.suffix.lower() != suffix.lower():
        raise KamdocsError(f"{target}: the file must end in {suffix}; choose a name such as "
                           f"{target.with_suffix(suffix).name}")  # fmt: skip
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise KamdocsError(
            f"{target}: cannot be used ({exc.strerror}); choose another path"
        ) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise KamdocsError(f"{target}: is a link; kamdocs never writes through one, "
                           "choose another path")  # fmt: skip
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise KamdocsError(f"{target}: is not a regular file; choose another path")
    where = target.parent.resolve() / target.name
    for folder in INPUT_FOLDERS:
        inputs = (root / folder).resolve()
        if where == inputs or inputs in where.parents:
            raise KamdocsError(f"{target}: is inside {folder}/, which holds your inputs; "
                               "write the document elsewhere")  # fmt: skip
    return target
