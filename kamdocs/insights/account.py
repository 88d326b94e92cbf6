"""Every figure of one account as of a date, computed once (`account_insights`), with the
small look-ups it needs: the review to use, the next meeting, the latest quarter with revenue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date
from decimal import Decimal

from kamdocs.insights.calendar import previous_quarter, quarter_of
from kamdocs.insights.execution import (
    URGENCY,
    Rag,
    action_rag,
    action_status_updates,
    is_overdue,
    status_override,
)
from kamdocs.insights.followup import TrustIndex, trust_index
from kamdocs.insights.health import Health, health_score, open_high_risks
from kamdocs.insights.relationship import (
    Gap,
    Shape,
    coverage_gaps,
    nps_series,
    relationship_shape,
    stage_warnings,
)
from kamdocs.insights.revenue import (
    QuarterRevenue,
    StageTotal,
    growth_ratio,
    pipeline_by_stage,
    quarter_revenue_series,
    revenue_amounts,
    revenue_gap,
    share_of_wallet,
    weighted_pipeline,
    year_revenue,
    year_target,
    ytd_quarters,
    ytd_revenue,
    ytd_revenue_last_year,
    ytd_target,
)
from kamdocs.insights.selection import (
    Position,
    SelectionVerdict,
    portfolio_position,
    selection_verdict,
)
from kamdocs.valueclass import valueclass
from kamdocs.workspace.audience import INTERNAL_FIGURE
from kamdocs.workspace.model import QUARTER_RE, Account, Action, Company, Review, Settings


def latest_review(
    reviews: Mapping[str, Review] | Iterable[Review], up_to_quarter: str
) -> Review | None:
    """Return the review of the latest quarter ≤ `up_to_quarter`; None when there is none.

    Reviews are selected by quarter, not by meeting date: a deck is prepared before its
    meeting, whose date then still lies ahead.
    """
    items = reviews.values() if isinstance(reviews, Mapping) else reviews
    eligible = [r for r in items if r.quarter <= up_to_quarter]
    return max(eligible, key=lambda r: r.quarter, default=None)


def next_meeting(account: Account, today: date) -> date | None:
    """Return the earliest planned meeting on or after `today`; None when there is none."""
    meetings = account.cadence.next_meetings if account.cadence else ()
    return min((m.date for m in meetings if m.date >= today), default=None)


def latest_revenue_quarter(account: Account, up_to_quarter: str) -> str:
    """Return the last quarter ≤ `up_to_quarter` with revenue data, else `up_to_quarter`."""
    with_data = [
        e.period
        for e in account.revenue.history
        if QUARTER_RE.match(e.period) and e.period <= up_to_quarter
    ]
    return max(with_data, default=up_to_quarter)


@valueclass(frozen=True)
class AccountInsights:
    """Every computed figure of one account as of `today`, so each is computed once.

    Years and quarters are fiscal. `year` is the fiscal year holding `today`. Revenue figures
    are money; `share_of_wallet`, `growth_yoy` (year to date vs the same quarters last year)
    and `growth_qoq` (latest quarter vs the one before) are fractions. `action_rags` and
    `action_order` use indexes into `account.actions`; statuses updated by `review` apply.
    `overdue_indexes` holds the same actions as `overdue_actions`, for constant-time checks
    (`index in ins.overdue_indexes`). `pipeline_coverage` = weighted pipeline ÷ revenue gap,
    a fraction; None when there is no target or the gap is ≤ 0.
    """

    today: date
    current_quarter: str
    year: str
    selection: SelectionVerdict = field(metadata=INTERNAL_FIGURE)
    position: Position | None = field(metadata=INTERNAL_FIGURE)
    shape: Shape = field(metadata=INTERNAL_FIGURE)
    stage_warnings: tuple[str, ...] = field(metadata=INTERNAL_FIGURE)
    gaps: tuple[Gap, ...] = field(metadata=INTERNAL_FIGURE)
    latest_quarter: str
    revenue_series: tuple[QuarterRevenue, ...]
    last_year_revenue: Decimal | None
    ytd_quarters: tuple[str, ...]
    ytd_revenue: Decimal | None
    ytd_target: Decimal | None
    year_target: Decimal | None
    share_of_wallet: Decimal | None = field(metadata=INTERNAL_FIGURE)
    share_of_wallet_year: str = field(metadata=INTERNAL_FIGURE)
    growth_yoy: Decimal | None
    growth_qoq: Decimal | None
    weighted_pipeline: Decimal = field(metadata=INTERNAL_FIGURE)
    pipeline_by_stage: tuple[StageTotal, ...] = field(metadata=INTERNAL_FIGURE)
    revenue_gap: Decimal | None = field(metadata=INTERNAL_FIGURE)
    pipeline_coverage: Decimal | None = field(metadata=INTERNAL_FIGURE)
    overdue_actions: tuple[Action, ...]
    overdue_indexes: frozenset[int]
    action_rags: dict[int, Rag]
    action_order: tuple[int, ...]
    review: Review | None
    health: Health = field(metadata=INTERNAL_FIGURE)
    nps_series: tuple[tuple[str, Decimal], ...]
    open_high_risks: int = field(metadata=INTERNAL_FIGURE)
    next_meeting: date | None
    trust: TrustIndex = field(metadata=INTERNAL_FIGURE)


def account_insights(
    account: Account,
    company: Company,
    settings: Settings,
    reviews: Mapping[str, Review],
    today: date,
    *,
    review_quarter: str | None = None,
) -> AccountInsights:
    """Return all of the account's computed figures as of `today`.

    The review used (health, action updates, NPS series end) is the one of `review_quarter`
    when given, else the latest one whose quarter is ≤ the quarter holding `today`; reviews of
    later quarters are ignored everywhere. Linear in actions and opportunities.
    """
    fys = settings.fiscal_year_start
    current = quarter_of(today, fys)
    year = current[:4]
    last_year = str(int(year) - 1)
    cutoff = review_quarter or current
    usable = [r for r in reviews.values() if r.quarter <= cutoff]
    review = latest_review(usable, cutoff)

    latest = latest_revenue_quarter(account, current)
    amounts = revenue_amounts(account)
    ytd = ytd_revenue(account, today, fys)

    wallet_period = account.wallet.period if account.wallet else None
    wallet_year = wallet_period if wallet_period and len(wallet_period) == 4 else last_year

    updates = action_status_updates(review)
    overrides = [status_override(a, updates) for a in account.actions]
    rags = {i: action_rag(a, today, overrides[i]) for i, a in enumerate(account.actions)}
    order = sorted(rags, key=lambda i: (URGENCY[rags[i]], account.actions[i].due))
    overdue_indexes = [
        i for i, a in enumerate(account.actions) if is_overdue(a, today, overrides[i])
    ]
    overdue_indexes.sort(key=lambda i: account.actions[i].due)
    weighted = weighted_pipeline(account.opportunities)
    gap = revenue_gap(account, year, today, fys)

    shape = relationship_shape(account, company, today)
    return AccountInsights(
        today=today,
        current_quarter=current,
        year=year,
        selection=selection_verdict(account, settings),
        position=portfolio_position(account, settings),
        shape=shape,
        stage_warnings=tuple(stage_warnings(account, shape)),
        gaps=tuple(coverage_gaps(account)),
        latest_quarter=latest,
        revenue_series=tuple(quarter_revenue_series(account, latest, 8)),
        last_year_revenue=year_revenue(account, last_year),
        ytd_quarters=tuple(ytd_quarters(account, today, fys)),
        ytd_revenue=ytd,
        ytd_target=ytd_target(account, today, fys),
        year_target=year_target(account, year),
        share_of_wallet=share_of_wallet(account, wallet_year),
        share_of_wallet_year=wallet_year,
        growth_yoy=growth_ratio(ytd, ytd_revenue_last_year(account, today, fys)),
        growth_qoq=growth_ratio(amounts.get(latest), amounts.get(previous_quarter(latest))),
        weighted_pipeline=weighted,
        pipeline_by_stage=tuple(pipeline_by_stage(account.opportunities)),
        revenue_gap=gap,
        pipeline_coverage=weighted / gap if gap is not None and gap > 0 else None,
        overdue_actions=tuple(account.actions[i] for i in overdue_indexes),
        overdue_indexes=frozenset(overdue_indexes),
        action_rags=rags,
        action_order=tuple(order),
        review=review,
        health=health_score(account, review, settings, today),
        nps_series=tuple(nps_series(usable)),
        open_high_risks=open_high_risks(account),
        next_meeting=next_meeting(account, today),
        trust=trust_index(account.trust, today),
    )
