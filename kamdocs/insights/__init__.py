"""Figures computed once from an account's data (domain.md §6), for every document to share.

Every function here is pure: data and the as-of date (`today`) in, figures out; nothing is read
from disk or from the clock, and the models are never changed. Money and ratios are `Decimal`;
ratios are fractions (`0.35` for 35 %), scores are on 0-100 unless their name says otherwise.
`None` always means "not computable from the data" — a figure is never invented (domain.md §7
rule 5).

One module per subject: `calendar` (quarters), `selection` (key-account selection, portfolio
matrix), `revenue` (revenue, pipeline), `execution` (actions, KPIs), `relationship` (shape,
stakeholder coverage, NPS), `health`, `account` (everything for one account) and `pricing`.
The names other packages use are re-exported here.
"""

from kamdocs.insights.account import (
    AccountInsights,
    account_insights,
    latest_revenue_quarter,
    latest_review,
    next_meeting,
)
from kamdocs.insights.calendar import (
    next_quarter,
    previous_quarter,
    quarter_bounds,
    quarter_months,
    quarter_of,
    quarters_back,
    same_quarter_last_year,
)
from kamdocs.insights.execution import (
    Band,
    action_rag,
    action_status_updates,
    actions_by_urgency,
    is_overdue,
    kpi_gap,
    kpi_status,
    kpi_trend,
)
from kamdocs.insights.health import Health, combine_health, health_band, health_score
from kamdocs.insights.relationship import (
    Gap,
    contact_pairs,
    coverage_gaps,
    function_pairs,
    nps_series,
    relationship_shape,
    shape_kind,
    stage_warnings,
)
from kamdocs.insights.revenue import (
    OPEN_STAGES,
    QuarterRevenue,
    StageTotal,
    growth_ratio,
    pipeline_by_stage,
    quarter_revenue_series,
    quarter_target,
    revenue_amounts,
    revenue_gap,
    revenue_vs_target,
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
    POSTURES,
    Position,
    SelectionVerdict,
    axis_score,
    portfolio_position,
    selection_score,
    selection_verdict,
    strength_vs_competitor,
)

__all__ = [
    "OPEN_STAGES",
    "POSTURES",
    "AccountInsights",
    "Band",
    "Gap",
    "Health",
    "Position",
    "QuarterRevenue",
    "SelectionVerdict",
    "StageTotal",
    "account_insights",
    "action_rag",
    "action_status_updates",
    "actions_by_urgency",
    "axis_score",
    "combine_health",
    "contact_pairs",
    "coverage_gaps",
    "function_pairs",
    "growth_ratio",
    "health_band",
    "health_score",
    "is_overdue",
    "kpi_gap",
    "kpi_status",
    "kpi_trend",
    "latest_revenue_quarter",
    "latest_review",
    "next_meeting",
    "nps_series",
    "pipeline_by_stage",
    "portfolio_position",
    "next_quarter",
    "previous_quarter",
    "quarter_bounds",
    "quarter_months",
    "quarter_of",
    "quarter_revenue_series",
    "quarter_target",
    "quarters_back",
    "relationship_shape",
    "revenue_amounts",
    "revenue_gap",
    "revenue_vs_target",
    "same_quarter_last_year",
    "selection_score",
    "selection_verdict",
    "shape_kind",
    "share_of_wallet",
    "stage_warnings",
    "strength_vs_competitor",
    "weighted_pipeline",
    "year_revenue",
    "year_target",
    "ytd_quarters",
    "ytd_revenue",
    "ytd_revenue_last_year",
    "ytd_target",
]
