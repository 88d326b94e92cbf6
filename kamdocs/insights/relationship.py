"""The relationship with the client: its shape (contact and function pairs) checked against the
declared stage, the gaps of the stakeholder map, and the NPS series."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from kamdocs.insights.calendar import previous_quarter
from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import Account, Company, Interaction, Review, Stage

ShapeKind = Literal["bow_tie", "intermediate", "diamond"]
GapCode = Literal[
    "no_decision_maker",
    "no_budget_holder",
    "decision_maker_red",
    "no_champion",
    "detractor_high_influence",
    "no_executive_sponsor_contact",
]
CONTACT_WINDOW_DAYS = 183  # "the last 6 months" of domain.md §6
HIGH_INFLUENCE = 4

_DEEP_STAGES: tuple[Stage, ...] = ("interdependent", "integrated")


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# --- relationship --------------------------------------------------------------------------


@valueclass(frozen=True)
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


@valueclass(frozen=True)
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
