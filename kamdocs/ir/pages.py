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


# Contents entries per page (one line each, with spacing).
CONTENTS_LINES_PER_PAGE = 36


def start_pages(blocks: Sequence[ir.Block]) -> list[int]:
    """Return an estimate of the page (1-based) each block starts on.

    The same measure as `estimate_pages`, except that a page break moves on to the next
    page and a contents block counts one line per heading of levels 1-2.
    """
    entries = sum(1 for b in blocks if isinstance(b, ir.Heading) and b.level <= 2)
    used = Decimal(0)  # pages filled before the current block, from the first page's top
    starts = []
    for block in blocks:
        starts.append(int(used) + 1)
        if isinstance(block, ir.PageBreak):
            used = Decimal(int(used) + 1)
            continue
        if isinstance(block, ir.TableOfContents):
            used += Decimal(entries + 2) / CONTENTS_LINES_PER_PAGE
            continue
        w, r, h = _measure(block)
        used += (Decimal(w) / WORDS_PER_PAGE + Decimal(r) / TABLE_ROWS_PER_PAGE
                 + Decimal(h) / HEADINGS_PER_PAGE)  # fmt: skip
    return starts


def estimated_page_count(blocks: Sequence[ir.Block]) -> int:
    """Return an estimate of the number of pages `blocks` fill (at least 1)."""
    return page_estimates(blocks)[1]


def page_estimates(blocks: Sequence[ir.Block]) -> tuple[list[int], int]:
    """Return `start_pages(blocks)` and `estimated_page_count(blocks)`, measured once."""
    starts = start_pages((*blocks, ir.PageBreak()))
    return starts[:-1], max(1, starts[-1])
