"""The blocks of Markdown fragments converted before, kept in the cache folder by their text:
a later run shows a paragraph with a list or an emphasis without importing the Markdown
converter (8 ms) or building one.

Only fragments that need the converter are kept (plain text and bold-only text are cheaper
to read than an entry). The key holds the text, kamdocs' code fingerprint and the installed
Markdown package, so that another kamdocs or converter converts afresh; a damaged entry is
ignored and replaced.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from kamdocs import ir
from kamdocs.workspace.cachedir import cache_root, installed_mark, store_entry
from kamdocs.workspace.modelcache import code_fingerprint

MAX_ENTRIES = 4000


def _entry(text: str) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    digest = hashlib.sha256(code_fingerprint() + installed_mark("markdown"))
    digest.update(text.encode("utf-8", "surrogatepass"))
    return root / "markdown" / f"{digest.hexdigest()}.pickle"


def lookup(text: str) -> tuple[ir.Block, ...] | None:
    """Return the blocks kept for `text`, None when there are none (or they are damaged)."""
    entry = _entry(text)
    if entry is None:
        return None
    try:
        blocks = pickle.loads(entry.read_bytes())
    except Exception:  # absent, truncated or corrupted: the text is converted again
        return None
    kinds = ir.Paragraph | ir.ListBlock  # what the conversion gives
    if isinstance(blocks, tuple) and all(isinstance(b, kinds) for b in blocks):
        return blocks
    return None


def store(text: str, blocks: tuple[ir.Block, ...]) -> None:
    entry = _entry(text)
    if entry is not None:
        store_entry(entry.parent, entry, pickle.dumps(blocks), MAX_ENTRIES)
