"""A digest of kamdocs' own source files, for what depends on the code: the caches and the
build manifest (the version number does not change between commits).

Reading the sources (1 MB) took 8 ms of every run. The digest of their paths and bytes is kept
in the cache folder under a key of the package's folder and each source's path, size, inode and
modification and change times, so that a run reads 150 file states instead. A file changed twice
within one tick of the file system's clock keeps its times; as git does with such "racy" files,
no digest is kept while a source is younger than `SETTLED_NS`, so that an edit made in the
same tick as the digest is never hidden behind it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from pathlib import Path

from kamdocs.workspace.cachedir import cache_root, store_entry
from kamdocs.workspace.fingerprint import digest_files, file_paths

ENTRIES = 64  # one per state of the source files
SETTLED_NS = 2_000_000_000  # a source changed this recently may change again unseen


def package() -> Path:
    """Return the folder of the kamdocs package."""
    return Path(__file__).resolve().parents[1]


@functools.cache
def sources_digest() -> bytes:
    """Return the SHA-256 of the paths (relative to the package) and bytes of every Python
    source file of kamdocs."""
    folder = package()
    sources = [p for p in file_paths(str(folder)) if p.endswith(".py")]
    stamp = hashlib.sha256(f"{folder}\0".encode())
    youngest = 0
    for path in sources:
        try:
            state = os.stat(path)
        except OSError:
            shown = "-"
        else:
            shown = f"{state.st_size}:{state.st_ino}:{state.st_mtime_ns}:{state.st_ctime_ns}"
            youngest = max(youngest, state.st_mtime_ns, state.st_ctime_ns)
        stamp.update(f"{os.path.relpath(path, folder)}\0{shown}\0".encode())
    root = cache_root()
    entry = None if root is None else root / "code" / f"{stamp.hexdigest()}.digest"
    if entry is not None:
        try:
            kept = entry.read_bytes()
        except OSError:
            kept = b""
        if len(kept) == hashlib.sha256().digest_size:
            return kept
    digest = bytes.fromhex(digest_files(sources, folder))
    if entry is not None and youngest < time.time_ns() - SETTLED_NS:
        store_entry(entry.parent, entry, digest, ENTRIES)
    return digest
