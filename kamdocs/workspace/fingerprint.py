"""Digests of the workspace's files, for the incremental build: names and bytes only, no
parsing, so that a no-op rebuild of hundreds of accounts stays cheap."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def files_under(folder: Path) -> Iterator[Path]:
    """Yield the regular files under `folder`, recursively, in a stable (sorted) order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            yield from files_under(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def digest_files(paths: Iterable[Path], base: Path) -> str:
    """Return one SHA-256 over the names (relative to `base`) and bytes of `paths`."""
    digest = hashlib.sha256()
    for path in paths:
        try:
            name = path.relative_to(base).as_posix()
        except ValueError:
            name = str(path)
        digest.update(name.encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()
