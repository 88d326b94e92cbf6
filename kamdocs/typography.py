"""French typography for every text run: no line break inside a number or before its unit.

French writes thousands with spaces ("15 000 €", "98,4 %") and puts a space before ":", ";",
"!", "?" and inside « ». Typed with ordinary spaces, as data usually is, those let Word,
LibreOffice and PowerPoint break a line inside "15 / 000 €" or leave "%" alone at the start of
a line. This pass turns exactly those spaces into no-break spaces (U+00A0) in French
documents; the text reads the same and nothing else changes. Numbers kamdocs formats itself
already come with no-break spaces (fmt.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from . import ir

NBSP = "\u00a0"
_RULES = re.compile(
    r"(?<=\d) (?=\d{3}(?!\d))"  # 15 000, 1 234 567
    r"|(?<=\d) (?=(?:%|€|k€|M€|\$|£|h|min|ms|j|pts?)(?!\w))"  # 98,4 %, 15 000 €, 3,8 h
    r"| (?=[:;!?»])"  # « citation » : oui ; non !
    r"|(?<=«) "
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
    return tuple(
        dataclasses.replace(i, text=fix(i.text)) if isinstance(i, ir.Text) else i for i in inlines
    )


def _block(block: ir.Block, fix: Callable[[str], str]) -> ir.Block:
    match block:
        case ir.Heading() | ir.Paragraph():
            return dataclasses.replace(block, inlines=_inlines(block.inlines, fix))
        case ir.ListBlock():
            return dataclasses.replace(block, items=tuple(_inlines(i, fix) for i in block.items))
        case ir.Table():
            rows = tuple(
                tuple(dataclasses.replace(c, inlines=_inlines(c.inlines, fix)) for c in row)
                for row in block.rows
            )
            return dataclasses.replace(block, rows=rows)
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
