"""What is stale in an account as of the run's date: decision makers not contacted lately,
open opportunities past their close date, an old latest review, a plan past its revision
date. Warnings: stale data still builds, but a reader should know."""

from __future__ import annotations

import datetime as dt

from kamdocs.errors import Problem
from kamdocs.insights.calendar import previous_quarter, quarter_of
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded

WATCHED_ROLES = ("decision_maker", "budget_holder")  # whose silence puts a deal at risk


def last_contacts(account: m.Account) -> dict[str, dt.date]:
    """Return each stakeholder's latest contact: `last_contact` or the interaction log."""
    latest: dict[str, dt.date] = {}
    for person in account.stakeholders:
        if person.last_contact is not None:
            latest[person.name] = person.last_contact
    for meeting in account.interactions:
        if meeting.theirs not in latest or latest[meeting.theirs] < meeting.date:
            latest[meeting.theirs] = meeting.date
    return latest


def _contact_problems(loaded: Loaded[m.Account], account: m.Account, limit_days: int,
                      today: dt.date) -> list[Problem]:  # fmt: skip
    found = []
    latest = last_contacts(account)
    for i, person in enumerate(account.stakeholders):
        roles = [r for r in person.roles if r in WATCHED_ROLES]
        if not roles:
            continue
        role = roles[0].replace("_", " ")
        loc = ("stakeholders", i, "last_contact") if person.last_contact else ("stakeholders", i)
        since = latest.get(person.name)
        if since is None:
            found.append(loaded.problem(loc, "never_contacted", "warning", name=person.name,
                                        role=role))  # fmt: skip
        elif (today - since).days > limit_days:
            found.append(loaded.problem(loc, "stale_contact", "warning", name=person.name,
                                        role=role, since=since.isoformat(),
                                        days=(today - since).days, limit=limit_days))  # fmt: skip
    return found


def freshness_problems(loaded: Loaded[m.Account], reviews: list[str], settings: m.Settings,
                       today: dt.date) -> list[Problem]:  # fmt: skip
    """Return a warning for each stale part of the account file `loaded` as of `today`;
    `reviews` are the quarters of its review files."""
    account = loaded.model
    if account is None:
        return []
    found = _contact_problems(loaded, account, settings.freshness.contact_days, today)
    for i, opp in enumerate(account.opportunities):
        if opp.stage not in ("won", "lost") and opp.close is not None and opp.close < today:
            found.append(loaded.problem(("opportunities", i, "close"), "stale_close",
                                        "warning", name=opp.name,
                                        close=opp.close.isoformat()))  # fmt: skip
    if reviews:
        previous = previous_quarter(quarter_of(today, settings.fiscal_year_start))
        latest = max(reviews)
        if latest < previous:
            found.append(Problem.at(loaded.file, "stale_review", severity="warning",
                                    quarter=latest, previous=previous))  # fmt: skip
    plan = account.plan
    if plan is not None and plan.next_revision is not None and plan.next_revision < today:
        found.append(loaded.problem(("plan", "next_revision"), "stale_plan", "warning",
                                    date=plan.next_revision.isoformat()))  # fmt: skip
    return found
