"""The tender rules (appel d'offres): award criteria and weights, requirements, dates, the DQE.

Pure functions over the models, like the other proposal checks; none applies in standard mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from kamdocs.checks.locate import Unplaced, unplaced
from kamdocs.checks.parts import part_presence
from kamdocs.checks.pricing_rules import ht_totals
from kamdocs.checks.validity import validity
from kamdocs.insights import pricing
from kamdocs.workspace.model import (
    PROPOSAL_PARTS,
    Company,
    Criterion,
    PriceScheduleLine,
    Proposal,
    Requirement,
    Tender,
)
from kamdocs.workspace.yamlread import Loc


def walk_criteria(
    criteria: Iterable[Criterion], loc: Loc = ("tender", "criteria"), level: int = 1
) -> Iterator[tuple[Criterion, Loc, int]]:
    """Yield (criterion, its loc, its level from 1) depth-first, in the RC's order."""
    for i, criterion in enumerate(criteria):
        here = (*loc, i)
        yield criterion, here, level
        yield from walk_criteria(criterion.subcriteria, (*here, "subcriteria"), level + 1)


def _weights(
    criteria: tuple[Criterion, ...], expected: Decimal, owner: str, loc: Loc
) -> list[Unplaced]:
    problems: list[Unplaced] = []
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != expected:
        sums: dict[str, Any] = {"total": f"{total:f}", "expected": f"{expected:f}"}
        if owner == "":
            problems.append(unplaced(loc, "criteria_weights", **sums))
        else:
            problems.append(unplaced(loc, "subcriteria_weights", parent=owner, **sums))
    for i, c in enumerate(criteria):
        problems += _weights(c.subcriteria, c.weight, c.id, (*loc, i, "subcriteria"))
    return problems


def tender_problems(
    proposal: Proposal, today: dt.date, allow_noncompliant: bool, company: Company | None = None
) -> list[Unplaced]:
    """Return the tender rules' problems, to be placed in the file; none in standard mode.

    `company` supplies default references and service levels, which decide whether the
    `references` and `guarantees` parts exist for a requirement's `section`.
    """
    if proposal.mode != "tender":
        return []
    t = proposal.tender
    if t is None:
        return [unplaced(("mode",), "no_tender_block")]
    ids = {criterion.id for criterion, _, _ in walk_criteria(t.criteria)}
    present = part_presence(proposal, company)
    sections = sorted(k for k in PROPOSAL_PARTS if present[k]) + sorted(ids)
    return [
        *_criteria_problems(t.criteria),
        *_requirement_problems(t.requirements, ids, sections, allow_noncompliant),
        *_date_problems(proposal, t, today),
        *_price_schedule_problems(proposal, t.price_schedule),
    ]


def _criteria_problems(criteria: tuple[Criterion, ...]) -> list[Unplaced]:
    """The award criteria: present, weighted to 100, unique ids, each part placed once."""
    problems: list[Unplaced] = []
    crit_loc: Loc = ("tender", "criteria")
    if not criteria:
        problems.append(unplaced(crit_loc, "no_award_criteria", "warning"))
    problems += _weights(criteria, Decimal(100), "", crit_loc)
    walked = list(walk_criteria(criteria))
    ids: set[str] = set()
    placed: dict[str, str] = {}
    for criterion, loc, _ in walked:
        if criterion.id in ids:
            problems.append(unplaced((*loc, "id"), "duplicate_criterion_id", id=criterion.id))
        ids.add(criterion.id)
        for j, part in enumerate(criterion.parts):
            if part in placed:
                problems.append(
                    unplaced(
                        (*loc, "parts", j),
                        "part_placed_twice",
                        "warning",
                        part=part,
                        criterion=placed[part],
                    )
                )
            placed.setdefault(part, criterion.id)
    if sum(1 for c, _, _ in walked if c.price) > 1:
        problems.append(unplaced(crit_loc, "several_price_criteria", "warning"))
    return problems


def _requirement_problems(
    requirements: tuple[Requirement, ...],
    ids: set[str],
    sections: list[str],
    allow_noncompliant: bool,
) -> list[Unplaced]:
    """The compliance matrix: unique ids, then each requirement's compliance and placement."""
    problems: list[Unplaced] = []
    seen: set[str] = set()
    for i, req in enumerate(requirements):
        loc: Loc = ("tender", "requirements", i)
        if req.id in seen:
            problems.append(unplaced((*loc, "id"), "duplicate_requirement_id", id=req.id))
        seen.add(req.id)
        problems += _compliance_problems(req, loc, allow_noncompliant)
        problems += _placement_problems(req, loc, ids, sections)
        problems += _cell_length_problems(req, loc)
    return problems


