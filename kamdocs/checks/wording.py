"""Client-visible wording: the free text client editions show should keep internal matters out.

Data is the user's: this only warns.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Any

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded
from kamdocs.workspace.parsed import Loc

# Words of what the domain keeps internal (margins, cost to serve, attitudes), looked for in
# the free text that client-facing documents show. The lookahead of first letters lets the
# search pass over most word starts without trying each word (twice as fast over the
# 300,000 characters of a 2000-action account).
_INTERNAL_WORDS = re.compile(
    r"\b(?=[mcda])(marges?|margins?|co[uû]ts? de service|costs? to serve|d[ée]tracteurs?"
    r"|detractors?|champions?|championnes?|alli[ée]e?s?|ally|allies)\b",
    re.IGNORECASE,
)


def _competitor_names(account: m.Account | None) -> re.Pattern[str] | None:
    names = [c.name.strip() for c in account.competitors if c.name.strip()] if account else []
    if not names:
        return None
    first = "".join(sorted({re.escape(name[0]) for name in names}))
    alternatives = "|".join(map(re.escape, names))
    return re.compile(rf"\b(?=[{first}])({alternatives})\b", re.IGNORECASE)


def internal_word_problems(
    loaded: Loaded[Any], texts: Iterable[tuple[Loc, str]], account: m.Account | None = None
) -> list[Problem]:
    """Warn about each text that mentions a margin, a cost to serve, an attitude or one of
    the account's competitors (the first such word of each text, internal words first)."""
    located_texts = list(texts)
    # One search through all the texts at once (a file may hold thousands), each match then
    # traced back to its text; a word never spans the separator.
    joined = _SEPARATOR.join(text for _, text in located_texts)
    starts, offset = [], 0
    for _, text in located_texts:
        starts.append(offset)
        offset += len(text) + len(_SEPARATOR)
    first: dict[int, str] = {}
    competitors = _competitor_names(account)
    for pattern in (_INTERNAL_WORDS, competitors):
        for found in pattern.finditer(joined) if pattern else ():
            first.setdefault(bisect.bisect_right(starts, found.start()) - 1, found.group())
    return [
        located(loaded, located_texts[index][0], "internal_word", "warning", word=first[index])
        for index in sorted(first)
    ]


_SEPARATOR = "\x00"
