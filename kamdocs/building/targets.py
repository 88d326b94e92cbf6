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


# The file a folder holds when it is a kamdocs submission pack, which a new pack may replace.
PACK_MANIFEST = "SHA256SUMS"


def safe_pack_dir(target: Path, root: Path) -> Path:
    """Return `target` when a submission pack may be written there: a new folder, or a
    previous pack (it holds a SHA256SUMS) or an empty folder, outside `content/` and
    `templates/` and holding neither; never a link or a device."""

    def refuse(why: str) -> KamdocsError:
        return KamdocsError.of("pack_unsafe_target", path=target, why=why)

    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise refuse(f"cannot be used ({exc.strerror})") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise refuse("is a link; kamdocs never writes through one")
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise refuse("is not a folder")
    if info is not None and any(target.iterdir()) and not (target / PACK_MANIFEST).is_file():
        raise refuse(f"holds files and is not a previous pack (no {PACK_MANIFEST})")
    where = target.parent.resolve() / target.name
    for folder in INPUT_FOLDERS:
        inputs = (root / folder).resolve()
        if where == inputs or inputs in where.parents or where in inputs.parents:
            raise refuse(f"would be inside or around {folder}/, which holds your inputs")
    return target
