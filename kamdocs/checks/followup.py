"""Checks of the follow-up between reviews: the status e-mail's addressees and sender, the
call's attendees, and the trust ratings (evidence, age)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.insights.followup import stale_trust
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded


def recipient_problems(loaded: Loaded[Any], account: m.Account) -> list[Problem]:
    """Return the warnings of the status e-mail's envelope: no recipients, a recipient who is
    not a stakeholder or has no e-mail, an owner without e-mail (each one a placeholder in
    the e-mail, never an invented address)."""
    problems: list[Problem] = []
    if account.owner is None or not account.owner.email:
        where = ("owner",) if account.owner else ()
        problems.append(located(loaded, where, "owner_without_email", "warning"))
    recipients = account.cadence.recipients if account.cadence else ()
    if not recipients:
        where = ("cadence",) if account.cadence else ()
        problems.append(located(loaded, where, "no_recipients", "warning"))
    people = {s.name: s for s in account.stakeholders}
    known = ", ".join(people) or "none"
    for i, name in enumerate(recipients):
        loc = ("cadence", "recipients", i)
        if name not in people:
            problems.append(located(loaded, loc, "unknown_recipient", "warning", name=name,
                                    known=known))  # fmt: skip
        elif not people[name].email:
            problems.append(located(loaded, loc, "recipient_without_email", "warning", name=name))
    return problems


def attendee_problems(loaded: Loaded[Any], account: m.Account, company: m.Company) -> list[Problem]:
    """Return a warning for each meeting attendee who is neither a stakeholder nor one of
    our people (the KAM, the account team, our company's team)."""
    ours = {p.name for p in (*account.team, *company.team)}
    if account.owner:
        ours.add(account.owner.name)
    names = ours | {s.name for s in account.stakeholders}
    known = ", ".join(sorted(names)) or "none"
    meetings = account.cadence.next_meetings if account.cadence else ()
    return [
        located(
            loaded,
            ("cadence", "next_meetings", i, "attendees", j),
            "unknown_attendee",
            "warning",
            name=name,
            known=known,
        )  # fmt: skip
        for i, meeting in enumerate(meetings)
        for j, name in enumerate(meeting.attendees)
        if name not in names
    ]


def trust_problems(loaded: Loaded[Any], account: m.Account, today: dt.date) -> list[Problem]:
    """Return the warnings of the trust ratings: a rating without evidence, a lever whose
    latest rating is undated or older than two quarters as of `today`."""
    problems = [
        located(loaded, ("trust", i), "trust_without_evidence", "warning", lever=r.lever)
        for i, r in enumerate(account.trust)
        if not (r.evidence or "").strip()
    ]
    index = {id(r): i for i, r in enumerate(account.trust)}
    for rating in stale_trust(account.trust, today):
        loc = ("trust", index[id(rating)])
        if rating.date is None:
            problems.append(located(loaded, loc, "trust_undated", "warning", lever=rating.lever))
        else:
            problems.append(located(loaded, (*loc, "date"), "trust_stale", "warning",
                                    lever=rating.lever, date=rating.date, today=today))  # fmt: skip
    return problems