# A spreadsheet cell holds at most 32 767 characters (Excel's limit, which XlsxWriter
# enforces by cutting the text): the compliance grid would silently lose the end of a longer one.
CELL_LIMIT = 32_767
_GRID_FIELDS = (
    "id",
    "source",
    "text",
    "criterion",
    "justification",
    "section",
    "evidence",
    "owner",
)


def _cell_length_problems(req: Requirement, loc: Loc) -> list[Unplaced]:
    """Each text of a requirement fits one cell of the compliance grid."""
    problems: list[Unplaced] = []
    for name in _GRID_FIELDS:
        value = getattr(req, name)
        if isinstance(value, str) and len(value) > CELL_LIMIT:
            problems.append(
                unplaced(
                    (*loc, name),
                    "cell_too_long",
                    id=req.id,
                    length=len(value),
                    limit=CELL_LIMIT,
                )
            )
    return problems


def _compliance_problems(req: Requirement, loc: Loc, allow_noncompliant: bool) -> list[Unplaced]:
    """An eliminatory requirement must be met; any one not met needs a justification."""
    problems: list[Unplaced] = []
    state = req.compliance.replace("_", "-")
    if req.eliminatory and req.compliance != "compliant":
        problems.append(
            unplaced(
                (*loc, "compliance"),
                "eliminatory_not_met",
                "warning" if allow_noncompliant else "error",
                hint="" if allow_noncompliant else "pass --allow-noncompliant to build it anyway",
                id=req.id,
                state=state,
            )
        )
    if req.compliance != "compliant" and not (req.justification or "").strip():
        problems.append(
            unplaced((*loc, "justification"), "no_justification", id=req.id, state=state)
        )
    return problems


def _placement_problems(
    req: Requirement, loc: Loc, ids: set[str], sections: list[str]
) -> list[Unplaced]:
    """A requirement names the section that answers it, and a criterion that exists."""
    problems: list[Unplaced] = []
    if req.section is None:
        problems.append(unplaced((*loc,), "no_section", id=req.id, sections=", ".join(sections)))
    elif req.section not in sections:
        problems.append(
            unplaced(
                (*loc, "section"),
                "unknown_section",
                section=req.section,
                sections=", ".join(sections),
            )
        )
    if req.criterion is not None and req.criterion not in ids:
        known = ", ".join(sorted(ids)) or "none defined"
        problems.append(
            unplaced((*loc, "criterion"), "unknown_criterion", criterion=req.criterion, known=known)
        )
    return problems


def _date_problems(proposal: Proposal, t: Tender, today: dt.date) -> list[Unplaced]:
    """The submission deadline has not passed; valid_until agrees with the RC's validity."""
    problems: list[Unplaced] = []
    if t.deadline and t.deadline.date() < today:
        problems.append(
            unplaced(
                ("tender", "deadline"),
                "deadline_passed",
                "warning",
                deadline=t.deadline.isoformat(timespec="minutes"),
                today=today.isoformat(),
            )
        )
    valid = validity(proposal, today)
    if valid.source == "tender" and proposal.valid_until and proposal.valid_until != valid.until:
        problems.append(
            unplaced(
                ("valid_until",),
                "validity_differs",
                "warning",
                days=t.validity_days,
                until=valid.until.isoformat(),
            )
        )
    return problems


def _price_schedule_problems(
    proposal: Proposal, schedule: tuple[PriceScheduleLine, ...]
) -> list[Unplaced]:
    """The DQE (price schedule) total equals the price table's total excl. VAT."""
    if not schedule:
        return []
    totals = ht_totals(proposal)
    gap = pricing.reconcile(schedule, totals)
    if gap == 0:
        return []
    ours = totals.total_ht if totals else Decimal("0.00")
    return [
        unplaced(
            ("tender", "price_schedule"),
            "dqe_mismatch",
            "warning",
            dqe=f"{pricing.dqe_total(schedule):f}",
            ours=f"{ours:f}",
            gap=f"{gap:f}",
        )
    ]
