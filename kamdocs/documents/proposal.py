"""The commercial proposal (proposition commerciale): context for its templates, and the IR.

Two layouts (content-format.md): the standard outline of domain.md §5, and the tender layout
in which the mémoire technique follows the RC's award criteria. Each part is its own template
(`templates/docx/proposal/<part>.md.j2`) that users override one at a time; `proposal.md.j2`
puts them in order and `memoire.md.j2` holds the criteria chapters. Figures come from
`insights.pricing` and the proposal checks (`checks.parts`, `checks.validity`), computed once;
templates only format them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kamdocs import ir
from kamdocs.checks.mapping import PartWords, map_criteria
from kamdocs.checks.parts import effective_guarantees, effective_references, part_presence
from kamdocs.checks.tender import empty_criteria, walk_criteria
from kamdocs.checks.validity import validity
from kamdocs.documents.common import Run, document_meta, marking
from kamdocs.insights import pricing
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import RAG_FILL, filters
from kamdocs.templating.formatting import Formatter
from kamdocs.valueclass import valueclass
from kamdocs.workspace import localize
from kamdocs.workspace import model as m
from kamdocs.workspace.library import LibraryBlock

# Parts and the two blocks that are not parts (objectives, value), in domain.md §5 order:
# the order of the "additional information" chapter of the tender layout.
PART_ORDER = ("context", "objectives", "solution", "methodology", "planning", "team", "value",
              "pricing", "guarantees", "references", "risks")  # fmt: skip
COMPLIANCE_RAG = {"compliant": "green", "partial": "amber", "non_compliant": "red"}
MAX_GANTT_MONTHS = 12  # longer timelines are drawn by quarter


# --- tender layout -------------------------------------------------------------------------


@valueclass(frozen=True)
class Chapter:
    """One award criterion (level 1) or sub-criterion (level 2+) of the mémoire technique.

    `parts` are the proposal parts placed here (present ones, each at its first mention, or
    by the default mapping when `mapped`); `price` says the chapter holds the financial offer
    and the buyer's price schedule; `requirements` are the ids of the requirements whose
    `section` is this criterion; `fed` those that feed it (their `criterion`); `empty` says
    a weighted criterion got no content (built only with --allow-empty-criteria).
    """

    id: str
    name: str
    weight: Decimal
    level: int
    answer: str | None
    parts: tuple[str, ...]
    price: bool
    requirements: tuple[str, ...]
    fed: tuple[str, ...] = ()
    mapped: bool = False
    empty: bool = False


def tender_chapters(
    proposal: m.Proposal,
    present: dict[str, bool],
    requirements: dict[str, list[str]],
    mapping: PartWords = None,
) -> tuple[list[Chapter], list[str]]:
    """Return (the criteria chapters in the RC's order, the blocks left for "additional
    information" in PART_ORDER). The price criterion takes the pricing part; a criterion
    naming no parts and no answer gets its parts by the default mapping (checks.mapping)."""
    tender = proposal.tender
    placed = map_criteria(tender, present, mapping)
    fed: dict[str, list[str]] = {}
    for req in tender.requirements if tender else ():
        if req.criterion:
            fed.setdefault(req.criterion, []).append(req.id)
    chapters: list[Chapter] = []
    for criterion, _, level in walk_criteria(tender.criteria if tender else ()):
        parts = placed.parts.get(criterion.id, ())
        chapters.append(
            Chapter(
                criterion.id,
                criterion.name,
                criterion.weight,
                level,
                criterion.answer,
                parts,
                criterion.id == placed.price_id,
                tuple(requirements.get(criterion.id, ())),
                tuple(fed.get(criterion.id, ())),
                criterion.id in placed.mapped,
                criterion.id in empty_criteria(tender, placed),
            )
        )
    used = {p for ps in placed.parts.values() for p in ps}
    if placed.price_id:
        used.add("pricing")
    extras = [k for k in PART_ORDER if present.get(k) and k not in used]
    return chapters, extras


def requirements_by_section(proposal: m.Proposal) -> dict[str, list[str]]:
    """Return requirement ids by the section (part or criterion id) that answers them."""
    found: dict[str, list[str]] = {}
    tender = proposal.tender
    for req in tender.requirements if tender else ():
        if req.section:
            found.setdefault(req.section, []).append(req.id)
    return found


# The buyer's column keys (content-format.md `price_columns`), their default order and widths.
PRICE_COLUMNS = ("code", "label", "unit", "quantity", "unit_price", "total")
COLUMN_WIDTHS = {"code": "1", "label": "5.2", "unit": "1.4", "quantity": "1.1",
                 "unit_price": "2.6", "total": "3"}  # fmt: skip


def schedule_columns(tender: m.Tender) -> list[str]:
    """Return the price schedule's columns in the buyer's order (`price_columns`, else the
    default order; a column the buyer leaves out is added in default order only for the
    label and total, without which a line cannot be read), less the columns no line fills."""
    order: list[str] = list(tender.price_columns) or list(PRICE_COLUMNS)
    for needed in ("label", "total"):
        if needed not in order:
            order.append(needed)
    lines = tender.price_schedule
    filled = {"code": any(x.code for x in lines), "unit": any(x.unit for x in lines)}
    return [c for c in order if filled.get(c, True)]


def _stated_roi(
    proposal: m.Proposal, totals: pricing.PriceTotals | None, roi: pricing.RoiFigures | None
) -> Decimal | None:
    """Return the ROI over the value study's own horizon when the contract term cut it."""
    if roi is None or roi.stated_horizon_years is None:
        return None
    full = pricing.roi(proposal.roi, totals)
    return full.roi_ratio if full else None


def _vat_mention(totals: pricing.PriceTotals | None, labels: Labels) -> str | None:
    """Return the VAT legal mention: the proposal's vat_note, else the standard one of the
    client's VAT case (reverse charge, outside the scope of French VAT)."""
    if totals is None:
        return None
    if totals.vat_note:
        return totals.vat_note
    if totals.vat_case == "eu":
        return labels.vat_note_eu
    if totals.vat_case == "outside":
        return labels.vat_note_outside
    return None


# --- planning ------------------------------------------------------------------------------


def gantt(phases: Sequence[m.Phase], lang: str) -> dict[str, Any] | None:
    """Return a month (or quarter) grid of the dated phases: {periods, widths, rows}.

    Each row is {phase, cells}, a cell True when the phase runs during that period. None when
    no phase has both a start and an end.
    """
    dated = [p for p in phases if p.start and p.end and p.start <= p.end]
    if not dated:
        return None
    first = min(p.start for p in dated if p.start)
    last = max(p.end for p in dated if p.end)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    periods: list[tuple[str, dt.date, dt.date]] = []
    if len(months) <= MAX_GANTT_MONTHS:
        for y, mo in months:
            start = dt.date(y, mo, 1)
            # Numeric labels ("03/27") fit the narrow columns in both languages.
            periods.append((f"{mo:02d}/{y % 100:02d}", start, _month_end(y, mo)))
    else:
        for y, mo in months:
            q = (mo - 1) // 3
            label = f"{'T' if lang == 'fr' else 'Q'}{q + 1} {y % 100:02d}"
            if not periods or periods[-1][0] != label:
                periods.append((label, dt.date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3)))
    rows = [{"phase": p.phase,
             "cells": [bool(p.start and p.end and p.start <= end and p.end >= start)
                       for _, start, end in periods]}
            for p in phases]  # fmt: skip
    widths = ",".join(["6", *["1"] * len(periods)])
    return {"periods": [label for label, _, _ in periods], "widths": widths, "rows": rows}


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


