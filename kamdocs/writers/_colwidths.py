"""Share out a page's text width between a Word table's columns, from what the cells hold.

Each column is measured in the reference document's table font (`_fonts`):

- its *unbreakable* tokens — a token is what lies between breakable spaces, so a French
  amount with narrow no-break spaces ("1 250 000 €") or a date is one token — must never
  break: a token holding a digit (number, amount, date, id) or written without lower-case
  letters (a code, an acronym) is never narrower than its column;
- its longest *word* should fit too; only when even a landscape page cannot give every
  column its longest word may words break, and then through Word's automatic hyphenation;
- its *typical* text (the mean width of its cells' text, or the document's own relative
  widths when it gives some) decides how the room left over is shared.

A table whose words do not fit in the portrait text width goes on a landscape page when the
caller offers one. All widths are in twips (1/20 pt).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kamdocs import ir
from kamdocs.writers import _fonts

TWIPS_PER_PT = 20
# Where a line may break: ordinary and thin spaces, tabs, line breaks; never the no-break
# spaces (U+00A0, U+202F, U+2007) that bind a number to its unit or its digit groups.
_BREAKABLE = re.compile(r"[ \t\n\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]+")
_TOKEN = re.compile(r"[^ \t\n\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]+")
_SLACK_PT = 1.0  # rounding of twips and the renderer's own arithmetic


@dataclass(frozen=True)
class TableFont:
    """How a table's text is set: font family, size and the cell's left + right margins, and
    the faces that draw its regular and bold text (None: widths estimated)."""

    family: str
    size_pt: float
    padding_twips: int
    regular: _fonts.Face | None = None
    bold: _fonts.Face | None = None


@dataclass(frozen=True)
class Column:
    """One column's needs in twips, padding included."""

    hard: int  # its widest unbreakable token (number, date, id, code)
    word: int  # its widest token of any kind
    typical: int  # the mean width of its cells' text on one line
    natural: int  # its widest cell's text on one line


@dataclass(frozen=True)
class Layout:
    widths: tuple[int, ...]
    landscape: bool  # the table needs a landscape page
    hyphenate: bool  # some words are wider than their column: let Word hyphenate them


def is_unbreakable(token: str) -> bool:
    """Tell whether a token must never break: it holds a digit or has no lower-case letter."""
    return any(c.isdigit() for c in token) or not any(c.islower() for c in token)


def cell_text(cell: ir.Cell) -> str:
    return "".join(i.text if isinstance(i, ir.Text) else "\n" for i in cell.inlines)


def _styled_text(cell: ir.Cell, bold: bool) -> tuple[str, list[bool]]:
    """Return a cell's text and, for each character, whether it is set in bold."""
    text: list[str] = []
    bolds: list[bool] = []
    for inline in cell.inlines:
        piece = inline.text if isinstance(inline, ir.Text) else "\n"
        text.append(piece)
        bolds.extend([bold or (isinstance(inline, ir.Text) and inline.bold)] * len(piece))
    return "".join(text), bolds


def _width(text: str, bolds: Sequence[bool], start: int, end: int, font: TableFont) -> float:
    """Return the width in points of text[start:end], each stretch in its own weight."""
    total, i = 0.0, start
    while i < end:
        j = i
        while j < end and bolds[j] == bolds[i]:
            j += 1
        face = font.bold if bolds[i] else font.regular
        total += _fonts.text_pt(text[i:j], face, font.size_pt, bolds[i])
        i = j
    return total


def _span_widths(
    text: str,
    bolds: Sequence[bool],
    spans: Sequence[tuple[int, int]],
    font: TableFont,
    memo: dict[tuple[str, bool], float],
) -> list[float]:
    """Return the width in points of each span of `text`; a text in one weight (most cells)
    is measured through `memo`, shared by the table's cells."""
    if bolds.count(bolds[0] if bolds else False) != len(bolds):
        return [_width(text, bolds, start, end, font) for start, end in spans]
    bold = bool(bolds and bolds[0])
    face = font.bold if bold else font.regular
    out = []
    for start, end in spans:
        piece = text[start:end]
        found = memo.get((piece, bold))
        if found is None:
            found = memo[piece, bold] = _fonts.text_pt(piece, face, font.size_pt, bold)
        out.append(found)
    return out


