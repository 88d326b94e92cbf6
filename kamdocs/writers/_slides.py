"""Fit the blocks of one slide into its content box, splitting them over continuation pages.

Heights come from `_measure`. Lists split between items, tables between rows (header rows
repeat), charts never split and share the height a page has left; columns flow side by side
and continue together. All geometry is in EMU. This module knows `ir` and numbers only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, Literal

from kamdocs import ir
from kamdocs.valueclass import valueclass
from kamdocs.writers._measure import (
    EMU_PER_PT,
    INSET_X,
    INSET_Y,
    NUMBER_INDENT,
    PARA_GAP_PT,
    SMALL_TABLE_PT,
    TABLE_PT,
    Box,
    TextUnit,
    UnitKind,
    body_size,
    capacity_em,
    chart_min_height,
    line_height,
    row_height,
    table_widths,
    text_height,
    unit_size,
)

WIDEST_EM = 0.7  # average width assumed when cutting text into pieces
BLOCK_GAP = 137160  # between two blocks stacked on a page (0.15 in)
COLUMN_GAP = 274320  # between side-by-side columns (0.3 in)
COLUMN_MIN_HEIGHT = 1371600  # columns start on a new page when less room is left (1.5 in)
IMAGE_HEIGHT = 1097280  # 1.2 in
CHART_SQUEEZE = 0.7  # a chart gets down to this share of its least height rather than move
FILL_TARGET = 0.5  # a page whose shapes cover less of its box than this gets larger type
GROW_STEP = 0.1
AIR_GAP_MAX = 48  # points between two paragraphs spaced out to use a page
ROW_AIR_MAX = 1.0  # a table's row aired out grows by its own height at most (to twice it)
GROW_MAX = 1.8  # 18 pt body text grows to 32 pt at most, 12 pt tables to about 21 pt

PlacedKind = Literal["text", "table", "chart", "image"]


@valueclass
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
    gap_pt: float = PARA_GAP_PT  # space before every paragraph but the first (text)


Page = list[Placed]


def block_units(block: ir.Block) -> list[TextUnit]:
    """Return the paragraphs of a text block; empty for blocks that are not text."""
    match block:
        case ir.Paragraph(inlines=inlines, style=style, align=align):
            kind: UnitKind = (
                "note"
                if style in ("note", "caption")
                else ("heading" if style in ("title", "subtitle") else "para")
            )
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
    return [
        replace(
            unit,
            inlines=tuple(p),
            number=unit.number if i == 0 else 0,
            kind="para" if i and unit.kind in ("bullet", "number") else unit.kind,
        )
        for i, p in enumerate(pieces)
        if p
    ]


class _Flow:
    """Stacks blocks top to bottom in a column `width` wide, opening pages as needed."""

    def __init__(
        self, width: int, first_height: int, height: int, text_pt: float, grow: float = 1.0
    ):
        self.grow = grow
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
                elif (
                    not chunk
                    and self.pages[-1]
                    and text_height([piece], self.width, self.text_pt) > self.room()
                ):
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
        capacity = capacity_em(self.width - 2 * INSET_X - NUMBER_INDENT, size) / WIDEST_EM
        return split_unit(unit, max(1, int(lines * capacity * 0.85)))

    def _put_text(self, units: list[TextUnit]) -> None:
        height = text_height(units, self.width, self.text_pt)
        self.put(Placed("text", tuple(units), 0, 0, self.width, height, self.text_pt))

    def table(self, table: ir.Table) -> None:
        if not table.rows:
            return
        columns = max(len(r) for r in table.rows)
        size = round((TABLE_PT if columns <= 6 else SMALL_TABLE_PT) * self.grow)
        widths = table_widths(table, self.width, size)
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

    def _put_table(
        self,
        table: ir.Table,
        rows: list[tuple[ir.Cell, ...]],
        heights: list[int],
        header_count: int,
        widths: tuple[int, ...],
        size: float,
    ) -> None:
        part = ir.Table(tuple(rows), header_count, table.widths, table.caption)
        self.put(
            Placed(
                "table",
                part,
                0,
                0,
                self.width,
                sum(heights),
                size,
                widths=widths,
                heights=tuple(heights),
            )
        )

    def chart(self, chart: ir.Chart) -> None:
        height = min(chart_min_height(chart), self.height, self.first_height)
        if self.pages[-1] and height > self.room():
            if self.room() >= int(height * CHART_SQUEEZE):  # a little shorter, on this page
                height = self.room()
            else:
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
        size = round(body_size(count) * self.grow)
        heads = [TextUnit((ir.Text(h, bold=True),), "heading") for h in block.headings]
        head_h = max((text_height([h], width, size) for h in heads), default=0)
        if self.pages[-1] and self.room() < head_h + COLUMN_MIN_HEIGHT:
            self.new_page()
        top = self.y + self.gap()
        flows = []
        for column in block.columns:
            flow = _Flow(
                width, self.page_height - top - head_h, self.height - head_h, size, self.grow
            )
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
                    self.pages[-1].append(
                        replace(item, x=x + item.x, y=top + head_h + item.y, flex=False)
                    )
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


def covered(page: Page, box: Box) -> float:
    """Return the share of `box` that the shapes of `page` cover (they never overlap)."""
    return sum(p.w * p.h for p in page) / (box.w * box.h) if box.w and box.h else 0.0


def _air_tables(page: Page, box: Box) -> None:
    """Give the body rows of a page's tables the height the page still lacks to cover
    FILL_TARGET of its box (a table of two decisions reads as two roomy rows), moving the
    shapes below them down; the page never grows past its box, and a row never past
    1 + ROW_AIR_MAX times its height (a table of one line stays a line, not a band)."""
    tables = [
        p
        for p in page
        if p.kind == "table" and p.w == box.w and len(p.heights) > p.payload.header_rows
    ]
    if not tables:
        return
    missing = FILL_TARGET * box.w * box.h - sum(p.w * p.h for p in page)
    room = box.h - max(p.y + p.h for p in page)
    extra = min(room, int(missing / sum(t.w for t in tables)) + 1)
    if extra <= 0:
        return
    share = extra // len(tables)
    for table in sorted(tables, key=lambda t: t.y):
        header = table.payload.header_rows
        body = len(table.heights) - header
        each = share // body
        grown = (
            *table.heights[:header],
            *(h + min(each, int(h * ROW_AIR_MAX)) for h in table.heights[header:]),
        )
        added = sum(grown) - sum(table.heights)
        _push_below(page, table, added)
        table.heights = grown
        table.h += added


def _push_below(page: Page, item: Placed, added: int) -> None:
    """Move down the shapes under `item` (below it and overlapping it sideways)."""
    for other in page:
        if other.y > item.y and other.x < item.x + item.w and item.x < other.x + other.w:
            other.y += added


def _air_text(page: Page, box: Box) -> None:
    """Space out the paragraphs of a page's text boxes (up to AIR_GAP_MAX points between
    two) so that the page covers FILL_TARGET of its box, each column within the box."""
    boxes = [p for p in page if p.kind == "text" and len(p.payload) > 1]
    if not boxes:
        return
    missing = FILL_TARGET * box.w * box.h - sum(p.w * p.h for p in page)
    spread = sum(p.w * (len(p.payload) - 1) for p in boxes)
    each = min(int(missing / spread) + 1, AIR_GAP_MAX * EMU_PER_PT)
    for item in boxes:
        below = [o for o in page if o.x < item.x + item.w and item.x < o.x + o.w]
        room = box.h - max(o.y + o.h for o in below)
        each = min(each, room // (len(item.payload) - 1))
    if each <= 0:
        return
    for item in sorted(boxes, key=lambda t: t.y):
        added = each * (len(item.payload) - 1)
        _push_below(page, item, added)
        item.gap_pt += each / EMU_PER_PT
        item.h += added


def _flow_pages(blocks: Sequence[ir.Block], box: Box, grow: float) -> list[Page]:
    flow = _Flow(box.w, box.h, box.h, round(body_size(1) * grow), grow)
    flow.blocks(blocks)
    return flow.finish()


def lay_out(blocks: Sequence[ir.Block], box: Box) -> list[Page]:
    """Return the pages that `blocks` take in `box`, shapes in slide coordinates.

    A body that fits on one page but covers less than half of it is set in larger type,
    step by step, as long as it stays on one page: a short slide reads as a few key figures
    in large type rather than a line at the top of an empty box. Always at least one page
    (an empty one when there is nothing to place).
    """
    pages = _flow_pages(blocks, box, 1.0)
    grow = 1.0
    while (
        len(pages) == 1
        and pages[0]
        and covered(pages[0], box) < FILL_TARGET
        and grow + GROW_STEP <= GROW_MAX + 1e-9
    ):
        grow += GROW_STEP
        bigger = _flow_pages(blocks, box, grow)
        if len(bigger) > 1:
            break
        pages = bigger
    if len(pages) == 1 and covered(pages[0], box) < FILL_TARGET:
        _air_tables(pages[0], box)
    if len(pages) == 1 and covered(pages[0], box) < FILL_TARGET:
        _air_text(pages[0], box)
    return [[replace(p, x=p.x + box.x, y=p.y + box.y) for p in page] for page in pages]