# --- figures as display text -----------------------------------------------------------------


def contact_of(proposal: m.Proposal, account: m.Account) -> dict[str, str | None] | None:
    """Return {name, title} of the addressee; the title comes from the stakeholder map."""
    if not proposal.contact:
        return None
    person = next((s for s in account.stakeholders if s.name == proposal.contact), None)
    return {"name": proposal.contact, "title": person.title if person else None}


def signer_of(
    proposal: m.Proposal, account: m.Account, company: m.Company
) -> dict[str, str | None] | None:
    """Return {name, role} of our signatory: the account's KAM, with the role this
    proposal, the account team or the company gives that person."""
    if account.owner is None:
        return None
    name = account.owner.name
    teams: list[m.TeamMember | m.ProposalTeamMember] = [
        *proposal.team,
        *account.team,
        *company.team,
    ]
    roles = [t.role for t in teams if t.name == name and t.role]
    return {"name": name, "role": roles[0] if roles else None}


def evidence_shown(req: m.Requirement, annexes: dict[str, int], labels: Labels) -> str:
    """Return a requirement's evidence as the matrix shows it: its text, and the number of
    its annex (`annexes`: number by path) when it has one."""
    annex = req.evidence.annex if isinstance(req.evidence, m.Evidence) else None
    if annex and annex in annexes:
        return f"{req.evidence_text} ({labels.annex_n.format(n=annexes[annex])})"
    return req.evidence_text


