"""Digests of the workspace's files, for the incremental build: names and bytes only, no
parsing, so that a no-op rebuild of hundreds of accounts stays cheap.

The walk works on path strings (`os.scandir`) rather than `Path` objects: a no-op rebuild of
500 accounts lists a couple of thousand folders, and building a `Path` per entry cost more
than reading and hashing the files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def file_paths(folder: str, skip: str | None = None) -> Iterator[str]:
    """Yield the paths of the regular files under `folder`, recursively, in a stable (sorted)
    order, leaving out the folder whose path is `skip` (walked by its own scan)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            if entry.path != skip:
                yield from file_paths(entry.path, skip)
        elif entry.is_file():
            yield entry.path


def files_under(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    """Yield the regular files under `folder`, recursively, in a stable (sorted) order,
    leaving out the folder `skip`."""
    for path in file_paths(str(folder), None if skip is None else str(skip)):
        yield Path(path)


def digest_files(paths: Iterable[Path | str], base: Path) -> str:
    """Return one SHA-256 over the names (relative to `base`) and bytes of `paths`."""
    prefix = os.path.join(str(base), "")  # base and one separator: what a relative name drops
    digest = hashlib.sha256()
    for path in paths:
        text = os.fspath(path)
        # The same names as Path.relative_to(base).as_posix(), without building Path objects.
        name = text[len(prefix) :].replace(os.sep, "/") if text.startswith(prefix) else text
        digest.update(name.encode() + b"\0")
        try:
            with open(text, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()
