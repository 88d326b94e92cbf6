"""Checks across files: references between ids, people and paths, located in their file.

Errors block the documents that depend on the file; warnings are printed and build goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kamdocs.checks.locate import located
from kamdocs.errors import ContentProblem, Severity
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import AccountFiles, Loaded, Workspace, safe_content_path
from kamdocs.workspace.yamlread import Loc


def known_people(company: m.Company | None, account: m.Account) -> set[str]:
    """Return every name that may own an action: the KAM, both teams, the stakeholders."""
    names = {s.name for s in account.stakeholders}
    names |= {t.name for t in account.team}
    if account.owner:
        names.add(account.owner.name)
    if company:
        names |= {t.name for t in company.team}
    return names


def _check_path(
    ws: Workspace,
    loaded: Loaded[Any],
    loc: Loc,
    value: str | None,
    problems: list[ContentProblem],
) -> None:
    if not value:
        return
    _, why = safe_content_path(ws.content, value)
    if why:
        problems.append(located(loaded, loc, f"{why}; fix the path", "error"))


def _add(
    loaded: Loaded[Any],
    loc: Loc,
    message: str,
    severity: Severity,
    problems: list[ContentProblem],
) -> None:
    problems.append(located(loaded, loc, message, severity))


def company_problems(ws: Workspace) -> list[ContentProblem]:
    company = ws.company.model
    problems: list[ContentProblem] = []
    if company is None or ws.company.parsed is None:
        return problems
    _check_path(ws, ws.company, ("logo",), company.logo, problems)
    for i, member in enumerate(company.team):
        _check_path(ws, ws.company, ("team", i, "cv"), member.cv, problems)
    return problems


def account_problems(ws: Workspace, bundle: AccountFiles) -> list[ContentProblem]:
    """Return the cross-file problems of an account file (not its reviews or proposals)."""
    account = bundle.account.model
    loaded = bundle.account
    problems: list[ContentProblem] = []
    if account is None:
        return problems
    people = known_people(ws.company.model, account)
    objective_ids = {o.id for o in account.objectives}
    for i, action in enumerate(account.actions):
        if action.objective and action.objective not in objective_ids:
            known = ", ".join(sorted(objective_ids)) or "none defined"
            _add(
                loaded,
                ("actions", i, "objective"),
                f"'{action.objective}' is not an objective id (objectives: {known})",
                "error",
                problems,
            )
        if not action.expected_result:
            _add(
                loaded,
                ("actions", i),
                "no expected_result: say what the action should achieve, with a number",
                "warning",
                problems,
            )
        elif not _has_figure(action.expected_result):
            _add(
                loaded,
                ("actions", i, "expected_result"),
                "no figure: give a number, a unit and a period",
                "warning",
                problems,
            )
    for i, objective in enumerate(account.objectives):
        if objective.target is None:
            _add(
                loaded,
                ("objectives", i),
                "no target: an objective needs a measurable target",
                "warning",
                problems,
            )
    if account.swot:
        for key in ("strengths", "weaknesses", "opportunities", "threats"):
            for i, item in enumerate(getattr(account.swot, key)):
                if not _has_figure(f"{item.text} {item.indicator or ''}"):
                    _add(
                        loaded,
                        ("swot", key, i),
                        "no figure: add a quantitative indicator",
                        "warning",
                        problems,
                    )
    for key in ("actions", "opportunities", "risks"):
        _check_owners(loaded, (key,), getattr(account, key), people, problems)
    _check_client_text(loaded, _account_client_texts(account), problems)
    seen: set[str] = set()
    for i, action in enumerate(account.actions):
        if action.id and action.id in seen:
            _add(
                loaded,
                ("actions", i, "id"),
                f"duplicate action id '{action.id}'",
                "error",
                problems,
            )
        if action.id:
            seen.add(action.id)
    return problems


def review_problems(bundle: AccountFiles, quarter: str) -> list[ContentProblem]:
    """Return cross-file problems of one review (action ids it updates)."""
    loaded = bundle.reviews[quarter]
    review, account = loaded.model, bundle.account.model
    problems: list[ContentProblem] = []
    if review is None or account is None:
        return problems
    for i, success in enumerate(review.successes):
        if not _has_figure(success):
            _add(
                loaded,
                ("successes", i),
                "no figure: say how much, in what unit and period",
                "warning",
                problems,
            )
    for i, priority in enumerate(review.priorities):
        if priority.owner is None or priority.due is None:
            _add(
                loaded,
                ("priorities", i),
                "a priority needs an owner and a due date",
                "warning",
                problems,
            )
    _check_client_text(loaded, _review_client_texts(review), problems)
    ids = {a.id for a in account.actions if a.id}
    for i, update in enumerate(review.action_updates):
        if update.id not in ids:
            _add(
                loaded,
                ("action_updates", i, "id"),
                f"'{update.id}' is not an action id of account.yaml",
                "warning",
                problems,
            )
    return problems


# Words of what the domain keeps internal (margins, cost to serve, attitudes), looked for in
# the free text that client-facing documents show. Data is the user's: this only warns.
_INTERNAL_WORDS = re.compile(
    r"\b(marges?|margins?|co[uû]ts? de service|costs? to serve|d[ée]tracteurs?|detractors?)\b",
    re.IGNORECASE,
)


def _account_client_texts(account: m.Account) -> Iterator[tuple[Loc, str]]:
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


def _review_client_texts(review: m.Review) -> Iterator[tuple[Loc, str]]:
    """The review's free text that the client QBR deck shows."""
    for key in ("successes", "obstacles", "new_opportunities"):
        for i, text in enumerate(getattr(review, key)):
            yield (key, i), text
    for i, decision in enumerate(review.decisions_needed):
        yield ("decisions_needed", i, "decision"), decision.decision
        yield ("decisions_needed", i, "why"), decision.why or ""
    for i, priority in enumerate(review.priorities):
        yield ("priorities", i, "text"), priority.text


