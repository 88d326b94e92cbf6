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
from kamdocs.templating import markup, plurals
from kamdocs.templating.catalog import Labels
from kamdocs.templating.formatting import Formatter
from kamdocs.valueclass import valueclass
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
    action_counts: dict[str, int],
) -> dict[str, str]:
    """Return the speaker notes of each slide: talking points and the figures behind them
    (the action counts are those of the actions the deck shows)."""
    q = fmt.quarter(review.quarter)
    none = labels.none
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
        "projects": _count(labels, "notes_projects", len(projects), fmt),
        "highlights": labels.notes_highlights.format(
            successes=len(review.successes),
            obstacles=len(review.obstacles),
            opportunities=len(review.new_opportunities),
        ),
        "actions": labels.notes_actions.format(
            total=action_counts["total"],
            red=action_counts["red"],
            amber=action_counts["amber"],
            green=action_counts["green"],
            done=action_counts["done"],
        ),
        "satisfaction": labels.notes_satisfaction.format(
            quarter=q, nps=fmt.number(nps) or none, previous=fmt.number(previous) or none
        ),
        "stakeholders": _count(labels, "notes_stakeholders", len(review.stakeholder_changes), fmt),
        "priorities": _count(labels, "notes_priorities", len(review.priorities), fmt),
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
    notes["projects"] += "\n" + _count(
        labels,
        "notes_pipeline",
        projects,
        fmt,
        weighted=fmt.money(ins.weighted_pipeline, cents=False),
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


# --- takeaway titles ------------------------------------------------------------------------


def _count(labels: Labels, key: str, count: int, fmt: Formatter, **values: Any) -> str:
    """Return the singular or plural form of a "one|many" label, filled in."""
    return plurals.form(labels[key], count, fmt.lang).format(count=count, **values)


def _worst_kpi(review: m.Review) -> m.Kpi | None:
    """Return the KPI furthest behind its target (lowest attainment), among those behind."""
    behind = [
        (value, i, k)
        for i, k in enumerate(review.kpis)
        if insights.kpi_status(k) == "red" and (value := fig.attainment(k)) is not None
    ]
    return min(behind)[2] if behind else None


@valueclass(frozen=True)
class _Facts:
    """What the takeaway titles read: the review, its quarter's figures and the context."""

    review: m.Review
    quarter: fig.QuarterFigures
    context: dict[str, Any]
    fmt: Formatter
    labels: Labels

    @property
    def ratio(self) -> str | None:
        value = self.quarter.attainment
        return self.fmt.percent(value) if value is not None else None


def _t_summary(f: _Facts) -> str | None:
    overall = f.context["overall"]
    if overall is None:
        return None
    q, status = f.fmt.quarter(f.review.quarter), f.labels[f"t_status_{overall}"]
    if f.ratio:
        return f.labels.t_summary.format(quarter=q, status=status, ratio=f.ratio)
    return f.labels.t_summary_status.format(quarter=q, status=status)


def _t_decisions(f: _Facts) -> str | None:
    decisions = f.context["open_decisions"]
    if not decisions:
        return None
    first = decisions[0].date
    if first is None:
        return _count(f.labels, "t_decisions_undated", len(decisions), f.fmt)
    return _count(f.labels, "t_decisions", len(decisions), f.fmt, date=f.fmt.date(first))


def _t_kpis(f: _Facts) -> str | None:
    kpis = f.review.kpis
    bands = [insights.kpi_status(k) for k in kpis]
    if all(b is None for b in bands):
        return None
    green = bands.count("green")
    text = _count(f.labels, "t_kpis", green, f.fmt, green=green, total=len(kpis))
    worst = _worst_kpi(f.review)
    if worst is not None:
        text += f.labels.t_kpis_worst.format(
            name=worst.name,
            actual=fig.kpi_value(worst.actual, worst.unit, f.fmt, f.labels),
            target=fig.kpi_value(worst.target, worst.unit, f.fmt, f.labels),
        )
    return text


def _t_revenue(f: _Facts) -> str | None:
    quarter, fmt, labels = f.quarter, f.fmt, f.labels
    if quarter.amount is None:
        return None
    q, amount = fmt.quarter(f.review.quarter), fmt.money(quarter.amount, cents=False)
    growth = fmt.percent(quarter.yoy, signed=True) if quarter.yoy is not None else None
    if f.ratio and growth:
        return labels.t_revenue.format(quarter=q, ratio=f.ratio, growth=growth)
    if f.ratio:
        return labels.t_revenue_ratio.format(quarter=q, ratio=f.ratio, amount=amount)
    if growth:
        return labels.t_revenue_growth.format(quarter=q, amount=amount, growth=growth)
    return labels.t_revenue_amount.format(quarter=q, amount=amount)


def _t_projects(f: _Facts) -> str | None:
    projects = f.context["projects"]
    if not projects:
        return None
    if f.context["internal"]:
        weighted = f.fmt.money(f.context["ins"].weighted_pipeline, cents=False)
        return _count(f.labels, "t_pipeline", len(projects), f.fmt, weighted=weighted)
    text = _count(f.labels, "t_projects", len(projects), f.fmt)
    advanced = sum(1 for o in projects if o.stage in ("proposal", "negotiation"))
    return text + (f.labels.t_projects_advanced.format(advanced=advanced) if advanced else "")


def _t_highlights(f: _Facts) -> str | None:
    review = f.review
    parts = [
        _count(f.labels, key, len(items), f.fmt)
        for key, items in (
            ("t_successes", review.successes),
            ("t_obstacles", review.obstacles),
            ("t_opportunities", review.new_opportunities),
        )
        if items
    ]
    return ", ".join(parts) or None


def _t_actions(f: _Facts) -> str | None:
    counts = f.context["action_counts"]
    if not counts["total"]:
        return None
    done, late = counts["done"], counts["red"]
    text = _count(f.labels, "t_actions", done, f.fmt, done=done, total=counts["total"])
    return text + (
        f.labels.t_actions_late.format(late=late) if late else f.labels.t_actions_none_late
    )


def _t_satisfaction(f: _Facts) -> str | None:
    satisfaction = f.review.satisfaction
    if satisfaction is None or satisfaction.nps is None:
        return None
    nps = f.fmt.number(satisfaction.nps)
    if satisfaction.previous_nps is None:
        return f.labels.t_satisfaction_alone.format(
            nps=nps, quarter=f.fmt.quarter(f.review.quarter)
        )
    return f.labels.t_satisfaction.format(
        nps=nps,
        delta=_signed(satisfaction.nps - satisfaction.previous_nps, f.fmt),
        previous=f.fmt.quarter(insights.previous_quarter(f.review.quarter)),
    )


def _t_stakeholders(f: _Facts) -> str | None:
    changes = f.review.stakeholder_changes
    return _count(f.labels, "t_stakeholders", len(changes), f.fmt) if changes else None


def _t_priorities(f: _Facts) -> str | None:
    priorities = f.review.priorities
    if not priorities:
        return None
    following = f.fmt.quarter(insights.next_quarter(f.review.quarter))
    text = _count(f.labels, "t_priorities", len(priorities), f.fmt, quarter=following)
    dates = sorted(p.due for p in priorities if p.due)
    return text + (f.labels.t_priorities_first.format(date=f.fmt.date(dates[0])) if dates else "")


def _t_last_quarter(f: _Facts) -> str | None:
    commitments = f.review.last_quarter
    if not commitments:
        return None
    done = sum(c.outcome == "done" for c in commitments)
    return _count(f.labels, "t_last_quarter", len(commitments), f.fmt, done=done)


def _t_next_review(f: _Facts) -> str | None:
    nr = f.review.next_review
    if nr is None:
        return None
    questions = len(nr.open_questions)
    if nr.date is None:
        return _count(f.labels, "t_open_questions", questions, f.fmt) if questions else None
    text = f.labels.t_next_review.format(date=f.fmt.date(nr.date))
    if questions:
        text += _count(f.labels, "t_next_review_questions", questions, f.fmt)
    return text


_TAKEAWAYS = {
    "summary": _t_summary,
    "last_quarter": _t_last_quarter,
    "decisions": _t_decisions,
    "kpis": _t_kpis,
    "revenue": _t_revenue,
    "projects": _t_projects,
    "highlights": _t_highlights,
    "actions": _t_actions,
    "satisfaction": _t_satisfaction,
    "stakeholders": _t_stakeholders,
    "priorities": _t_priorities,
    "next_review": _t_next_review,
}


def takeaway_titles(
    review: m.Review,
    quarter: fig.QuarterFigures,
    context: dict[str, Any],
    fmt: Formatter,
    labels: Labels,
) -> dict[str, str]:
    """Return, per slide, a title that states the slide's message with its figure; a slide
    whose data has no figure is left out (it keeps its topic as title)."""
    facts = _Facts(review, quarter, context, fmt, labels)
    found = {key: make(facts) for key, make in _TAKEAWAYS.items()}
    return {key: text for key, text in found.items() if text}
