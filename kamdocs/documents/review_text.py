"""The sentences of the review deck: executive summary, revenue and NPS lines, speaker notes.

Each sentence carries a figure (domain.md §4); numbers are formatted once, in the document's
language, from `insights` and the review file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kamdocs import insights, ir
from kamdocs.documents import review_figures as fig
from kamdocs.insights import AccountInsights
from kamdocs.templating import markup
from kamdocs.templating.catalog import Labels
from kamdocs.templating.formatting import Formatter
from kamdocs.workspace import model as m


def revenue_lines(quarter: fig.QuarterFigures, fmt: Formatter, labels: Labels) -> list[str]:
    """Return the sentences on the quarter's revenue and on the year to date (0 to 2)."""
    money = fmt.money
    found: list[str] = []
    if quarter.amount is not None:
        q = fmt.quarter(quarter.quarter)
        if quarter.attainment is not None:
            text = labels.sum_revenue.format(
                quarter=q,
                amount=money(quarter.amount, cents=False),
                ratio=fmt.percent(quarter.attainment),
                target=money(quarter.target, cents=False),
            )
        else:
            text = labels.sum_revenue_no_target.format(
                quarter=q, amount=money(quarter.amount, cents=False)
            )
        if quarter.yoy is not None:
            text += " ; " if fmt.lang == "fr" else "; "
            text += labels.sum_growth.format(
                growth=fmt.percent(quarter.yoy, signed=True),
                quarter=fmt.quarter(quarter.last_year_quarter),
            )
        found.append(text)
    if (
        quarter.ytd is not None
        and quarter.ytd_attainment is not None
        and not quarter.quarter.endswith("Q1")
    ):
        found.append(
            labels.sum_ytd.format(
                year=quarter.quarter[:4],
                quarter=fmt.quarter(quarter.quarter),
                amount=money(quarter.ytd, cents=False),
                ratio=fmt.percent(quarter.ytd_attainment),
            )
        )
    return found


def nps_line(review: m.Review, fmt: Formatter, labels: Labels, *, slide: bool) -> str | None:
    """Return the NPS sentence (vs the previous quarter when known); None without an NPS."""
    satisfaction = review.satisfaction
    if satisfaction is None or satisfaction.nps is None:
        return None
    nps, q = fmt.number(satisfaction.nps), fmt.quarter(review.quarter)
    if satisfaction.previous_nps is None:
        alone = labels.nps_line_alone if slide else labels.sum_nps_alone
        return alone.format(nps=nps, quarter=q)
    pattern = labels.nps_line if slide else labels.sum_nps
    return pattern.format(
        nps=nps,
        quarter=q,
        delta=_signed(satisfaction.nps - satisfaction.previous_nps, fmt),
        previous=fmt.quarter(insights.previous_quarter(review.quarter)),
    )


def summary_bullets(
    review: m.Review, quarter: fig.QuarterFigures, fmt: Formatter, labels: Labels, limit: int
) -> list[str]:
    """Return up to `limit` executive-summary sentences, each carrying a figure."""
    found = revenue_lines(quarter, fmt, labels)
    bands = [insights.kpi_status(k) for k in review.kpis]
    if any(b is not None for b in bands):
        found.append(
            labels.sum_kpis.format(
                green=bands.count("green"),
                amber=bands.count("amber"),
                red=bands.count("red"),
                total=len(review.kpis),
            )
        )
    nps = nps_line(review, fmt, labels, slide=False)
    if nps:
        found.append(nps)
    decisions = fig.open_decisions(review)
    if decisions:
        first = decisions[0].date
        found.append(
            labels.sum_decisions.format(count=len(decisions), date=fmt.date(first))
            if first
            else labels.sum_decisions_undated.format(count=len(decisions))
        )
    return found[:limit]


def _signed(value: Any, fmt: Formatter) -> str:
    text = fmt.number(value)
    return f"+{text}" if value > 0 else text


def _plain(text: str | None) -> str:
    """Return a Markdown fragment as plain text for the speaker notes."""
    if not text:
        return ""
    return "".join(i.text if isinstance(i, ir.Text) else " " for i in markup.md_inlines(text))


