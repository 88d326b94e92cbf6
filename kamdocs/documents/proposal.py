"""The commercial proposal (proposition commerciale): context for its templates, and the IR.

Two layouts (content-format.md): the standard outline of domain.md §5, and the tender layout
in which the mémoire technique follows the RC's award criteria. Each part is its own template
(`templates/docx/proposal/<part>.md.j2`) that users override one at a time; `proposal.md.j2`
puts them in order and `memoire.md.j2` holds the criteria chapters. Figures come from
`pricing` and the proposal checks (`checks.parts`, `checks.validity`), computed once;
templates only format them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from kamdocs import ir
from kamdocs.checks.parts import effective_guarantees, effective_references, part_presence
from kamdocs.checks.tender import walk_criteria
from kamdocs.checks.validity import validity
from kamdocs.documents.common import RAG_FILL, Run, filters, marking
from kamdocs.insights import pricing
from kamdocs.ir.typography import typeset
from kamdocs.templating import markup
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Renderer
from kamdocs.templating.formatting import Formatter
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import read_library_block, safe_content_path

# Parts and the two blocks that are not parts (objectives, value), in domain.md §5 order:
# the order of the "additional information" chapter of the tender layout.
PART_ORDER = ("context", "objectives", "solution", "methodology", "planning", "team", "value",
              "pricing", "guarantees", "references", "risks")  # fmt: skip
COMPLIANCE_RAG = {"compliant": "green", "partial": "amber", "non_compliant": "red"}
MAX_GANTT_MONTHS = 12  # longer timelines are drawn by quarter


# --- library blocks (annexes and CVs) ------------------------------------------------------


@dataclass(frozen=True)
class LibraryBlock:
    """A Markdown block of content/library named by the proposal (an annex or a CV).

    `loc` is where the proposal names it; `language` and `review_by` come from the block's
    front matter (None when absent).
    """

    kind: Literal["annex", "cv"]
    loc: tuple[str | int, ...]
    path: str
    title: str
    body: str
    language: str | None = None
    review_by: dt.date | None = None


def library_blocks(proposal: m.Proposal, content_dir: Path) -> list[LibraryBlock]:
    """Return the annexes then the CVs (once each) the proposal names, read from content/.

    Paths that cannot be read are skipped: `checks.paths.proposal_paths` reports them as errors.
    """
    wanted: list[tuple[Literal["annex", "cv"], tuple[str | int, ...], str, str | None]] = [
        ("annex", ("annexes", i), path, None) for i, path in enumerate(proposal.annexes)
    ]
    wanted += [("cv", ("team", i, "cv"), member.cv, member.name)
               for i, member in enumerate(proposal.team) if member.cv]  # fmt: skip
    blocks: list[LibraryBlock] = []
    seen: set[str] = set()
    for kind, loc, relative, person in wanted:
        path, _ = safe_content_path(content_dir, relative)
        if path is None or relative in seen:
            continue
        seen.add(relative)
        meta, body = read_library_block(path)
        title = meta.get("title")
        default = f"CV — {person}" if person else Path(relative).stem
        blocks.append(LibraryBlock(
            kind, loc, relative, str(title) if title else default, body.strip(),
            str(meta["language"]) if meta.get("language") else None,
            _as_date(meta.get("review_by")),
        ))  # fmt: skip
    return blocks


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- tender layout -------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    """One award criterion (level 1) or sub-criterion (level 2+) of the mémoire technique.

    `parts` are the proposal parts placed here (present ones, each at its first mention);
    `price` says the chapter holds the financial offer and the buyer's price schedule;
    `requirements` are the ids of the requirements whose `section` is this criterion.
    """

    id: str
    name: str
    weight: Decimal
    level: int
    answer: str | None
    parts: tuple[str, ...]
    price: bool
    requirements: tuple[str, ...]


def tender_chapters(
    proposal: m.Proposal, present: dict[str, bool], requirements: dict[str, list[str]]
) -> tuple[list[Chapter], list[str]]:
    """Return (the criteria chapters in the RC's order, the blocks left for "additional
    information" in PART_ORDER). The first price criterion takes the pricing part."""
    tender = proposal.tender
    criteria = list(walk_criteria(tender.criteria if tender else ()))
    price_id = next((c.id for c, _, _ in criteria if c.price), None)
    # The price criterion holds the financial offer even when another criterion names it.
    placed: set[str] = {"pricing"} if price_id else set()
    chapters: list[Chapter] = []
    for criterion, _, level in criteria:
        price = criterion.id == price_id
        parts = []
        for part in criterion.parts:
            if present.get(part) and part not in placed and part != "annexes":
                parts.append(part)
                placed.add(part)
        chapters.append(
            Chapter(
                criterion.id,
                criterion.name,
                criterion.weight,
                level,
                criterion.answer,
                tuple(parts),
                price,
                tuple(requirements.get(criterion.id, ())),
            )
        )
    extras = [k for k in PART_ORDER if present.get(k) and k not in placed]
    return chapters, extras


def requirements_by_section(proposal: m.Proposal) -> dict[str, list[str]]:
    """Return requirement ids by the section (part or criterion id) that answers them."""
    found: dict[str, list[str]] = {}
    tender = proposal.tender
    for req in tender.requirements if tender else ():
        if req.section:
            found.setdefault(req.section, []).append(req.id)
    return found


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
    roles = [t.role for t in (*proposal.team, *account.team, *company.team)
             if t.name == name and t.role]  # fmt: skip
    return {"name": name, "role": roles[0] if roles else None}


def compliance_rows(
    proposal: m.Proposal, labels: Labels, section_titles: dict[str, str]
) -> list[dict[str, Any]]:
    """Return one row per requirement with display texts and its RAG colour."""
    tender = proposal.tender
    rows = []
    for req in tender.requirements if tender else ():
        rows.append({
            "req": req,
            "eliminatory": labels.yes if req.eliminatory else labels.no,
            "compliance": labels[f"comp_{req.compliance}"],
            "rag": COMPLIANCE_RAG[req.compliance],
            "section": section_titles.get(req.section or "", req.section or labels.none),
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


def compliance_sheet(rows: Sequence[dict[str, Any]], labels: Labels) -> dict[str, Any]:
    """Return the compliance matrix as a plain table for the .xlsx writer.

    {title, header, rows (strings), fills (hex or None per cell), widths (characters)}.
    """
    header = (labels.col_id, labels.col_source, labels.col_requirement, labels.col_eliminatory,
              labels.col_criterion, labels.col_compliance, labels.col_justification,
              labels.col_section, labels.col_evidence, labels.owner)  # fmt: skip
    table_rows, fills = [], []
    for row in rows:
        req = row["req"]
        table_rows.append((req.id, req.source or "", req.text, row["eliminatory"],
                           req.criterion or "", row["compliance"], req.justification or "",
                           row["section"], req.evidence or "", req.owner or ""))  # fmt: skip
        fill = RAG_FILL[row["rag"]]
        fills.append(tuple(fill if i == 5 else None for i in range(len(header))))
    return {"title": labels.compliance_sheet, "header": header, "rows": table_rows,
            "fills": fills, "widths": (8, 14, 60, 12, 10, 22, 40, 30, 36, 20)}  # fmt: skip


def compliance_grid(context: dict[str, Any], lang: str) -> dict[str, Any]:
    """Return the compliance matrix of a proposal's `context` (see `proposal_context`) as
    `compliance_sheet` does, for the .xlsx beside the document: the annex's rows."""
    return compliance_sheet(context["compliance"], load_labels(lang, "common", "proposal"))


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
    labels = load_labels(run.lang, "common", "proposal")
    fmt = Formatter(run.lang, settings.currency)
    client = account.name
    tender_mode = proposal.mode == "tender" and proposal.tender is not None
    tender = proposal.tender if tender_mode else None
    totals = pricing.price_proposal(proposal.pricing, settings.vat_rate)
    present: dict[str, bool] = dict(part_presence(proposal, company))
    roi = pricing.roi(proposal.roi, totals)
    present["objectives"] = bool(proposal.objectives)
    present["value"] = roi is not None
    present["letter"] = bool(proposal.cover_letter)
    valid = validity(proposal, run.today)
    requirements = requirements_by_section(proposal) if tender else {}
    chapters, extras = tender_chapters(proposal, present, requirements) if tender else ([], [])

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
    dated_steps = [s for s in proposal.next_steps if s.date]
    upcoming = [s for s in dated_steps if s.date and s.date >= run.today]
    starts = [p.start for p in proposal.planning if p.start]
    references = effective_references(proposal, company)
    rows = compliance_rows(proposal, labels, section_titles) if tender else []
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
    renderer: Renderer,
    *,
    library: Sequence[LibraryBlock] | None = None,
    memoire_only: bool = False,
    context: dict[str, Any] | None = None,
) -> ir.Document:
    """Return the proposal as IR; `memoire_only` keeps the mémoire technique alone (the
    criteria chapters of the tender layout, for counting its pages). `context` is the
    result of `proposal_context` when the caller already has it (None: computed here)."""
    labels = load_labels(run.lang, "common", "proposal")
    fmt = Formatter(run.lang, settings.currency)
    if context is None:
        if library is None:
            library = library_blocks(proposal, run.content_dir)
        context = proposal_context(account, proposal, company, settings, run, library)
    renderer.env.filters.update(filters(fmt, labels))
    renderer.env.filters["for_client"] = lambda text: for_client(text, account.name, run.lang)
    template = "proposal/memoire.md.j2" if memoire_only else "proposal/proposal.md.j2"
    text, tokens = renderer.render(template, context)
    blocks = markup.parse(text, tokens, number_headings=True)
    issue = context["issue_date"]
    header = marking(
        labels,
        False,
        settings.confidentiality.client,
        account.name,
        fmt.date(issue),
        proposal.version,
    )
    meta = ir.Meta(
        title=proposal.title,
        author=account.owner.name if account.owner else company.name,
        subject=labels.proposal_for.format(client=account.name),
        language=run.lang,
        created=f"{run.today.isoformat()}T00:00:00Z",
        header=header,
        footer=company.name,
        page_label=labels.page,
        keywords=proposal.reference or "",
    )
    return typeset(ir.Document(meta, blocks))


# --- page estimate -------------------------------------------------------------------------

# Calibrated on the demo tender against LibreOffice's page count of the same blocks
# (reference.docx: A4, 2 cm margins); an estimate, said to be one wherever it is shown.
WORDS_PER_PAGE = 420
TABLE_ROWS_PER_PAGE = 30
HEADINGS_PER_PAGE = 14


def estimate_pages(blocks: Sequence[ir.Block]) -> Decimal:
    """Return an estimate of the pages `blocks` fill, to one decimal."""
    words = rows = headings = 0
    for block in blocks:
        w, r, h = _measure(block)
        words, rows, headings = words + w, rows + r, headings + h
    pages = (Decimal(words) / WORDS_PER_PAGE + Decimal(rows) / TABLE_ROWS_PER_PAGE
             + Decimal(headings) / HEADINGS_PER_PAGE)  # fmt: skip
    return pricing.round_half_up(pages, Decimal("0.1"))


def _words(inlines: Sequence[ir.Inline]) -> int:
    return sum(len(i.text.split()) for i in inlines if isinstance(i, ir.Text))


def _measure(block: ir.Block) -> tuple[int, int, int]:
    """Return (words outside tables, table rows, headings) of one block."""
    match block:
        case ir.Heading(inlines=inlines):
            return _words(inlines), 0, 1
        case ir.Paragraph(inlines=inlines):
            return _words(inlines), 0, 0
        case ir.ListBlock(items=items):
            return sum(_words(i) for i in items) + 4 * len(items), 0, 0
        case ir.Table(rows=rows):
            # A row is one line per ~12 words in its fullest cell (narrow columns wrap).
            lines = sum(max((max(1, _words(c.inlines) // 12 + 1) for c in row), default=1)
                        for row in rows)  # fmt: skip
            return 0, lines, 0
        case ir.Chart():
            return 0, 12, 0
        case ir.PageBreak():
            return WORDS_PER_PAGE // 2, 0, 0
        case _:
            return 0, 0, 0
