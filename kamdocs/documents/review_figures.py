"""The figures of one quarterly review, computed in Python for the deck's slides and notes.

Every number comes from `insights` (computed once for every document) or from the review
file itself; nothing here formats a template or reads the clock. Quarter figures are those
of the review's quarter: revenue of that quarter, year to date at its end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from kamdocs import insights, ir
from kamdocs.insights import AccountInsights, Band
from kamdocs.templating import plurals
from kamdocs.templating.catalog import Labels
from kamdocs.templating.formatting import Formatter
from kamdocs.templating.values import Styled
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m

ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
# A status reads in words, in its colour, and by a symbol that survives black-and-white print.
SYMBOLS = {"green": "✓", "amber": "▲", "red": "✕", "done": "✓", "grey": "○"}
ACTION_SYMBOLS = {**SYMBOLS, "green": "●"}
GOOD, BAD, NEUTRAL = "00B050", "C00000", "7F7F7F"
_LEVEL_RANK = {"high": 0, "medium": 1, "low": 2, None: 3}
OPEN_STAGE_RANK = {"negotiation": 0, "proposal": 1, "qualified": 2, "lead": 3}


@valueclass(frozen=True)
class QuarterFigures:
    """Revenue of the review's quarter and of its year to date; money, ratios as fractions."""

    quarter: str
    amount: Decimal | None
    target: Decimal | None
    last_year_quarter: str
    last_year_amount: Decimal | None
    yoy: Decimal | None
    qoq: Decimal | None
    ytd: Decimal | None
    ytd_target: Decimal | None

    @property
    def attainment(self) -> Decimal | None:
        if self.amount is None or not self.target:
            return None
        return self.amount / self.target

    @property
    def ytd_attainment(self) -> Decimal | None:
        if self.ytd is None or not self.ytd_target:
            return None
        return self.ytd / self.ytd_target


def quarter_figures(account: m.Account, quarter: str, fiscal_year_start: int) -> QuarterFigures:
    """Return the revenue figures of `quarter` (year to date as at the quarter's last day)."""
    amounts = insights.revenue_amounts(account)
    amount = amounts.get(quarter)
    last_year = insights.same_quarter_last_year(quarter)
    end = insights.quarter_bounds(quarter, fiscal_year_start)[1]
    return QuarterFigures(
        quarter=quarter,
        amount=amount,
        target=insights.quarter_target(account, quarter),
        last_year_quarter=last_year,
        last_year_amount=amounts.get(last_year),
        yoy=insights.growth_ratio(amount, amounts.get(last_year)),
        qoq=insights.growth_ratio(amount, amounts.get(insights.previous_quarter(quarter))),
        ytd=insights.ytd_revenue(account, end, fiscal_year_start),
        ytd_target=insights.ytd_target(account, end, fiscal_year_start),
    )


def revenue_band(figures: QuarterFigures) -> Band | None:
    """Return the quarter's revenue status, with the KPI rule (5 % tolerance)."""
    # Built from figures already validated: no validation (which would build Kpi's validator,
    # and load pydantic's plugins, in a run whose models all come from the cache).
    as_kpi = m.Kpi.model_construct(name="revenue", target=figures.target, actual=figures.amount)
    return insights.kpi_status(as_kpi)


def overall_status(bands: Sequence[Band | None]) -> Band | None:
    """Return the quarter's overall status from the KPI and revenue statuses (design choice):
    red when at least half are red, green when none is red and at least half are green,
    amber otherwise; None when there is no status at all."""
    known = [b for b in bands if b is not None]
    if not known:
        return None
    reds = known.count("red")
    if reds * 2 >= len(known):
        return "red"
    if reds == 0 and known.count("green") * 2 >= len(known):
        return "green"
    return "amber"


# --- KPIs -----------------------------------------------------------------------------------


def kpi_value(
    value: Decimal | None, unit: str | None, fmt: Formatter, labels: Labels, *, signed: bool = False
) -> str:
    """Return a KPI value with its unit; a gap in % is written in points."""
    if value is None:
        return labels.none
    text = fmt.number(value)
    if signed and value > 0:
        text = f"+{text}"
    if not unit:
        return text
    if unit == "%":
        unit = labels.points if signed else unit
        if unit == "%":
            return f"{text}\u202f%" if fmt.lang == "fr" else f"{text}%"
    return f"{text}\u00a0{plurals.unit_for(value, unit, fmt.lang)}"


def band_word(band: Band | None, labels: Labels) -> str | None:
    """Return a KPI or quarter status as a symbol and words of meaning ("✓ Atteint");
    None without a status."""
    if band is None:
        return None
    return f"{SYMBOLS[band]} {labels[f'band_{band}']}"


