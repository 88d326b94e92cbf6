"""Turn the rows of a table into typed records of one kind, with every cell that does not
parse reported at its file, row and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any

from kamdocs.errors import Problem, make_args
from kamdocs.importing.presets import DETECTION_ORDER, REQUIRED, DateOrder, Kind, Preset
from kamdocs.importing.sources import Table
from kamdocs.importing.values import (
    CellError,
    detect_date_order,
    parse_amount,
    parse_date,
    parse_probability,
    text,
)
from kamdocs.valueclass import valueclass

STAGES = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
DATE_FIELDS = {"last_contact", "close", "updated_on", "date"}


@valueclass(frozen=True)
class Record:
    """One row: its kind, its spreadsheet row number, the account it belongs to (by name and
    CRM id, either may be None) and its fields in content-format form."""

    kind: Kind
    row: int
    account: str | None
    account_id: str | None
    fields: dict[str, Any]


@valueclass
class Sheet:
    """What one export gave: its kind, records, problems and how it was read."""

    table: Table
    kind: Kind
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    date_order: DateOrder = "YMD"
    decimal_comma: bool = False


def _columns(table: Table, preset: Preset, kind: Kind) -> dict[str, int]:
    """Return field -> column index for the columns of `table` that `preset` maps."""
    index = {name.casefold(): i for i, name in enumerate(table.header)}
    found: dict[str, int] = {}
    for name, candidates in preset.columns[kind].items():
        for candidate in candidates:
            if candidate.casefold() in index:
                found[name] = index[candidate.casefold()]
                break
    return found


def _has(found: dict[str, int], name: str) -> bool:
    if name == "name" and "first_name" in found and "last_name" in found:
        return True
    return name in found


def detect_kind(table: Table, preset: Preset) -> tuple[Kind, dict[str, int]]:
    """Return the kind of records the table holds and its column indexes, or raise a located
    problem naming the columns the closest kind lacks."""
    kinds = (preset.kind,) if preset.kind else DETECTION_ORDER
    best: tuple[int, Kind, list[str]] | None = None
    for kind in kinds:
        found = _columns(table, preset, kind)
        missing = [n for n in REQUIRED[kind] if not _has(found, n)]
        if not missing:
            return kind, found
        if best is None or len(missing) < best[0]:
            best = (len(missing), kind, missing)
    assert best is not None
    _, kind, missing = best
    names = [" or ".join(repr(c) for c in preset.columns[kind].get(n, (n,))) for n in missing]
    raise _missing(table, preset, kind, names)


def _missing(table: Table, preset: Preset, kind: Kind, names: list[str]) -> Exception:
    from kamdocs.errors import ContentError

    return ContentError(
        [
            Problem.at(
                table.file,
                "import_missing_columns",
                line=1,
                column=1,
                preset=preset.name,
                kind=kind,
                missing=", ".join(names),
            )
        ]
    )


def _value(name: str, cell: Any, preset: Preset, sheet: Sheet) -> Any:
    if name in DATE_FIELDS:
        return parse_date(cell, sheet.date_order)
    if name == "amount":
        return parse_amount(cell, sheet.decimal_comma)
    if name == "probability":
        return parse_probability(cell, preset.probability_scale, sheet.decimal_comma)
    raw = text(cell)
    table = preset.values.get(name)
    if name == "stage":
        assert raw is not None
        mapped = table.get(raw.casefold(), raw.casefold()) if table else raw.casefold()
        if mapped not in STAGES:
            raise CellError("import_unknown_stage", raw, stages=", ".join(STAGES))
        return mapped
    if table and raw is not None:
        return table.get(raw.casefold(), raw)
    return raw


def _row_fields(row: tuple[Any, ...], number: int, columns: dict[str, int], preset: Preset,
                sheet: Sheet) -> dict[str, Any]:  # fmt: skip
    values: dict[str, Any] = {}
    for name, index in columns.items():
        cell = row[index] if index < len(row) else None
        if text(cell) is None and not isinstance(cell, dt.date):
            continue
        try:
            values[name] = _value(name, cell, preset, sheet)
        except CellError as exc:
            args = make_args({"value": exc.value, **exc.args_})
            header = sheet.table.header[index]
            sheet.problems.append(
                Problem(sheet.table.file, number, index + 1, header, exc.key, args)
            )
    first, last = values.pop("first_name", None), values.pop("last_name", None)
    if "name" not in values and (first or last):
        values["name"] = " ".join(p for p in (first, last) if p)
    return values


def read_sheet(table: Table, preset: Preset) -> Sheet:
    """Return the records of `table` read with `preset`, with every cell problem."""
    kind, columns = detect_kind(table, preset)
    sheet = Sheet(table, kind)
    mapped = set(columns.values())
    sheet.unmapped = [h for i, h in enumerate(table.header) if i not in mapped and h]
    date_cells = [r[i] for n, i in columns.items() if n in DATE_FIELDS for r in table.rows]
    sheet.date_order = detect_date_order(date_cells) or preset.date_order
    # A spreadsheet that separates cells with ';' does so because the comma is its decimal
    # separator (Excel's CSV in French, German, Spanish...).
    comma = table.delimiter == ";" if preset.decimal_comma is None else preset.decimal_comma
    sheet.decimal_comma = comma
    for offset, row in enumerate(table.rows):
        number = table.first_row + offset
        values = _row_fields(row, number, columns, preset, sheet)
        if not values:
            continue
        account = values.pop("account", None)
        account_id = values.pop("account_id", None)
        if kind == "accounts":
            account, account_id = values.get("name"), values.get("crm_id")
        sheet.records.append(Record(kind, number, account, account_id, values))
    return sheet
