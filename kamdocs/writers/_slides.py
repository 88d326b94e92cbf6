"""Fit the blocks of one slide into its content box, splitting them over continuation pages.

PowerPoint does not say how tall text will be once drawn, so heights are estimated from
character counts: an average glyph is taken as 0.5 em wide (0.55 em in bold) and a line as
1.25 em high. That is on the safe side for Calibri and for Carlito, its metric twin that
LibreOffice uses, so a wrong estimate costs an extra continuation slide, never text running
off the slide. Lists split between items, tables between rows (header rows repeat), charts
never split and share the height a page has left. All geometry is in EMU.

This module is pure: it knows `ir` and numbers, not python-pptx.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from .. import ir

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
GLYPH_EM = 0.5
BOLD_GLYPH_EM = 0.55
LINE_EM = 1.25
INSET_X = 91440  # left and right insets of text boxes and table cells
INSET_Y = 45720  # top and bottom insets
LIST_INDENT = 285750  # hanging indent of list items (0.3125 in)
PARA_GAP_PT = 6  # space before every paragraph but the first of a box
BLOCK_GAP = 137160  # between two blocks stacked on a page (0.15 in)
COLUMN_GAP = 274320  # between side-by-side columns (0.3 in)
CHART_MIN_HEIGHT = 2011680  # 2.2 in
COLUMN_MIN_HEIGHT = 1371600  # columns start on a new page when less room is left (1.5 in)
IMAGE_HEIGHT = 1097280  # 1.2 in
TABLE_PT = 12
SMALL_TABLE_PT = 11  # tables of more than 6 columns

UnitKind = Literal["para", "bullet", "number", "heading", "note"]
PlacedKind = Literal["text", "table", "chart", "image"]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TextUnit:
    """One paragraph of a text box: a paragraph, a list item or a heading."""

    inlines: tuple[ir.Inline, ...]
    kind: UnitKind = "para"
    number: int = 0  # position in a numbered list, from 1
    align: str | None = None


@dataclass
class Placed:
    """One shape of a page: its content and its box (relative until the page is finished).

    `payload` is a tuple of TextUnit (text), an ir.Table holding only this page's rows, an
    ir.Chart or an ir.Image. `size_pt` is the base font size of text and tables; `widths`
    and `heights` are a table's column widths and row heights.
    """

    kind: PlacedKind
    payload: Any
    x: int
    y: int
    w: int
    h: int
    size_pt: float = 0
    flex: bool = False
    widths: tuple[int, ...] = ()
    heights: tuple[int, ...] = ()


Page = list[Placed]


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


def chars_per_line(width_emu: int, size_pt: float, bold: bool = False) -> int:
    glyph = size_pt * (BOLD_GLYPH_EM if bold else GLYPH_EM) * EMU_PER_PT
    return max(1, int(width_emu / glyph))


def count_lines(text: str, capacity: int) -> int:
    """Return how many lines `text` takes when wrapped greedily at `capacity` characters."""
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0
        for word in line.split(" "):
            size = len(word)
            if used == 0:
                used = size
            elif used + 1 + size <= capacity:
                used += 1 + size
                continue
            else:
                lines += 1
                used = size
            while used > capacity:  # a word longer than a line breaks anywhere
                lines += 1
                used -= capacity
        total += lines
    return total


def unit_height(unit: TextUnit, width: int, base_pt: float) -> int:
    """Return the height of one paragraph in a box `width` wide (insets excluded)."""
    size = unit_size(unit, base_pt)
    usable = width - 2 * INSET_X - (LIST_INDENT if unit.kind in ("bullet", "number") else 0)
    bold = unit.kind == "heading" or _all_bold(unit.inlines)
    lines = count_lines(plain_text(unit.inlines), chars_per_line(usable, size, bold))
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


def block_units(block: ir.Block) -> list[TextUnit]:
    """Return the paragraphs of a text block; empty for blocks that are not text."""
    match block:
        case ir.Paragraph(inlines=inlines, style=style, align=align):
            kind: UnitKind = "note" if style in ("note", "caption") else (
                "heading" if style in ("title", "subtitle") else "para")
            return [TextUnit(inlines, kind, align=align)] if inlines else []
        case ir.Heading(inlines=inlines):
            return [TextUnit(inlines, "heading")]
        case ir.ListBlock(items=items, ordered=ordered):
            kind = "number" if ordered else "bullet"
            return [TextUnit(item, kind, i + 1) for i, item in enumerate(items)]
    return []


def split_unit(unit: TextUnit, max_chars: int) -> list[TextUnit]:
    """Return `unit` cut at word boundaries into pieces of at most about `max_chars`."""
    pieces: list[list[ir.Inline]] = [[]]
    used = 0
    for inline in unit.inlines:
        if isinstance(inline, ir.LineBreak):
            pieces[-1].append(inline)
            used += 1
            continue
        words = inline.text.split(" ")
        for i, word in enumerate(words):
            text = word if i == len(words) - 1 else word + " "
            if used and used + len(text) > max_chars:
                pieces.append([])
                used = 0
            pieces[-1].append(replace(inline, text=text))
            used += len(text)
    return [replace(unit, inlines=tuple(p), number=unit.number if i == 0 else 0,
                    kind="para" if i and unit.kind in ("bullet", "number") else unit.kind)
            for i, p in enumerate(pieces) if p]


def table_widths(table: ir.Table, width: int) -> tuple[int, ...]:
    """Return column widths in EMU: the table's relative widths, else weights from content."""
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
    if widths:
        widths[-1] += width - sum(widths)
    return tuple(widths)


