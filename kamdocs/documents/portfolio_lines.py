"""What the portfolio keeps of each account: the figures it shows, not the account.

An account is reduced to its `AccountLine` as soon as it is read, so that building the
portfolio holds one account at a time however many there are; a line is small and plain
(text, numbers, dates), and goes to and from JSON (`line_to_json`, `line_from_json`), so a
batch build can keep the lines of accounts that did not change. The names are those of the
account and of `insights.AccountInsights`, so a portfolio template reads `line.account.name`
or `line.ins.weighted_pipeline` as it always has.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Any

from kamdocs import insights
from kamdocs.checks.freshness import last_contacts
from kamdocs.insights.relationship import Gap
from kamdocs.insights.selection import Position, SelectionVerdict
from kamdocs.templating.catalog import Labels
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import AccountFiles

STALE_AFTER_DAYS = 90

# The sections of an account plan whose data the completeness column counts.
PLAN_SECTIONS = (
    "stakeholders", "objectives", "opportunities", "actions", "swot", "competitors", "risks",
    "offer", "whitespace", "goals",
)  # fmt: skip


@valueclass(frozen=True)
class Owner:
    name: str


@valueclass(frozen=True)
class AccountName:
    """The account as the portfolio names it: its name and its owner."""

    name: str
    owner: Owner | None


@valueclass(frozen=True)
class HealthShown:
    """The health score (0-100, exact) and its band."""

    score: Decimal | None
    band: str | None


@valueclass(frozen=True)
class Figures:
    """The computed figures of one account that the portfolio shows, named as in
    `insights.AccountInsights`; `overdue_actions` holds the overdue actions' texts."""

    ytd_revenue: Decimal | None
    ytd_target: Decimal | None
    last_year_revenue: Decimal | None
    share_of_wallet: Decimal | None
    weighted_pipeline: Decimal
    pipeline_coverage: Decimal | None
    health: HealthShown
    overdue_actions: tuple[str, ...]
    next_meeting: dt.date | None
    position: Position | None
    selection: SelectionVerdict
    gaps: tuple[Gap, ...]


@valueclass(frozen=True)
class AccountLine:
    """One valid account of the portfolio with the figures the summary shows."""

    slug: str
    account: AccountName
    ins: Figures
    open_pipeline: Decimal
    last_interaction: dt.date | None
    # completeness and freshness: plan sections with data (of PLAN_SECTIONS), the latest
    # contact with anyone, the latest change of an opportunity, the latest review's quarter
    sections_filled: int = 0
    latest_contact: dt.date | None = None
    pipeline_updated: dt.date | None = None
    latest_review: str | None = None

    @property
    def bubble_size(self) -> float:
        """Return the bubble size: last year's revenue, else revenue year to date, else 1."""
        revenue = self.ins.last_year_revenue or self.ins.ytd_revenue
        return float(revenue) if revenue and revenue > 0 else 1.0

    def attention(self, labels: Labels, today: dt.date) -> list[str]:
        """Return why this account needs attention (empty when it does not)."""
        reasons = []
        gaps = [g for g in self.ins.gaps if g.code != "decision_maker_red"]
        if gaps:
            reasons.append(labels.reason_gaps.format(count=len(gaps)))
        red = [g.person for g in self.ins.gaps if g.code == "decision_maker_red" and g.person]
        if red:
            reasons.append(labels.reason_red.format(names=", ".join(red)))
        if self.ins.overdue_actions:
            reasons.append(labels.reason_late.format(count=len(self.ins.overdue_actions)))
        if self.last_interaction is None:
            reasons.append(labels.reason_no_interaction)
        elif (today - self.last_interaction).days > STALE_AFTER_DAYS:
            reasons.append(labels.reason_stale.format(days=(today - self.last_interaction).days))
        if self.ins.health.band == "red":
            reasons.append(labels.reason_health_red)
        return reasons

    def selection_reason(self, labels: Labels) -> str | None:
        """Return why the account is not a key account, or None when it is one."""
        verdict = self.ins.selection
        if verdict.key_account:
            return None
        threshold = f"{verdict.threshold:.0f}"
        if verdict.reason == "override":
            return labels.sel_override_out.format(reason=verdict.override_reason or "")
        if verdict.score is None:
            return labels.sel_no_score.format(threshold=threshold)
        return labels.sel_below.format(score=f"{verdict.score:.0f}", threshold=threshold)


