"""No empty optional column: a table's `optional` columns empty in every row are left out.

A template (or a document module) marks which columns may go (`::: optional columns=2,3`);
the others stay as given even when empty (a price schedule reproduces the buyer's columns).
A cell is empty when it holds no text but spaces and dashes (the "—" of a missing value).
This pass runs once over every document before it is written (building/session.py).
"""

from __future__ import annotations

import dataclasses

from kamdocs.ir import nodes as ir

_BLANK = " \u00a0\u202f\t—–-"


def _empty(cell: ir.Cell) -> bool:
    return all(
        not isinstance(inline, ir.Text) or not inline.text.strip(_BLANK) for inline in cell.inlines
    )


def without_empty_columns(table: ir.Table) -> ir.Table:
    """Return `table` without its optional columns that are empty in every body row (the
    table itself when none is)."""
    body = table.rows[table.header_rows :]
    if not table.optional or not body:
        return table
    width = max(len(row) for row in table.rows)
    gone = {
        i
        for i in table.optional
        if 0 <= i < width and all(i >= len(row) or _empty(row[i]) for row in body)
    }
    if not gone:
        return dataclasses.replace(table, optional=())
    rows = tuple(tuple(c for i, c in enumerate(row) if i not in gone) for row in table.rows)
    widths = table.widths
    if len(widths) == width:
        widths = tuple(w for i, w in enumerate(widths) if i not in gone)
    return dataclasses.replace(table, rows=rows, widths=widths, optional=())


def _block(block: ir.Block) -> ir.Block:
    if isinstance(block, ir.Table):
        return without_empty_columns(block)
    if isinstance(block, ir.Columns):
        columns = tuple(tuple(_block(b) for b in column) for column in block.columns)
        return dataclasses.replace(block, columns=columns)
    return block


def drop_empty_columns(document: ir.Document) -> ir.Document:
    """Return `document` with every table's empty optional columns left out."""
    blocks = tuple(_block(b) for b in document.blocks)
    if all(a is b for a, b in zip(blocks, document.blocks, strict=True)):
        return document
    return dataclasses.replace(document, blocks=blocks)
