"""Execution of the plan: each action's RAG and urgency (a review's status updates applied),
and each KPI's gap, status and trend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Literal

from kamdocs.workspace.model import Action, ActionStatus, Kpi, Review

Rag = Literal["green", "amber", "red", "done", "grey"]
Band = Literal["green", "amber", "red"]
Trend = Literal["up", "down", "flat"]

_STATUS_RAG: dict[str, Rag] = {
    "on_track": "green",
    "at_risk": "amber",
    "late": "red",
    "done": "done",
    "planned": "grey",
}
# The order in which actions are listed: what is late first, what is done last.
URGENCY: dict[Rag, int] = {"red": 0, "amber": 1, "green": 2, "grey": 3, "done": 4}


# --- actions -------------------------------------------------------------------------------


def action_status_updates(review: Review | None) -> dict[str, ActionStatus]:
    """Return the statuses a review sets, by action id (empty without a review)."""
    if review is None:
        return {}
    return {u.id: u.status for u in review.action_updates if u.status is not None}


def status_override(
    action: Action, updates: Mapping[str, ActionStatus] | None
) -> ActionStatus | None:
    """Return the status a review's update gives `action` (None: no update, its own holds)."""
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
        key=lambda a: (URGENCY[action_rag(a, today, status_override(a, status_updates))], a.due),
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
