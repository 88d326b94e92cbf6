"""The tender rules (appel d'offres): award criteria and weights, requirements, dates, the DQE.

Pure functions over the models, like the other proposal checks; none applies in standard mode.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from kamdocs.checks.locate import Unplaced, unplaced
from kamdocs.checks.mapping import (
    CriterionMap,
    PartWords,
    map_criteria,
    mapping_table,
    stems,
    suggested_parts,
    terms,
)
from kamdocs.checks.parts import effective_guarantees, effective_references, part_presence
from kamdocs.checks.validity import validity
from kamdocs.insights import pricing
from kamdocs.workspace.library import annex_paths
from kamdocs.workspace.model import (
    PROPOSAL_PARTS,
    Company,
    Criterion,
    PriceScheduleLine,
    Proposal,
    Requirement,
    Tender,
)
from kamdocs.workspace.parsed import Loc


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
    proposal: Proposal,
    today: dt.date,
    allow_noncompliant: bool,
    company: Company | None = None,
    *,
    allow_empty_criteria: bool = False,
    mapping: PartWords = None,
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
        *_empty_criteria_problems(proposal, present, mapping, allow_empty_criteria),
        *_signatory_problems(t),
        *_requirement_problems(t.requirements, ids, sections, allow_noncompliant),
        *_citation_problems(proposal),
        *_date_problems(proposal, t, today),
        *_price_schedule_problems(proposal, t.price_schedule),
    ]


# "Annexe 3", "annexe n° 3", "Annex 3": a plain-text evidence citing an annex by number.
_ANNEX_CITED = re.compile(r"\bannexe?s?\s+(?:n\s*[°o]\s*)?(\d+)\b", re.IGNORECASE)


def _citation_problems(proposal: Proposal) -> list[Unplaced]:
    """A plain-text evidence citing "Annexe N" names an annex the document has: annexes are
    numbered in the order of `annexes`, then of the requirements' evidence annexes."""
    t = proposal.tender
    count = len(annex_paths(proposal))
    problems: list[Unplaced] = []
    for i, req in enumerate(t.requirements if t else ()):
        loc: Loc = ("tender", "requirements", i, "evidence")
        if isinstance(req.evidence, str):
            for cited in _ANNEX_CITED.findall(req.evidence):
                if not 1 <= int(cited) <= count:
                    problems.append(
                        unplaced(loc, "unknown_annex_cited", id=req.id, n=cited, count=count)
                    )
    return problems


def _signatory_problems(t: Tender) -> list[Unplaced]:
    """The answer is signed by who signs the acte d'engagement: a warning without one."""
    if t.signatory is None:
        return [unplaced(("tender",), "no_signatory", "warning")]
    return []


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
    """The buyer's price schedule is the financial offer: firm pricing lines beside it would
    be a second price, so they are a warning (the schedule wins; options and payment terms
    of `pricing` still apply)."""
    if not schedule or proposal.pricing is None:
        return []
    firm = [line for line in proposal.pricing.lines if not line.optional]
    if not firm:
        return []
    return [
        unplaced(
            ("pricing", "lines"),
            "firm_lines_beside_schedule",
            "warning",
            n=len(firm),
            dqe=f"{pricing.dqe_total(schedule):f}",
        )
    ]


# --- every weighted criterion answered; the buyer's words ----------------------------------


def _has_content(c: Criterion, placed: CriterionMap) -> bool:
    own = bool((c.answer or "").strip() or placed.parts.get(c.id) or c.id == placed.price_id)
    return own or any(_has_content(s, placed) for s in c.subcriteria)


def empty_criteria(tender: Tender | None, placed: CriterionMap) -> set[str]:
    """Return the ids of the weighted criteria that get no content: no answer, no part, not
    the price criterion, and no sub-criterion with content. Of a parent whose sub-criteria
    are all empty, the sub-criteria are named (the sections the buyer scores)."""
    empty: set[str] = set()
    for c, _, _ in walk_criteria(tender.criteria if tender else ()):
        if c.weight > 0 and not c.subcriteria and not _has_content(c, placed):
            empty.add(c.id)
    return empty