def _check_client_text(
    loaded: Loaded[Any],
    texts: Iterable[tuple[Loc, str]],
    problems: list[ContentProblem],
) -> None:
    for loc, text in texts:
        found = _INTERNAL_WORDS.search(text)
        if found:
            _add(
                loaded,
                loc,
                f"mentions '{found.group()}' in text the client editions show; margins, cost "
                "to serve and attitudes stay internal: reword it or move it to an internal "
                "section (risks, notes)",
                "warning",
                problems,
            )


def _has_figure(text: str) -> bool:
    """Domain rule 2, figures over adjectives: a statement should hold at least one digit."""
    return any(c.isdigit() for c in text)


def _check_owners(
    loaded: Loaded[Any],
    loc: Loc,
    items: Iterable[Any],
    people: set[str],
    problems: list[ContentProblem],
) -> None:
    """Warn about each item whose `owner` is not someone the workspace knows."""
    for i, item in enumerate(items):
        if item.owner and item.owner not in people:
            message = f"'{item.owner}' is not the KAM, a team member or a stakeholder"
            _add(loaded, (*loc, i, "owner"), message, "warning", problems)


def proposal_paths(
    ws: Workspace, loaded: Loaded[m.Proposal], account: m.Account | None = None
) -> list[ContentProblem]:
    """Return problems with the paths and people a proposal names (CVs, annexes, contact)."""
    proposal = loaded.model
    problems: list[ContentProblem] = []
    if proposal is None:
        return problems
    for i, member in enumerate(proposal.team):
        _check_path(ws, loaded, ("team", i, "cv"), member.cv, problems)
    for i, annex in enumerate(proposal.annexes):
        _check_path(ws, loaded, ("annexes", i), annex, problems)
    if account is None:
        return problems
    stakeholders = {s.name for s in account.stakeholders}
    if proposal.contact and proposal.contact not in stakeholders:
        _add(
            loaded,
            ("contact",),
            f"'{proposal.contact}' is not a stakeholder of the account",
            "warning",
            problems,
        )
    people = known_people(ws.company.model, account)
    _check_owners(loaded, ("next_steps",), proposal.next_steps, people, problems)
    requirements = proposal.tender.requirements if proposal.tender else ()
    _check_owners(loaded, ("tender", "requirements"), requirements, people, problems)
    return problems


def workspace_problems(ws: Workspace) -> list[ContentProblem]:
    """Return every problem of the workspace: per-file ones and cross-file ones."""
    found = ws.all_problems() + company_problems(ws)
    for bundle in ws.accounts.values():
        found += account_problems(ws, bundle)
        for quarter in bundle.reviews:
            found += review_problems(bundle, quarter)
        for loaded in bundle.proposals.values():
            found += proposal_paths(ws, loaded, bundle.account.model)
    return found
