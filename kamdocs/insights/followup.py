"""Between the quarterly reviews (domain.md §3 row 16): what the fortnightly status e-mail
reports, which meeting the monthly call is, and the trust index (domain.md §6).

Pure functions over the model and the as-of date. The status and the call are computed from
whatever account they are given: a client edition hands them the client view, so nothing
internal can reach them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Generic, TypeVar

from kamdocs.insights.execution import Rag, action_rag
from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import (
    TRUST_LEVERS,
    Account,
    Action,
    Decision,
    Meeting,
    Review,
    TrustRating,
)

STATUS_WINDOW_DAYS = 14  # the e-mail goes out every two weeks
LIST_LIMIT = 5  # a longer list shows the five nearest due and "+N more"
CALL_KINDS = frozenset({"call", "appel"})
TRUST_STALE_DAYS = 183  # two quarters: a rating older than this is stale


T = TypeVar("T")


@valueclass(frozen=True)
class Shown(Generic[T]):
    """A list as the e-mail shows it: the first items, and how many more there are."""

    items: tuple[T, ...]
    more: int = 0


def first(items: Sequence[T], limit: int = LIST_LIMIT) -> Shown[T]:
    """Return the first `limit` of `items` (already in the order shown) and the count left."""
    return Shown(tuple(items[:limit]), max(0, len(items) - limit))


@valueclass(frozen=True)
class StatusDigest:
    """What the status e-mail of one account reports for the window [since, today].

    `done`: actions done in the window (`done_on`); `changed`: actions changed in the
    window (`updated_on`), not done, with `previous_due` when their date moved; `in_progress`:
    the other actions neither done nor late; `late`: actions past due (or declared late) and
    not done; `client_actions`: open actions owned by one of the client's people;
    `decisions`: the open decisions of the latest review; `next_meeting`: the next planned
    meeting on or after `today` (None: none planned).
    """

    since: date
    today: date
    done: Shown[Action]
    changed: Shown[Action]
    in_progress: Shown[Action]
    late: Shown[Action]
    client_actions: Shown[Action]
    decisions: Shown[Decision]
    next_meeting: Meeting | None
    rags: dict[int, Rag]  # by id() of the action, for the templates' colour marks

    def rag(self, action: Action) -> Rag:
        return self.rags[id(action)]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.done.items,
                self.changed.items,
                self.in_progress.items,
                self.late.items,
                self.client_actions.items,
                self.decisions.items,
            )
        )


def default_since(today: date) -> date:
    """Return the start of the status e-mail's default window: two weeks before `today`."""
    return today - timedelta(days=STATUS_WINDOW_DAYS)


def nearest_first(actions: Iterable[Action], limit: int = LIST_LIMIT) -> Shown[Action]:
    """Return at most `limit` actions, nearest due date first, and how many were left out."""
    return first(sorted(actions, key=lambda a: a.due), limit)


def _in(day: date | None, since: date, today: date) -> bool:
    return day is not None and since <= day <= today


def status_digest(
    account: Account, review: Review | None, since: date, today: date
) -> StatusDigest:
    """Return what the status e-mail reports on `account` between `since` and `today`
    (both included), the latest `review` giving the open decisions."""
    client_people = {s.name for s in account.stakeholders}
    rags = {id(a): action_rag(a, today) for a in account.actions}
    done = [a for a in account.actions if a.status == "done" and _in(a.done_on, since, today)]
    open_ = [a for a in account.actions if a.status != "done"]
    late = [a for a in open_ if rags[id(a)] == "red"]
    changed = [a for a in open_ if _in(a.updated_on, since, today) and a not in late]
    progress = [a for a in open_ if a not in late and a not in changed]
    theirs = [a for a in open_ if a.owner in client_people]
    decisions = [d for d in review.decisions_needed if d.status == "open"] if review else []
    # the decisions with the nearest date first (in their order when dated alike), undated last
    decisions.sort(key=lambda d: (d.date is None, d.date or today))
    return StatusDigest(
        since=since,
        today=today,
        done=first(sorted(done, key=lambda a: a.done_on or a.due)),
        changed=nearest_first(changed),
        in_progress=nearest_first(progress),
        late=nearest_first(late),
        client_actions=nearest_first(theirs),
        decisions=first(decisions),
        next_meeting=next_planned_meeting(account, today),
        rags=rags,
    )


