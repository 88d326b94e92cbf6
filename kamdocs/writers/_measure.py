"""Estimate how much room text, tables and charts take on a slide, before any font draws them.

Widths come from a table of glyph widths, DejaVu Sans's rounded up into a few classes: the
widest of the sans-serif fonts a deck is likely to be shown in (LibreOffice falls back on it
when neither Calibri nor Carlito is installed). Text measured this way fits in Calibri,
Carlito, Arial or Liberation Sans too, only with room to spare. Bold is taken 10 % wider,
titles are measured as bold, letters with accents count as their base letter and characters
of the CJK ranges as one em. A line is 1.25 em high (Calibri needs 1.22 em).

The estimates err on the safe side: a wrong one costs an extra continuation slide, never text
running off the slide. All geometry is in EMU. This module knows `ir` and numbers only.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Literal

from kamdocs import ir
from kamdocs.memo import Memo
from kamdocs.valueclass import valueclass

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
LINE_EM = 1.25
INSET_X = 91440  # left and right insets of text boxes and table cells
INSET_Y = 45720  # top and bottom insets
LIST_INDENT = 285750  # hanging indent of bulleted items (0.3125 in)
NUMBER_INDENT = 411480  # hanging indent of numbered items, room for "10." (0.45 in)
PARA_GAP_PT = 6  # space before every paragraph but the first of a box
CHART_MIN_HEIGHT = 2011680  # 2.2 in
TABLE_PT = 12
SMALL_TABLE_PT = 11  # tables of more than 6 columns
SHORT_WORD = 12  # cell words up to this length are kept whole when columns allow

BOLD_FACTOR = 1.1
SAFETY = 1.03  # rounding of the classes, kerning left aside
DEFAULT_EM = 0.66
_CLASSES: tuple[tuple[str, float], ...] = (
    ("ijlIJ'|`", 0.29),
    (" ,.:;", 0.33),
    ("f()[]{}-!", 0.40),
    ('tr/\\"', 0.42),
    ("szc*", 0.55),
    ("kvxy?_^~", 0.60),
    ("aeoFL", 0.63),
    ("bdghnpqu0123456789€$£#STYEZ<>", 0.65),
    ("ABCKPRVX&", 0.70),
    ("DGHNUOQ", 0.79),
    ("wM+=@", 0.84),
    ("mW%", 0.99),
)
_WIDTHS = {char: width for chars, width in _CLASSES for char in chars}


@cache
def char_em(char: str) -> float:
    """Return the estimated advance width of one character, in em (regular weight)."""
    found = _WIDTHS.get(char)
    if found is not None:
        return found
    if ord(char) >= 0x2E80:
        return 1.0
    base = unicodedata.normalize("NFD", char)[:1]
    return _WIDTHS.get(base, DEFAULT_EM)


def text_em(text: str, bold: bool = False) -> float:
    """Return the estimated width of `text` in em."""
    width = _KNOWN_EM.get(text)
    if width is None:  # a deck measures the same words many times while it pages and fits
        width = _KNOWN_EM.keep(text, sum(char_em(c) for c in text))
    width *= SAFETY
    return width * BOLD_FACTOR if bold else width


KNOWN_EM_KEPT = 50_000  # texts (mostly words) whose summed widths are kept (a count)
_KNOWN_EM: Memo[str, float] = Memo(KNOWN_EM_KEPT)


def count_lines(text: str, capacity_em: float, bold: bool = False) -> int:
    """Return how many lines `text` takes when wrapped greedily at word boundaries in a line
    `capacity_em` wide; "\\n" starts a new line, a word wider than a line breaks anywhere."""
    space = text_em(" ", bold)
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0.0
        for word in line.split(" "):
            size = text_em(word, bold)
            if used == 0:
                used = size
            elif used + space + size <= capacity_em:
                used += space + size
                continue
            else:
                lines += 1
                used = size
            while used > capacity_em:
                lines += 1
                used -= capacity_em
        total += lines
    return total


UnitKind = Literal["para", "bullet", "number", "heading", "note", "title"]


@valueclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h


@valueclass(frozen=True)
class TextUnit:
    """One paragraph of a text box: a paragraph, a list item, a heading or a title."""

    inlines: tuple[ir.Inline, ...]
    kind: UnitKind = "para"
    number: int = 0  # position in a numbered list, from 1
    align: str | None = None


def body_size(columns: int) -> float:
    """Return the body text size in points for a box holding `columns` side-by-side columns."""
    return 18 if columns <= 1 else 16 if columns == 2 else 14


def unit_size(unit: TextUnit, base_pt: float) -> float:
    """Return the font size of a paragraph: headings larger, notes smaller than `base_pt`."""
    if unit.kind == "heading":
        return base_pt + 2
    if unit.kind == "note":
        return max(base_pt - 4, 10)
    return base_pt


def line_height(size_pt: float) -> int:
    return math.ceil(size_pt * LINE_EM * EMU_PER_PT)


def plain_text(inlines: Iterable[ir.Inline]) -> str:
    return "".join(i.text if isinstance(i, ir.Text) else "\n" for i in inlines)


def _all_bold(inlines: Sequence[ir.Inline]) -> bool:
    texts = [i for i in inlines if isinstance(i, ir.Text) and i.text.strip()]
    return bool(texts) and all(t.bold for t in texts)


def capacity_em(width_emu: int, size_pt: float) -> float:
    """Return how many em of text at `size_pt` a line `width_emu` wide holds."""
    return max(width_emu, 0) / (size_pt * EMU_PER_PT)


def list_indent(kind: UnitKind) -> int:
    """Return the hanging indent of a paragraph kind (0 for paragraphs and headings)."""
    return LIST_INDENT if kind == "bullet" else NUMBER_INDENT if kind == "number" else 0


def unit_height(unit: TextUnit, width: int, base_pt: float) -> int:
    """Return the height of one paragraph in a box `width` wide (insets excluded)."""
    size = unit_size(unit, base_pt)
    usable = width - 2 * INSET_X - list_indent(unit.kind)
    bold = unit.kind in ("heading", "title") or _all_bold(unit.inlines)
    lines = count_lines(plain_text(unit.inlines), capacity_em(usable, size), bold)
    return lines * line_height(size)


def text_height(units: Sequence[TextUnit], width: int, base_pt: float) -> int:
    """Return the height of a text box holding `units`, insets and paragraph gaps included."""
    inner = sum(unit_height(u, width, base_pt) for u in units)
    return 2 * INSET_Y + inner + PARA_GAP_PT * EMU_PER_PT * max(len(units) - 1, 0)


def fit_size(units: Sequence[TextUnit], box: Box, start_pt: float, min_pt: float) -> float:
    """Return the largest size from `start_pt` down to `min_pt` (2-pt steps) whose text fits
    in `box`; `min_pt` when none does. Used for titles and title-slide text only."""
    size = start_pt
    while size > min_pt and text_height(units, box.w, size) > box.h:
        size -= 2
    return max(size, min_pt)


def table_widths(table: ir.Table, width: int, size_pt: float = TABLE_PT) -> tuple[int, ...]:
    """Return column widths in EMU: the table's relative widths, else weights from content.

    A column is widened, at the expense of the others, until no word of its header and no
    short word of its cells (dates, amounts: up to SHORT_WORD characters) breaks.
    """
    columns = max((len(r) for r in table.rows), default=0)
    if table.widths:
        weights = [float(w) for w in table.widths[:columns]]
        weights += [1.0] * (columns - len(weights))
    else:
        weights = [4.0] * columns
        for row in table.rows:
            for j, cell in enumerate(row):
                weights[j] = max(weights[j], min(len(plain_text(cell.inlines)), 40))
    total = sum(weights) or 1.0
    widths = [int(width * w / total) for w in weights]
    need = [0] * columns
    for i, row in enumerate(table.rows):
        header = i < table.header_rows
        for j, cell in enumerate(row):
            bold = header or cell.bold
            words = [
                w for w in plain_text(cell.inlines).split(" ") if header or len(w) <= SHORT_WORD
            ]
            longest = max((text_em(w, bold) for w in words), default=0.0)
            need[j] = max(need[j], math.ceil(longest * size_pt * EMU_PER_PT) + 2 * INSET_X)
    for j in range(columns):
        while widths[j] < need[j]:
            donor = max(range(columns), key=lambda k: widths[k] - need[k])
            spare = widths[donor] - need[donor]
            if donor == j or spare <= 0:
                break
            moved = min(spare, need[j] - widths[j])
            widths[donor] -= moved
            widths[j] += moved
    if widths:
        widths[-1] += width - sum(widths)
    return tuple(widths)


def row_height(row: Sequence[ir.Cell], widths: Sequence[int], size_pt: float, header: bool) -> int:
    lines = 1
    for cell, width in zip(row, widths, strict=False):
        capacity = capacity_em(width - 2 * INSET_X, size_pt)
        lines = max(lines, count_lines(plain_text(cell.inlines), capacity, header or cell.bold))
    return lines * line_height(size_pt) + 2 * INSET_Y


def chart_min_height(chart: ir.Chart) -> int:
    """Return the least height that keeps a chart readable: bar charts grow with their bars."""
    if chart.kind in ("bar", "stacked_bar"):
        bars = len(chart.categories) * (len(chart.series) if chart.kind == "bar" else 1)
        return max(CHART_MIN_HEIGHT, int(EMU_PER_INCH * (0.9 + 0.13 * bars)))
    return CHART_MIN_HEIGHT
