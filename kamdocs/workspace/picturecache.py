"""Whether a picture file can be shown, kept in the cache folder by the file's bytes: a later
run that checks the same logo neither imports Pillow nor decodes the picture again.

The key holds the picture's bytes, kamdocs' code fingerprint and the installed files of
Pillow and python-docx (their size and time), so that a new kamdocs or a new decoder
judges the picture afresh. An unreadable entry is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from kamdocs.workspace.cachedir import cache_root, installed_mark, store_entry
from kamdocs.workspace.modelcache import code_fingerprint

MAX_ENTRIES = 256
_DECODERS = ("PIL", "docx")


def entry_for(data: bytes) -> Path | None:
    """Return the cache entry of the picture `data` (None when caching is off)."""
    root = cache_root()
    if root is None:
        return None
    digest = hashlib.sha256(code_fingerprint() + installed_mark(*_DECODERS) + data).hexdigest()
    return root / "pictures" / f"{digest}.pickle"


def lookup(entry: Path) -> tuple[str | None] | None:
    """Return (the kept verdict,) — None inside when the picture can be shown — or None when
    the entry is absent or damaged."""
    try:
        kept = pickle.loads(entry.read_bytes())
    except Exception:  # absent, truncated or corrupted: the picture is decoded again
        return None
    if isinstance(kept, tuple) and len(kept) == 1 and (kept[0] is None or isinstance(kept[0], str)):
        return kept
    return None


def store(entry: Path, verdict: str | None) -> None:
    store_entry(entry.parent, entry, pickle.dumps((verdict,)), MAX_ENTRIES)
