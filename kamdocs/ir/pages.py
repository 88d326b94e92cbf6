"""An estimate of how many pages a sequence of blocks fills, without laying it out."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from kamdocs.ir import nodes as ir

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
    return pages.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


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
