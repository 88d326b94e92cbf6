"""Write a plain table (rows of text, optional cell fills) as a one-sheet .xlsx workbook.

The writer knows nothing of proposals: the tender compliance grid reaches it as strings.
Every cell is written as text, so a value starting with `=` stays text and is never turned
into a formula. Output is byte-identical for identical input: the workbook's creation date
is the caller's and the package is re-zipped by `_zip.normalise_package`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import field

from kamdocs.valueclass import valueclass
from kamdocs.writers._zip import normalise_package

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = "1F3864"
LINE_HEIGHT_PT = 13


@valueclass(frozen=True)
class SheetTable:
    """One sheet: a header row, text rows, fills (hex "00B050" or None per cell, rows may be
    shorter than the header) and column widths in characters (empty: 15 each)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    fills: Sequence[Sequence[str | None]] = field(default_factory=tuple)
    widths: Sequence[float] = field(default_factory=tuple)


def sheet_name(title: str) -> str:
    """Return `title` as a valid sheet name: no []:*?/\\ characters, at most 31 long."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip().strip("'")
    return (name or "Sheet1")[:31]


def _text_colour(fill: str) -> str:
    """Return black or white, whichever reads better on `fill` (hex RRGGBB)."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def _row_height(row: Sequence[str], widths: Sequence[float]) -> float:
    """Return a row height (points) fitting its wrapped text: spreadsheet programs do not all
    grow rows on opening, so the height is set from the longest cell for its column width."""
    lines = 1
    for text, width in zip(row, widths, strict=False):
        per_line = max(1, int(width * 1.1))  # characters of a 10-point font per line, roughly
        cell_lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
        lines = max(lines, cell_lines)
    return LINE_HEIGHT_PT * lines + 2


def write_xlsx(
    table: SheetTable, *, created: dt.datetime, title: str = "", author: str = ""
) -> bytes:
    """Return the .xlsx bytes of `table`; `created` is stamped as creation and modification."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})  # fmt: skip
    workbook.set_properties({"title": title, "author": author, "created": created})
    sheet = workbook.add_worksheet(sheet_name(table.title))
    base = {"text_wrap": True, "valign": "top", "border": 1, "font_size": 10}
    header = workbook.add_format({**base, "bold": True, "bg_color": f"#{HEADER_FILL}",
                                  "font_color": _text_colour(HEADER_FILL)})  # fmt: skip
    plain = workbook.add_format(base)
    filled: dict[str, object] = {}

    def fill_format(colour: str) -> object:
        if colour not in filled:
            filled[colour] = workbook.add_format(
                {**base, "bg_color": f"#{colour}", "font_color": _text_colour(colour)}
            )
        return filled[colour]

    widths = [table.widths[c] if c < len(table.widths) else 15 for c in range(len(table.header))]
    for col, text in enumerate(table.header):
        sheet.write_string(0, col, text, header)
    sheet.set_row(0, _row_height(table.header, widths))
    for r, row in enumerate(table.rows, start=1):
        sheet.set_row(r, _row_height(row, widths))
        fills = table.fills[r - 1] if r - 1 < len(table.fills) else ()
        for col, text in enumerate(row):
            colour = fills[col] if col < len(fills) else None
            sheet.write_string(r, col, text, fill_format(colour) if colour else plain)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    # Printed: A4 landscape, one page wide, the header row repeated on every page.
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), len(table.header) - 1)
    workbook.close()
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return normalise_package(buffer.getvalue(), stamp)
