"""How long an offer is valid: set by the proposal, by the tender rules, or 90 days by default."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import Proposal

DEFAULT_VALIDITY_DAYS = 90  # design choice (domain.md §5)


@valueclass(frozen=True)
class Validity:
    """When the offer expires and why: `source` is "set" (valid_until), "tender" (the RC's
    deadline + validity_days) or "default" (issue date + 90 days). `issue_date` is the
    proposal's date, else the as-of date."""

    until: dt.date
    source: Literal["set", "tender", "default"]
    issue_date: dt.date


def validity(proposal: Proposal, today: dt.date) -> Validity:
    """Return the offer's validity; in tender mode the RC's validity period wins."""
    issue = proposal.date or today
    tender = proposal.tender if proposal.mode == "tender" else None
    if tender and tender.deadline and tender.validity_days is not None:
        until = tender.deadline.date() + dt.timedelta(days=tender.validity_days)
        return Validity(until, "tender", issue)
    if proposal.valid_until:
        return Validity(proposal.valid_until, "set", issue)
    return Validity(issue + dt.timedelta(days=DEFAULT_VALIDITY_DAYS), "default", issue)