def slide_notes(
    review: m.Review,
    account: m.Account,
    ins: AccountInsights,
    quarter: fig.QuarterFigures,
    summary: Sequence[str],
    fmt: Formatter,
    labels: Labels,
    internal: bool,
) -> dict[str, str]:
    """Return the speaker notes of each slide: talking points and the figures behind them."""
    q = fmt.quarter(review.quarter)
    none = labels.none
    rags = list(ins.action_rags.values())
    projects = fig.open_projects(account)
    nps = review.satisfaction.nps if review.satisfaction else None
    previous = review.satisfaction.previous_nps if review.satisfaction else None
    nr = review.next_review
    notes = {
        "title": labels.notes_title.format(
            quarter=q, count=len(review.attendees), date=fmt.date(ins.today)
        ),
        "summary": "\n".join([labels.notes_summary, *(f"– {s}" for s in summary)]),
        "decisions": _decision_notes(review, fmt, labels),
        "kpis": _kpi_notes(review, fmt, labels),
        "revenue": labels.notes_revenue.format(
            quarter=q,
            amount=fmt.money(quarter.amount, cents=False) or none,
            target=fmt.money(quarter.target, cents=False) or none,
            yoy=fmt.percent(quarter.yoy, signed=True) or none,
            qoq=fmt.percent(quarter.qoq, signed=True) or none,
        ),
        "projects": labels.notes_projects.format(count=len(projects)),
        "highlights": labels.notes_highlights.format(
            successes=len(review.successes),
            obstacles=len(review.obstacles),
            opportunities=len(review.new_opportunities),
        ),
        "actions": labels.notes_actions.format(
            total=len(rags),
            red=rags.count("red"),
            amber=rags.count("amber"),
            green=rags.count("green"),
            done=rags.count("done"),
        ),
        "satisfaction": labels.notes_satisfaction.format(
            quarter=q, nps=fmt.number(nps) or none, previous=fmt.number(previous) or none
        ),
        "stakeholders": labels.notes_stakeholders.format(count=len(review.stakeholder_changes)),
        "priorities": labels.notes_priorities.format(count=len(review.priorities)),
        "next_review": labels.notes_next_review.format(
            date=fmt.date(nr.date) if nr and nr.date else none,
            count=len(nr.open_questions) if nr else 0,
        ),
    }
    if internal:
        _add_internal_notes(notes, account, ins, len(projects), fmt, labels)
    return notes


def _decision_notes(review: m.Review, fmt: Formatter, labels: Labels) -> str:
    """The decisions still open, with who decides and by when, and how many are done."""
    none = labels.none
    done = [d for d in review.decisions_needed if d.status == "done"]
    lines = [
        f"– {_plain(d.decision)}{labels.colon}{d.by or none}, {fmt.date(d.date) or none}"
        for d in fig.open_decisions(review)
    ]
    return "\n".join([labels.notes_decisions, *lines,
                      labels.notes_decisions_done.format(count=len(done))])  # fmt: skip


def _kpi_notes(review: m.Review, fmt: Formatter, labels: Labels) -> str:
    """The KPIs off target (amber or red) with their gap, or that all are on target."""
    bands = [insights.kpi_status(k) for k in review.kpis]
    off = [k for k, b in zip(review.kpis, bands, strict=True) if b in ("amber", "red")]
    if not off:
        return labels.notes_kpis_ok
    lines = [
        labels.notes_kpi_line.format(
            name=k.name,
            actual=fig.kpi_value(k.actual, k.unit, fmt, labels),
            target=fig.kpi_value(k.target, k.unit, fmt, labels),
            gap=fig.kpi_value(insights.kpi_gap(k), k.unit, fmt, labels, signed=True),
        )
        for k in off
    ]
    head = labels.notes_kpis.format(green=bands.count("green"), total=len(review.kpis))
    return "\n".join([head, *(f"– {line}" for line in lines)])


def _add_internal_notes(
    notes: dict[str, str],
    account: m.Account,
    ins: AccountInsights,
    projects: int,
    fmt: Formatter,
    labels: Labels,
) -> None:
    """Add what only the internal deck's notes say: the main risk, the weighted pipeline
    against the gap to target, and the health score."""
    risk = fig.main_risk(account)
    if risk is not None:
        notes["summary"] += f"\n– {labels.main_risk}{labels.colon}{_plain(risk.text)}"
    notes["projects"] += "\n" + labels.notes_pipeline.format(
        weighted=fmt.money(ins.weighted_pipeline, cents=False),
        count=projects,
        year=ins.year,
        gap=fmt.money(ins.revenue_gap, cents=False) or labels.none,
    )
    health = ins.health
    if health.score is not None:
        notes["satisfaction"] += "\n" + labels.notes_health.format(
            score=fmt.number(health.score, 0),
            band=labels[f"rag_{health.band}"],
            missing=", ".join(labels[f"health_{c}"] for c in health.missing) or labels.none_yet,
        )
