"""Figures computed from account data: every expected value is worked out by hand in comments."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from kamdocs.insights import (
    AccountInsights,
    Gap,
    Health,
    Position,
    QuarterRevenue,
    SelectionVerdict,
    StageTotal,
    account_insights,
    action_rag,
    actions_by_urgency,
    axis_score,
    combine_health,
    contact_pairs,
    coverage_gaps,
    function_pairs,
    growth_ratio,
    health_band,
    health_score,
    is_overdue,
    kpi_gap,
    kpi_status,
    kpi_trend,
    latest_review,
    next_meeting,
    nps_series,
    pipeline_by_stage,
    portfolio_position,
    previous_quarter,
    quarter_bounds,
    quarter_months,
    quarter_of,
    quarter_revenue_series,
    quarter_target,
    quarters_back,
    relationship_shape,
    revenue_amounts,
    revenue_gap,
    revenue_vs_target,
    same_quarter_last_year,
    selection_score,
    selection_verdict,
    shape_kind,
    share_of_wallet,
    stage_warnings,
    strength_vs_competitor,
    weighted_pipeline,
    year_revenue,
    year_target,
    ytd_quarters,
    ytd_revenue,
    ytd_revenue_last_year,
    ytd_target,
)
from kamdocs.workspace.model import (
    Account,
    Action,
    Company,
    Kpi,
    Opportunity,
    Review,
    Selection,
    SelectionWeights,
    Settings,
)

D = Decimal
SETTINGS = Settings()
COMPANY = Company.model_validate(
    {
        "name": "Exemple Solutions (fictif)",
        "team": [
            {"name": "Claire Martin", "function": "sales"},
            {"name": "Hugo Petit", "function": "delivery"},
            {"name": "Léa Moreau", "function": "executive"},
            {"name": "Paul Roche", "function": "data_science"},
            {"name": "Zoé Blanc", "function": "support"},
        ],
    }
)


def account(**data: Any) -> Account:
    return Account.model_validate({"name": "Fromageries Exemple (fictif)", **data})


def act(due: str, status: str = "planned", id: str | None = None) -> Action:
    return Action.model_validate(
        {"id": id, "action": "Faire", "owner": "Claire Martin", "due": due, "status": status}
    )


def kpi(**data: Any) -> Kpi:
    return Kpi.model_validate({"name": "Taux de service", **data})


def review(quarter: str, **data: Any) -> Review:
    return Review.model_validate({"quarter": quarter, **data})


# --- quarters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), "2026-Q1"),
        (date(2026, 3, 31), "2026-Q1"),
        (date(2026, 8, 15), "2026-Q3"),
        (date(2026, 12, 31), "2026-Q4"),
    ],
)
def test_quarters_are_calendar_quarters_by_default(day: date, expected: str) -> None:
    assert quarter_of(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # April 2026 opens fiscal 2026: (4 − 4) mod 12 = 0 months in -> Q1
        (date(2026, 4, 1), "2026-Q1"),
        # December 2026: (12 − 4) mod 12 = 8 months in, 8 // 3 = 2 -> Q3
        (date(2026, 12, 31), "2026-Q3"),
        # March 2027: (3 − 4) mod 12 = 11 months in, 11 // 3 = 3 -> Q4 of fiscal 2026
        (date(2027, 3, 31), "2026-Q4"),
    ],
)
def test_a_fiscal_year_starting_in_april_shifts_the_quarters(day: date, expected: str) -> None:
    assert quarter_of(day, fiscal_year_start=4) == expected


def test_quarters_step_back_across_years() -> None:
    assert previous_quarter("2026-Q1") == "2025-Q4"
    assert previous_quarter("2026-Q3") == "2026-Q2"
    assert same_quarter_last_year("2026-Q3") == "2025-Q3"
    assert quarters_back("2026-Q2", 3) == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert quarters_back("2026-Q2", 0) == []


def test_quarter_months_and_bounds_follow_the_fiscal_year() -> None:
    assert quarter_months("2026-Q3") == ((2026, 7), (2026, 8), (2026, 9))
    # fiscal 2026 starting in April: Q4 is January-March 2027
    assert quarter_months("2026-Q4", 4) == ((2027, 1), (2027, 2), (2027, 3))
    assert quarter_bounds("2026-Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds("2027-Q4", 4) == (date(2028, 1, 1), date(2028, 3, 31))


def test_a_malformed_quarter_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match=r"expected a quarter such as 2026-Q3, got '2026-Q5'"):
        previous_quarter("2026-Q5")


# --- selection ---------------------------------------------------------------------------


def test_the_selection_score_is_the_weighted_sum_times_ten() -> None:
    sel = Selection(financial=D(8), strategic=D(7), maturity=D(5))
    # 0.40 × 8 × 10 + 0.35 × 7 × 10 + 0.25 × 5 × 10 = 32 + 24.5 + 12.5 = 69
    assert selection_score(sel, SelectionWeights()) == D(69)


def test_a_selection_with_a_missing_score_has_no_total() -> None:
    assert selection_score(Selection(financial=D(8), strategic=D(7)), SelectionWeights()) is None
    assert selection_score(None, SelectionWeights()) is None


@pytest.mark.parametrize(
    ("scores", "score", "key", "reason"),
    [
        # 0.40 × 60 + 0.35 × 60 + 0.25 × 60 = 60: the threshold itself is enough
        ((6, 6, 6), D(60), True, "at_or_above_threshold"),
        # 0.40 × 50 + 0.35 × 50 + 0.25 × 50 = 50 < 60
        ((5, 5, 5), D(50), False, "below_threshold"),
    ],
)
def test_the_selection_verdict_compares_the_score_with_the_threshold(
    scores: tuple[int, int, int], score: Decimal, key: bool, reason: str
) -> None:
    financial, strategic, maturity = scores
    acct = account(selection={"financial": financial, "strategic": strategic, "maturity": maturity})
    assert selection_verdict(acct, SETTINGS) == SelectionVerdict(score, D(60), key, reason)  # type: ignore[arg-type]


def test_a_selection_override_wins_over_the_score_and_keeps_its_reason() -> None:
    acct = account(
        selection={"financial": 5, "strategic": 5, "maturity": 5},
        selection_override={"key_account": True, "reason": "Référence nationale du secteur"},
    )
    verdict = selection_verdict(acct, SETTINGS)
    # the score (50) is still shown, below the threshold, but judgement overrides it
    assert verdict == SelectionVerdict(
        D(50), D(60), True, "override", "Référence nationale du secteur"
    )


def test_an_unscored_account_is_not_key_until_scored_or_overridden() -> None:
    verdict = selection_verdict(account(), SETTINGS)
    assert (verdict.score, verdict.key_account, verdict.reason) == (None, False, "no_score")


# --- portfolio ---------------------------------------------------------------------------


def test_an_axis_is_the_equal_weight_mean_times_ten_by_default() -> None:
    # (8 + 6 + 7) ÷ 3 = 7 -> 70
    assert axis_score({"a": D(8), "b": D(6), "c": D(7)}) == D(70)


def test_an_axis_with_weights_ignores_the_factors_they_do_not_name() -> None:
    factors = {"a": D(8), "b": D(6), "c": D(1)}
    # c weighs 0: (0.5 × 8 + 0.3 × 6) ÷ (0.5 + 0.3) × 10 = 5.8 ÷ 0.8 × 10 = 72.5
    assert axis_score(factors, {"a": D("0.5"), "b": D("0.3")}) == D("72.5")
    assert axis_score({}) is None
    assert axis_score(factors, {"z": D(1)}) is None


def position_of(attractiveness: str, strength: str, split: int = 50) -> Position | None:
    acct = account(
        classification={"attractiveness": {"x": attractiveness}, "strength": {"y": strength}}
    )
    return portfolio_position(acct, Settings(matrix_split=D(split)))


@pytest.mark.parametrize(
    ("attractiveness", "strength", "quadrant", "posture"),
    [
        # 5 × 10 = 50 on both axes: a score equal to the split counts as high
        ("5", "5", "strategic", "invest"),
        # 4.9 × 10 = 49 < 50 on strength only
        ("5", "4.9", "star", "invest_selectively"),
        ("4.9", "5", "status", "maintain"),
        ("4.9", "4.9", "streamline", "harvest"),
    ],
)
def test_quadrants_split_at_fifty_with_the_boundary_high(
    attractiveness: str, strength: str, quadrant: str, posture: str
) -> None:
    position = position_of(attractiveness, strength)
    assert position is not None
    assert (position.quadrant, position.posture) == (quadrant, posture)


def test_the_matrix_split_is_configurable() -> None:
    # 5.5 × 10 = 55 is high with a split at 50 but low with a split at 60
    assert position_of("5.5", "9").quadrant == "strategic"  # type: ignore[union-attr]
    assert position_of("5.5", "9", split=60).quadrant == "status"  # type: ignore[union-attr]


def test_an_account_without_both_axes_has_no_position() -> None:
    assert portfolio_position(account(), SETTINGS) is None
    half = account(classification={"attractiveness": {"x": 5}})
    assert portfolio_position(half, SETTINGS) is None


def test_strength_against_the_best_competitor_is_fifty_at_parity() -> None:
    acct = account(
        classification={
            "attractiveness": {"x": 5},
            "strength": {"a": 6, "b": 9, "c": 4},
            "competitor_strength": {"a": 3, "b": 2},
        }
    )
    # only a and b are scored on both sides: ours 6 + 9 = 15, theirs 3 + 2 = 5
    # 15 ÷ (15 + 5) × 100 = 75
    assert strength_vs_competitor(acct.classification) == D(75)  # type: ignore[arg-type]
    assert portfolio_position(acct, SETTINGS).strength_vs_competitor == D(75)  # type: ignore[union-attr]
    parity = account(classification={"strength": {"a": 6}, "competitor_strength": {"a": 6}})
    assert strength_vs_competitor(parity.classification) == D(50)  # type: ignore[arg-type]


# --- revenue -----------------------------------------------------------------------------

REVENUE = account(
    revenue={
        "history": [
            {"period": 2024, "amount": 400000},
            {"period": "2025-Q1", "amount": 100000},
            {"period": "2025-Q2", "amount": 110000},
            {"period": "2025-Q3", "amount": 120000},
            {"period": "2025-Q4", "amount": 130000},
            {"period": "2026-Q1", "amount": 110000, "margin": "30%"},
            {"period": "2026-Q2", "amount": 121000},
        ],
        "targets": {2025: 500000, 2026: 480000, "2026-Q2": 125000},
    },
    wallet={"total_spend": 1840000},
)
AUGUST_2026 = date(2026, 8, 20)  # in 2026-Q3, which has no revenue yet


def test_revenue_amounts_are_keyed_by_period() -> None:
    amounts = revenue_amounts(REVENUE)
    assert amounts["2024"] == D(400000)
    assert amounts["2026-Q2"] == D(121000)
    assert len(amounts) == 7


def test_a_year_uses_its_yearly_entry_else_its_four_quarters() -> None:
    assert year_revenue(REVENUE, "2024") == D(400000)
    # 100000 + 110000 + 120000 + 130000 = 460000
    assert year_revenue(REVENUE, 2025) == D(460000)
    # 2026 has only two quarters: no year figure is made up
    assert year_revenue(REVENUE, "2026") is None
    assert year_target(REVENUE, "2026") == D(480000)
    assert year_target(REVENUE, "2024") is None


def test_a_quarter_without_its_own_target_gets_a_quarter_of_the_yearly_one() -> None:
    # explicit 2026-Q2 target; 2026-Q1 gets 480000 ÷ 4 = 120000; 2025-Q3 gets 500000 ÷ 4
    assert quarter_target(REVENUE, "2026-Q2") == D(125000)
    assert quarter_target(REVENUE, "2026-Q1") == D(120000)
    assert quarter_target(REVENUE, "2025-Q3") == D(125000)
    assert quarter_target(REVENUE, "2024-Q3") is None


def test_the_quarter_series_ends_at_the_given_quarter_with_gaps_as_none() -> None:
    assert quarter_revenue_series(REVENUE, "2026-Q2", 4) == [
        QuarterRevenue("2025-Q3", D(120000), D(125000), None),
        QuarterRevenue("2025-Q4", D(130000), D(125000), None),
        QuarterRevenue("2026-Q1", D(110000), D(120000), D("0.30")),
        QuarterRevenue("2026-Q2", D(121000), D(125000), None),
    ]
    series = quarter_revenue_series(REVENUE, "2026-Q2")
    assert len(series) == 8
    # 8 quarters back from 2026-Q2 starts at 2024-Q3, which only has a yearly entry
    assert series[0] == QuarterRevenue("2024-Q3", None, None, None)


def test_the_year_to_date_runs_to_the_latest_quarter_with_data() -> None:
    # today is in 2026-Q3 (no data yet): Q1 and Q2 make the year to date
    assert ytd_quarters(REVENUE, AUGUST_2026) == ["2026-Q1", "2026-Q2"]
    # 110000 + 121000 = 231000
    assert ytd_revenue(REVENUE, AUGUST_2026) == D(231000)
    # 480000 ÷ 4 (Q1, no own target) + 125000 (Q2) = 245000
    assert ytd_target(REVENUE, AUGUST_2026) == D(245000)
    # same quarters of 2025: 100000 + 110000 = 210000
    assert ytd_revenue_last_year(REVENUE, AUGUST_2026) == D(210000)


def test_a_year_to_date_with_a_missing_quarter_is_not_computed() -> None:
    gap = account(revenue={"history": [{"period": "2026-Q2", "amount": 5}]})
    assert ytd_quarters(gap, AUGUST_2026) == ["2026-Q1", "2026-Q2"]
    assert ytd_revenue(gap, AUGUST_2026) is None
    # in 2026-Q1 the year to date is Q1 alone, already recorded: 110000
    assert ytd_revenue(REVENUE, date(2026, 1, 10)) == D(110000)
    early = account(revenue={"history": [{"period": "2025-Q4", "amount": 5}]})
    assert ytd_quarters(early, date(2026, 1, 10)) == []
    assert ytd_revenue(early, date(2026, 1, 10)) is None
    assert ytd_target(early, date(2026, 1, 10)) is None


def test_the_year_to_date_follows_the_fiscal_year() -> None:
    # fiscal year from April: 2026-08-20 is in fiscal 2026-Q2 (months 4 and 5 into the year)
    assert ytd_quarters(REVENUE, AUGUST_2026, fiscal_year_start=4) == ["2026-Q1", "2026-Q2"]
    # 2026-01-10 is in fiscal 2025-Q4: 2025-Q1 to Q4 all have data
    assert ytd_revenue(REVENUE, date(2026, 1, 10), fiscal_year_start=4) == D(460000)


def test_growth_is_the_change_over_the_previous_value() -> None:
    # (231000 − 210000) ÷ 210000 = 0.1
    assert growth_ratio(D(231000), D(210000)) == D("0.1")
    assert growth_ratio(D(90), D(100)) == D("-0.1")
    assert growth_ratio(D(1), D(0)) is None
    assert growth_ratio(None, D(1)) is None


def test_share_of_wallet_is_revenue_over_the_clients_spend() -> None:
    # 460000 ÷ 1840000 = 0.25
    assert share_of_wallet(REVENUE, 2025) == D("0.25")
    assert share_of_wallet(REVENUE, 2026) is None  # no 2026 year figure
    assert share_of_wallet(account(revenue=REVENUE.revenue), 2025) is None  # no wallet


def test_revenue_against_target_is_a_ratio() -> None:
    # 460000 ÷ 500000 = 0.92
    assert revenue_vs_target(REVENUE, 2025) == D("0.92")
    assert revenue_vs_target(REVENUE, 2024) is None


def test_the_revenue_gap_is_the_yearly_target_minus_the_revenue_so_far() -> None:
    # 480000 − (110000 + 121000) = 249000
    assert revenue_gap(REVENUE, 2026, AUGUST_2026) == D(249000)
    # a past year counts all its quarters: 500000 − 460000 = 40000
    assert revenue_gap(REVENUE, 2025, AUGUST_2026) == D(40000)
    assert revenue_gap(REVENUE, 2024, AUGUST_2026) is None


# --- pipeline ----------------------------------------------------------------------------

OPPORTUNITIES = [
    Opportunity.model_validate(o)
    for o in [
        {"name": "A", "stage": "lead", "amount": 10000, "probability": "10%"},
        {"name": "B", "stage": "qualified", "amount": 20000, "probability": 0.25},
        {"name": "C", "stage": "proposal", "amount": 40000, "probability": "50%"},
        {"name": "D", "stage": "negotiation", "amount": 30000},
        {"name": "E", "stage": "won", "amount": 50000, "probability": 1},
        {"name": "F", "stage": "lost", "amount": 9999, "probability": "20%"},
        {"name": "G", "stage": "proposal", "probability": "90%"},
    ]
]


def test_the_weighted_pipeline_leaves_out_won_and_lost_deals() -> None:
    # 10000 × 0.10 + 20000 × 0.25 + 40000 × 0.50 + 30000 × 0 (no probability) + 0 × 0.90
    # = 1000 + 5000 + 20000 = 26000
    assert weighted_pipeline(OPPORTUNITIES) == D(26000)
    assert weighted_pipeline([]) == D(0)


def test_the_pipeline_by_stage_lists_every_open_stage_in_order() -> None:
    assert pipeline_by_stage(OPPORTUNITIES) == [
        StageTotal("lead", 1, D(10000), D(1000)),
        StageTotal("qualified", 1, D(20000), D(5000)),
        # C and G: 40000 + 0; 20000 + 0
        StageTotal("proposal", 2, D(40000), D(20000)),
        StageTotal("negotiation", 1, D(30000), D(0)),
    ]
    assert [s.count for s in pipeline_by_stage([])] == [0, 0, 0, 0]


# --- actions -----------------------------------------------------------------------------

TODAY = date(2026, 10, 15)


@pytest.mark.parametrize("status", ["planned", "on_track", "at_risk", "late"])
def test_a_past_due_action_is_red_whatever_its_status(status: str) -> None:
    action = act("2026-10-14", status)
    assert action_rag(action, TODAY) == "red"
    assert is_overdue(action, TODAY) is True


@pytest.mark.parametrize(
    ("status", "rag"),
    [
        ("on_track", "green"),
        ("at_risk", "amber"),
        ("late", "red"),
        ("done", "done"),
        ("planned", "grey"),
    ],
)
def test_an_action_not_yet_due_shows_its_status_colour(status: str, rag: str) -> None:
    assert action_rag(act("2026-10-15", status), TODAY) == rag  # due today is not past due


def test_a_done_action_is_never_overdue() -> None:
    assert action_rag(act("2026-01-01", "done"), TODAY) == "done"
    assert is_overdue(act("2026-01-01", "done"), TODAY) is False


def test_a_status_override_replaces_the_declared_status() -> None:
    action = act("2026-10-01", "on_track")
    assert action_rag(action, TODAY, "done") == "done"
    assert action_rag(act("2026-11-01", "on_track"), TODAY, "at_risk") == "amber"


def test_actions_are_ordered_late_first_then_by_due_date() -> None:
    a1 = act("2026-11-01", "planned", "a1")
    a2 = act("2026-09-01", "done", "a2")
    a3 = act("2026-10-20", "on_track", "a3")
    a4 = act("2026-10-30", "at_risk", "a4")
    a5 = act("2026-11-15", "late", "a5")
    a6 = act("2026-10-01", "on_track", "a6")  # past due -> red
    a7 = act("2026-10-25", "at_risk", "a7")
    ordered = actions_by_urgency([a1, a2, a3, a4, a5, a6, a7], TODAY)
    # red: a6 (10-01), a5 (11-15); amber: a7 (10-25), a4 (10-30); green a3; grey a1; done a2
    assert [a.id for a in ordered] == ["a6", "a5", "a7", "a4", "a3", "a1", "a2"]
    # a review marking a6 done sends it last
    updated = actions_by_urgency([a1, a2, a3, a4, a5, a6, a7], TODAY, {"a6": "done"})
    assert [a.id for a in updated] == ["a5", "a7", "a4", "a3", "a1", "a2", "a6"]


# --- KPIs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "status"),
    [
        # up: shortfall 98.5 − 97.9 = 0.6 ≤ 0.02 × 98.5 = 1.97 -> amber
        ({"target": "98.5", "actual": "97.9", "tolerance": "2%"}, "amber"),
        # up: 99 ≥ 98.5 -> met
        ({"target": "98.5", "actual": 99, "tolerance": "2%"}, "green"),
        # up: shortfall 98.5 − 95 = 3.5 > 1.97 -> red
        ({"target": "98.5", "actual": 95, "tolerance": "2%"}, "red"),
        # up: shortfall 100 − 95 = 5 = 0.05 × 100 (default tolerance): the boundary is amber
        ({"target": 100, "actual": 95}, "amber"),
        # down: 3.1 ≤ 3.2 -> met (lower is better)
        ({"direction": "down", "target": "3.2", "actual": "3.1"}, "green"),
        # down: shortfall 8.6 − 8 = 0.6 ≤ 0.10 × 8 = 0.8 -> amber
        ({"direction": "down", "target": 8, "actual": "8.6", "tolerance": "10%"}, "amber"),
        # down: shortfall 21.5 − 18 = 3.5 > 0.05 × 18 = 0.9 -> red
        ({"direction": "down", "target": 18, "actual": "21.5"}, "red"),
        # down with a negative target: shortfall −1 − (−2) = 1 > 0.05 × |−2| = 0.1 -> red
        ({"direction": "down", "target": -2, "actual": -1}, "red"),
    ],
)
def test_a_kpi_status_follows_its_direction_and_tolerance(
    data: dict[str, Any], status: str
) -> None:
    assert kpi_status(kpi(**data)) == status


def test_a_kpi_going_down_is_green_below_its_target() -> None:
    measured = kpi(direction="down", target=D("3.2"), actual=D("3.9"), tolerance=D("0.05"))
    # shortfall 3.9 − 3.2 = 0.7 > 0.05 × 3.2 = 0.16 -> red; and the same value going up is green
    assert kpi_status(measured) == "red"
    assert kpi_status(measured.model_copy(update={"direction": "up"})) == "green"


def test_a_kpi_without_actual_or_target_has_no_status() -> None:
    assert kpi_status(kpi(target=1)) is None
    assert kpi_status(kpi(actual=1)) is None
    assert kpi_gap(kpi(actual=1)) is None


def test_the_kpi_gap_is_actual_minus_target() -> None:
    # 97.9 − 98.5 = −0.6
    assert kpi_gap(kpi(target="98.5", actual="97.9")) == D("-0.6")


@pytest.mark.parametrize(
    ("actual", "previous", "trend"),
    [(5, 4, "up"), (4, 5, "down"), (5, 5, "flat"), (5, None, None)],
)
def test_the_kpi_trend_compares_with_the_previous_value(
    actual: int, previous: int | None, trend: str | None
) -> None:
    assert kpi_trend(kpi(actual=actual, previous=previous)) == trend


# --- relationship ------------------------------------------------------------------------

# TODAY − 183 days = 2026-04-15: an interaction must be after it and not after TODAY.
STAKEHOLDERS = [
    {"name": "Sophie Leroy", "function": "purchasing", "roles": ["decision_maker"]},
    {"name": "Marc Durand", "function": "supply_chain"},
    {"name": "Anne Roux", "function": "it"},
    {"name": "Jean Caron", "function": "executive"},
    {"name": "Nora Petit", "unit": "Achats"},
    {"name": "Yves Nomade"},
]


def with_interactions(*rows: tuple[str, str, str], **data: Any) -> Account:
    return account(
        stakeholders=data.pop("stakeholders", STAKEHOLDERS),
        interactions=[{"date": d, "ours": ours, "theirs": theirs} for d, ours, theirs in rows],
        **data,
    )


def test_contact_pairs_count_distinct_people_over_the_last_six_months() -> None:
    acct = with_interactions(
        ("2026-04-15", "Hugo Petit", "Marc Durand"),  # 183 days before: out
        ("2026-04-16", "Claire Martin", "Sophie Leroy"),  # 182 days before: in
        ("2026-09-01", "Claire Martin", "Sophie Leroy"),  # the same pair again
        ("2026-10-15", "Léa Moreau", "Jean Caron"),  # today: in
        ("2026-10-16", "Paul Roche", "Anne Roux"),  # tomorrow: out
    )
    assert contact_pairs(acct, TODAY) == {
        ("Claire Martin", "Sophie Leroy"),
        ("Léa Moreau", "Jean Caron"),
    }


def test_without_an_interaction_log_each_stakeholders_contact_is_a_pair() -> None:
    acct = account(
        stakeholders=[
            {"name": "Sophie Leroy", "our_contact": "Claire Martin"},
            {"name": "Marc Durand", "our_contact": "Hugo Petit"},
            {"name": "Anne Roux"},
        ]
    )
    assert contact_pairs(acct, TODAY) == {
        ("Claire Martin", "Sophie Leroy"),
        ("Hugo Petit", "Marc Durand"),
    }


def test_an_interaction_log_with_only_old_entries_gives_no_pair() -> None:
    acct = with_interactions(
        ("2025-01-10", "Claire Martin", "Sophie Leroy"),
        stakeholders=[{"name": "Sophie Leroy", "our_contact": "Claire Martin"}],
    )
    assert contact_pairs(acct, TODAY) == set()


def test_a_single_salesperson_and_buyer_is_a_bow_tie() -> None:
    acct = with_interactions(
        ("2026-06-01", "Claire Martin", "Sophie Leroy"),
        ("2026-09-01", "Claire Martin", "Sophie Leroy"),
    )
    assert relationship_shape(acct, COMPANY, TODAY).kind == "bow_tie"
    assert function_pairs(acct, COMPANY, TODAY) == {("sales", "purchasing")}


def test_four_function_pairs_across_four_client_functions_is_a_diamond() -> None:
    acct = with_interactions(
        ("2026-06-01", "Claire Martin", "Sophie Leroy"),  # sales ↔ purchasing
        ("2026-06-02", "Hugo Petit", "Marc Durand"),  # delivery ↔ supply_chain
        ("2026-06-03", "Paul Roche", "Anne Roux"),  # data_science ↔ it
        ("2026-06-04", "Léa Moreau", "Jean Caron"),  # executive ↔ executive
    )
    shape = relationship_shape(acct, COMPANY, TODAY)
    assert (shape.kind, shape.contact_pairs, shape.function_pairs, shape.client_functions) == (
        "diamond", 4, 4, 4,
    )  # fmt: skip


def test_many_pairs_into_few_client_functions_is_intermediate() -> None:
    acct = with_interactions(
        ("2026-06-01", "Claire Martin", "Sophie Leroy"),  # sales ↔ purchasing
        ("2026-06-02", "Hugo Petit", "Sophie Leroy"),  # delivery ↔ purchasing
        ("2026-06-03", "Léa Moreau", "Sophie Leroy"),  # executive ↔ purchasing
        ("2026-06-04", "Zoé Blanc", "Anne Roux"),  # support ↔ it
    )
    shape = relationship_shape(acct, COMPANY, TODAY)
    # 4 function pairs but only 2 client functions (purchasing, it): not a diamond
    assert (shape.kind, shape.function_pairs, shape.client_functions) == ("intermediate", 4, 2)
    assert shape_kind(2, 2) == "intermediate"
    assert shape_kind(1, 1) == "bow_tie"
    assert shape_kind(4, 3) == "diamond"


def test_functions_come_from_the_interaction_the_team_or_the_unit() -> None:
    acct = account(
        team=[{"name": "Claire Martin", "function": "key_accounts"}],  # wins over company team
        stakeholders=STAKEHOLDERS,
        interactions=[
            {"date": "2026-06-01", "ours": "Claire Martin", "theirs": "Sophie Leroy"},
            # declared on the interaction: wins over Hugo Petit's "delivery"
            {"date": "2026-06-02", "ours": "Hugo Petit", "theirs": "Marc Durand",
             "our_function": "Logistics"},
            # Nora Petit has no function: her unit "Achats" stands for it
            {"date": "2026-06-03", "ours": "  claire   MARTIN ", "theirs": "Nora Petit"},
            # unknown people on either side: left out, never guessed
            {"date": "2026-06-04", "ours": "Inconnu", "theirs": "Sophie Leroy"},
            {"date": "2026-06-05", "ours": "Hugo Petit", "theirs": "Yves Nomade"},
        ],
    )  # fmt: skip
    assert function_pairs(acct, COMPANY, TODAY) == {
        ("key_accounts", "purchasing"),
        ("logistics", "supply_chain"),
        ("key_accounts", "achats"),
    }


def test_a_deep_stage_with_a_bow_tie_is_contradicted_by_the_data() -> None:
    acct = with_interactions(
        ("2026-06-01", "Claire Martin", "Sophie Leroy"), relationship_stage="interdependent"
    )
    shape = relationship_shape(acct, COMPANY, TODAY)
    assert stage_warnings(acct, shape) == ["stage_deep_few_contact_pairs", "stage_deep_bow_tie"]


def test_stage_warnings_flag_shallow_stages_with_deep_data() -> None:
    acct = with_interactions(
        ("2026-06-01", "Claire Martin", "Sophie Leroy"),
        ("2026-06-02", "Hugo Petit", "Marc Durand"),
        ("2026-06-03", "Paul Roche", "Anne Roux"),
        ("2026-06-04", "Léa Moreau", "Jean Caron"),
        relationship_stage="basic",
    )
    shape = relationship_shape(acct, COMPANY, TODAY)
    assert stage_warnings(acct, shape) == ["stage_shallow_diamond"]
    cooperative = acct.model_copy(update={"relationship_stage": "cooperative"})
    assert stage_warnings(cooperative, shape) == []
    exploring = account(
        relationship_stage="exploratory", revenue={"history": [{"period": 2025, "amount": 1}]}
    )
    assert stage_warnings(exploring, relationship_shape(exploring, COMPANY, TODAY)) == [
        "stage_exploratory_with_revenue"
    ]


# --- coverage ----------------------------------------------------------------------------


def test_coverage_gaps_name_the_people_concerned() -> None:
    acct = account(
        stakeholders=[
            {"name": "A", "roles": ["decision_maker", "budget_holder"], "relationship": "red"},
            {"name": "B", "attitude": "detractor", "influence": 4},
            {"name": "C", "attitude": "detractor", "influence": 3},
            {"name": "D", "roles": ["executive_sponsor"], "attitude": "ally"},
        ]
    )
    assert coverage_gaps(acct) == [
        Gap("decision_maker_red", "A"),
        Gap("no_champion"),
        Gap("detractor_high_influence", "B"),
        Gap("no_executive_sponsor_contact", "D"),
    ]


def test_an_empty_stakeholder_map_misses_every_key_role() -> None:
    assert [g.code for g in coverage_gaps(account())] == [
        "no_decision_maker",
        "no_budget_holder",
        "no_champion",
        "no_executive_sponsor_contact",
    ]
    assert coverage_gaps(account())[-1].person is None


def test_a_well_covered_account_has_no_gap() -> None:
    acct = account(
        stakeholders=[
            {"name": "A", "roles": ["decision_maker"], "relationship": "green",
             "attitude": "champion"},
            {"name": "B", "roles": ["budget_holder"], "relationship": "orange"},
            {"name": "C", "roles": ["executive_sponsor"], "attitude": "detractor", "influence": 3},
        ],
        # C has no our_contact but appears in the interaction log
        interactions=[{"date": "2026-01-01", "ours": "Léa Moreau", "theirs": "C"}],
    )  # fmt: skip
    assert coverage_gaps(acct) == []


# --- NPS ---------------------------------------------------------------------------------


def test_the_nps_series_starts_from_the_earliest_previous_score() -> None:
    reviews = {
        "2026-Q3": review("2026-Q3", satisfaction={"nps": 38, "previous_nps": 32}),
        "2026-Q2": review("2026-Q2", satisfaction={"nps": 32, "previous_nps": 25}),
        "2026-Q4": review("2026-Q4"),  # no satisfaction: not in the series
    }
    assert nps_series(reviews) == [("2026-Q1", D(25)), ("2026-Q2", D(32)), ("2026-Q3", D(38))]


def test_a_previous_score_never_replaces_a_measured_one() -> None:
    reviews = {
        "2026-Q1": review("2026-Q1", satisfaction={"nps": 24}),
        "2026-Q2": review("2026-Q2", satisfaction={"nps": 32, "previous_nps": 25}),
    }
    assert nps_series(reviews) == [("2026-Q1", D(24)), ("2026-Q2", D(32))]
    assert nps_series({}) == []


# --- health ------------------------------------------------------------------------------

# As of 2026-08-20 (2026-Q3, no revenue yet): every component has a round value.
HEALTHY = account(
    revenue={
        "history": [
            {"period": 2025, "amount": 420000},
            {"period": "2025-Q1", "amount": 100000},
            {"period": "2025-Q2", "amount": 100000},
            {"period": "2026-Q1", "amount": 110000},
            {"period": "2026-Q2", "amount": 115000},
        ],
        "targets": {2026: 600000},
    },
    wallet={"total_spend": 1680000},
    opportunities=[
        {"name": "Extension", "stage": "proposal", "amount": 500000, "probability": "45%"},
        {"name": "Perdu", "stage": "lost", "amount": 90000, "probability": "50%"},
    ],
    stakeholders=[
        {"name": "P1", "roles": ["decision_maker", "budget_holder"], "relationship": "green",
         "attitude": "champion"},
        {"name": "P2", "roles": ["executive_sponsor"], "relationship": "orange",
         "our_contact": "Léa Moreau"},
        {"name": "P3", "roles": ["decision_maker"], "relationship": "red"},
    ],
    interactions=[
        {"date": "2026-07-01", "ours": "Claire Martin", "theirs": "P1"},
        {"date": "2026-07-02", "ours": "Léa Moreau", "theirs": "P2"},
        {"date": "2025-01-01", "ours": "Hugo Petit", "theirs": "P3"},
    ],
    actions=[
        {"id": "a", "action": "x", "owner": "o", "due": "2026-07-01", "status": "done"},
        {"id": "b", "action": "x", "owner": "o", "due": "2026-08-20", "status": "on_track"},
        {"id": "c", "action": "x", "owner": "o", "due": "2026-08-01", "status": "on_track"},
        {"id": "d", "action": "x", "owner": "o", "due": "2026-08-10", "status": "at_risk"},
        {"id": "e", "action": "x", "owner": "o", "due": "2026-12-01", "status": "planned"},
    ],
    risks=[
        {"text": "Départ du champion", "impact": "high", "status": "open"},
        {"text": "Appel d'offres", "impact": "high", "status": "closed"},
        {"text": "Retard ERP", "impact": "medium", "status": "open"},
    ],
    cadence={"next_meetings": [
        {"date": "2026-08-19"}, {"date": "2026-09-30"}, {"date": "2026-09-10"},
    ]},
)  # fmt: skip
Q2_REVIEW = review("2026-Q2", satisfaction={"nps": 30, "previous_nps": 20})

# revenue:      YTD 110000 + 115000 = 225000; target 600000 ÷ 4 × 2 = 300000;
#               225000 ÷ 300000 = 0.75 -> (0.75 − 0.5) ÷ 0.5 × 100 = 50
# growth:       last year 100000 + 100000 = 200000; (225000 − 200000) ÷ 200000 = 0.125
#               -> (0.125 + 0.2) ÷ 0.4 × 100 = 81.25
# pipeline:     gap 600000 − 225000 = 375000; weighted 500000 × 0.45 = 225000 (lost left out)
#               225000 ÷ 375000 = 0.6 -> 0.6 ÷ 1.5 × 100 = 40
# satisfaction: (30 + 100) ÷ 2 = 65
# breadth:      decision-maker, budget holder (P1 green) and sponsor (P2 orange): 3 ÷ 3 = 1;
#               2 contact pairs in 6 months (P3's is older): min(2 ÷ 10, 1) = 0.2
#               -> (1 + 0.2) ÷ 2 × 100 = 60
# execution:    due by today: a done, b on track due today, c on track but past due (red),
#               d at risk; e is not due -> 2 good of 4 = 50
# risk:         one open high-impact risk (the closed one does not count) -> 100 − 25 = 75
EXPECTED_COMPONENTS = {
    "revenue": D(50),
    "growth": D("81.25"),
    "pipeline": D(40),
    "satisfaction": D(65),
    "breadth": D(60),
    "execution": D(50),
    "risk": D(75),
}


def test_health_combines_every_component_with_its_weight() -> None:
    health = health_score(HEALTHY, Q2_REVIEW, SETTINGS, AUGUST_2026)
    assert health.components == EXPECTED_COMPONENTS
    # (20 × 50 + 10 × 81.25 + 15 × 40 + 20 × 65 + 15 × 60 + 10 × 50 + 10 × 75) ÷ 100
    # = (1000 + 812.5 + 600 + 1300 + 900 + 500 + 750) ÷ 100 = 5862.5 ÷ 100 = 58.625
    assert health.score == D("58.625")
    assert health.band == "amber"
    assert health.partial is False
    assert health.missing == ()


def test_a_missing_component_is_dropped_and_the_weights_renormalised() -> None:
    health = health_score(HEALTHY, None, SETTINGS, AUGUST_2026)
    # no review, hence no NPS: satisfaction (weight 20) is dropped
    # (5862.5 − 20 × 65) ÷ (100 − 20) = 4562.5 ÷ 80 = 57.03125
    assert "satisfaction" not in health.components
    assert health.score == D("57.03125")
    assert health.partial is True
    assert health.missing == ("satisfaction",)


def test_custom_health_weights_are_renormalised_over_the_components_present() -> None:
    weights = {"revenue": 1, "growth": 0, "pipeline": 0, "satisfaction": 3, "breadth": 0,
               "execution": 0, "risk": 0}  # fmt: skip
    settings = Settings.model_validate({"health_weights": weights})
    # (1 × 50 + 3 × 65) ÷ 4 = 245 ÷ 4 = 61.25
    assert health_score(HEALTHY, Q2_REVIEW, settings, AUGUST_2026).score == D("61.25")
    # without the review only revenue is left: 50 ÷ 1 = 50; satisfaction weighed, so partial
    alone = health_score(HEALTHY, None, settings, AUGUST_2026)
    assert (alone.score, alone.band, alone.partial) == (D(50), "amber", True)


def test_a_dropped_component_with_zero_weight_does_not_make_the_score_partial() -> None:
    health = combine_health({"revenue": D(80), "risk": None}, {"revenue": D(1), "risk": D(0)})
    assert health == Health(D(80), "green", {"revenue": D(80)}, False, ("risk",))


def test_health_without_any_data_has_no_score() -> None:
    health = health_score(account(), None, SETTINGS, AUGUST_2026)
    assert (health.score, health.band, health.partial) == (None, None, True)
    assert health.components == {}


def test_a_review_action_update_counts_in_execution() -> None:
    updated = review("2026-Q2", satisfaction={"nps": 30}, action_updates=[
        {"id": "c", "status": "done"},
    ])  # fmt: skip
    health = health_score(HEALTHY, updated, SETTINGS, AUGUST_2026)
    # c is now done: 3 good of 4 due = 75
    assert health.components["execution"] == D(75)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # YTD 300000 ÷ target 300000 = 1 -> 100; beyond 1 stays 100
        ([("2026-Q1", 150000), ("2026-Q2", 150000)], D(100)),
        ([("2026-Q1", 200000), ("2026-Q2", 200000)], D(100)),
        # 120000 ÷ 300000 = 0.4 < 0.5 -> 0
        ([("2026-Q1", 60000), ("2026-Q2", 60000)], D(0)),
    ],
)
def test_the_revenue_component_is_clipped_to_zero_and_a_hundred(
    history: list[tuple[str, int]], expected: Decimal
) -> None:
    acct = account(
        revenue={
            "history": [{"period": p, "amount": a} for p, a in history],
            "targets": {2026: 600000},
        }
    )
    assert health_score(acct, None, SETTINGS, AUGUST_2026).components["revenue"] == expected


def test_a_reached_target_needs_no_pipeline_and_many_high_risks_floor_at_zero() -> None:
    acct = account(
        revenue={"history": [{"period": "2026-Q1", "amount": 700000}], "targets": {2026: 600000}},
        risks=[{"text": f"R{i}", "impact": "high"} for i in range(5)],
    )
    components = health_score(acct, None, SETTINGS, AUGUST_2026).components
    # gap 600000 − 700000 < 0 -> 100; 100 − 25 × 5 = −25 -> 0
    assert components["pipeline"] == D(100)
    assert components["risk"] == D(0)


@pytest.mark.parametrize(
    ("score", "band"),
    [("70", "green"), ("69.5", "green"), ("69.49", "amber"), ("50", "amber"),
     ("49.5", "amber"), ("49.4", "red"), ("0", "red")],
)  # fmt: skip
def test_health_bands_follow_the_rounded_score(score: str, band: str) -> None:
    assert health_band(D(score)) == band


# --- everything for one account ------------------------------------------------------------


@pytest.fixture
def insights() -> AccountInsights:
    reviews = {
        "2026-Q2": Q2_REVIEW,
        "2026-Q4": review("2026-Q4", satisfaction={"nps": 90}),  # later than today: ignored
    }
    return account_insights(HEALTHY, COMPANY, SETTINGS, reviews, AUGUST_2026)


def test_account_insights_use_the_latest_review_up_to_today(insights: AccountInsights) -> None:
    assert insights.review == Q2_REVIEW
    # previous NPS 20 belongs to 2026-Q1; the 2026-Q4 review is in the future
    assert insights.nps_series == (("2026-Q1", D(20)), ("2026-Q2", D(30)))
    assert insights.health.score == D("58.625")


def test_account_insights_gather_the_revenue_figures(insights: AccountInsights) -> None:
    assert (insights.current_quarter, insights.year, insights.latest_quarter) == (
        "2026-Q3", "2026", "2026-Q2",
    )  # fmt: skip
    assert len(insights.revenue_series) == 8
    assert insights.revenue_series[-1] == QuarterRevenue("2026-Q2", D(115000), D(150000), None)
    assert insights.last_year_revenue == D(420000)
    assert insights.ytd_quarters == ("2026-Q1", "2026-Q2")
    assert (insights.ytd_revenue, insights.ytd_target, insights.year_target) == (
        D(225000), D(300000), D(600000),
    )  # fmt: skip
    # 420000 ÷ 1680000 = 0.25, for 2025 (the last complete year)
    assert (insights.share_of_wallet, insights.share_of_wallet_year) == (D("0.25"), "2025")
    assert insights.growth_yoy == D("0.125")
    # (115000 − 110000) ÷ 110000
    assert insights.growth_qoq == D(5000) / D(110000)
    assert insights.revenue_gap == D(375000)
    assert insights.weighted_pipeline == D(225000)
    # 225000 ÷ 375000 = 0.6
    assert insights.pipeline_coverage == D("0.6")
    assert insights.pipeline_by_stage[2] == StageTotal("proposal", 1, D(500000), D(225000))


def test_account_insights_gather_actions_risks_and_meetings(insights: AccountInsights) -> None:
    assert [a.id for a in insights.overdue_actions] == ["c", "d"]
    assert insights.overdue_indexes == frozenset({2, 3})
    assert insights.action_rags == {0: "done", 1: "green", 2: "red", 3: "red", 4: "grey"}
    # red c (08-01), red d (08-10), green b, grey e, done a
    assert insights.action_order == (2, 3, 1, 4, 0)
    assert insights.open_high_risks == 1
    # 2026-08-19 is past; the earliest of 09-30 and 09-10 is next
    assert insights.next_meeting == date(2026, 9, 10)
    assert insights.gaps == (Gap("decision_maker_red", "P3"),)
    assert insights.shape.contact_pairs == 2


def test_account_insights_can_be_pinned_to_an_earlier_review() -> None:
    reviews = {
        "2026-Q1": review("2026-Q1", satisfaction={"nps": 10}),
        "2026-Q2": Q2_REVIEW,
    }
    pinned = account_insights(
        HEALTHY, COMPANY, SETTINGS, reviews, AUGUST_2026, review_quarter="2026-Q1"
    )
    assert pinned.review == reviews["2026-Q1"]
    assert pinned.nps_series == (("2026-Q1", D(10)),)
    # (10 + 100) ÷ 2 = 55
    assert pinned.health.components["satisfaction"] == D(55)


def test_review_selection_and_next_meeting_handle_missing_data() -> None:
    assert latest_review({}, "2026-Q3") is None
    assert latest_review([Q2_REVIEW], "2026-Q1") is None
    assert next_meeting(account(), TODAY) is None


def test_account_insights_stay_fast_with_thousands_of_actions() -> None:
    start = date(2026, 1, 1)
    statuses = ["planned", "on_track", "at_risk", "late", "done"]
    big = HEALTHY.model_copy(
        update={
            "actions": tuple(
                Action(
                    id=f"A{i}",
                    action="x",
                    owner="o",
                    due=start + timedelta(days=i % 365),
                    status=statuses[i % 5],  # type: ignore[arg-type]
                )
                for i in range(2000)
            ),
            "opportunities": HEALTHY.opportunities * 1000,
        }
    )
    began = time.perf_counter()
    result = account_insights(big, COMPANY, SETTINGS, {"2026-Q2": Q2_REVIEW}, AUGUST_2026)
    elapsed = time.perf_counter() - began
    assert len(result.action_rags) == 2000
    # 1000 copies of 500000 × 0.45 = 225000000
    assert result.weighted_pipeline == D(225000000)
    assert elapsed < 2.0  # linear work; about a tenth of that on a laptop
