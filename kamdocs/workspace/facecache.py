"""The advance widths of font files read before, kept in the cache folder by each file's
bytes: a later run measures text without importing fontTools or parsing the font again."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from kamdocs.workspace.cachedir import cache_root, store_entry

FORMAT = 1  # of an entry: a new one leaves older entries unused
MAX_ENTRIES = 64

Widths = tuple[dict[int, int], int]  # advance widths by code point, units per em


def entry_for(font: str, family: str) -> Path | None:
    """Return the cache entry of the font file at `font` read as `family` (None when
    caching is off or the file cannot be read)."""
    root = cache_root()
    if root is None:
        return None
    try:
        data = Path(font).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(f"{FORMAT}\0{family}\0".encode() + data).hexdigest()
    return root / "faces" / f"{digest}.pickle"


def lookup(entry: Path) -> Widths | None:
    """Return the widths kept in `entry`, None when it is absent or damaged."""
    try:
        widths, upm = pickle.loads(entry.read_bytes())
    except Exception:  # absent, truncated or corrupted: the font is read again
        return None
    if isinstance(widths, dict) and isinstance(upm, int):
        return widths, upm
    return None


def store(entry: Path, widths: Widths) -> None:
    store_entry(entry.parent, entry, pickle.dumps(widths), MAX_ENTRIES)
