"""What a commercial proposal lacks: the five objectives (domain.md §5) and the tender rules.

Pure functions over the models: the as-of date is a parameter and nothing is read from disk.
Each problem carries the field path (`loc`) it is about, so the pipeline can place it on a
line of the proposal file. Messages are English, like every other content problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kamdocs.insights import pricing
from kamdocs.workspace.model import PROPOSAL_PARTS, Company, Criterion, Proposal

Loc = tuple[str | int, ...]
Severity = Literal["error", "warning"]
Problem = tuple[Loc, str, Severity]

OBJECTIVES: dict[str, str] = {
    "O1": "show we understood the need",
    "O2": "present a tailored solution",
    "O3": "prove the value and defend the price",
    "O4": "reassure and commit",
    "O5": "get a decision",
}
DEFAULT_VALIDITY_DAYS = 90  # design choice (domain.md §5)
# A paragraph shorter than this is a title or a phrase, too common to count as copied text.
MIN_COPIED_WORDS = 8


# --- validity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    """When the offer expires and why: `source` is "set" (valid_until), "tender" (the RC's
    deadline + validity_days) or "default" (issue date + 90 days). `issue_date` is the
    proposal's date, else the as-of date."""

    until: dt.date
    source: Literal["set", "tender", "default"]
    issue_date: dt.date


def validity(proposal: Proposal, today: dt.date) -> Validity:
    """Return the offer's validity; in tender mode the RC's validity period wins."""
    issue = proposal.date or today
    tender = proposal.tender if proposal.mode == "tender" else None
    if tender and tender.deadline and tender.validity_days is not None:
        until = tender.deadline.date() + dt.timedelta(days=tender.validity_days)
        return Validity(until, "tender", issue)
    if proposal.valid_until:
        return Validity(proposal.valid_until, "set", issue)
    return Validity(issue + dt.timedelta(days=DEFAULT_VALIDITY_DAYS), "default", issue)


# --- which parts have data ---------------------------------------------------------------


def effective_references(proposal: Proposal, company: Company | None) -> tuple | str:
    """Return the proposal's references (a list, or Markdown text), else the company's."""
    if proposal.references is None:
        return company.references if company else ()
    if isinstance(proposal.references, str):
        return proposal.references.strip()
    return proposal.references


def effective_guarantees(proposal: Proposal, company: Company | None) -> tuple:
    """Return the proposal's service levels, else the company's default ones."""
    return proposal.guarantees or (company.sla if company else ())


def part_presence(proposal: Proposal, company: Company | None) -> dict[str, bool]:
    """Return, for each proposal part (model.PROPOSAL_PARTS), whether it has data."""
    tender = proposal.tender if proposal.mode == "tender" else None
    priced = _ht_totals(proposal) is not None
    return {
        "context": bool(proposal.context or proposal.needs),
        "solution": bool(proposal.solution),
        "methodology": bool(proposal.methodology),
        "planning": bool(proposal.planning),
        "team": bool(proposal.team),
        "pricing": priced or bool(tender and tender.price_schedule),
        "guarantees": bool(effective_guarantees(proposal, company)),
        "references": bool(effective_references(proposal, company)),
        "risks": bool(proposal.risks),
        # The compliance matrix is itself an annex.
        "annexes": bool(proposal.annexes or any(t.cv for t in proposal.team)
                        or (tender and tender.requirements)),
    }  # fmt: skip


# --- the five objectives -----------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """One thing an objective lacks: a short code, the field it is about, what to do."""

    code: str
    loc: Loc
    message: str


