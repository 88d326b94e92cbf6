"""Revenue against targets (by quarter, by year, year to date), growth, share of wallet and
the revenue gap; the open pipeline, weighted and by stage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date
from decimal import Decimal

from kamdocs.insights.calendar import (
    quarter_of,
    quarters_back,
    same_quarter_last_year,
    year_quarters,
)
from kamdocs.valueclass import valueclass
from kamdocs.workspace.audience import INTERNAL_FIGURE
from kamdocs.workspace.model import Account, Opportunity

OPEN_STAGES: tuple[str, ...] = ("lead", "qualified", "proposal", "negotiation")

_ZERO = Decimal(0)


# --- revenue -------------------------------------------------------------------------------


@valueclass(frozen=True)
class QuarterRevenue:
    """One quarter of the revenue trend: amount and target in money, margin as a ratio."""

    quarter: str
    amount: Decimal | None
    target: Decimal | None
    margin: Decimal | None = field(metadata=INTERNAL_FIGURE)


def revenue_amounts(account: Account) -> dict[str, Decimal]:
    """Return revenue by period ("2025" or "2025-Q4"); a repeated period keeps its last entry."""
    return {entry.period: entry.amount for entry in account.revenue.history}


def _quarter_target(targets: Mapping[str, Decimal], quarter: str) -> Decimal | None:
    if quarter in targets:
        return targets[quarter]
    yearly = targets.get(quarter[:4])
    return None if yearly is None else yearly / 4


def quarter_target(account: Account, quarter: str) -> Decimal | None:
    """Return the quarter's target, else its year's target ÷ 4; None when neither is set."""
    return _quarter_target(account.revenue.targets, quarter)


def quarter_revenue_series(account: Account, end_quarter: str, n: int = 8) -> list[QuarterRevenue]:
    """Return the `n` quarters ending at `end_quarter`, oldest first, gaps as None."""
    amounts: dict[str, Decimal] = {}
    margins: dict[str, Decimal | None] = {}
    for entry in account.revenue.history:
        amounts[entry.period] = entry.amount
        margins[entry.period] = entry.margin
    targets = account.revenue.targets
    return [
        QuarterRevenue(q, amounts.get(q), _quarter_target(targets, q), margins.get(q))
        for q in quarters_back(end_quarter, n)
    ]


def _sum_all(values: Iterable[Decimal | None]) -> Decimal | None:
    total = _ZERO
    for value in values:
        if value is None:
            return None
        total += value
    return total


def year_revenue(account: Account, year: str | int) -> Decimal | None:
    """Return the year's revenue: its yearly entry, else the sum of its 4 quarters if all exist."""
    amounts = revenue_amounts(account)
    if str(year) in amounts:
        return amounts[str(year)]
    return _sum_all(amounts.get(q) for q in year_quarters(year))


def year_target(account: Account, year: str | int) -> Decimal | None:
    """Return the year's target: its yearly target, else the sum of its 4 quarter targets."""
    targets = account.revenue.targets
    if str(year) in targets:
        return targets[str(year)]
    return _sum_all(targets.get(q) for q in year_quarters(year))


def ytd_quarters(account: Account, today: date, fiscal_year_start: int = 1) -> list[str]:
    """Return the quarters the year to date covers: Q1 up to the latest one with data.

    Only quarters up to the one holding `today` count; empty when none has revenue data.
    """
    current = quarter_of(today, fiscal_year_start)
    span = year_quarters(current[:4])[: int(current[-1])]
    amounts = revenue_amounts(account)
    with_data = [i for i, q in enumerate(span) if q in amounts]
    return span[: with_data[-1] + 1] if with_data else []


def ytd_revenue(account: Account, today: date, fiscal_year_start: int = 1) -> Decimal | None:
    """Return the revenue of the year to date (see `ytd_quarters`).

    None when no quarter of the year has data, or when a quarter in between is missing
    (a partial sum would understate the year).
    """
    quarters = ytd_quarters(account, today, fiscal_year_start)
    amounts = revenue_amounts(account)
    return _sum_all(amounts.get(q) for q in quarters) if quarters else None