def _empty_criteria_problems(
    proposal: Proposal,
    present: dict[str, bool],
    mapping: PartWords,
    allow: bool,
) -> list[Unplaced]:
    t = proposal.tender
    placed = map_criteria(t, present, mapping)
    empty = empty_criteria(t, placed)
    where = {p: cid for cid, parts in placed.parts.items() for p in parts}
    table = mapping_table(mapping)
    problems: list[Unplaced] = []
    for c, loc, _ in walk_criteria(t.criteria if t else ()):
        if c.id not in empty:
            continue
        could = [p for p in suggested_parts([c.name], table) if p != "pricing"]
        could = could or [p for p in PROPOSAL_PARTS if p not in ("pricing", "annexes")]
        shown = [f"{p} (under {where[p]})" if p in where else
                 (f"{p} (no data)" if not present.get(p) else p) for p in could]  # fmt: skip
        problems.append(
            unplaced(
                loc,
                "empty_criterion",
                "warning" if allow else "error",
                hint="" if allow else "pass --allow-empty-criteria to build it anyway",
                id=c.id,
                name=c.name,
                weight=f"{c.weight:f}",
                parts=", ".join(shown),
            )
        )
    return problems


def mapping_lines(proposal: Proposal, company: Company | None, mapping: PartWords) -> list[str]:
    """Return the report of where each part goes: one line per criterion (its parts, and
    whether the default mapping chose them), then the "additional information" parts."""
    t = proposal.tender if proposal.mode == "tender" else None
    if t is None:
        return []
    present = part_presence(proposal, company)
    placed = map_criteria(t, present, mapping)
    empty = empty_criteria(t, placed)
    lines = []
    for c, _, level in walk_criteria(t.criteria):
        parts = list(placed.parts.get(c.id, ()))
        if c.id == placed.price_id:
            parts.append("pricing")
        how = " (default mapping)" if c.id in placed.mapped else ""
        what = ", ".join(parts) or ("answer" if c.answer else "")
        if c.answer and parts:
            what = "answer, " + what
        state = "NO CONTENT" if c.id in empty else (what or "sub-criteria")
        lines.append(f"{'  ' * level}{c.id} {c.name}: {state}{how}")
    used = {p for ps in placed.parts.values() for p in ps} | (
        {"pricing"} if placed.price_id else set()
    )
    extras = [p for p in PROPOSAL_PARTS if present.get(p) and p not in used and p != "annexes"]
    lines.append(f"  additional information: {', '.join(extras) or 'nothing'}")
    return ["mapping of the mémoire technique:", *lines]


def _part_text(proposal: Proposal, company: Company | None, part: str) -> str:
    """Return our text of a proposal part, as the section that holds it shows it."""
    p = proposal
    if part == "context":
        return " ".join([p.context or "", *(n.text for n in p.needs)])
    if part in ("solution", "methodology"):
        return getattr(p, part) or ""
    if part == "planning":
        return " ".join(f"{x.phase} {x.deliverable or ''}" for x in p.planning)
    if part == "team":
        return " ".join(f"{x.name} {x.role or ''}" for x in p.team)
    if part == "guarantees":
        return " ".join(" ".join(str(v) for v in g.model_dump().values() if v)
                        for g in effective_guarantees(p, company))  # fmt: skip
    if part == "references":
        refs = effective_references(p, company)
        if isinstance(refs, str):
            return refs
        return " ".join(" ".join(str(v) for v in r.model_dump().values() if v) for r in refs)
    if part == "risks":
        return " ".join(f"{r.text} {r.mitigation or ''}" for r in p.risks)
    if part == "pricing":
        labels = [f"{x.label} {x.unit or ''}" for x in (p.pricing.lines if p.pricing else ())]
        labels += [
            f"{x.label} {x.unit or ''}" for x in (p.tender.price_schedule if p.tender else ())
        ]
        return " ".join(labels)
    return ""


