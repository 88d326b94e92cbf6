"""The quarterly business review deck (revue trimestrielle): context, slides, IR.

Which slides exist and in what order is the deck template's business
(`templates/pptx/review/deck.md.j2`, one partial per slide); this module computes what they
show. Audience rules follow domain.md §4 and §7: the client deck never receives attitudes,
relationship colours, health, margins, win probabilities, account risks or the portfolio
posture — they are removed from the template's context (account, insights), so that an
overridden template cannot print them by mistake. A slide
without data is left out of the client deck and says "to be completed" in the internal one;
the agenda lists the slides actually present.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from kamdocs import insights, ir
from kamdocs.documents import charts
from kamdocs.documents import review_figures as fig
from kamdocs.documents.common import Run, document_meta, logo_block, marking
from kamdocs.documents.review_text import (
    nps_line,
    revenue_lines,
    slide_notes,
    summary_bullets,
    takeaway_titles,
)
from kamdocs.documents.trust import trust_text
from kamdocs.insights import AccountInsights
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import filters
from kamdocs.templating.formatting import Formatter
from kamdocs.workspace import localize
from kamdocs.workspace import model as m

SLIDE_KEYS = m.REVIEW_MAIN_SLIDES
APPENDIX_KEYS = m.REVIEW_APPENDIX_SLIDES
MAX_SUMMARY = 5
MAIN_KPIS = 6  # more KPIs: the main slide shows their chart only; the appendix, all of them
# Items per column on the main highlights slide, by number of columns (an empty list gets
# no column); the appendix lists them all.
MAIN_HIGHLIGHTS = {1: 8, 2: 6, 3: 4}
MAIN_CHANGES = 6  # stakeholder changes on the main slide; the appendix lists them all


def slide_presence(
    review: m.Review, account: m.Account, ins: AccountInsights, context: Mapping[str, Any]
) -> dict[str, bool]:
    """Return, for each slide, whether the data has anything to show on it."""
    nr = review.next_review
    return {
        "summary": bool(context["summary"] or context["main_risk"]),
        "last_quarter": bool(review.last_quarter),
        "decisions": bool(context["open_decisions"]),
        "kpis": bool(review.kpis),
        "revenue": any(q.amount is not None for q in context["revenue_series"]),
        "projects": bool(context["projects"]),
        "highlights": bool(review.successes or review.obstacles or review.new_opportunities),
        "actions": bool(context["actions"]),
        "satisfaction": bool(ins.nps_series or context["health_line"]),
        "stakeholders": bool(review.stakeholder_changes),
        "priorities": bool(review.priorities),
        "next_review": bool(nr and (nr.date or nr.open_questions)),
    }


def _fill_agenda(
    blocks: Sequence[ir.Block], marker: ir.ListBlock, notes: str
) -> tuple[ir.Block, ...]:
    """Replace the agenda marker by the titles of the slides that follow it."""
    out = list(blocks)
    where = next((i for i, b in enumerate(out) if b is marker), None)
    if where is None:
        return tuple(out)
    titles = [
        b.kicker or b.title
        for b in out[where + 1 :]
        if isinstance(b, ir.SlideBreak) and (b.kicker or b.title)
    ]
    out[where] = ir.ListBlock(tuple((ir.Text(t),) for t in titles), ordered=True)
    for i in range(where - 1, -1, -1):  # the agenda slide gets notes if the template gave none
        if isinstance(out[i], ir.SlideBreak):
            start = out[i]
            assert isinstance(start, ir.SlideBreak)
            if not start.notes:
                out[i] = dataclasses.replace(start, notes=notes.format(count=len(titles)))
            break
    return tuple(out)


def review_document(
    account: m.Account,
    review: m.Review,
    company: m.Company,
    settings: m.Settings,
    ins: AccountInsights,
    run: Run,
    *,
    audience: str,
    templates: Templates,
    reviews: Sequence[m.Review] = (),
) -> ir.Document:
    """Return the QBR deck of `review` for `audience` ("client" or "internal") as IR.

    `ins` must be computed for the review's quarter; `reviews` (all the account's reviews up
    to this one) feed the internal health trend.
    """
    company = localize.company_in(company, run.lang, settings.language)
    internal = audience == "internal"
    labels = load_labels(run.lang, "common", "review", "followup")
    fmt = Formatter(run.lang, settings.currency)
    end = insights.latest_revenue_quarter(account, review.quarter)
    series = tuple(insights.quarter_revenue_series(account, end, 8))
    trend = fig.health_trend(account, settings, reviews, ins) if internal else []
    chart_set = _charts(review, ins, series, trend, internal, fmt, labels)
    agenda = ir.ListBlock(((ir.Text("agenda"),),), ordered=True)
    context = _context(account, review, company, settings, ins, run, series, internal, fmt, labels)
    context.update(charts=chart_set, agenda=agenda, audience=audience)
    if not internal:
        _to_client_view(context, account, ins, series)
    rendered = templates.render_blocks(
        "review/deck.md.j2", context, filters(fmt, labels), client=not internal
    )
    blocks = _fill_agenda(rendered, agenda, labels.notes_agenda)
    return typeset(ir.Document(_meta(account, review, company, settings, run, internal, fmt,
                                     labels, context["deck_title"]), blocks))  # fmt: skip


def _charts(
    review: m.Review,
    ins: AccountInsights,
    series: tuple[insights.QuarterRevenue, ...],
    trend: Sequence[tuple[str, float]],
    internal: bool,
    fmt: Formatter,
    labels: Labels,
) -> dict[str, ir.Chart | None]:
    """Return the deck's charts; the pipeline and health ones only in the internal deck."""
    revenue_ins = dataclasses.replace(ins, revenue_series=series)
    health = ir.Chart(
        "line",
        labels.health_chart,
        tuple(fmt.quarter(q) for q, _ in trend),
        (ir.Series(labels.health, tuple(v for _, v in trend), "line"),),
        number_format="0",
        axis_min=0,
        axis_max=100,
    )
    return {
        "kpis": fig.kpi_chart(review.kpis, labels),
        "revenue": charts.revenue_chart(revenue_ins, fmt, labels, labels.revenue_chart),
        "nps": charts.nps_chart(ins.nps_series, fmt, labels.nps_chart) if ins.nps_series else None,
        "pipeline": charts.pipeline_chart(ins.pipeline_by_stage, fmt, labels, labels.pipeline_chart)
        if internal
        else None,
        "health": health if len(trend) > 1 else None,
    }