def next_planned_meeting(
    account: Account, today: date, kinds: frozenset[str] | None = None
) -> Meeting | None:
    """Return the earliest meeting on or after `today` (of one of `kinds` when given, case
    ignored); None when there is none."""
    meetings = account.cadence.next_meetings if account.cadence else ()
    eligible = [
        m
        for m in meetings
        if m.date >= today and (kinds is None or (m.kind or "").strip().lower() in kinds)
    ]
    return min(eligible, key=lambda m: m.date, default=None)


def call_meeting(account: Account, today: date, on: date | None = None) -> Meeting | None:
    """Return the meeting of the monthly call: the one planned on `on` when given, else the
    next meeting of kind call (or appel); None when there is none."""
    if on is not None:
        meetings = account.cadence.next_meetings if account.cadence else ()
        return next((m for m in meetings if m.date == on), None)
    return next_planned_meeting(account, today, CALL_KINDS)


def actions_due_before(account: Account, end: date | None) -> tuple[Action, ...]:
    """Return the open actions due before `end` (every open one when `end` is None), late
    ones included, nearest due first."""
    return tuple(
        sorted(
            (a for a in account.actions if a.status != "done" and (end is None or a.due < end)),
            key=lambda a: a.due,
        )
    )


# --- trust index ---------------------------------------------------------------------------


@valueclass(frozen=True)
class TrustIndex:
    """The trust index, 0-100: the mean of each lever's latest rating × 100 / 3.

    `latest` holds the latest rating of each rated lever, in the order of `TRUST_LEVERS`;
    `partial` is True when fewer than six levers are rated; `score` is None when none is;
    `trend` holds (date, index) at each date a rating was given, when there are several.
    """

    score: Decimal | None
    partial: bool
    latest: tuple[TrustRating, ...]
    trend: tuple[tuple[date, Decimal], ...]


def _latest_by_lever(ratings: Sequence[TrustRating]) -> dict[str, TrustRating]:
    """Return each lever's latest rating: by date, later in the file winning ties; an
    undated rating counts as older than any dated one."""
    best: dict[str, TrustRating] = {}
    for rating in ratings:
        held = best.get(rating.lever)
        if held is None or (rating.date or date.min) >= (held.date or date.min):
            best[rating.lever] = rating
    return best


def _index(latest: Iterable[TrustRating]) -> Decimal | None:
    values = [r.rating for r in latest]
    if not values:
        return None
    return (Decimal(sum(values)) * 100 / (3 * len(values))).quantize(Decimal("0.1"))


def trust_index(ratings: Sequence[TrustRating], today: date) -> TrustIndex:
    """Return the trust index of `ratings` as of `today` (ratings dated later are ignored)."""
    usable = [r for r in ratings if r.date is None or r.date <= today]
    best = _latest_by_lever(usable)
    latest = tuple(best[lever] for lever in TRUST_LEVERS if lever in best)
    dates = sorted({r.date for r in usable if r.date is not None})
    trend = []
    for day in dates:
        upto = _latest_by_lever([r for r in usable if r.date is None or r.date <= day])
        score = _index(upto.values())
        if score is not None:
            trend.append((day, score))
    return TrustIndex(
        score=_index(latest),
        partial=len(latest) < len(TRUST_LEVERS),
        latest=latest,
        trend=tuple(trend) if len(trend) > 1 else (),
    )


def stale_trust(ratings: Sequence[TrustRating], today: date) -> list[TrustRating]:
    """Return the latest ratings older than two quarters (or undated) as of `today`."""
    best = _latest_by_lever([r for r in ratings if r.date is None or r.date <= today])
    limit = today - timedelta(days=TRUST_STALE_DAYS)
    return [r for r in best.values() if r.date is None or r.date < limit]
