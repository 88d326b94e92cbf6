"""Who may own an action, an opportunity, a risk or a step, and the owners no one knows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded
from kamdocs.workspace.parsed import Loc


class Owned(Protocol):
    """An item that may name its owner."""

    @property
    def owner(self) -> str | None: ...


def known_people(company: m.Company | None, account: m.Account) -> set[str]:
    """Return every name that may own an action: the KAM, both teams, the stakeholders."""
    names = {s.name for s in account.stakeholders}
    names |= {t.name for t in account.team}
    if account.owner:
        names.add(account.owner.name)
    if company:
        names |= {t.name for t in company.team}
    return names


def owner_problems(
    loaded: Loaded[Any], loc: Loc, items: Iterable[Owned], people: set[str]
) -> list[Problem]:
    """Warn about each item whose `owner` is not someone the workspace knows."""
    return [
        located(loaded, (*loc, i, "owner"), "unknown_owner", "warning", owner=item.owner)
        for i, item in enumerate(items)
        if item.owner and item.owner not in people
    ]