def _context(
    account: m.Account,
    review: m.Review,
    company: m.Company,
    settings: m.Settings,
    ins: AccountInsights,
    run: Run,
    series: tuple[insights.QuarterRevenue, ...],
    internal: bool,
    fmt: Formatter,
    labels: Labels,
) -> dict[str, Any]:
    """Return what the deck's templates read, slide presence and notes included."""
    quarter = fig.quarter_figures(account, review.quarter, settings.fiscal_year_start)
    risk = fig.main_risk(account) if internal else None
    summary = summary_bullets(
        review, quarter, fmt, labels, MAX_SUMMARY - 1 if risk else MAX_SUMMARY
    )
    kpis = review.kpis
    health = ins.health if internal else None
    bands = [fig.revenue_band(quarter), *(insights.kpi_status(k) for k in kpis)]
    actions = fig.action_rows(account, review, ins, labels, internal)
    shown = actions[: fig.DECK_ACTIONS]
    ours = [r for r in actions if r["internal"]]
    main_actions = actions[: fig.MAIN_ACTIONS_INTERNAL if ours else fig.MAIN_ACTIONS]
    context: dict[str, Any] = {
        "account": account,
        "company": company,
        "review": review,
        "ins": ins,
        "L": labels,
        "lang": run.lang,
        "today": run.today,
        "internal": internal,
        "summary": summary,
        "main_risk": risk,
        "overall": fig.overall_status(bands),
        "quarter": quarter,
        "open_decisions": fig.open_decisions(review),
        "kpi_rows": fig.kpi_rows(kpis, fmt, labels),
        "previous_quarter": insights.previous_quarter(review.quarter),
        "last_year_quarter": insights.same_quarter_last_year(review.quarter),
        "revenue_series": series,
        "projects": fig.open_projects(account),
        "actions": shown,
        "main_actions": main_actions,
        "actions_hidden": len(actions) - len(shown),
        "action_counts": fig.rag_counts(actions),
        "internal_counts": fig.rag_counts(ours) if internal else None,
        "overall_text": fig.band_word(fig.overall_status(bands), labels),
        "main_kpis": len(kpis) <= MAIN_KPIS,
        "highlight_columns": _highlight_columns(review, labels),
        "main_changes": MAIN_CHANGES,
        "health": health,
        "health_line": None,
        "logo": logo_block(run),
        "revenue_lines": revenue_lines(quarter, fmt, labels),
        "nps_line": nps_line(review, fmt, labels, slide=True),
        "coverage": ins.weighted_pipeline / ins.revenue_gap
        if internal and ins.revenue_gap and ins.revenue_gap > 0
        else None,
    }
    if health is not None and health.score is not None:
        context["health_line"] = labels.health_line.format(
            score=fmt.number(health.score, 0), band=labels[f"band_{health.band}"]
        )
    if internal and (trust := trust_text(ins.trust, fmt)):  # the internal deck shows the index
        context["health_line"] = " · ".join(filter(None, (context["health_line"], trust)))
    context["has"] = has = slide_presence(review, account, ins, context)
    context["show"] = {key: has[key] or internal for key in SLIDE_KEYS}
    topics = {key: labels[f"slide_{key}"] for key in (*SLIDE_KEYS, *APPENDIX_KEYS)}
    if internal:
        topics["projects"] = labels.slide_pipeline
        topics["satisfaction"] = labels.slide_satisfaction_health
    context["appendix"] = {
        "kpis_detail": bool(kpis),  # the full table, previous quarters and trend included
        "projects_detail": internal and bool(context["projects"]),
        "highlights_detail": any(c["hidden"] for c in context["highlight_columns"]),
        "actions_detail": len(actions) > len(main_actions),
        "stakeholders_detail": len(review.stakeholder_changes) > MAIN_CHANGES,
    }
    takeaways = takeaway_titles(review, quarter, context, fmt, labels)
    takeaways.update(
        kpis_detail=labels.title_kpis_detail.format(total=len(kpis)),
        highlights_detail=labels.title_highlights_detail,
        projects_detail=labels.title_projects_detail.format(total=len(context["projects"])),
        actions_detail=labels.title_actions_detail.format(total=len(actions)),
        stakeholders_detail=labels.title_stakeholders_detail.format(
            total=len(review.stakeholder_changes)
        ),
    )
    context["topics"] = topics
    context["titles"] = {
        key: review.slide_titles.get(key) or takeaways.get(key) or topic
        for key, topic in topics.items()
    }
    notes = slide_notes(
        review, account, ins, quarter, summary, fmt, labels, internal, context["action_counts"]
    )
    for key in SLIDE_KEYS:
        if not has[key]:
            notes[key] = labels.notes_todo
    context["notes"] = notes
    context["deck_title"] = labels.deck_title.format(quarter=fmt.quarter(review.quarter))
    return context