def compliance_rows(
    proposal: m.Proposal,
    labels: Labels,
    section_titles: dict[str, str],
    annexes: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Return one row per requirement with display texts and its RAG colour; `annexes`
    numbers the annex files by path."""
    annexes = annexes or {}
    tender = proposal.tender
    rows = []
    for req in tender.requirements if tender else ():
        rows.append({
            "req": req,
            "eliminatory": labels.yes if req.eliminatory else labels.no,
            "compliance": labels[f"comp_{req.compliance}"],
            "rag": COMPLIANCE_RAG[req.compliance],
            "section": section_titles.get(req.section or "", req.section or labels.none),
            "evidence": evidence_shown(req, annexes, labels),
            # A link to the answering section's heading and its page (a PAGEREF in Word).
            "link": ir.Text(section_titles.get(req.section or "", req.section or labels.none),
                            link=f"#{req.section}" if req.section else None),
            "page": ir.Text("", page_of=req.section) if req.section else None,
        })  # fmt: skip
    return rows


def coverage(proposal: m.Proposal) -> list[dict[str, Any]]:
    """Return per criterion (and "no criterion") the count of requirements by compliance."""
    tender = proposal.tender
    if tender is None or not tender.requirements:
        return []
    names = {c.id: c.name for c, _, _ in walk_criteria(tender.criteria)}
    counts: dict[str | None, dict[str, int]] = {}
    for req in tender.requirements:
        key = req.criterion if req.criterion in names else None
        row = counts.setdefault(key, {"compliant": 0, "partial": 0, "non_compliant": 0})
        row[req.compliance] += 1
    keys: list[str | None] = [k for k in names if k in counts]
    keys += [None] if None in counts else []
    return [{"id": k, "name": names.get(k or "", ""), "total": sum(counts[k].values()),
             **counts[k]} for k in keys]  # fmt: skip


def compliance_sheet(
    rows: Sequence[dict[str, Any]], labels: Labels, owners: Sequence[str] | None = None
) -> dict[str, Any]:
    """Return the compliance matrix as a plain table for the .xlsx writer.

    {title, header, rows (strings), fills (hex or None per cell), widths (characters)}.
    `owners` (one per row, the internal working copy only) adds our owner column; the grid
    given to the buyer has none.
    """
    header: tuple[str, ...] = (
        labels.col_id, labels.col_source, labels.col_requirement, labels.col_eliminatory,
        labels.col_criterion, labels.col_compliance, labels.col_justification,
        labels.col_section, labels.col_evidence,
    )  # fmt: skip
    widths: tuple[int, ...] = (8, 14, 60, 12, 10, 22, 40, 30, 36)
    if owners is not None:
        header, widths = (*header, labels.owner), (*widths, 20)
    table_rows, fills = [], []
    for i, row in enumerate(rows):
        req = row["req"]
        cells = (req.id, req.source or "", req.text, row["eliminatory"], req.criterion or "",
                 row["compliance"], req.justification or "", row["section"],
                 row["evidence"])  # fmt: skip
        table_rows.append((*cells, owners[i] or "") if owners is not None else cells)
        fill = RAG_FILL[row["rag"]]
        fills.append(tuple(fill if j == 5 else None for j in range(len(header))))
    return {"title": labels.compliance_sheet, "header": header, "rows": table_rows,
            "fills": fills, "widths": widths}  # fmt: skip


def compliance_grid(
    context: dict[str, Any], lang: str, owners: Sequence[str] | None = None
) -> dict[str, Any]:
    """Return the compliance matrix of a proposal's `context` (see `proposal_context`) as
    `compliance_sheet` does, for the .xlsx beside the document: the annex's rows; `owners`
    (the internal working copy) adds the owner of each row."""
    return compliance_sheet(context["compliance"], load_labels(lang, "common", "proposal"), owners)


# --- the document --------------------------------------------------------------------------


def proposal_context(
    account: m.Account,
    proposal: m.Proposal,
    company: m.Company,
    settings: m.Settings,
    run: Run,
    library: Sequence[LibraryBlock],
) -> dict[str, Any]:
    """Return everything the proposal templates read, figures computed once."""
    company = localize.company_in(company, run.lang, settings.language)
    labels = load_labels(run.lang, "common", "proposal")
    fmt = Formatter(run.lang, settings.currency)
    client = account.name
    tender_mode = proposal.mode == "tender" and proposal.tender is not None
    tender = proposal.tender if tender_mode else None
    totals = pricing.offer_totals(proposal, settings.vat_rate, account.country)
    present: dict[str, bool] = dict(part_presence(proposal, company))
    roi = pricing.roi(proposal.roi, totals, tender.contract_months if tender else None)
    present["objectives"] = bool(proposal.objectives)
    present["value"] = roi is not None
    present["letter"] = bool(proposal.cover_letter)
    valid = validity(proposal, run.today)
    requirements = requirements_by_section(proposal) if tender else {}
    chapters, extras = (
        tender_chapters(proposal, present, requirements, settings.tender_mapping)
        if tender
        else ([], [])
    )

    def part_title(key: str) -> str:
        return for_client(labels[f"part_{key}"], client, run.lang)

    # Where each section ended up, for the compliance matrix's "answering section" column.
    section_titles = {c.id: f"{c.id} · {c.name}" for c in chapters}
    for chapter in chapters:
        for part in chapter.parts:
            section_titles[part] = f"{labels[f'short_{part}']} ({chapter.id})"
        if chapter.price:
            section_titles["pricing"] = f"{labels.short_pricing} ({chapter.id})"
    for part in extras:
        section_titles.setdefault(part, f"{labels[f'short_{part}']} ({labels.sec_extras})")
    section_titles.setdefault("annexes", labels.sec_annexes)

    schedule = []
    if tender:
        for line in tender.price_schedule:
            amount = pricing.line_total(line.quantity, line.unit_price)
            schedule.append({"line": line, "amount": amount})
    columns = schedule_columns(tender) if tender else []
    dated_steps = [s for s in proposal.next_steps if s.date]
    upcoming = [s for s in dated_steps if s.date and s.date >= run.today]
    starts = [p.start for p in proposal.planning if p.start]
    references = effective_references(proposal, company)
    numbered = {b.path: b.number for b in library if b.kind == "annex"}
    rows = compliance_rows(proposal, labels, section_titles, numbered) if tender else []
    contact = contact_of(proposal, account)
    return {
        "proposal": proposal,
        "account": account,
        "company": company,
        "settings": settings,
        "client": client,
        "L": labels,
        "lang": run.lang,
        "today": run.today,
        "tender": tender,
        "present": present,
        "shown": [key for key, here in present.items() if here],
        "part_title": part_title,
        "contact": contact,
        "signer": signer_of(proposal, account, company),
        "sender": "\n".join(x for x in (company.name, company.address) if x),
        "recipient": "\n".join(x for x in (contact["name"], contact["title"], client) if x)
        if contact else client,
        "issue_date": valid.issue_date,
        "validity": valid,
        "totals": totals,
        "roi": roi,
        "stated_roi": _stated_roi(proposal, totals, roi),
        "kpis": [{"m": o, "baseline": fmt.measure(o.baseline, o.unit),
                  "target": fmt.measure(o.target, o.unit)}
                 for o in proposal.objectives],  # fmt: skip
        "gantt": gantt(proposal.planning, run.lang),
        "start": min(starts) if starts else None,
        "next_step": upcoming[0] if upcoming else (dated_steps[-1] if dated_steps else None),
        "references": references,
        "references_md": references if isinstance(references, str) else None,
        "proofs": [] if isinstance(references, str) else list(references[:3]),
        "guarantees": effective_guarantees(proposal, company),
        "annexes": [b for b in library if b.kind == "annex"],
        "cvs": [b for b in library if b.kind == "cv"],
        "chapters": chapters,
        "extras": extras,
        "requirements": requirements,
        "schedule": schedule,
        "columns": columns,
        "widths": ",".join(COLUMN_WIDTHS[c] for c in columns),
        "vat_mention": _vat_mention(totals, labels),
        "signatory": tender.signatory if tender else None,
        "dqe_total": pricing.dqe_total(tender.price_schedule) if tender else None,
        "reconciled": bool(tender and tender.price_schedule
                           and pricing.reconcile(tender.price_schedule, totals) == 0),
        "compliance": rows,
        "coverage": coverage(proposal) if tender else [],
        "justified": [r["req"] for r in rows if r["req"].compliance != "compliant"
                      and r["req"].justification],
        "deadline": _deadline_text(tender, fmt, labels) if tender else None,
    }  # fmt: skip


def for_client(text: str, client: str, lang: str) -> str:
    """Return a label with `{client}` and `{of_client}` filled: French elides "de" before a
    vowel ("d'Ondrelle", "de Marchés"); English labels use `{client}` only."""
    vowel = client[:1].lower() in "aeiouyàâäéèêëîïôöùûü"
    of_client = (f"d'{client}" if vowel else f"de {client}") if lang == "fr" else f"of {client}"
    return text.format(client=client, of_client=of_client)


def _deadline_text(tender: m.Tender, fmt: Formatter, labels: Labels) -> str | None:
    if tender.deadline is None:
        return None
    time = tender.deadline.strftime("%H:%M")
    return labels.date_at_time.format(date=fmt.date(tender.deadline.date()), time=time)


def proposal_document(
    account: m.Account,
    proposal: m.Proposal,
    company: m.Company,
    settings: m.Settings,
    run: Run,
    templates: Templates,
    context: dict[str, Any],
    *,
    memoire_only: bool = False,
) -> ir.Document:
    """Return the proposal as IR; `memoire_only` keeps the mémoire technique alone (the
    criteria chapters of the tender layout, for counting its pages). `context` is the
    result of `proposal_context`, computed once for the mémoire, the document and the grid."""
    labels = load_labels(run.lang, "common", "proposal")
    fmt = Formatter(run.lang, settings.currency)
    document_filters = {
        **filters(fmt, labels),
        "for_client": lambda text: for_client(text, account.name, run.lang),
    }
    template = "proposal/memoire.md.j2" if memoire_only else "proposal/proposal.md.j2"
    blocks = templates.render_blocks(
        template, context, document_filters, number_headings=True, client=True
    )
    issue = context["issue_date"]
    header = marking(
        labels,
        False,
        settings.confidentiality.client,
        account.name,
        fmt.date(issue),
        proposal.version,
    )
    meta = document_meta(
        run,
        company,
        account,
        title=f"{labels.memoire_title} — {proposal.title}" if context["tender"] else proposal.title,
        subject=labels.proposal_for.format(client=account.name),
        header=header,
        page_label=labels.page,
        keywords=proposal.reference or "",
    )
    return typeset(ir.Document(meta, blocks))