def row_height(row: Sequence[ir.Cell], widths: Sequence[int], size_pt: float,
               header: bool) -> int:
    lines = 1
    for cell, width in zip(row, widths, strict=False):
        capacity = chars_per_line(width - 2 * INSET_X, size_pt, header or cell.bold)
        lines = max(lines, count_lines(plain_text(cell.inlines), capacity))
    return lines * line_height(size_pt) + 2 * INSET_Y


def chart_min_height(chart: ir.Chart) -> int:
    """Return the least height that keeps a chart readable: bar charts grow with their bars."""
    if chart.kind in ("bar", "stacked_bar"):
        bars = len(chart.categories) * (len(chart.series) if chart.kind == "bar" else 1)
        return max(CHART_MIN_HEIGHT, int(EMU_PER_INCH * (0.9 + 0.13 * bars)))
    return CHART_MIN_HEIGHT


class _Flow:
    """Stacks blocks top to bottom in a column `width` wide, opening pages as needed."""

    def __init__(self, width: int, first_height: int, height: int, text_pt: float):
        self.width = width
        self.first_height = first_height
        self.height = height
        self.text_pt = text_pt
        self.pages: list[Page] = [[]]
        self.y = 0

    @property
    def page_height(self) -> int:
        return self.first_height if len(self.pages) == 1 else self.height

    def gap(self) -> int:
        return BLOCK_GAP if self.pages[-1] else 0

    def room(self) -> int:
        return self.page_height - self.y - self.gap()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = 0

    def put(self, item: Placed) -> None:
        item.y = self.y + self.gap()
        self.pages[-1].append(item)
        self.y = item.y + item.h

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[ir.Block]) -> None:
        pending: list[TextUnit] = []
        for block in blocks:
            units = block_units(block)
            if units:
                pending.extend(units)
                continue
            self.text(pending)
            pending = []
            match block:
                case ir.Table():
                    self.table(block)
                case ir.Chart():
                    self.chart(block)
                case ir.Image():
                    self.image(block)
                case ir.Columns():
                    self.columns(block)
        self.text(pending)

    def text(self, units: Sequence[TextUnit]) -> None:
        chunk: list[TextUnit] = []
        for unit in units:
            for piece in self._fitting_pieces(unit):
                if chunk and text_height([*chunk, piece], self.width, self.text_pt) > self.room():
                    self._put_text(chunk)
                    chunk = []
                    self.new_page()
                elif not chunk and self.pages[-1] and \
                        text_height([piece], self.width, self.text_pt) > self.room():
                    self.new_page()
                chunk.append(piece)
        if chunk:
            self._put_text(chunk)

    def _fitting_pieces(self, unit: TextUnit) -> list[TextUnit]:
        """Return `unit` as is, or cut when even a whole page could not hold it."""
        limit = min(self.first_height, self.height)
        if text_height([unit], self.width, self.text_pt) <= limit:
            return [unit]
        size = unit_size(unit, self.text_pt)
        lines = max(1, (limit - 2 * INSET_Y) // line_height(size) - 1)
        capacity = chars_per_line(self.width - 2 * INSET_X - LIST_INDENT, size, True)
        return split_unit(unit, max(1, int(lines * capacity * 0.85)))

    def _put_text(self, units: list[TextUnit]) -> None:
        height = text_height(units, self.width, self.text_pt)
        self.put(Placed("text", tuple(units), 0, 0, self.width, height, self.text_pt))

    def table(self, table: ir.Table) -> None:
        if not table.rows:
            return
        columns = max(len(r) for r in table.rows)
        size = TABLE_PT if columns <= 6 else SMALL_TABLE_PT
        widths = table_widths(table, self.width)
        header_count = min(table.header_rows, len(table.rows))
        heights = [row_height(r, widths, size, i < header_count) for i, r in enumerate(table.rows)]
        header, body = list(table.rows[:header_count]), list(table.rows[header_count:])
        header_h = sum(heights[:header_count])
        first_body = heights[header_count] if body else 0
        if self.pages[-1] and header_h + first_body > self.room():
            self.new_page()
        rows, row_hs = list(header), list(heights[:header_count])
        for row, height in zip(body, heights[header_count:], strict=True):
            if len(rows) > header_count and sum(row_hs) + height > self.room():
                self._put_table(table, rows, row_hs, header_count, widths, size)
                self.new_page()
                rows, row_hs = list(header), list(heights[:header_count])
            rows.append(row)
            row_hs.append(height)
        self._put_table(table, rows, row_hs, header_count, widths, size)

    def _put_table(self, table: ir.Table, rows: list[tuple[ir.Cell, ...]], heights: list[int],
                   header_count: int, widths: tuple[int, ...], size: float) -> None:
        part = ir.Table(tuple(rows), header_count, table.widths, table.caption)
        self.put(Placed("table", part, 0, 0, self.width, sum(heights), size, widths=widths,
                        heights=tuple(heights)))

    def chart(self, chart: ir.Chart) -> None:
        height = min(chart_min_height(chart), self.height, self.first_height)
        if self.pages[-1] and height > self.room():
            self.new_page()
        self.put(Placed("chart", chart, 0, 0, self.width, height, flex=True))

    def image(self, image: ir.Image) -> None:
        height = min(IMAGE_HEIGHT, self.height)
        if self.pages[-1] and height > self.room():
            self.new_page()
        self.put(Placed("image", image, 0, 0, self.width, height))

    def columns(self, block: ir.Columns) -> None:
        count = len(block.columns)
        if count == 0:
            return
        width = (self.width - (count - 1) * COLUMN_GAP) // count
        size = body_size(count)
        heads = [TextUnit((ir.Text(h, bold=True),), "heading") for h in block.headings]
        head_h = max((text_height([h], width, size) for h in heads), default=0)
        if self.pages[-1] and self.room() < head_h + COLUMN_MIN_HEIGHT:
            self.new_page()
        top = self.y + self.gap()
        flows = []
        for column in block.columns:
            flow = _Flow(width, self.page_height - top - head_h, self.height - head_h, size)
            flow.blocks(column)
            flows.append(flow.finish())
        for k in range(max(len(pages) for pages in flows)):
            if k:
                self.new_page()
                top = 0
            used = 0
            for i, pages in enumerate(flows):
                x = i * (width + COLUMN_GAP)
                if i < len(heads):
                    self.pages[-1].append(Placed("text", (heads[i],), x, top, width, head_h, size))
                for item in pages[k] if k < len(pages) else []:
                    self.pages[-1].append(replace(item, x=x + item.x, y=top + head_h + item.y,
                                                  flex=False))
                    used = max(used, item.y + item.h)
            self.y = top + head_h + used

    # -- end ---------------------------------------------------------------------------------

    def finish(self) -> list[Page]:
        """Return the pages, each chart grown to share the height its page has left."""
        for k, page in enumerate(self.pages):
            flexible = [item for item in page if item.flex]
            if not flexible:
                continue
            height = self.first_height if k == 0 else self.height
            spare = height - max(item.y + item.h for item in page)
            share = spare // len(flexible)
            if share <= 0:
                continue
            tops = [item.y for item in page]
            flex_tops = [item.y for item in flexible]
            for item, top in zip(page, tops, strict=True):
                item.y += share * sum(1 for f in flex_tops if f < top)
                if item.flex:
                    item.h += share
        return self.pages if any(self.pages) else [[]]


def lay_out(blocks: Sequence[ir.Block], box: Box) -> list[Page]:
    """Return the pages that `blocks` take in `box`, shapes in slide coordinates.

    Always at least one page (an empty one when there is nothing to place).
    """
    flow = _Flow(box.w, box.h, box.h, body_size(1))
    flow.blocks(blocks)
    pages = flow.finish()
    return [[replace(p, x=p.x + box.x, y=p.y + box.y) for p in page] for page in pages]