@dataclass(frozen=True)
class ObjectiveFinding:
    """Whether the data serves one objective ("O1".."O5"), and what it lacks."""

    objective: str
    gaps: tuple[Gap, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.gaps

    @property
    def missing(self) -> list[str]:
        return [g.code for g in self.gaps]


def _paragraphs(text: str | None) -> list[str]:
    """Return the paragraphs of a Markdown field, whitespace collapsed."""
    if not text:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _paragraph_index(others: Mapping[str, Proposal]) -> dict[str, str]:
    """Return each context and solution paragraph of `others` -> "slug/id (field)"."""
    index: dict[str, str] = {}
    for key in sorted(others):
        for field in ("context", "solution"):
            for paragraph in _paragraphs(getattr(others[key], field)):
                index.setdefault(paragraph, f"{key} ({field})")
    return index


def _copied(field: str, text: str | None, index: Mapping[str, str]) -> list[Gap]:
    """Return a gap for each long paragraph of `text` found verbatim in `index`."""
    gaps = []
    for i, paragraph in enumerate(_paragraphs(text)):
        if len(paragraph.split()) >= MIN_COPIED_WORDS and paragraph in index:
            excerpt = " ".join(paragraph.split()[:8])
            gaps.append(
                Gap(
                    f"generic_{field}",
                    (field,),
                    f"paragraph {i + 1} ('{excerpt}...') is copied verbatim from "
                    f"{index[paragraph]}: generic text is marked down; write it for this client",
                )
            )
    return gaps


def _ht_totals(proposal: Proposal) -> pricing.PriceTotals | None:
    """Return the price table for its amounts excl. VAT, which no VAT rate changes."""
    return pricing.price_proposal(proposal.pricing, Decimal(0))


def five_objective_report(
    proposal: Proposal,
    company: Company | None,
    today: dt.date,
    other_proposals: Mapping[str, Proposal],
) -> list[ObjectiveFinding]:
    """Return one finding per objective, O1 to O5, in order.

    `other_proposals` maps "slug/proposal-id" to the workspace's other proposals, whose
    context and solution paragraphs must not reappear verbatim here.
    """
    p = proposal
    o1: list[Gap] = []
    if not p.context:
        o1.append(
            Gap(
                "context",
                ("context",),
                "no context: describe the client's situation, stakes and constraints",
            )
        )
    if not p.needs:
        o1.append(
            Gap(
                "needs",
                ("needs",),
                "no needs: list the client's needs, each with an id (B1, B2...)",
            )
        )
    copied_from = _paragraph_index(other_proposals)
    o1 += _copied("context", p.context, copied_from)

    o2: list[Gap] = []
    if not p.solution:
        o2.append(
            Gap("solution", ("solution",), "no solution: say how the offer answers each need")
        )
    if not p.methodology:
        o2.append(
            Gap(
                "methodology",
                ("methodology",),
                "no methodology: describe the approach (or include a library block)",
            )
        )
    o2 += _copied("solution", p.solution, copied_from)

    o3: list[Gap] = []
    if not any(m.kpi and m.target for m in p.objectives):
        o3.append(
            Gap(
                "kpi_target",
                ("objectives",),
                "no expected result with a KPI and a target: give objectives[].kpi "
                "and objectives[].target",
            )
        )
    totals = _ht_totals(p)
    if pricing.roi(p.roi, totals) is None:
        why = (
            "roi has no assumptions: a gain without its assumption is not shown"
            if p.roi and p.roi.annual_gain is not None
            else "no ROI: give roi.annual_gain, roi.horizon_years and roi.assumptions"
        )
        o3.append(Gap("roi", ("roi",), why))
    if totals is None:
        o3.append(Gap("price", ("pricing",), "no price: add pricing.lines"))

    o4: list[Gap] = []
    if not effective_references(p, company):
        o4.append(
            Gap(
                "references",
                ("references",),
                "no references, here or in company.yaml: cite 2-3 comparable projects",
            )
        )
    if not effective_guarantees(p, company):
        o4.append(
            Gap("guarantees", ("guarantees",), "no guarantee or SLA, here or in company.yaml (sla)")
        )
    if not p.team:
        o4.append(Gap("team", ("team",), "no team: name the people and their roles"))

    o5: list[Gap] = []
    if not p.executive_summary:
        o5.append(
            Gap(
                "executive_summary",
                ("executive_summary",),
                "no decision summary: need, solution, price, ROI, proofs and the "
                "decision expected, on one page",
            )
        )
    if not any(s.date for s in p.next_steps):
        o5.append(
            Gap(
                "next_step_date",
                ("next_steps",),
                "no next step with a date: say who does what, by when",
            )
        )
    valid = validity(p, today)
    if valid.source == "default":
        o5.append(
            Gap(
                "validity_default",
                ("valid_until",),
                f"validity not set: the {DEFAULT_VALIDITY_DAYS}-day default applies "
                f"(valid until {valid.until.isoformat()})",
            )
        )
    if valid.until < today:
        o5.append(
            Gap(
                "validity_passed",
                ("valid_until",),
                f"the offer expired on {valid.until.isoformat()} "
                f"(as of {today.isoformat()}): set a new valid_until",
            )
        )
    gaps = {"O1": o1, "O2": o2, "O3": o3, "O4": o4, "O5": o5}
    return [ObjectiveFinding(key, tuple(gaps[key])) for key in OBJECTIVES]


def report_lines(findings: Iterable[ObjectiveFinding]) -> list[str]:
    """Return one line per objective: "O1 show we understood the need: ok", or the codes
    of what it misses ("O4 reassure and commit: missing team")."""
    lines = []
    for finding in findings:
        name = OBJECTIVES[finding.objective]
        state = "ok" if finding.ok else "missing " + ", ".join(finding.missing)
        lines.append(f"{finding.objective} {name}: {state}")
    return lines


# --- general and tender rules ------------------------------------------------------------


def pricing_problems(proposal: Proposal, default_vat: Decimal) -> list[Problem]:
    """Return the price table's problems: a 0 % VAT rate needs its legal mention."""
    totals = pricing.price_proposal(proposal.pricing, default_vat)
    if totals is not None and totals.needs_vat_note:
        return [
            (
                ("pricing", "vat_note"),
                "a 0 % VAT rate needs its legal mention (for example a reverse-charge "
                "article): set pricing.vat_note",
                "error",
            )
        ]
    return []


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
) -> list[Problem]:
    problems: list[Problem] = []
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != expected:
        what = "award criterion weights" if owner == "" else f"sub-criteria of {owner}"
        target = f"{expected:f}" + ("" if owner == "" else f" (the weight of {owner})")
        problems.append((loc, f"{what} add up to {total:f}, expected {target}", "error"))
    for i, c in enumerate(criteria):
        problems += _weights(c.subcriteria, c.weight, c.id, (*loc, i, "subcriteria"))
    return problems