def ytd_revenue_last_year(
    account: Account, today: date, fiscal_year_start: int = 1
) -> Decimal | None:
    """Return the revenue of the same quarters one year earlier; None when one is missing."""
    quarters = ytd_quarters(account, today, fiscal_year_start)
    amounts = revenue_amounts(account)
    if not quarters:
        return None
    return _sum_all(amounts.get(same_quarter_last_year(q)) for q in quarters)


def ytd_target(account: Account, today: date, fiscal_year_start: int = 1) -> Decimal | None:
    """Return the target of the year to date: each covered quarter's target (or yearly ÷ 4).

    None when the year to date is empty or a covered quarter has no target at all.
    """
    quarters = ytd_quarters(account, today, fiscal_year_start)
    targets = account.revenue.targets
    return _sum_all(_quarter_target(targets, q) for q in quarters) if quarters else None


def growth_ratio(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Return (current − previous) ÷ previous as a fraction; None if either is missing or 0."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous


def share_of_wallet(account: Account, year: str | int) -> Decimal | None:
    """Return the year's revenue ÷ the client's spend in our categories (a fraction)."""
    spend = account.wallet.total_spend if account.wallet else None
    revenue = year_revenue(account, year)
    if spend is None or spend <= 0 or revenue is None:
        return None
    return revenue / spend


def revenue_vs_target(account: Account, year: str | int) -> Decimal | None:
    """Return the year's revenue ÷ its target (1 = on target); None if either is missing."""
    revenue = year_revenue(account, year)
    target = year_target(account, year)
    if revenue is None or target is None or target <= 0:
        return None
    return revenue / target


def revenue_to_date(
    account: Account, year: str | int, today: date, fiscal_year_start: int = 1
) -> Decimal:
    """Return the revenue booked in `year` so far: its yearly entry, else its quarters up to
    the one holding `today` that have data (0 when none has)."""
    amounts = revenue_amounts(account)
    if str(year) in amounts:
        return amounts[str(year)]
    current = quarter_of(today, fiscal_year_start)
    return sum((amounts[q] for q in year_quarters(year) if q <= current and q in amounts), _ZERO)


def revenue_gap(
    account: Account, year: str | int, today: date, fiscal_year_start: int = 1
) -> Decimal | None:
    """Return the yearly target − the revenue so far (negative when exceeded); None without
    a target."""
    target = year_target(account, year)
    if target is None:
        return None
    return target - revenue_to_date(account, year, today, fiscal_year_start)


# --- pipeline ------------------------------------------------------------------------------


@valueclass(frozen=True)
class StageTotal:
    """Open opportunities at one stage: how many, their amount and their weighted amount."""

    stage: str
    count: int
    amount: Decimal
    weighted: Decimal


def weighted_pipeline(opps: Iterable[Opportunity]) -> Decimal:
    """Return Σ amount × probability of open opportunities (won and lost excluded).

    A missing amount or probability counts as 0.
    """
    return sum(
        (
            (opp.amount or _ZERO) * (opp.probability or _ZERO)
            for opp in opps
            if opp.stage in OPEN_STAGES
        ),
        _ZERO,
    )


def pipeline_by_stage(opps: Iterable[Opportunity]) -> list[StageTotal]:
    """Return one total per open stage, lead to negotiation, including empty stages."""
    counts = dict.fromkeys(OPEN_STAGES, 0)
    amounts = dict.fromkeys(OPEN_STAGES, _ZERO)
    weighted = dict.fromkeys(OPEN_STAGES, _ZERO)
    for opp in opps:
        if opp.stage in counts:
            amount = opp.amount or _ZERO
            counts[opp.stage] += 1
            amounts[opp.stage] += amount
            weighted[opp.stage] += amount * (opp.probability or _ZERO)
    return [StageTotal(s, counts[s], amounts[s], weighted[s]) for s in OPEN_STAGES]
