"""The submission pack of a tender (proposal --pack): its file names, the buyer's price
schedule as a workbook sheet, and the checklist of what the pack holds.

Pure functions: `building.pack` reads and writes the files and runs LibreOffice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kamdocs.documents.proposal import schedule_columns
from kamdocs.insights import pricing
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.formatting import Formatter
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m

# The pack's own outputs a required piece may name instead of a file under content/.
OUTPUTS = ("memoire", "compliance", "price_schedule")
MEGABYTE = 1_000_000  # platforms count in decimal megabytes; the smaller unit is the safe one


def slug(text: str) -> str:
    """Return `text` as a file-name piece: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _safe(text: str) -> str:
    """Return `text` with only the characters every platform accepts in a file name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-.")


def file_namer(tender: m.Tender, proposal_id: str, company: str) -> Any:
    """Return name(piece, extension) filling `tender.file_pattern` (default
    `{reference}_{lot}_{piece}`, or `{reference}_{piece}` without a lot): `{piece}` is the
    piece's name in lower case with hyphens; every name is unique in the pack."""
    pattern = tender.file_pattern or ("{reference}_{lot}_{piece}" if tender.lot else
                                      "{reference}_{piece}")  # fmt: skip
    fields = {"reference": _safe(tender.reference or proposal_id), "lot": _safe(tender.lot or ""),
              "company": _safe(company)}  # fmt: skip
    used: set[str] = set()

    def name(piece: str, extension: str) -> str:
        stem = pattern.format_map({**fields, "piece": slug(piece)})
        stem = re.sub(r"[_-]{2,}", lambda s: s[0][0], _safe(stem)) or slug(piece)
        candidate, n = f"{stem}{extension}", 1
        while candidate.lower() in used:
            n += 1
            candidate = f"{stem}-{n}{extension}"
        used.add(candidate.lower())
        return candidate

    return name


def pattern_problem(tender: m.Tender) -> str | None:
    """Return the first unknown field of `tender.file_pattern`, or None when it is valid."""
    for field in re.findall(r"\{([^{}]*)\}", tender.file_pattern or ""):
        if field not in ("reference", "lot", "piece", "company"):
            return field
    return None


def price_schedule_sheet(proposal: m.Proposal, lang: str, currency: str) -> dict[str, Any]:
    """Return the buyer's price schedule as a plain table for the .xlsx writer, its columns
    in the buyer's order (`price_columns`), then the total of the firm lines."""
    tender = proposal.tender
    assert tender is not None
    labels = load_labels(lang, "common", "proposal")
    fmt = Formatter(lang, currency)
    heads = {
        "code": labels.code,
        "label": labels.designation,
        "unit": labels.unit,
        "quantity": labels.qty,
        "unit_price": labels.unit_price,
        "total": labels.amount_ht,
    }
    widths = {"code": 8, "label": 50, "unit": 12, "quantity": 10, "unit_price": 18, "total": 18}
    columns = schedule_columns(tender)
    rows = []
    for line in tender.price_schedule:
        amount = pricing.line_total(line.quantity, line.unit_price)
        label = line.label + (f" — {labels.optional}" if line.optional else "")
        cells = {"code": line.code, "label": label, "unit": line.unit or "",
                 "quantity": fmt.number(line.quantity), "unit_price": fmt.money(line.unit_price),
                 "total": fmt.money(amount)}  # fmt: skip
        rows.append(tuple(cells[c] for c in columns))
    total = pricing.dqe_total([x for x in tender.price_schedule if not x.optional])
    rows.append(tuple(labels.total_ht if c == "label" else fmt.money(total) if c == "total"
                      else "" for c in columns))  # fmt: skip
    return {"title": labels.price_schedule, "header": tuple(heads[c] for c in columns),
            "rows": rows, "widths": tuple(widths[c] for c in columns)}  # fmt: skip


@valueclass(frozen=True)
class Piece:
    """A required piece: its name, what it names (`file`), and the pack file holding it."""

    piece: str
    file: str
    found: str | None


@valueclass(frozen=True)
class Checklist:
    """What the checklist reports: the pieces, the mémoire's pages, the pack's size, what was
    allowed deliberately, and the files with their sizes."""

    title: str
    pieces: Sequence[Piece]
    pages: int | None
    page_limit: int | None
    counted: bool
    size: int
    max_size_mb: Decimal | None
    allowed: Sequence[str]
    files: Sequence[tuple[str, int]]


def checklist_lines(checklist: Checklist, lang: str) -> list[str]:
    """Return the checklist as Markdown lines (the pack's checklist file, and the output of
    the command)."""
    L: Labels = load_labels(lang, "common", "proposal")
    fmt = Formatter(lang, "EUR")
    c = checklist
    lines = [f"# {L.pack_checklist} — {c.title}", "", f"## {L.pack_pieces}", ""]
    for p in c.pieces:
        mark = "x" if p.found else " "
        state = f"{L.pack_present} : {p.found}" if p.found else f"{L.pack_missing} ({p.file})"
        lines.append(f"- [{mark}] {p.piece} — {state}")
    if not c.pieces:
        lines.append(f"- {L.pack_no_pieces}")
    lines += ["", f"## {L.pack_checks}", ""]
    if c.pages is not None:
        how = L.pack_counted if c.counted else L.pack_estimated
        verdict = (
            ""
            if c.page_limit is None
            else f" / {c.page_limit} — {L.pack_ok if c.pages <= c.page_limit else L.pack_over}"
        )
        lines.append(f"- {L.pack_pages} : {c.pages}{verdict} ({how})")
    size = fmt.number(Decimal(c.size) / MEGABYTE, 2)
    limit = (f" / {fmt.number(c.max_size_mb)} — "
             f"{L.pack_ok if c.size <= c.max_size_mb * MEGABYTE else L.pack_over}"
             if c.max_size_mb is not None else "")  # fmt: skip
    lines.append(f"- {L.pack_size} : {size} Mo{limit}" if lang == "fr" else
                 f"- {L.pack_size}: {size} MB{limit}")  # fmt: skip
    if c.allowed:
        lines += ["", f"## {L.pack_allowed}", ""]
        lines += [f"- {text}" for text in c.allowed]
    lines += ["", f"## {L.pack_files}", ""]
    lines += [f"- {name} ({fmt.number(Decimal(n) / 1000, 1)} ko)" for name, n in c.files]
    return [line.replace(" : ", ": ") if lang != "fr" else line for line in lines]
