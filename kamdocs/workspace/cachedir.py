"""Where kamdocs keeps what it can recompute: compiled templates, parsed content files,
validated models, font widths, Word tables' column layouts, picture verdicts, converted
Markdown and the digest of kamdocs' own sources.

`$KAMDOCS_CACHE_DIR` names the folder; otherwise `$XDG_CACHE_HOME/kamdocs` (by default
`~/.cache/kamdocs`). `KAMDOCS_NO_CACHE=1` turns off every cache kept in the folder (the
benchmark times cold runs with an empty folder of their own instead, and uses it where a step
must parse again); what a process keeps in memory of pure functions of their input (text
widths, foldings, compiled templates) stays. Deleting the folder is always safe.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path


def cache_root() -> Path | None:
    """Return the cache folder, or None when caching is turned off."""
    if os.environ.get("KAMDOCS_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("KAMDOCS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "kamdocs"


def store_entry(folder: Path, entry: Path, blob: bytes, max_entries: int) -> None:
    """Write `blob` as cache file `entry` of `folder`, atomically (a reader sees the old
    entry or the new one, never half of one); beyond `max_entries` files, remove the oldest
    half (counted at a process's first write to the folder, then every `PRUNE_EVERY`
    writes: listing a folder of thousands of entries at each write cost more than the
    write). A read-only or full disk only costs the next run the work the entry would save."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written = _WRITES[folder] = _WRITES.get(folder, -1) + 1
        if written % PRUNE_EVERY == 0:
            _prune(folder, max_entries)
    except OSError:
        pass


PRUNE_EVERY = 64  # writes to a folder between two counts of its entries
_WRITES: dict[Path, int] = {}  # writes to each folder by this process, from 0


def _prune(folder: Path, max_entries: int) -> None:
    entries = [e for e in os.scandir(folder) if not e.name.startswith(".")]
    if len(entries) <= max_entries:
        return
    entries.sort(key=lambda e: e.stat().st_mtime)
    for old in entries[: len(entries) // 2]:
        Path(old.path).unlink(missing_ok=True)


def installed_mark(*modules: str) -> bytes:
    """Return a mark of the installed files of `modules` (the size and time of each one's
    entry file), read without importing them: a cache entry whose key holds it is left
    unused once one of them is upgraded."""
    marks = []
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        marks.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:-")
    return "\0".join(marks).encode()