def tender_problems(
    proposal: Proposal, today: dt.date, allow_noncompliant: bool, company: Company | None = None
) -> list[Problem]:
    """Return the tender rules' problems as (loc, message, severity); none in standard mode.

    `company` supplies default references and service levels, which decide whether the
    `references` and `guarantees` parts exist for a requirement's `section`.
    """
    if proposal.mode != "tender":
        return []
    t = proposal.tender
    if t is None:
        return [
            (
                ("mode",),
                "mode is tender but there is no tender: block (criteria, "
                "price_schedule, requirements)",
                "error",
            )
        ]
    problems: list[Problem] = []
    crit_loc: Loc = ("tender", "criteria")
    if not t.criteria:
        problems.append(
            (
                crit_loc,
                "no award criteria: the mémoire technique cannot follow "
                "the RC, every part goes to the additional information chapter",
                "warning",
            )
        )
    problems += _weights(t.criteria, Decimal(100), "", crit_loc)
    criteria = list(walk_criteria(t.criteria))
    ids: set[str] = set()
    placed: dict[str, str] = {}
    for criterion, loc, _ in criteria:
        if criterion.id in ids:
            problems.append(((*loc, "id"), f"duplicate criterion id '{criterion.id}'", "error"))
        ids.add(criterion.id)
        for j, part in enumerate(criterion.parts):
            if part in placed:
                problems.append(
                    (
                        (*loc, "parts", j),
                        f"'{part}' is already placed under {placed[part]}; it appears there only",
                        "warning",
                    )
                )
            placed.setdefault(part, criterion.id)
    if sum(1 for c, _, _ in criteria if c.price) > 1:
        problems.append(
            (
                crit_loc,
                "several price criteria: the financial offer goes under the first one only",
                "warning",
            )
        )

    present = part_presence(proposal, company)
    sections = sorted(k for k in PROPOSAL_PARTS if present[k]) + sorted(ids)
    seen: set[str] = set()
    for i, req in enumerate(t.requirements):
        loc = ("tender", "requirements", i)
        if req.id in seen:
            problems.append(((*loc, "id"), f"duplicate requirement id '{req.id}'", "error"))
        seen.add(req.id)
        if req.eliminatory and req.compliance != "compliant":
            state = req.compliance.replace("_", "-")
            problems.append(
                (
                    (*loc, "compliance"),
                    f"eliminatory requirement {req.id} is "
                    f"{state}: the offer would be rejected"
                    + (
                        ""
                        if allow_noncompliant
                        else " (pass --allow-noncompliant to build it anyway)"
                    ),
                    "warning" if allow_noncompliant else "error",
                )
            )
        if req.compliance != "compliant" and not (req.justification or "").strip():
            problems.append(
                (
                    (*loc, "justification"),
                    f"{req.id} is "
                    f"{req.compliance.replace('_', '-')} without a justification: "
                    "say what is not covered and why",
                    "error",
                )
            )
        if req.section is None:
            problems.append(
                (
                    (*loc,),
                    f"{req.id} has no section: name the part or the "
                    f"criterion that answers it ({', '.join(sections)})",
                    "error",
                )
            )
        elif req.section not in sections:
            problems.append(
                (
                    (*loc, "section"),
                    f"'{req.section}' is not a section of this "
                    f"proposal; sections: {', '.join(sections)}",
                    "error",
                )
            )
        if req.criterion is not None and req.criterion not in ids:
            known = ", ".join(sorted(ids)) or "none defined"
            problems.append(
                (
                    (*loc, "criterion"),
                    f"'{req.criterion}' is not a criterion id (criteria: {known})",
                    "error",
                )
            )

    if t.deadline and t.deadline.date() < today:
        problems.append(
            (
                ("tender", "deadline"),
                f"the deadline "
                f"{t.deadline.isoformat(timespec='minutes')} has passed "
                f"(as of {today.isoformat()})",
                "warning",
            )
        )
    valid = validity(proposal, today)
    if valid.source == "tender" and proposal.valid_until and proposal.valid_until != valid.until:
        problems.append(
            (
                ("valid_until",),
                f"differs from the RC's validity (deadline + "
                f"{t.validity_days} days = {valid.until.isoformat()}), which is used",
                "warning",
            )
        )
    if t.price_schedule:
        totals = _ht_totals(proposal)
        gap = pricing.reconcile(t.price_schedule, totals)
        if gap != 0:
            ours = totals.total_ht if totals else Decimal("0.00")
            problems.append(
                (
                    ("tender", "price_schedule"),
                    f"the DQE total "
                    f"{pricing.dqe_total(t.price_schedule):f} differs from our total "
                    f"excl. VAT {ours:f} by {gap:f}: the schedule and pricing.lines "
                    "must agree",
                    "warning",
                )
            )
    return problems
