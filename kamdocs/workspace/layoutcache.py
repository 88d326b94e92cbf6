"""Column layouts of Word tables measured before, kept in the cache folder by their content.

Measuring a table's cells in its font is most of the time a writer spends on tables (40 ms of a
300-action plan's run). The writer keys each table by a digest of everything its layout reads
(`writers._colwidths.layout_key`); the layouts of a process are kept in one file per state of
kamdocs' code, read when the first Word document is written and written again after a document
that measured a new table, merged with what other processes (a batch's workers) wrote to it
since (read again only when its file changed). Two of them writing at the same instant leave
the last one's file: the layouts it lacks are measured again, never wrong.
"""

from __future__ import annotations

import functools
import pickle
from pathlib import Path
from typing import Any

from kamdocs.workspace.cachedir import cache_root, store_entry
from kamdocs.workspace.modelcache import code_fingerprint

KEPT = 4000  # layouts in the file; beyond, the older half is dropped (a table is ~200 bytes)
FILES = 8  # one per state of kamdocs' code


class KeptLayouts(dict[str, Any]):
    """The layouts known to this process, by key, and whether some were set since the file
    was read or written."""

    def __init__(
        self, entry: Path | None, kept: dict[str, Any], state: tuple[int, ...] | None = None
    ):
        super().__init__(kept)
        self.entry = entry
        self.changed = False
        self.state = state  # of the file when it was read or written: None, absent

    def __setitem__(self, key: str, layout: Any) -> None:
        super().__setitem__(key, layout)
        self.changed = True  # a new table, or one whose kept entry was damaged

    def save(self) -> None:
        """Write the layouts to the cache folder when some were set since it was read."""
        if self.entry is None or not self.changed:
            return
        merged = {}
        if _state(self.entry) != self.state:  # another process wrote it since: merged with
            merged = _load(self.entry)
        merged.update(self)
        if len(merged) > KEPT:
            for key in list(merged)[: len(merged) - KEPT // 2]:
                del merged[key]
        dict.clear(self)
        dict.update(self, merged)
        store_entry(self.entry.parent, self.entry, pickle.dumps(merged), FILES)
        self.changed = False
        self.state = _state(self.entry)


def kept_layouts() -> KeptLayouts:
    """Return the layouts known to this process for the current cache folder, read from it
    the first time (empty when the file is absent or cannot be read); with caching off, an
    empty set of its own for each call."""
    root = cache_root()
    return KeptLayouts(None, {}) if root is None else _read(root)


@functools.cache
def _read(root: Path) -> KeptLayouts:
    entry = root / "layouts" / f"{code_fingerprint().hex()}.pickle"
    state = _state(entry)
    return KeptLayouts(entry, _load(entry), state)


def _state(entry: Path) -> tuple[int, ...] | None:
    """Return what tells one version of the file from another (each is written to a new
    file moved into place), or None when it is absent."""
    try:
        found = entry.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _load(entry: Path) -> dict[str, Any]:
    try:
        kept = pickle.loads(entry.read_bytes())
    except Exception:  # absent, truncated or corrupted: every table is measured again
        return {}
    return kept if isinstance(kept, dict) else {}
