"""Client-visible wording: the free text client editions show should keep internal matters out.

Data is the user's: this only warns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded
from kamdocs.workspace.yamlread import Loc

# Words of what the domain keeps internal (margins, cost to serve, attitudes), looked for in
# the free text that client-facing documents show.
_INTERNAL_WORDS = re.compile(
    r"\b(marges?|margins?|co[uû]ts? de service|costs? to serve|d[ée]tracteurs?|detractors?)\b",
    re.IGNORECASE,
)


def account_client_texts(account: m.Account) -> Iterator[tuple[Loc, str]]:
    """The account's free text that the client plan shows (sections marked C in the domain)."""
    for i, goal in enumerate(account.goals):
        yield ("goals", i), goal
    for i, item in enumerate(account.news):
        yield ("news", i, "text"), item.text
        yield ("news", i, "impact"), item.impact or ""
    for i, objective in enumerate(account.objectives):
        yield ("objectives", i, "title"), objective.title
        yield ("objectives", i, "kpi"), objective.kpi or ""
    for i, action in enumerate(account.actions):
        yield ("actions", i, "action"), action.action
        yield ("actions", i, "expected_result"), action.expected_result or ""


def review_client_texts(review: m.Review) -> Iterator[tuple[Loc, str]]:
    """The review's free text that the client QBR deck shows."""
    for key in ("successes", "obstacles", "new_opportunities"):
        for i, text in enumerate(getattr(review, key)):
            yield (key, i), text
    for i, decision in enumerate(review.decisions_needed):
        yield ("decisions_needed", i, "decision"), decision.decision
        yield ("decisions_needed", i, "why"), decision.why or ""
    for i, priority in enumerate(review.priorities):
        yield ("priorities", i, "text"), priority.text


def internal_word_problems(loaded: Loaded[Any], texts: Iterable[tuple[Loc, str]]) -> list[Problem]:
    """Warn about each text that mentions a margin, a cost to serve or an attitude."""
    problems = []
    for loc, text in texts:
        found = _INTERNAL_WORDS.search(text)
        if found:
            problems.append(located(loaded, loc, "internal_word", "warning", word=found.group()))
    return problems