def measure(table: ir.Table, font: TableFont) -> list[Column]:
    """Return the needs of each of the table's columns."""
    columns = max((len(r) for r in table.rows), default=0)
    hard, word, natural = [0.0] * columns, [0.0] * columns, [0.0] * columns
    body_total, body_count = [0.0] * columns, [0] * columns
    memo: dict[tuple[str, bool], float] = {}  # a table repeats its words: measured once
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        for j, cell in enumerate(row[:columns]):
            text, bolds = _styled_text(cell, header or cell.bold)
            tokens = list(_TOKEN.finditer(text))
            lines, start = [], 0
            for part in text.split("\n"):
                lines.append((start, start + len(part)))
                start += len(part) + 1
            spans = [(t.start(), t.end()) for t in tokens] + lines
            widths = _span_widths(text, bolds, spans, font, memo)
            for token, width in zip(tokens, widths, strict=False):
                word[j] = max(word[j], width)
                if is_unbreakable(token.group()):
                    hard[j] = max(hard[j], width)
            line = max(widths[len(tokens) :], default=0.0)
            natural[j] = max(natural[j], line)
            if not header:
                body_total[j] += line
                body_count[j] += 1

    def twips(points: float) -> int:
        return math.ceil((points + _SLACK_PT) * TWIPS_PER_PT) + font.padding_twips

    return [
        Column(
            hard=twips(hard[j]),
            word=twips(word[j]),
            typical=twips(body_total[j] / body_count[j] if body_count[j] else natural[j]),
            natural=twips(natural[j]),
        )
        for j in range(columns)
    ]


def _fill(base: list[int], caps: Sequence[int], weights: Sequence[float], room: int) -> int:
    """Add up to `room` twips to `base`, shared by `weights`, no column beyond its cap;
    return what is left over."""
    while room > 0:
        open_ = [j for j in range(len(base)) if base[j] < caps[j] and weights[j] > 0]
        if not open_:
            return room
        total = sum(weights[j] for j in open_)
        given = 0
        for j in open_:
            share = min(int(room * weights[j] / total), caps[j] - base[j])
            base[j] += share
            given += share
        if given == 0:  # rounding: hand the last twips to the first open column
            j = open_[0]
            step = min(room, caps[j] - base[j])
            base[j] += step
            given = step
        room -= given
    return room


def share(columns: Sequence[Column], width: int, relative: Sequence[Decimal] = ()) -> list[int]:
    """Return widths summing to `width`, each at least its column's widest word when they all
    fit (else its widest unbreakable token, else in proportion to those tokens)."""
    if not columns:
        return []
    n = len(columns)
    weights = [float(w) for w in relative[:n]] + [0.0] * (n - len(relative[:n]))
    if not any(weights):
        weights = [float(max(c.typical, 1)) for c in columns]
    words = [c.word for c in columns]
    hards = [c.hard for c in columns]
    if sum(words) <= width:
        base = list(words)
    elif sum(hards) <= width:
        base = list(hards)
        _fill(
            base,
            words,
            [float(w - h) for w, h in zip(words, hards, strict=True)],
            width - sum(hards),
        )
    else:
        total = sum(hards) or 1
        base = [int(width * h / total) for h in hards]
    room = width - sum(base)
    # First up to each column's typical text, then up to its widest cell, then anywhere.
    room = _fill(
        base, [max(c.typical, b) for c, b in zip(columns, base, strict=True)], weights, room
    )
    room = _fill(
        base, [max(c.natural, b) for c, b in zip(columns, base, strict=True)], weights, room
    )
    room = _fill(base, [width] * n, weights, room)
    base[-1] += width - sum(base)
    return base


def fits(columns: Sequence[Column], width: int) -> bool:
    """Tell whether every column can hold its widest word in `width`."""
    return sum(c.word for c in columns) <= width


def layout(table: ir.Table, font: TableFont, portrait: int, landscape: int | None = None) -> Layout:
    """Return the table's column widths, on a landscape page (`landscape` text width) when the
    portrait text width cannot hold every column's widest word."""
    columns = measure(table, font)
    if fits(columns, portrait) or landscape is None or landscape <= portrait:
        return Layout(
            tuple(share(columns, portrait, table.widths)), False, not fits(columns, portrait)
        )
    return Layout(
        tuple(share(columns, landscape, table.widths)), True, not fits(columns, landscape)
    )
