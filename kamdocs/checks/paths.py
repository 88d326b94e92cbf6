"""The files that company.yaml and proposals name (logo, CVs, annexes), and a proposal's people.

A path must stay inside the content folder; one that does not is an error to fix.
"""

from __future__ import annotations

from typing import Any

from kamdocs.checks.locate import located
from kamdocs.checks.people import known_people, owner_problems
from kamdocs.checks.pictures import logo_problems
from kamdocs.errors import Problem
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded, Workspace, safe_content_path
from kamdocs.workspace.parsed import Loc


def _path_problems(
    ws: Workspace, loaded: Loaded[Any], loc: Loc, value: str | None
) -> list[Problem]:
    """Return the problem of the path at `loc`, if it is set and not a safe content path."""
    if not value:
        return []
    _, why = safe_content_path(ws.content, value)
    return [located(loaded, loc, f"path_{why.reason}", **why.args())] if why else []


def company_problems(ws: Workspace) -> list[Problem]:
    """Return the problems of the paths company.yaml names: its logo, its team's CVs."""
    company = ws.company.model
    problems: list[Problem] = []
    if company is None or ws.company.parsed is None:
        return problems
    problems += logo_problems(ws)
    for i, member in enumerate(company.team):
        problems += _path_problems(ws, ws.company, ("team", i, "cv"), member.cv)
    return problems


def proposal_paths(
    ws: Workspace, loaded: Loaded[m.Proposal], account: m.Account | None = None
) -> list[Problem]:
    """Return problems with the paths and people a proposal names (CVs, annexes, contact)."""
    proposal = loaded.model
    problems: list[Problem] = []
    if proposal is None:
        return problems
    for i, member in enumerate(proposal.team):
        problems += _path_problems(ws, loaded, ("team", i, "cv"), member.cv)
    for i, annex in enumerate(proposal.annexes):
        problems += _path_problems(ws, loaded, ("annexes", i), annex)
    for i, req in enumerate(proposal.tender.requirements if proposal.tender else ()):
        if isinstance(req.evidence, m.Evidence):
            loc = ("tender", "requirements", i, "evidence", "annex")
            problems += _path_problems(ws, loaded, loc, req.evidence.annex)
    if account is None:
        return problems
    stakeholders = {s.name for s in account.stakeholders}
    if proposal.contact and proposal.contact not in stakeholders:
        problems.append(
            located(loaded, ("contact",), "unknown_contact", "warning", contact=proposal.contact)
        )
    people = known_people(ws.company.model, account)
    problems += owner_problems(loaded, ("next_steps",), proposal.next_steps, people)
    requirements = proposal.tender.requirements if proposal.tender else ()
    problems += owner_problems(loaded, ("tender", "requirements"), requirements, people)
    return problems
