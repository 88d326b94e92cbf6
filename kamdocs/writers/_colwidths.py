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

import functools
import hashlib
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kamdocs import ir
from kamdocs.memo import Memo
from kamdocs.valueclass import valueclass
from kamdocs.writers import _fonts

TWIPS_PER_PT = 20
# Where a line may break: ordinary and thin spaces, tabs, line breaks; never the no-break
# spaces (U+00A0, U+202F, U+2007) that bind a number to its unit or its digit groups.
_SPACES = re.compile(r"[ \t\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]+")
_PIECES = re.compile(r"(\n|[ \t\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]+)")
_SLACK_PT = 1.0  # rounding of twips and the renderer's own arithmetic


@valueclass(frozen=True)
class TableFont:
    """How a table's text is set: font family, size and the cell's left + right margins, and
    the faces that draw its regular and bold text (None: widths estimated)."""

    family: str
    size_pt: float
    padding_twips: int
    regular: _fonts.Face | None = None
    bold: _fonts.Face | None = None


@valueclass(frozen=True)
class Column:
    """One column's needs in twips, padding included."""

    hard: int  # its widest unbreakable token (number, date, id, code)
    word: int  # its widest token of any kind
    typical: int  # the mean width of its cells' text on one line
    natural: int  # its widest cell's text on one line


@valueclass(frozen=True)
class Layout:
    widths: tuple[int, ...]
    landscape: bool  # the table needs a landscape page
    hyphenate: bool  # some words are wider than their column: let Word hyphenate them


def is_unbreakable(token: str) -> bool:
    """Tell whether a token must never break: it holds a digit or has no lower-case letter."""
    return any(c.isdigit() for c in token) or not any(c.islower() for c in token)


@functools.lru_cache(maxsize=1 << 16)
def _unbreakable(token: str) -> bool:
    return is_unbreakable(token)


def _cell_needs(cell: ir.Cell, bold: bool, font: TableFont) -> tuple[float, float, float]:
    """Return a cell's widest token, widest unbreakable token and widest line, in points.

    Advance widths add up, so a token is as wide as its pieces in each weight and a line as
    its tokens and spaces together: each piece is measured once per face (`piece_pt`)."""
    word = hard = line = 0.0
    token: list[str] = []
    token_width = line_width = 0.0

    def end_token() -> None:
        nonlocal word, hard, token_width
        if token:
            word = max(word, token_width)
            if _unbreakable("".join(token)):
                hard = max(hard, token_width)
            token.clear()
            token_width = 0.0

    for inline in cell.inlines:
        weight = bold or (isinstance(inline, ir.Text) and inline.bold)
        face = font.bold if weight else font.regular
        text = inline.text if isinstance(inline, ir.Text) else "\n"
        for piece in _PIECES.split(text):
            if not piece:
                continue
            if piece == "\n":
                end_token()
                line, line_width = max(line, line_width), 0.0
                continue
            width = _fonts.piece_pt(piece, face, font.size_pt, weight)
            line_width += width
            if _SPACES.fullmatch(piece):
                end_token()
            else:
                token.append(piece)
                token_width += width
    end_token()
    return word, hard, max(line, line_width)


# Measured cells kept per font (one memo per face and size) before the memo starts over. A
# 2000-action plan holds 5,500 different cells (12,000 in all), kept at about 340 bytes
# each: at 5,000 such a plan found its memo too full at each rebuild and measured it all
# again (a quarter of a rebuild in `watch` or a batch worker); at 20,000 it finds them all,
# and each memo stays under 7 MiB, so that a batch's memory stays flat.
CELLS_KEPT = 20_000
_ESTIMATED_CELLS: dict[Any, Any] = {}  # cells measured without a face


def _measured_cells(font: TableFont) -> Memo[tuple[Any, ...], tuple[float, float, float]]:
    """Return the memo of the cells measured in `font`: kept on its regular face, which the
    process keeps, with the bold face it went with (the same object, or a new memo)."""
    holder = font.regular.cells if font.regular is not None else _ESTIMATED_CELLS
    key = (id(font.bold), font.size_pt)
    entry = holder.get(key)
    if entry is None or entry[0] is not font.bold:
        entry = holder[key] = (font.bold, Memo(CELLS_KEPT))
    memo: Memo[tuple[Any, ...], tuple[float, float, float]] = entry[1]
    return memo


def measure(table: ir.Table, font: TableFont) -> list[Column]:
    """Return the needs of each of the table's columns."""
    columns = max((len(r) for r in table.rows), default=0)
    hard, word, natural = [0.0] * columns, [0.0] * columns, [0.0] * columns
    body_total, body_count = [0.0] * columns, [0] * columns
    # A column repeats its cells (statuses, owners, dates), and a document its tables from
    # one build to the next (a batch, `kamdocs watch`): each cell is measured once per font.
    memo = _measured_cells(font)
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        for j, cell in enumerate(row[:columns]):
            bold = header or cell.bold
            key = (bold, *cell.inlines)
            needs = memo.get(key)
            if needs is None:
                needs = memo.keep(key, _cell_needs(cell, bold, font))
            cell_word, cell_hard, line = needs
            word[j] = max(word[j], cell_word)
            hard[j] = max(hard[j], cell_hard)
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


def layout_key(
    table: ir.Table, font: TableFont, portrait: int, landscape: int | None = None
) -> str | None:
    """Return a digest of everything `layout` reads of its arguments: each cell's text, by
    row and column, with its weights, the table's header rows and relative widths, the font
    (its faces by the digest of their files) and the two text widths. None when a face's
    file is unknown."""
    faces = [font.regular, font.bold]
    if any(face is not None and not face.digest for face in faces):
        return None
    shown = [
        f"{len(font.family)}:{font.family}|{font.size_pt}|{font.padding_twips}|{portrait}|{landscape}",
        *(face.digest if face is not None else "-" for face in faces),
        f"{table.header_rows}|{','.join(map(str, table.widths))}",
    ]
    for row in table.rows:
        shown.append(f"row {len(row)}")
        for cell in row:
            shown.append("B" if cell.bold else "c")
            for inline in cell.inlines:  # each text by its length: no separator to escape
                if isinstance(inline, ir.Text):
                    shown.append(f"{'b' if inline.bold else 't'}{len(inline.text)}:{inline.text}")
                else:
                    shown.append("/")
    return hashlib.sha256("\n".join(shown).encode()).hexdigest()


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
