"""The monthly call agenda (domain.md §3 row 16): a one-page Word agenda for a 30-minute
call, and with `--audience internal` a preparation page (health trend, risks, coverage gaps,
trust index).

The client agenda is a client edition, built from the client view of the account.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kamdocs import ir
from kamdocs.documents.common import Run, document_meta, marking
from kamdocs.documents.review_figures import health_trend
from kamdocs.insights import AccountInsights
from kamdocs.insights.followup import (
    CALL_KINDS,
    actions_due_before,
    call_meeting,
    next_planned_meeting,
    trust_index,
)
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import filters
from kamdocs.templating.formatting import Formatter
from kamdocs.valueclass import valueclass
from kamdocs.workspace import localize
from kamdocs.workspace import model as m

CALL_MINUTES = 30
# Relative weight of each agenda item in the call's time; items without data are left out
# and their time goes to the others.
ITEM_WEIGHTS = {"objectives": 8, "actions": 8, "decisions": 6, "feedback": 5, "next": 3}
NEXT_CALL_DAYS = 31  # without a next call planned, "before the next call" means a month
IMPACT_ORDER = {"high": 0, "medium": 1, "low": 2, None: 3}  # the risks to mention first


@valueclass(frozen=True)
class AgendaItem:
    key: str
    minutes: int
    start: int  # minutes from the start of the call


def timed_items(keys: list[str], total: int = CALL_MINUTES) -> list[AgendaItem]:
    """Return the agenda items `keys` with their share of `total` minutes (whole minutes
    adding up to `total`, the largest remainders rounded up) and their start."""
    weights = [ITEM_WEIGHTS[k] for k in keys]
    exact = [Decimal(total * w) / sum(weights) for w in weights]
    minutes = [int(x) for x in exact]
    by_remainder = sorted(range(len(keys)), key=lambda i: (minutes[i] - exact[i], i))
    for i in by_remainder[: total - sum(minutes)]:
        minutes[i] += 1
    items, start = [], 0
    for key, length in zip(keys, minutes, strict=True):
        items.append(AgendaItem(key, length, start))
        start += length
    return items


def objective_rows(account: m.Account, review: m.Review | None) -> list[dict[str, Any]]:
    """Return each objective with a KPI: title, KPI, current value (`current`, else the
    latest review's KPI of the same name), target, unit and due date."""
    kpis = {k.name: k for k in review.kpis} if review else {}
    rows = []
    for objective in account.objectives:
        if not (objective.kpi or objective.target is not None):
            continue
        current = objective.current
        if current is None and objective.kpi in kpis:
            current = kpis[objective.kpi].actual
        rows.append({"objective": objective, "current": current})
    return rows


def attendees(account: m.Account, meeting: m.Meeting | None) -> tuple[list[str], list[str]]:
    """Return (theirs, ours): the meeting's attendees, else the e-mail's recipients and our
    account team (the KAM first); a name the account's stakeholders hold is theirs."""
    theirs_known = {s.name for s in account.stakeholders}
    if meeting is not None and meeting.attendees:
        names = list(meeting.attendees)
    else:
        names = list(account.cadence.recipients if account.cadence else ())
        if account.owner:
            names.append(account.owner.name)
        names += [t.name for t in account.team]
    names = list(dict.fromkeys(names))
    return [n for n in names if n in theirs_known], [n for n in names if n not in theirs_known]


def call_document(
    account: m.Account,
    company: m.Company,
    settings: m.Settings,
    ins: AccountInsights,
    run: Run,
    templates: Templates,
    *,
    day: dt.date,
    audience: str,
    reviews: tuple[m.Review, ...] = (),
) -> ir.Document:
    """Return the agenda of the call of `day` on `account` (its view for `audience`)."""
    company = localize.company_in(company, run.lang, settings.language)
    internal = audience == "internal"
    labels = load_labels(run.lang, "common", "plan", "followup")
    fmt = Formatter(run.lang, settings.currency)
    review = ins.review
    meeting = call_meeting(account, run.today, on=day)
    later = [mt for mt in (account.cadence.next_meetings if account.cadence else ())
             if mt.date > day]  # fmt: skip
    next_call = min((mt.date for mt in later if (mt.kind or "").lower() in CALL_KINDS),
                    default=day + dt.timedelta(days=NEXT_CALL_DAYS))  # fmt: skip
    theirs, ours = attendees(account, meeting)
    decisions = [d for d in review.decisions_needed if d.status == "open"] if review else []
    feedback = bool(review and (review.obstacles or review.satisfaction))
    rows = objective_rows(account, review)
    due = actions_due_before(account, next_call)
    rags = {id(a): ins.action_rags[i] for i, a in enumerate(account.actions)}
    present = {
        "objectives": bool(rows),
        "actions": bool(due),
        "decisions": bool(decisions),
        "feedback": feedback,
        "next": True,
    }
    items = timed_items([k for k in ITEM_WEIGHTS if present[k]])
    custom = settings.confidentiality.internal if internal else settings.confidentiality.client
    header = marking(labels, internal, custom, account.name, fmt.date(day), None)
    context = {
        "account": account,
        "company": company,
        "L": labels,
        "lang": run.lang,
        "today": run.today,
        "internal": internal,
        "day": day,
        "meeting": meeting,
        "theirs": theirs,
        "ours": ours,
        "items": items,
        "objective_rows": rows,
        "actions": [(a, rags[id(a)]) for a in due],
        "decisions": decisions,
        "review": review,
        "next_meeting": next_planned_meeting(account, day + dt.timedelta(days=1)),
        "minutes": CALL_MINUTES,
        "prep": _preparation(account, settings, ins, reviews, run, fmt) if internal else None,
    }
    blocks = templates.render_blocks(
        "call/call.md.j2", context, filters(fmt, labels), client=not internal
    )
    edition = labels.call_edition_internal if internal else labels.call_edition_client
    meta = document_meta(
        run, company, account, title=f"{labels.call_title} — {account.name}",
        subject=edition, header=header, page_label=labels.page,
    )  # fmt: skip
    return typeset(ir.Document(meta, blocks))


def _preparation(
    account: m.Account,
    settings: m.Settings,
    ins: AccountInsights,
    reviews: tuple[m.Review, ...],
    run: Run,
    fmt: Formatter,
) -> dict[str, Any]:
    """Return the talking points of the internal preparation page: the health score and its
    trend per review, the open risks (high impact first), the coverage gaps and the trust
    index."""
    trend = health_trend(account, settings, list(reviews), ins)
    risks = sorted(
        (r for r in account.risks if r.status == "open"), key=lambda r: IMPACT_ORDER[r.impact]
    )
    return {
        "health": ins.health,
        "trend": [(fmt.quarter(q), v) for q, v in trend],
        "risks": risks,
        "gaps": ins.gaps,
        "trust": trust_index(account.trust, run.today),
    }
