"""Checks of an account file beyond its schema: objective ids, figures, owners, wording."""

from __future__ import annotations

from typing import Any

from kamdocs.checks.figures import has_figure
from kamdocs.checks.locate import located
from kamdocs.checks.people import known_people, owner_problems
from kamdocs.checks.wording import internal_word_problems
from kamdocs.errors import Problem
from kamdocs.memo import kept_for
from kamdocs.workspace import model as m
from kamdocs.workspace.audience import client_strings
from kamdocs.workspace.loader import AccountFiles, Loaded, Workspace


def account_problems(ws: Workspace, bundle: AccountFiles) -> list[Problem]:
    """Return the cross-file problems of an account file (not its reviews or proposals).

    Each document of the account asks for them, and a batch or `watch` builds those one
    after the other from the same load: they are found once per load, and kept with it (for
    the same loaded file, frozen model and company model)."""
    held = (bundle.account, bundle.account.model, ws.company.model)
    found = kept_for(bundle.found, "account_problems", held, lambda: _account_problems(ws, bundle))
    return list(found)


def _account_problems(ws: Workspace, bundle: AccountFiles) -> tuple[Problem, ...]:
    account = bundle.account.model
    loaded = bundle.account
    if account is None:
        return ()
    people = known_people(ws.company.model, account)
    problems = _action_problems(loaded, account)
    problems += _objective_problems(loaded, account)
    problems += _swot_problems(loaded, account)
    problems += owner_problems(loaded, ("actions",), account.actions, people)
    problems += owner_problems(loaded, ("opportunities",), account.opportunities, people)
    problems += owner_problems(loaded, ("risks",), account.risks, people)
    problems += internal_word_problems(loaded, client_strings(account), account)
    problems += _duplicate_action_ids(loaded, account)
    return tuple(problems)


def _action_problems(loaded: Loaded[Any], account: m.Account) -> list[Problem]:
    """Each action's objective must exist, and its expected result hold a figure."""
    problems = []
    objective_ids = {o.id for o in account.objectives}
    for i, action in enumerate(account.actions):
        if action.objective and action.objective not in objective_ids:
            known = ", ".join(sorted(objective_ids)) or "none defined"
            problems.append(
                located(
                    loaded,
                    ("actions", i, "objective"),
                    "unknown_objective",
                    objective=action.objective,
                    known=known,
                )
            )
        if not action.expected_result:
            problems.append(located(loaded, ("actions", i), "no_expected_result", "warning"))
        elif not has_figure(action.expected_result):
            problems.append(
                located(
                    loaded,
                    ("actions", i, "expected_result"),
                    "expected_result_without_figure",
                    "warning",
                )
            )
    return problems


def _objective_problems(loaded: Loaded[Any], account: m.Account) -> list[Problem]:
    """Each objective needs a measurable target."""
    return [
        located(loaded, ("objectives", i), "no_target", "warning")
        for i, objective in enumerate(account.objectives)
        if objective.target is None
    ]


def _swot_problems(loaded: Loaded[Any], account: m.Account) -> list[Problem]:
    """Each SWOT item should hold a figure, in its text or its indicator."""
    problems: list[Problem] = []
    if not account.swot:
        return problems
    for key in ("strengths", "weaknesses", "opportunities", "threats"):
        for i, item in enumerate(getattr(account.swot, key)):
            if not has_figure(f"{item.text} {item.indicator or ''}"):
                problems.append(located(loaded, ("swot", key, i), "swot_without_figure", "warning"))
    return problems


def _duplicate_action_ids(loaded: Loaded[Any], account: m.Account) -> list[Problem]:
    """Action ids must be unique: reviews update actions by id."""
    problems = []
    seen: set[str] = set()
    for i, action in enumerate(account.actions):
        if action.id and action.id in seen:
            problems.append(
                located(loaded, ("actions", i, "id"), "duplicate_action_id", id=action.id)
            )
        if action.id:
            seen.add(action.id)
    return problems
