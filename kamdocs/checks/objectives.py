"""What a commercial proposal lacks for each of the five objectives (domain.md §5).

Pure functions over the models: the as-of date is a parameter and nothing is read from disk.
Each gap carries the field path (`loc`) it is about, so the driver can place it on a line of
the proposal file. A gap's message is a key of `kamdocs.errors.GAPS` and its arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kamdocs.checks.parts import effective_guarantees, effective_references
from kamdocs.checks.pricing_rules import ht_totals
from kamdocs.checks.validity import DEFAULT_VALIDITY_DAYS, validity
from kamdocs.errors import GAPS, Args, make_args
from kamdocs.insights import pricing
from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import Company, Proposal
from kamdocs.workspace.parsed import Loc

OBJECTIVES: dict[str, str] = {
    "O1": "show we understood the need",
    "O2": "present a tailored solution",
    "O3": "prove the value and defend the price",
    "O4": "reassure and commit",
    "O5": "get a decision",
}
# A paragraph shorter than this is a title or a phrase, too common to count as copied text.
MIN_COPIED_WORDS = 8


@valueclass(frozen=True)
class Gap:
    """One thing an objective lacks: a short code, the field it is about, and what to do:
    the message `key` of `kamdocs.errors.GAPS` with its arguments."""

    code: str
    loc: Loc
    key: str
    args: Args = ()

    @property
    def message(self) -> str:
        return GAPS[self.key].format(**dict(self.args))


def _gap(code: str, loc: Loc, key: str, **args: Any) -> Gap:
    return Gap(code, loc, key, make_args(args))


@valueclass(frozen=True)
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
                _gap(
                    f"generic_{field}",
                    (field,),
                    "copied_paragraph",
                    number=i + 1,
                    excerpt=excerpt,
                    source=index[paragraph],
                )
            )
    return gaps


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
    copied_from = _paragraph_index(other_proposals)
    gaps = {
        "O1": _o1_need(proposal, copied_from),
        "O2": _o2_solution(proposal, copied_from),
        "O3": _o3_value_and_price(proposal),
        "O4": _o4_reassurance(proposal, company),
        "O5": _o5_decision(proposal, today),
    }
    return [ObjectiveFinding(key, tuple(gaps[key])) for key in OBJECTIVES]


def _o1_need(p: Proposal, copied_from: Mapping[str, str]) -> list[Gap]:
    """O1, show we understood the need: a context and needs, written for this client."""
    o1: list[Gap] = []
    if not p.context:
        o1.append(_gap("context", ("context",), "no_context"))
    if not p.needs:
        o1.append(_gap("needs", ("needs",), "no_needs"))
    return o1 + _copied("context", p.context, copied_from)


def _o2_solution(p: Proposal, copied_from: Mapping[str, str]) -> list[Gap]:
    """O2, present a tailored solution: a solution and a methodology, not copied."""
    o2: list[Gap] = []
    if not p.solution:
        o2.append(_gap("solution", ("solution",), "no_solution"))
    if not p.methodology:
        o2.append(_gap("methodology", ("methodology",), "no_methodology"))
    return o2 + _copied("solution", p.solution, copied_from)


def _o3_value_and_price(p: Proposal) -> list[Gap]:
    """O3, prove the value and defend the price: a KPI with a target, an ROI, a price."""
    o3: list[Gap] = []
    if not any(m.kpi and m.target for m in p.objectives):
        o3.append(_gap("kpi_target", ("objectives",), "no_kpi_target"))
    totals = ht_totals(p)
    if pricing.roi(p.roi, totals) is None:
        gained = bool(p.roi and p.roi.annual_gain is not None)
        o3.append(_gap("roi", ("roi",), "roi_without_assumptions" if gained else "no_roi"))
    if totals is None:
        o3.append(_gap("price", ("pricing",), "no_price"))
    return o3


def _o4_reassurance(p: Proposal, company: Company | None) -> list[Gap]:
    """O4, reassure and commit: references, guarantees (the company's count) and a team."""
    o4: list[Gap] = []
    if not effective_references(p, company):
        o4.append(_gap("references", ("references",), "no_references"))
    if not effective_guarantees(p, company):
        o4.append(_gap("guarantees", ("guarantees",), "no_guarantees"))
    if not p.team:
        o4.append(_gap("team", ("team",), "no_team"))
    return o4


def _o5_decision(p: Proposal, today: dt.date) -> list[Gap]:
    """O5, get a decision: a summary, a dated next step, and an offer still valid."""
    o5: list[Gap] = []
    if not p.executive_summary:
        o5.append(_gap("executive_summary", ("executive_summary",), "no_decision_summary"))
    if not any(s.date for s in p.next_steps):
        o5.append(_gap("next_step_date", ("next_steps",), "no_dated_next_step"))
    valid = validity(p, today)
    if valid.source == "default":
        o5.append(
            _gap(
                "validity_default",
                ("valid_until",),
                "validity_default",
                days=DEFAULT_VALIDITY_DAYS,
                until=valid.until.isoformat(),
            )
        )
    if valid.until < today:
        o5.append(
            _gap(
                "validity_passed",
                ("valid_until",),
                "validity_passed",
                until=valid.until.isoformat(),
                today=today.isoformat(),
            )
        )
    return o5


def report_lines(findings: Iterable[ObjectiveFinding]) -> list[str]:
    """Return one line per objective: "O1 show we understood the need: ok", or the codes
    of what it misses ("O4 reassure and commit: missing team")."""
    lines = []
    for finding in findings:
        name = OBJECTIVES[finding.objective]
        state = "ok" if finding.ok else "missing " + ", ".join(finding.missing)
        lines.append(f"{finding.objective} {name}: {state}")
    return lines