def vocabulary_gaps(
    proposal: Proposal, company: Company | None, mapping: PartWords
) -> list[tuple[str, list[str]]]:
    """Return, per criterion, the buyer's key terms (of its name, its sub-criteria and the
    requirements that feed it) that the text answering it never uses: its answer, the parts
    placed under it and under its sub-criteria, the justifications and evidence of the
    requirements answered there. Criteria missing nothing are left out."""
    t = proposal.tender if proposal.mode == "tender" else None
    if t is None:
        return []
    placed = map_criteria(t, part_presence(proposal, company), mapping)

    def ours(c: Criterion) -> str:
        parts = [*placed.parts.get(c.id, ()), *(["pricing"] if c.id == placed.price_id else [])]
        answered = [f"{r.justification or ''} {r.evidence_text}"
                    for r in t.requirements if r.section == c.id]  # fmt: skip
        texts = [c.answer or "", *(_part_text(proposal, company, k) for k in parts), *answered]
        return " ".join([*texts, *(ours(s) for s in c.subcriteria)])

    def buyers(c: Criterion) -> str:
        fed = [r.text for r in t.requirements if r.criterion == c.id]
        return " ".join([c.name, *fed, *(s.name for s in c.subcriteria)])

    gaps = []
    for c, _, _ in walk_criteria(t.criteria):
        used = {s for word in terms(ours(c)).values() for s in stems(word)}
        missing = [w for w in terms(buyers(c)).values() if not stems(w) & used]
        if missing:
            gaps.append((c.id, missing))
    return gaps


def _section_text(
    proposal: Proposal,
    company: Company | None,
    placed: CriterionMap,
    section: str,
) -> str:
    """Return our own text of the section `section` names: a part, or a criterion (its
    answer, the parts placed under it and under its sub-criteria)."""
    t = proposal.tender
    found = next((c for c, _, _ in walk_criteria(t.criteria if t else ()) if c.id == section), None)
    if found is None:
        return _part_text(proposal, company, section)

    def text(c: Criterion) -> str:
        parts = [*placed.parts.get(c.id, ()), *(["pricing"] if c.id == placed.price_id else [])]
        own = [c.answer or "", *(_part_text(proposal, company, k) for k in parts)]
        return " ".join([*own, *(text(s) for s in c.subcriteria)])

    return text(found)


def unmentioned_requirements(
    proposal: Proposal,
    company: Company | None,
    mapping: PartWords = None,
) -> list[Unplaced]:
    """Warn of each requirement marked compliant whose answering section mentions neither
    its id nor its key terms (a third of them at least): the grader who follows the matrix's
    link must find the answer there. A requirement answered by the annexes is met by the
    proofs they hold, not by a text of ours, and is left out."""
    t = proposal.tender if proposal.mode == "tender" else None
    if t is None:
        return []
    placed = map_criteria(t, part_presence(proposal, company), mapping)
    problems: list[Unplaced] = []
    for i, req in enumerate(t.requirements):
        if req.compliance != "compliant" or req.section in (None, "annexes"):
            continue
        ours = _section_text(proposal, company, placed, req.section)
        if req.id.lower() in ours.lower():
            continue
        wanted = list(terms(req.text).values())
        used = {s for word in terms(ours).values() for s in stems(word)}
        met = [w for w in wanted if stems(w) & used]
        if not wanted or len(met) * 3 >= len(wanted):
            continue
        problems.append(
            unplaced(
                ("tender", "requirements", i, "section"),
                "requirement_not_mentioned",
                "warning",
                id=req.id,
                section=req.section,
                terms=", ".join(wanted),
            )
        )
    return problems