@valueclass(frozen=True)
class Portfolio:
    """The valid accounts in name order, and the files of the accounts left out for their
    errors."""

    lines: tuple[AccountLine, ...]
    excluded: tuple[str, ...]


def left_out(bundle: AccountFiles) -> bool:
    """Tell whether an account's files have errors: the portfolio names it, never guesses."""
    return bundle.account.model is None or not bundle.account.ok


def account_line(
    bundle: AccountFiles, company: m.Company, settings: m.Settings, today: dt.date
) -> AccountLine | None:
    """Return the portfolio's line of a valid account (None for an example account, which
    the portfolio leaves out)."""
    account = bundle.account.model
    assert account is not None
    if account.example:  # the starter account of `kamdocs init`
        return None
    reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None}
    ins = insights.account_insights(account, company, settings, reviews, today)
    open_amount = sum(
        (o.amount or Decimal(0) for o in account.opportunities if o.stage in insights.OPEN_STAGES),
        Decimal(0),
    )
    logged = [i.date for i in account.interactions if i.date <= today]
    contacts = [d for d in last_contacts(account).values() if d <= today]
    updated = [o.updated_on for o in account.opportunities if o.updated_on is not None]
    figures = Figures(
        ins.ytd_revenue, ins.ytd_target, ins.last_year_revenue, ins.share_of_wallet,
        ins.weighted_pipeline, ins.pipeline_coverage,
        HealthShown(ins.health.score, ins.health.band),
        tuple(a.action for a in ins.overdue_actions), ins.next_meeting, ins.position,
        ins.selection, ins.gaps,
    )  # fmt: skip
    owner = Owner(account.owner.name) if account.owner else None
    return AccountLine(
        bundle.slug, AccountName(account.name, owner), figures, open_amount,
        max(logged, default=None),
        sections_filled=sum(bool(getattr(account, name)) for name in PLAN_SECTIONS),
        latest_contact=max(contacts, default=None),
        pipeline_updated=max(updated, default=None),
        latest_review=max(reviews, default=None),
    )  # fmt: skip


def portfolio(lines: list[AccountLine], excluded: list[str]) -> Portfolio:
    """Return the portfolio of these lines, in name order."""
    ordered = sorted(lines, key=lambda line: (line.account.name.casefold(), line.slug))
    return Portfolio(tuple(ordered), tuple(excluded))


# --- lines to and from JSON -------------------------------------------------------------------

# The classes a line is made of: JSON names each by its key, and only these are read back.
_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (AccountLine, AccountName, Owner, Figures, HealthShown, Position,
                SelectionVerdict, Gap)
}  # fmt: skip


def line_to_json(line: AccountLine) -> dict[str, Any]:
    """Return `line` as JSON data: each object names its class, numbers stay exact."""
    encoded = _encode(line)
    assert isinstance(encoded, dict)
    return encoded


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"class": type(value).__name__, **fields}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"a portfolio line cannot hold {type(value).__name__}")


def line_from_json(data: Any) -> AccountLine:
    """Return the line `line_to_json` wrote; ValueError when `data` is not one, down to the
    type of each field (a damaged entry is read again from its account, never shown)."""
    try:
        line = _decode(data)
    except (TypeError, KeyError, ArithmeticError) as exc:  # Decimal("x"), a bad date...
        raise ValueError(f"not a portfolio line: {exc}") from None
    if not _conforms(line, AccountLine):
        raise ValueError("not a portfolio line")
    return line


def _conforms(value: Any, hint: Any) -> bool:
    """Tell whether `value` is of the type `hint` that a line's field declares."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arg) for arg in typing.get_args(hint))
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return isinstance(value, tuple) and all(_conforms(v, item) for v in value)
    if hint is type(None):
        return value is None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return type(value) is hint and all(
            _conforms(getattr(value, f.name), hints[f.name]) for f in dataclasses.fields(hint)
        )
    if hint in (int, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)


def _decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(_decode(item) for item in data)
    if not isinstance(data, dict):
        return data
    if "class" not in data and "decimal" in data:
        return Decimal(data["decimal"])
    if "class" not in data and "date" in data:
        return dt.date.fromisoformat(data["date"])
    cls = _CLASSES.get(data.get("class", ""))
    if cls is None:
        raise ValueError(f"unknown class in a portfolio line: {data.get('class')!r}")
    return cls(**{k: _decode(v) for k, v in data.items() if k != "class"})
