"""Parse the cells of an export: dates in a declared order, amounts with either decimal
separator, probabilities on either scale. Each parser returns a value or raises
`CellError` with the message key of the problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from kamdocs.importing.presets import DateOrder

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})(?:[ T].*)?$")
_CURRENCY = re.compile(r"[€$£]|\b(?:EUR|USD|GBP|CHF)\b", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']")

DATE_FORMATS = {"DMY": "day/month/year", "MDY": "month/day/year", "YMD": "year-month-day"}


class CellError(ValueError):
    """A cell that does not parse: `key` names the message, `value` is the cell as text."""

    def __init__(self, key: str, value: str, **args: str):
        super().__init__(key)
        self.key = key
        self.value = value
        self.args_ = args


def text(value: Any) -> str | None:
    """Return a cell as stripped text, None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an id or a year typed into a number cell
    result = str(value).strip()
    return result or None


def _year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def parse_date(value: Any, order: DateOrder) -> dt.date:
    """Return the date of a cell: a spreadsheet date, ISO text, or numbers in `order`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value) or ""
    iso = _ISO.match(raw)
    numeric = _NUMERIC.match(raw)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if numeric and len(numeric[1]) <= 2:
            first, second, year = int(numeric[1]), int(numeric[2]), _year(numeric[3])
            day, month = (first, second) if order == "DMY" else (second, first)
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise CellError("import_bad_date", raw, format=DATE_FORMATS[order])


def detect_date_order(cells: Iterable[Any]) -> DateOrder | None:
    """Return the order the cells' numeric dates must have (a first number above 12 is a day,
    a second one above 12 too), or None when no cell decides."""
    day_first = month_first = False
    for cell in cells:
        match = _NUMERIC.match(text(cell) or "") if not isinstance(cell, dt.date) else None
        if match and len(match[1]) <= 2:
            day_first |= int(match[1]) > 12
            month_first |= int(match[2]) > 12
    if day_first == month_first:
        return None
    return "DMY" if day_first else "MDY"


def parse_amount(value: Any, decimal_comma: bool) -> Decimal:
    """Return an amount as Decimal: currency signs and thousands separators dropped, the
    decimal separator a comma when `decimal_comma`, else a point."""
    if isinstance(value, bool):
        raise CellError("import_bad_amount", str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = text(value) or ""
    cleaned = _SPACES.sub("", _CURRENCY.sub("", raw))
    if decimal_comma:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise CellError("import_bad_amount", raw) from None
    if not amount.is_finite():
        raise CellError("import_bad_amount", raw)
    return amount


def parse_probability(value: Any, scale: int, decimal_comma: bool) -> Decimal:
    """Return a probability as a fraction: `40%` is 0.40, and a bare number is divided by
    `scale` (100 for a "Probability (%)" column)."""
    raw = text(value) or ""
    percent = raw.endswith("%")
    try:
        number = parse_amount(raw.rstrip("%") if percent else value, decimal_comma)
    except CellError:
        raise CellError("import_bad_probability", raw) from None
    fraction = number / 100 if percent or scale == 100 else number
    if not Decimal(0) <= fraction <= Decimal(1):
        raise CellError("import_bad_probability", raw)
    return fraction.normalize() if fraction else Decimal(0)


def percent_text(fraction: Decimal) -> str:
    """Return a fraction as the content format writes it: 0.4 -> '40%'."""
    number = (fraction * 100).normalize()
    return f"{number:f}%"