def _highlight_columns(review: m.Review, labels: Labels) -> list[dict[str, Any]]:
    """Return the columns of the highlights slide: heading, items shown, how many are left
    for the appendix; a list without items gets no column."""
    lists = [
        (labels.successes, review.successes),
        (labels.obstacles, review.obstacles),
        (labels.new_opportunities, review.new_opportunities),
    ]
    present = [(heading, items) for heading, items in lists if items]
    cap = MAIN_HIGHLIGHTS.get(len(present), 0)
    return [
        {"heading": heading, "items": items[:cap], "hidden": len(items) - len(items[:cap])}
        for heading, items in present
    ]


def _to_client_view(
    context: dict[str, Any],
    account: m.Account,
    ins: AccountInsights,
    series: tuple[insights.QuarterRevenue, ...],
) -> None:
    """Keep in the context only what the client deck shows of the figures. The account is
    already its client view (building.kinds), and so are the figures computed from it."""
    context["projects"] = fig.open_projects(account)
    context["revenue_series"] = tuple(dataclasses.replace(q, margin=None) for q in series)


def _meta(
    account: m.Account,
    review: m.Review,
    company: m.Company,
    settings: m.Settings,
    run: Run,
    internal: bool,
    fmt: Formatter,
    labels: Labels,
    deck_title: str,
) -> ir.Meta:
    """Return the deck's core properties and its marking."""
    custom = settings.confidentiality.internal if internal else settings.confidentiality.client
    version = review.extra.get("version")
    header = marking(
        labels,
        internal,
        custom,
        account.name,
        fmt.date(review.date or run.today),
        str(version) if version is not None else None,
    )
    return document_meta(
        run,
        company,
        account,
        title=f"{deck_title} — {account.name}",
        subject=labels.deck_edition_internal if internal else labels.deck_edition_client,
        header=f"{header} · {fmt.quarter(review.quarter)}",
    )