def kpi_rows(kpis: Sequence[m.Kpi], fmt: Formatter, labels: Labels) -> list[dict[str, Any]]:
    """Return one row per KPI: formatted values, a coloured trend arrow, the RAG band and
    its words."""
    rows = []
    for kpi in kpis:
        trend = insights.kpi_trend(kpi)
        if trend is None:
            arrow = Styled(labels.none, align="center")
        else:
            colour = NEUTRAL if trend == "flat" else GOOD if trend == kpi.direction else BAD
            arrow = Styled(ARROWS[trend], color=colour, align="center", bold=True)
        rows.append(
            {
                "name": kpi.name,
                "actual": kpi_value(kpi.actual, kpi.unit, fmt, labels),
                "target": kpi_value(kpi.target, kpi.unit, fmt, labels),
                "gap": kpi_value(insights.kpi_gap(kpi), kpi.unit, fmt, labels, signed=True),
                "previous": kpi_value(kpi.previous, kpi.unit, fmt, labels),
                "last_year": kpi_value(kpi.last_year, kpi.unit, fmt, labels),
                "arrow": arrow,
                "status": insights.kpi_status(kpi),
                "status_text": band_word(insights.kpi_status(kpi), labels),
            }
        )
    return rows


def attainment(kpi: m.Kpi) -> float | None:
    """Return the actual as a % of target, inverted for KPIs that should go down (so that
    above 100 is always better); None when it cannot be computed."""
    if kpi.actual is None or kpi.target is None:
        return None
    numerator, denominator = (
        (kpi.actual, kpi.target) if kpi.direction == "up" else (kpi.target, kpi.actual)
    )
    if denominator == 0:
        return None
    return round(float(numerator / denominator * 100), 1)


def kpi_chart(kpis: Sequence[m.Kpi], labels: Labels) -> ir.Chart | None:
    """Return horizontal bars of target attainment per KPI next to the target (100), on an
    axis from zero so that gaps are not exaggerated."""
    scored = [(k.name, value) for k in kpis if (value := attainment(k)) is not None]
    if not scored:
        return None
    return ir.Chart(
        "column",
        labels.kpi_chart,
        tuple(name for name, _ in scored),
        (
            ir.Series(labels.kpi_attainment, tuple(v for _, v in scored)),
            ir.Series(labels.kpi_target_index, tuple(100.0 for _ in scored), "line"),
        ),
        number_format="0",
        axis_min=0.0,
    )


# --- lists ----------------------------------------------------------------------------------


def open_decisions(review: m.Review) -> list[m.Decision]:
    """Return the open decisions, earliest due first (undated last)."""
    found = [d for d in review.decisions_needed if d.status == "open"]
    return sorted(found, key=lambda d: (d.date is None, d.date or date.max))


def open_projects(account: m.Account) -> list[m.Opportunity]:
    """Return the open opportunities, most advanced stage first."""
    found = [o for o in account.opportunities if o.stage in OPEN_STAGE_RANK]
    return sorted(found, key=lambda o: OPEN_STAGE_RANK[o.stage])


def main_risk(account: m.Account) -> m.Risk | None:
    """Return the open risk with the highest impact, then likelihood; None when none is open."""
    found = [r for r in account.risks if r.status == "open"]
    return min(
        found, key=lambda r: (_LEVEL_RANK[r.impact], _LEVEL_RANK[r.likelihood]), default=None
    )


# A QBR has about an hour: the main slide shows the most urgent actions (late and at risk
# come first), the appendix the whole plan up to DECK_ACTIONS rows, and the account plan
# the rest.
MAIN_ACTIONS = 5
MAIN_ACTIONS_INTERNAL = 4  # the preparation deck's slide has a second line of counts
DECK_ACTIONS = 60
RAGS = ("red", "amber", "green", "done", "grey")


def action_rows(
    account: m.Account, review: m.Review, ins: AccountInsights, labels: Labels, internal: bool
) -> list[dict[str, Any]]:
    """Return the actions late first (insights' order), with the review's status updates;
    the client deck gets the joint actions only (those not marked internal)."""
    updates = {u.id: u for u in review.action_updates}
    rows = []
    for index in ins.action_order:
        action = account.actions[index]
        if action.audience == "internal" and not internal:
            continue
        update = updates.get(action.id) if action.id else None
        status = update.status if update and update.status else action.status
        label = labels[f"status_{status}"]
        if insights.is_overdue(action, ins.today, status):
            label = f"{label} ({labels.overdue})"
        rag = ins.action_rags[index]
        rows.append(
            {
                "action": action,
                "rag": rag,
                "label": f"{ACTION_SYMBOLS[rag]} {label}",
                "comment": update.comment if update else None,
                "internal": action.audience == "internal",
            }
        )
    return rows


def rag_counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Return how many of `rows` have each status colour, and their total."""
    found = {rag: sum(1 for r in rows if r["rag"] == rag) for rag in RAGS}
    return {**found, "total": len(rows)}


def health_trend(
    account: m.Account,
    settings: m.Settings,
    reviews: Sequence[m.Review],
    ins: AccountInsights,
) -> list[tuple[str, float]]:
    """Return (quarter, health score) per review: each past review as at its quarter's end,
    the deck's own review as at the as-of date (the score shown on the slide)."""
    points = []
    for review in reviews:
        if ins.review is not None and review.quarter == ins.review.quarter:
            score = ins.health.score
        else:
            end = insights.quarter_bounds(review.quarter, settings.fiscal_year_start)[1]
            score = insights.health_score(account, review, settings, end).score
        if score is not None:
            points.append((review.quarter, round(float(score), 0)))
    return points
