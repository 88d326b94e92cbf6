"""French typography for every text run: no line break inside a number or before its unit.

French writes thousands with spaces ("15 000 €", "98,4 %") and puts a space before ":", ";",
"!", "?" and inside « ». Typed with ordinary spaces, as data usually is, those let Word,
LibreOffice and PowerPoint break a line inside "15 / 000 €" or leave "%" alone at the start of
a line. This pass turns exactly those spaces into no-break spaces (U+00A0) in French
documents; the text reads the same and nothing else changes. Numbers kamdocs formats itself
already come with no-break spaces (templating/formatting.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from kamdocs import ir

NBSP = "\u00a0"
# Every rule matches one space, written first so that the engine can skip ahead to spaces.
_RULES = re.compile(
    r" (?:"
    r"(?<=\d )(?=\d{3}(?!\d))"  # 15 000, 1 234 567
    r"|(?<=\d )(?=(?:%|€|k€|M€|\$|£|h|min|ms|j|pts?)(?!\w))"  # 98,4 %, 15 000 €, 3,8 h
    r"|(?=[:;!?»])"  # « citation » : oui ; non !
    r"|(?<=« )"
    r")"
)


def french_spaces(text: str) -> str:
    """Return `text` with the spaces French typography keeps unbroken made no-break."""
    return _RULES.sub(NBSP, text) if " " in text else text


def typeset(document: ir.Document) -> ir.Document:
    """Return `document` with French spacing applied when its language is French."""
    if document.meta.language != "fr":
        return document
    return dataclasses.replace(
        document, blocks=tuple(_block(b, french_spaces) for b in document.blocks)
    )


def _inlines(inlines: tuple[ir.Inline, ...], fix: Callable[[str], str]) -> tuple[ir.Inline, ...]:
    """Return `inlines` with `fix` applied, the same tuple when no text changes (a 2000-row
    action table would otherwise be copied cell by cell)."""
    changed = None
    for index, inline in enumerate(inlines):
        if isinstance(inline, ir.Text):
            text = fix(inline.text)
            if text != inline.text:
                if changed is None:
                    changed = list(inlines)
                # Built directly: dataclasses.replace costs twice as much on 10 000 runs.
                changed[index] = ir.Text(
                    text, inline.bold, inline.italic, inline.link, inline.color
                )
    return inlines if changed is None else tuple(changed)


def _cell(cell: ir.Cell, fix: Callable[[str], str]) -> ir.Cell:
    inlines = _inlines(cell.inlines, fix)
    return cell if inlines is cell.inlines else dataclasses.replace(cell, inlines=inlines)


def _block(block: ir.Block, fix: Callable[[str], str]) -> ir.Block:
    match block:
        case ir.Heading() | ir.Paragraph():
            return dataclasses.replace(block, inlines=_inlines(block.inlines, fix))
        case ir.ListBlock():
            return dataclasses.replace(block, items=tuple(_inlines(i, fix) for i in block.items))
        case ir.Table():
            return _table(block, fix)
        case ir.SlideBreak():
            return dataclasses.replace(
                block, title=fix(block.title), subtitle=fix(block.subtitle), notes=fix(block.notes)
            )
        case ir.Columns():
            return dataclasses.replace(
                block,
                columns=tuple(tuple(_block(b, fix) for b in column) for column in block.columns),
                headings=tuple(fix(h) for h in block.headings),
            )
        case _:
            return block  # charts format their own numbers; images and breaks hold no text


def _table(table: ir.Table, fix: Callable[[str], str]) -> ir.Table:
    """Fix a table's texts in one pass over their concatenation (a NUL between two texts,
    which data cannot hold, keeps the rules from matching across them) and rebuild only the
    rows that changed: an action table of 2000 rows holds some 25 000 runs, and a function
    call per run would cost more than the rest of the typesetting."""
    texts = [
        inline.text
        for row in table.rows
        for cell in row
        for inline in cell.inlines
        if type(inline) is ir.Text
    ]
    fixed = fix("\x00".join(texts)).split("\x00") if texts else []
    if fixed == texts:
        return table
    rows = []
    start = 0
    for row in table.rows:
        end = start + sum(1 for cell in row for inline in cell.inlines if type(inline) is ir.Text)
        mine = fixed[start:end]
        rows.append(row if mine == texts[start:end] else _replaced_row(row, iter(mine)))
        start = end
    return dataclasses.replace(table, rows=tuple(rows))


def _replaced_row(row: tuple[ir.Cell, ...], texts: Iterator[str]) -> tuple[ir.Cell, ...]:
    return tuple(_cell(cell, lambda _text: next(texts)) for cell in row)
