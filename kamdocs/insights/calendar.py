"""Quarters: the one holding a date, the ones around it, and the months and days each covers.

Quarters are written `YYYY-Qn`. When `fiscal_year_start` is not January, fiscal year N starts
in that month of calendar year N (content-format.md), and its Q1 is that month and the two after.
"""

from __future__ import annotations

import calendar
from datetime import date

from kamdocs.workspace.model import QUARTER_RE


def _parse_quarter(quarter: str) -> tuple[int, int]:
    match = QUARTER_RE.match(quarter)
    if match is None:
        raise ValueError(f"expected a quarter such as 2026-Q3, got {quarter!r}")
    return int(match[1]), int(match[2])


def _quarter_index(quarter: str) -> int:
    year, number = _parse_quarter(quarter)
    return year * 4 + number - 1


def _quarter_at(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def quarter_of(d: date, fiscal_year_start: int = 1) -> str:
    """Return the (fiscal) quarter holding `d`, e.g. "2026-Q3"."""
    months_into_year = (d.month - fiscal_year_start) % 12
    year = d.year if d.month >= fiscal_year_start else d.year - 1
    return f"{year}-Q{months_into_year // 3 + 1}"


def previous_quarter(quarter: str) -> str:
    """Return the quarter before `quarter` ("2026-Q1" -> "2025-Q4")."""
    return _quarter_at(_quarter_index(quarter) - 1)


def next_quarter(quarter: str) -> str:
    """Return the quarter after `quarter` ("2026-Q4" -> "2027-Q1")."""
    return _quarter_at(_quarter_index(quarter) + 1)


def same_quarter_last_year(quarter: str) -> str:
    """Return the same quarter one year earlier ("2026-Q3" -> "2025-Q3")."""
    return _quarter_at(_quarter_index(quarter) - 4)


def quarters_back(quarter: str, n: int) -> list[str]:
    """Return the `n` quarters ending at `quarter`, oldest first (empty when n <= 0)."""
    end = _quarter_index(quarter)
    return [_quarter_at(index) for index in range(end - n + 1, end + 1)]


def year_quarters(year: str | int) -> list[str]:
    """Return the four quarters of a (fiscal) year, Q1 first."""
    return [f"{year}-Q{number}" for number in range(1, 5)]


def quarter_months(quarter: str, fiscal_year_start: int = 1) -> tuple[tuple[int, int], ...]:
    """Return the three calendar months of `quarter` as (calendar year, month 1-12) pairs."""
    year, number = _parse_quarter(quarter)
    first = year * 12 + (fiscal_year_start - 1) + 3 * (number - 1)  # months since year 0
    return tuple(((first + k) // 12, (first + k) % 12 + 1) for k in range(3))


def quarter_bounds(quarter: str, fiscal_year_start: int = 1) -> tuple[date, date]:
    """Return the first and the last day of `quarter` (both inclusive)."""
    months = quarter_months(quarter, fiscal_year_start)
    (first_year, first_month), (last_year, last_month) = months[0], months[-1]
    last_day = calendar.monthrange(last_year, last_month)[1]
    return date(first_year, first_month, 1), date(last_year, last_month, last_day)
