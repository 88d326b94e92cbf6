"""Keep the parsed data of content files between runs, keyed by their text.

Parsing is the largest part of loading a big account: libyaml builds a node per value and
kamdocs walks them to apply its YAML 1.2 rules (about 70 ms for a 2000-action file), while
pickle reads the same data back in a few milliseconds. Rebuilding after a template change,
building the deck after the plan, a batch's next run: they all read unchanged files.

The key is the SHA-256 of the file's text and of the parser's source, so an edited file or
another kamdocs never reads a stale entry. Only clean parses are kept: a file with any
problem, even a warning, is parsed every time so that its messages and positions are exact.
Positions are not cached either; `Parsed.position` parses the text again when a later check
needs one. Entries are written atomically; an unreadable entry is ignored and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path

from kamdocs.errors import Problem
from kamdocs.workspace.cachedir import cache_root, store_entry
from kamdocs.workspace.parsed import Parsed

MAX_ENTRIES = 2000  # beyond this, the oldest half is removed when a new entry is written
_MIN_CHARS = 4096  # below this, parsing costs about what reading an entry does


@functools.cache
def _parser_fingerprint() -> bytes:
    here = Path(__file__).parent  # the parser's source, read without importing it (PyYAML)
    source = (here / "yamlread.py").read_bytes() + (here / "parsed.py").read_bytes()
    return hashlib.sha256(source + str(pickle.HIGHEST_PROTOCOL).encode()).digest()


def _folder() -> Path | None:
    root = cache_root()
    return None if root is None else root / "parsed"


def parse_cached(
    text: str, file: str, *, min_chars: int = _MIN_CHARS
) -> tuple[Parsed | None, list[Problem]]:
    """Return what `parse_yaml(text, file)` returns, from the cache when the text is known
    (and holds at least `min_chars` characters: below, parsing costs what reading does)."""
    folder = _folder() if len(text) >= min_chars else None
    if folder is None:
        return _parse(text, file)
    digest = hashlib.sha256(_parser_fingerprint() + text.encode("utf-8", "surrogatepass"))
    entry = folder / f"{digest.hexdigest()}.pickle"
    try:
        data = pickle.loads(entry.read_bytes())
    except Exception:  # absent, truncated or from an incompatible Python: parse again
        pass
    else:
        return Parsed(data=data, root=None, text=text), []
    parsed, problems = _parse(text, file)
    if parsed is not None and not problems:
        blob = pickle.dumps(parsed.data, protocol=pickle.HIGHEST_PROTOCOL)
        store_entry(folder, entry, blob, MAX_ENTRIES)
    return parsed, problems


def _parse(text: str, file: str) -> tuple[Parsed | None, list[Problem]]:
    from kamdocs.workspace.yamlread import parse_yaml  # PyYAML, imported when parsing only

    return parse_yaml(text, file)
