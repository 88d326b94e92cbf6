"""Native charts built from insights: the numbers go straight into IR, never through text."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kamdocs import ir
from kamdocs.insights import AccountInsights, StageTotal
from kamdocs.insights.followup import TrustIndex
from kamdocs.templating.catalog import Labels
from kamdocs.templating.formatting import Formatter


def money_format(lang: str, currency: str = "EUR") -> str:
    """Return an Excel number format for whole amounts in the document's language."""
    symbol = "€" if currency == "EUR" else currency
    return f'#,##0\\ "{symbol}"' if lang == "fr" else f'"{symbol}"#,##0'


def _f(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def revenue_chart(ins: AccountInsights, fmt: Formatter, labels: Labels, title: str) -> ir.Chart:
    """Return clustered columns of actual revenue vs target over the insight's quarters."""
    series = ins.revenue_series
    return ir.Chart(
        "column",
        title,
        tuple(fmt.quarter(q.quarter) for q in series),
        (
            ir.Series(labels.actual, tuple(_f(q.amount) for q in series)),
            ir.Series(labels.target, tuple(_f(q.target) for q in series), kind="line"),
        ),
        number_format=money_format(fmt.lang, fmt.currency),
        axis_min=0,
    )


def pipeline_chart(
    stages: Sequence[StageTotal], fmt: Formatter, labels: Labels, title: str
) -> ir.Chart:
    """Return bars of open pipeline amount and weighted amount per stage."""
    return ir.Chart(
        "bar",
        title,
        tuple(labels[f"stage_{s.stage}"] for s in stages),
        (
            ir.Series(labels.amount, tuple(float(s.amount) for s in stages)),
            ir.Series(labels.weighted, tuple(float(s.weighted) for s in stages)),
        ),
        number_format=money_format(fmt.lang, fmt.currency),
    )


def nps_chart(series: Sequence[tuple[str, Decimal]], fmt: Formatter, title: str) -> ir.Chart:
    """Return a line of NPS per quarter (-100 to 100)."""
    return ir.Chart(
        "line",
        title,
        tuple(fmt.quarter(q) for q, _ in series),
        (ir.Series("NPS", tuple(float(v) for _, v in series), kind="line"),),
        number_format="0",
    )


def trust_charts(trust: TrustIndex, fmt: Formatter, labels: Labels) -> dict[str, ir.Chart | None]:
    """Return the trust index's charts: bars of each lever's latest rating (0-3), and the
    index over time (0-100) when earlier ratings exist; None where there is nothing."""
    levers = ir.Chart(
        "bar",
        labels.trust_chart,
        tuple(labels[f"lever_{r.lever}"] for r in trust.latest),
        (ir.Series(labels.trust_rating, tuple(float(r.rating) for r in trust.latest)),),
        number_format="0",
        axis_min=0,
        axis_max=3,
    )
    trend = ir.Chart(
        "line",
        labels.trust_trend_chart,
        tuple(fmt.short_date(day) for day, _ in trust.trend),
        (ir.Series(labels.trust_index, tuple(float(v) for _, v in trust.trend), kind="line"),),
        number_format="0",
        axis_min=0,
        axis_max=100,
    )
    return {"levers": levers if trust.latest else None, "trend": trend if trust.trend else None}
