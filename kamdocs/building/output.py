"""The only module that writes files: atomic replacement, new files, leftovers.

A document is written to a temporary file in the target folder, flushed to disk, then renamed
over the target, so a failed or killed build never leaves a truncated file in its place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kamdocs.errors import KamdocsError

TEMP_PREFIX = ".kamdocs-tmp-"


def write_atomic(target: Path, data: bytes) -> Path:
    """Write `data` to `target` atomically and return `target`; a file-system error is a
    `KamdocsError` naming the path."""
    try:
        return _write_atomic(target, data)
    except OSError as exc:
        raise unwritable(target, exc) from None


def unwritable(target: Path, exc: OSError) -> KamdocsError:
    """Return the error of a file `target` that the file system would not let be written."""
    return KamdocsError(
        f"{target}: cannot be written ({exc.strerror or exc}); check that the folder is "
        "writable, the name not too long and the disk not full"
    )


def _write_atomic(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        try:
            os.replace(temp, target)
        except PermissionError:
            raise KamdocsError.of("file_locked", path=target) from None
    finally:
        if temp.exists():
            temp.unlink()
    return target


def write_new(target: Path, data: bytes) -> Path:
    """Write `data` to a new file `target` atomically and return it; never over an existing
    file or a link."""
    if target.exists() or target.is_symlink():
        raise KamdocsError.of("file_exists", path=target)
    return write_atomic(target, data)


def replace_files(files: dict[Path, bytes], *, backups: dict[Path, bytes]) -> None:
    """Write every file of `files` or none: each goes to a temporary sibling first, and the
    renames start only once all are written and `backups` (the previous versions, by the
    path they are kept at) are safely on disk. A failure before the renames leaves every
    target as it was."""
    for target, data in backups.items():
        write_new(target, data)
    temps: dict[Path, Path] = {}
    current = next(iter(files), Path())
    try:
        for current, data in files.items():
            current.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=current.suffix,
                                        dir=current.parent)  # fmt: skip
            temps[current] = Path(name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o644)
        for current, temp in temps.items():
            os.replace(temp, current)
    except OSError as exc:  # a full disk, a folder made read-only meanwhile
        raise unwritable(current, exc) from None
    finally:
        for temp in temps.values():
            if temp.exists():
                temp.unlink()


def replace_folder(target: Path, files: dict[str, bytes]) -> Path:
    """Write `files` (name -> bytes) as the whole content of folder `target`, or nothing: they
    go to a temporary sibling folder first, which then takes the place of `target` (the
    previous folder is kept until the new one is in place)."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}pack-", dir=parent))
    except OSError as exc:
        raise KamdocsError(f"{target}: cannot be written ({exc.strerror or exc}); check that "
                           "the folder is writable and the disk not full") from None  # fmt: skip
    old = parent / f"{TEMP_PREFIX}old-{scratch.name[len(TEMP_PREFIX) :]}"
    try:
        for name, data in files.items():
            with open(scratch / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(scratch / name, 0o644)
        os.chmod(scratch, 0o755)
        if target.exists():
            os.rename(target, old)
        os.rename(scratch, target)
    except OSError as exc:
        if old.exists() and not target.exists():
            os.rename(old, target)
        raise KamdocsError(f"{target}: cannot be written ({exc.strerror or exc}); the previous "
                           "pack, if any, is kept") from None  # fmt: skip
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return target


def clean_leftovers(folder: Path) -> int:
    """Remove temporary files a killed build left under `folder`; return how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.rglob(f"{TEMP_PREFIX}*"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed
