"""The account health score (domain.md §6): seven components on 0-100, combined by weight over
the ones the data allows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from kamdocs.insights.calendar import quarter_of
from kamdocs.insights.execution import Band, action_rag, action_status_updates, status_override
from kamdocs.insights.relationship import contact_pairs
from kamdocs.insights.revenue import (
    growth_ratio,
    revenue_gap,
    weighted_pipeline,
    ytd_revenue,
    ytd_revenue_last_year,
    ytd_target,
)
from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import Account, Action, ActionStatus, Review, Settings

HealthComponent = Literal[
    "revenue", "growth", "pipeline", "satisfaction", "breadth", "execution", "risk"
]

HEALTH_COMPONENTS: tuple[HealthComponent, ...] = (
    "revenue", "growth", "pipeline", "satisfaction", "breadth", "execution", "risk",
)  # fmt: skip

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_COVERED_RELATIONSHIPS = ("orange", "green")
_KEY_ROLES = ("decision_maker", "budget_holder", "executive_sponsor")


def _clip(value: Decimal, low: Decimal = _ZERO, high: Decimal = _HUNDRED) -> Decimal:
    return max(low, min(high, value))


def _scale(value: Decimal, zero_at: Decimal, full_at: Decimal) -> Decimal:
    """Return `value` mapped linearly to 0-100 (`zero_at` -> 0, `full_at` -> 100), clipped."""
    return _clip((value - zero_at) * _HUNDRED / (full_at - zero_at))


@valueclass(frozen=True)
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
        1 for a in due if action_rag(a, today, status_override(a, updates)) in ("green", "done")
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
    weights: dict[str, Decimal] = {
        name: getattr(settings.health_weights, name) for name in HEALTH_COMPONENTS
    }
    return combine_health(health_components(account, review, settings, today), weights)
