"""Figures computed once from an account's data (domain.md §6), for every document to share.

Every function here is pure: the as-of date is a parameter (`today`), nothing is read from disk
or from the clock, and the models are never changed. Money and ratios are `Decimal`; ratios
are fractions (`0.35` for 35 %), scores are on 0-100 unless their name says otherwise. `None`
always means "not computable from the data" — a figure is never invented (domain.md §7 rule 5).

Quarters are written `YYYY-Qn`. When `fiscal_year_start` is not January, fiscal year N starts
in that month of calendar year N (content-format.md), and its Q1 is that month and the two after.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from kamdocs.workspace.model import (
    QUARTER_RE,
    Account,
    Action,
    ActionStatus,
    Classification,
    Company,
    Interaction,
    Kpi,
    Opportunity,
    Review,
    Selection,
    SelectionWeights,
    Settings,
    Stage,
)

Rag = Literal["green", "amber", "red", "done", "grey"]
Band = Literal["green", "amber", "red"]
Quadrant = Literal["strategic", "star", "status", "streamline"]
Posture = Literal["invest", "invest_selectively", "maintain", "harvest"]
ShapeKind = Literal["bow_tie", "intermediate", "diamond"]
Trend = Literal["up", "down", "flat"]
SelectionReason = Literal["override", "at_or_above_threshold", "below_threshold", "no_score"]
GapCode = Literal[
    "no_decision_maker",
    "no_budget_holder",
    "decision_maker_red",
    "no_champion",
    "detractor_high_influence",
    "no_executive_sponsor_contact",
]
HealthComponent = Literal[
    "revenue", "growth", "pipeline", "satisfaction", "breadth", "execution", "risk"
]

HEALTH_COMPONENTS: tuple[HealthComponent, ...] = (
    "revenue", "growth", "pipeline", "satisfaction", "breadth", "execution", "risk",
)  # fmt: skip
OPEN_STAGES: tuple[str, ...] = ("lead", "qualified", "proposal", "negotiation")
CONTACT_WINDOW_DAYS = 183  # "the last 6 months" of domain.md §6
HIGH_INFLUENCE = 4

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_STATUS_RAG: dict[str, Rag] = {
    "on_track": "green",
    "at_risk": "amber",
    "late": "red",
    "done": "done",
    "planned": "grey",
}
_URGENCY: dict[Rag, int] = {"red": 0, "amber": 1, "green": 2, "grey": 3, "done": 4}
POSTURES: dict[Quadrant, Posture] = {
    "strategic": "invest",
    "star": "invest_selectively",
    "status": "maintain",
    "streamline": "harvest",
}
_DEEP_STAGES: tuple[Stage, ...] = ("interdependent", "integrated")
_COVERED_RELATIONSHIPS = ("orange", "green")
_KEY_ROLES = ("decision_maker", "budget_holder", "executive_sponsor")


def _clip(value: Decimal, low: Decimal = _ZERO, high: Decimal = _HUNDRED) -> Decimal:
    return max(low, min(high, value))


def _scale(value: Decimal, zero_at: Decimal, full_at: Decimal) -> Decimal:
    """Return `value` mapped linearly to 0-100 (`zero_at` -> 0, `full_at` -> 100), clipped."""
    return _clip((value - zero_at) * _HUNDRED / (full_at - zero_at))


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# --- quarters ----------------------------------------------------------------------------


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


# --- key-account selection -----------------------------------------------------------------


@dataclass(frozen=True)
class SelectionVerdict:
    """Whether an account is a key account, and why.

    `score` is 0-100 (None without a complete selection), `reason` a code: "override" (the
    KAM's written judgement, in `override_reason`), "at_or_above_threshold",
    "below_threshold" or "no_score" (not key until scored or overridden).
    """

    score: Decimal | None
    threshold: Decimal
    key_account: bool
    reason: SelectionReason
    override_reason: str | None = None


def selection_score(sel: Selection | None, weights: SelectionWeights) -> Decimal | None:
    """Return the selection score 0-100, Σ weight × score × 10; None when a score is missing."""
    if sel is None:
        return None
    parts = (
        (weights.financial, sel.financial),
        (weights.strategic, sel.strategic),
        (weights.maturity, sel.maturity),
    )
    total = _ZERO
    for weight, score in parts:
        if score is None:
            return None
        total += weight * score * 10
    return total


def selection_verdict(account: Account, settings: Settings) -> SelectionVerdict:
    """Return the key-account verdict: the score against the threshold, unless overridden."""
    score = selection_score(account.selection, settings.selection_weights)
    threshold = settings.selection_threshold
    override = account.selection_override
    if override is not None:
        return SelectionVerdict(score, threshold, override.key_account, "override", override.reason)
    if score is None:
        return SelectionVerdict(None, threshold, False, "no_score")
    if score >= threshold:
        return SelectionVerdict(score, threshold, True, "at_or_above_threshold")
    return SelectionVerdict(score, threshold, False, "below_threshold")


# --- portfolio matrix ----------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """An account's place in the portfolio matrix; both axes 0-100.

    `strength_vs_competitor` is the variant of domain.md §6 (50 = parity with the best
    competitor), None without `classification.competitor_strength`.
    """

    attractiveness: Decimal
    strength: Decimal
    quadrant: Quadrant
    posture: Posture
    strength_vs_competitor: Decimal | None = None


def _factor_weight(name: str, weights: Mapping[str, Decimal]) -> Decimal:
    # With explicit weights, a factor they do not name does not count (weight 0).
    return weights.get(name, _ZERO) if weights else Decimal(1)


def axis_score(
    factors: Mapping[str, Decimal], weights: Mapping[str, Decimal] | None = None
) -> Decimal | None:
    """Return the weighted mean of 0-10 factor scores × 10 (0-100).

    Equal weights when `weights` is empty; otherwise factors it does not name weigh 0.
    None when there is no factor or the weights of the factors present add up to 0.
    """
    weights = weights or {}
    total_weight = _ZERO
    total = _ZERO
    for name, score in factors.items():
        weight = _factor_weight(name, weights)
        total_weight += weight
        total += weight * score
    if not factors or total_weight <= 0:
        return None
    return total * 10 / total_weight


def strength_vs_competitor(classification: Classification) -> Decimal | None:
    """Return Σw·ours ÷ (Σw·ours + Σw·best competitor) × 100 (50 = parity).

    Only factors scored for both sides count; None when there is none or both sums are 0.
    """
    ours = classification.strength
    theirs = classification.competitor_strength
    weights = classification.weights.strength
    ours_total = _ZERO
    theirs_total = _ZERO
    for name, score in ours.items():
        if name in theirs:
            weight = _factor_weight(name, weights)
            ours_total += weight * score
            theirs_total += weight * theirs[name]
    if ours_total + theirs_total <= 0:
        return None
    return ours_total * _HUNDRED / (ours_total + theirs_total)


def quadrant_of(attractiveness: Decimal, strength: Decimal, split: Decimal) -> Quadrant:
    """Return the quadrant; a score equal to `split` counts as high."""
    high_attractiveness = attractiveness >= split
    high_strength = strength >= split
    if high_attractiveness:
        return "strategic" if high_strength else "star"
    return "status" if high_strength else "streamline"


def portfolio_position(account: Account, settings: Settings) -> Position | None:
    """Return the account's position, quadrant and posture; None when an axis has no score."""
    classification = account.classification
    if classification is None:
        return None
    attractiveness = axis_score(
        classification.attractiveness, classification.weights.attractiveness
    )
    strength = axis_score(classification.strength, classification.weights.strength)
    if attractiveness is None or strength is None:
        return None
    quadrant = quadrant_of(attractiveness, strength, settings.matrix_split)
    return Position(
        attractiveness,
        strength,
        quadrant,
        POSTURES[quadrant],
        strength_vs_competitor(classification),
    )


# --- revenue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterRevenue:
    """One quarter of the revenue trend: amount and target in money, margin as a ratio."""

    quarter: str
    amount: Decimal | None
    target: Decimal | None
    margin: Decimal | None


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


@dataclass(frozen=True)
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


# --- actions -------------------------------------------------------------------------------


def action_status_updates(review: Review | None) -> dict[str, ActionStatus]:
    """Return the statuses a review sets, by action id (empty without a review)."""
    if review is None:
        return {}
    return {u.id: u.status for u in review.action_updates if u.status is not None}


def _status_override(
    action: Action, updates: Mapping[str, ActionStatus] | None
) -> ActionStatus | None:
    if not updates or action.id is None:
        return None
    return updates.get(action.id)


def is_overdue(action: Action, today: date, status_override: ActionStatus | None = None) -> bool:
    """Return True when the action's due date is before `today` and it is not done."""
    return (status_override or action.status) != "done" and action.due < today


def action_rag(action: Action, today: date, status_override: ActionStatus | None = None) -> Rag:
    """Return the action's RAG: its status's colour, or red when past due and not done.

    `status_override` (e.g. from a review's action update) replaces the declared status.
    """
    if is_overdue(action, today, status_override):
        return "red"
    return _STATUS_RAG[status_override or action.status]


def actions_by_urgency(
    actions: Iterable[Action],
    today: date,
    status_updates: Mapping[str, ActionStatus] | None = None,
) -> list[Action]:
    """Return the actions red (late or overdue) first, then amber, green, grey and done;
    by due date within each group, keeping the input order on ties."""
    return sorted(
        actions,
        key=lambda a: (_URGENCY[action_rag(a, today, _status_override(a, status_updates))], a.due),
    )


# --- KPIs ----------------------------------------------------------------------------------


def kpi_gap(kpi: Kpi) -> Decimal | None:
    """Return actual − target in the KPI's unit; None when either is missing."""
    if kpi.actual is None or kpi.target is None:
        return None
    return kpi.actual - kpi.target


def kpi_status(kpi: Kpi) -> Band | None:
    """Return green when the target is met (in the KPI's direction), amber when the shortfall
    is within tolerance × |target|, red beyond; None when actual or target is missing."""
    if kpi.actual is None or kpi.target is None:
        return None
    shortfall = kpi.target - kpi.actual if kpi.direction == "up" else kpi.actual - kpi.target
    if shortfall <= 0:
        return "green"
    if shortfall <= kpi.tolerance * abs(kpi.target):
        return "amber"
    return "red"


def kpi_trend(kpi: Kpi) -> Trend | None:
    """Return how the actual moved against the previous value (not whether that is good)."""
    if kpi.actual is None or kpi.previous is None:
        return None
    if kpi.actual > kpi.previous:
        return "up"
    if kpi.actual < kpi.previous:
        return "down"
    return "flat"


# --- relationship --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """The relationship's shape and the counts behind it (domain.md §6)."""

    kind: ShapeKind
    contact_pairs: int
    function_pairs: int
    client_functions: int


def recent_interactions(account: Account, today: date) -> list[Interaction]:
    """Return the interactions of the 6 months before `today`: today − 183 days < date ≤ today."""
    start = today - timedelta(days=CONTACT_WINDOW_DAYS)
    return [i for i in account.interactions if start < i.date <= today]


def _raw_pairs(account: Account, today: date) -> list[tuple[str, str, str | None]]:
    """(ours, theirs, our declared function) from recent interactions or, with no interaction
    log at all, from each stakeholder's `our_contact`."""
    if account.interactions:
        return [
            (i.ours.strip(), i.theirs.strip(), i.our_function)
            for i in recent_interactions(account, today)
        ]
    return [
        (s.our_contact.strip(), s.name.strip(), None)
        for s in account.stakeholders
        if s.our_contact and s.our_contact.strip()
    ]


def contact_pairs(account: Account, today: date) -> set[tuple[str, str]]:
    """Return the distinct (our person, their person) pairs in contact over the last 6 months.

    Without any interaction log, one pair per stakeholder that has an `our_contact`.
    """
    return {(ours, theirs) for ours, theirs, _ in _raw_pairs(account, today)}


def _clean_function(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip().casefold()


def function_pairs(account: Account, company: Company, today: date) -> set[tuple[str, str]]:
    """Return the distinct (our function, their function) pairs behind `contact_pairs`.

    Our function: the interaction's `our_function`, else the team member's (account team
    first, then company team); theirs: the stakeholder's `function`, else its `unit`.
    Names are compared ignoring case and spacing; functions are returned stripped and in
    lower case. A pair whose function is unknown on either side is left out (never guessed).
    """
    ours_by_name: dict[str, str | None] = {}
    for member in (*company.team, *account.team):  # the account team wins
        function = _clean_function(member.function)
        if function is not None or _name_key(member.name) not in ours_by_name:
            ours_by_name[_name_key(member.name)] = function
    theirs_by_name = {
        _name_key(s.name): _clean_function(s.function) or _clean_function(s.unit)
        for s in account.stakeholders
    }
    pairs: set[tuple[str, str]] = set()
    for ours, theirs, declared in _raw_pairs(account, today):
        our_function = _clean_function(declared) or ours_by_name.get(_name_key(ours))
        their_function = theirs_by_name.get(_name_key(theirs))
        if our_function and their_function:
            pairs.add((our_function, their_function))
    return pairs


def shape_kind(function_pair_count: int, client_function_count: int) -> ShapeKind:
    """Return bow_tie for ≤ 1 function pair, diamond for ≥ 4 across ≥ 3 client functions,
    intermediate otherwise."""
    if function_pair_count <= 1:
        return "bow_tie"
    if function_pair_count >= 4 and client_function_count >= 3:
        return "diamond"
    return "intermediate"


def relationship_shape(account: Account, company: Company, today: date) -> Shape:
    """Return the relationship's shape with its contact-pair and function-pair counts."""
    functions = function_pairs(account, company, today)
    client_functions = len({theirs for _, theirs in functions})
    return Shape(
        shape_kind(len(functions), client_functions),
        len(contact_pairs(account, today)),
        len(functions),
        client_functions,
    )


def stage_warnings(account: Account, shape: Shape) -> list[str]:
    """Return codes for data contradicting the declared relationship stage (empty if none).

    - "stage_deep_few_contact_pairs": interdependent/integrated with fewer than 4 contact pairs;
    - "stage_deep_bow_tie": interdependent/integrated with a bow-tie shape;
    - "stage_shallow_diamond": exploratory/basic with a diamond shape;
    - "stage_exploratory_with_revenue": exploratory ("no business yet") with revenue recorded.
    """
    stage = account.relationship_stage
    warnings: list[str] = []
    if stage in _DEEP_STAGES:
        if shape.contact_pairs < 4:
            warnings.append("stage_deep_few_contact_pairs")
        if shape.kind == "bow_tie":
            warnings.append("stage_deep_bow_tie")
    if stage in ("exploratory", "basic") and shape.kind == "diamond":
        warnings.append("stage_shallow_diamond")
    if stage == "exploratory" and any(e.amount > 0 for e in account.revenue.history):
        warnings.append("stage_exploratory_with_revenue")
    return warnings


# --- stakeholder coverage ------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A hole in the stakeholder map: a code, and the person concerned when there is one."""

    code: GapCode
    person: str | None = None


def coverage_gaps(account: Account) -> list[Gap]:
    """Return the stakeholder-map gaps, in a fixed order of codes (empty when none).

    An executive sponsor counts as contacted when it has an `our_contact` or appears in the
    interaction log; with no executive sponsor at all, one gap without a person.
    """
    people = account.stakeholders
    gaps: list[Gap] = []
    if not any("decision_maker" in s.roles for s in people):
        gaps.append(Gap("no_decision_maker"))
    if not any("budget_holder" in s.roles for s in people):
        gaps.append(Gap("no_budget_holder"))
    gaps.extend(
        Gap("decision_maker_red", s.name)
        for s in people
        if s.relationship == "red" and {"decision_maker", "budget_holder"} & set(s.roles)
    )
    if not any(s.attitude == "champion" for s in people):
        gaps.append(Gap("no_champion"))
    gaps.extend(
        Gap("detractor_high_influence", s.name)
        for s in people
        if s.attitude == "detractor" and (s.influence or 0) >= HIGH_INFLUENCE
    )
    sponsors = [s for s in people if "executive_sponsor" in s.roles]
    if not sponsors:
        gaps.append(Gap("no_executive_sponsor_contact"))
    else:
        logged = {_name_key(i.theirs) for i in account.interactions}
        gaps.extend(
            Gap("no_executive_sponsor_contact", s.name)
            for s in sponsors
            if not (s.our_contact and s.our_contact.strip()) and _name_key(s.name) not in logged
        )
    return gaps


# --- satisfaction --------------------------------------------------------------------------


def nps_series(reviews: Mapping[str, Review] | Iterable[Review]) -> list[tuple[str, Decimal]]:
    """Return (quarter, NPS) pairs in quarter order.

    A review's `previous_nps` fills its previous quarter when no review gives that quarter's
    NPS (so the earliest review also shows where it started from).
    """
    items = reviews.values() if isinstance(reviews, Mapping) else reviews
    series: dict[str, Decimal] = {}
    previous: dict[str, Decimal] = {}
    for review in items:
        satisfaction = review.satisfaction
        if satisfaction is None:
            continue
        if satisfaction.nps is not None:
            series[review.quarter] = satisfaction.nps
        if satisfaction.previous_nps is not None:
            previous[previous_quarter(review.quarter)] = satisfaction.previous_nps
    for quarter, value in previous.items():
        series.setdefault(quarter, value)
    return sorted(series.items())


# --- health --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    """The account health score (domain.md §6).

    `score` is 0-100, exact (round it for display); None when no component could be computed.
    `band` is taken from the score rounded half-up to a whole number, so it matches what is
    shown. `components` holds each computed component (0-100); `missing` names the ones
    dropped for lack of data, and `partial` is True when any of them has a non-zero weight.
    """

    score: Decimal | None
    band: Band | None
    components: dict[str, Decimal]
    partial: bool
    missing: tuple[str, ...] = ()


def health_band(score: Decimal) -> Band:
    """Return green (≥ 70), amber (50-69) or red (< 50) for a score rounded half-up."""
    rounded = score.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if rounded >= 70:
        return "green"
    if rounded >= 50:
        return "amber"
    return "red"


def _breadth_component(account: Account, today: date) -> Decimal | None:
    if not account.stakeholders and not account.interactions:
        return None
    covered_roles = sum(
        1
        for role in _KEY_ROLES
        if any(
            role in s.roles and s.relationship in _COVERED_RELATIONSHIPS
            for s in account.stakeholders
        )
    )
    pairs_part = min(Decimal(len(contact_pairs(account, today))) / 10, Decimal(1))
    return (Decimal(covered_roles) / len(_KEY_ROLES) + pairs_part) * _HUNDRED / 2


def _execution_component(
    actions: Sequence[Action], today: date, updates: Mapping[str, ActionStatus]
) -> Decimal | None:
    # An action past due counts as not executed even if declared on track: it shows red
    # (domain.md §7 rule 3), and the score must agree with the RAG column.
    due = [a for a in actions if a.due <= today]
    if not due:
        return None
    good = sum(
        1 for a in due if action_rag(a, today, _status_override(a, updates)) in ("green", "done")
    )
    return Decimal(good) * _HUNDRED / len(due)


def open_high_risks(account: Account) -> int:
    """Return the number of open risks with a high impact."""
    return sum(1 for r in account.risks if r.status == "open" and r.impact == "high")


def health_components(
    account: Account, review: Review | None, settings: Settings, today: date
) -> dict[str, Decimal | None]:
    """Return every health component 0-100 by name, None where the data is missing."""
    fys = settings.fiscal_year_start
    year = quarter_of(today, fys)[:4]

    ytd = ytd_revenue(account, today, fys)
    target = ytd_target(account, today, fys)
    revenue = None
    if ytd is not None and target is not None and target > 0:
        revenue = _scale(ytd / target, Decimal("0.5"), Decimal(1))

    growth_value = growth_ratio(ytd, ytd_revenue_last_year(account, today, fys))
    growth = None if growth_value is None else _scale(growth_value, Decimal("-0.2"), Decimal("0.2"))

    pipeline = None
    gap = revenue_gap(account, year, today, fys)
    if gap is not None and gap <= 0:
        pipeline = _HUNDRED  # target already reached: nothing left to cover
    elif gap is not None:
        pipeline = _scale(weighted_pipeline(account.opportunities) / gap, _ZERO, Decimal("1.5"))

    satisfaction = None
    nps = review.satisfaction.nps if review and review.satisfaction else None
    if nps is not None:
        satisfaction = _clip((nps + 100) / 2)

    # An empty risk register reads as "not filled in", not as "no risk".
    risk = None
    if account.risks:
        risk = _clip(_HUNDRED - 25 * open_high_risks(account))

    return {
        "revenue": revenue,
        "growth": growth,
        "pipeline": pipeline,
        "satisfaction": satisfaction,
        "breadth": _breadth_component(account, today),
        "execution": _execution_component(account.actions, today, action_status_updates(review)),
        "risk": risk,
    }


def combine_health(
    components: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]
) -> Health:
    """Return the weighted mean of the present components, weights renormalised over them."""
    present = {name: value for name, value in components.items() if value is not None}
    missing = tuple(name for name, value in components.items() if value is None)
    partial = any(weights.get(name, _ZERO) > 0 for name in missing)
    total_weight = sum((weights.get(name, _ZERO) for name in present), _ZERO)
    if total_weight <= 0:
        return Health(None, None, present, partial, missing)
    score = sum((weights.get(n, _ZERO) * v for n, v in present.items()), _ZERO) / total_weight
    return Health(score, health_band(score), present, partial, missing)


def health_score(
    account: Account,
    review: Review | None,
    settings: Settings,
    today: date,
) -> Health:
    """Return the account's health as of `today`, using `review` for NPS and action updates."""
    weights = {name: getattr(settings.health_weights, name) for name in HEALTH_COMPONENTS}
    return combine_health(health_components(account, review, settings, today), weights)


# --- everything for one account ----------------------------------------------------------


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


@dataclass(frozen=True)
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
    selection: SelectionVerdict
    position: Position | None
    shape: Shape
    stage_warnings: tuple[str, ...]
    gaps: tuple[Gap, ...]
    latest_quarter: str
    revenue_series: tuple[QuarterRevenue, ...]
    last_year_revenue: Decimal | None
    ytd_quarters: tuple[str, ...]
    ytd_revenue: Decimal | None
    ytd_target: Decimal | None
    year_target: Decimal | None
    share_of_wallet: Decimal | None
    share_of_wallet_year: str
    growth_yoy: Decimal | None
    growth_qoq: Decimal | None
    weighted_pipeline: Decimal
    pipeline_by_stage: tuple[StageTotal, ...]
    revenue_gap: Decimal | None
    pipeline_coverage: Decimal | None
    overdue_actions: tuple[Action, ...]
    overdue_indexes: frozenset[int]
    action_rags: dict[int, Rag]
    action_order: tuple[int, ...]
    review: Review | None
    health: Health
    nps_series: tuple[tuple[str, Decimal], ...]
    open_high_risks: int
    next_meeting: date | None


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
    overrides = [_status_override(a, updates) for a in account.actions]
    rags = {i: action_rag(a, today, overrides[i]) for i, a in enumerate(account.actions)}
    order = sorted(rags, key=lambda i: (_URGENCY[rags[i]], account.actions[i].due))
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
    )
