"""The portfolio overview: every valid account on one matrix, one table, and the alerts.

Figures come from `insights.account_insights`, so the summary shows the same numbers as each
account's plan. An account whose files have errors is listed as excluded, never guessed at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from kamdocs import insights, ir
from kamdocs.documents import charts
from kamdocs.documents.common import Run, document_meta
from kamdocs.documents.portfolio_lines import (
    PLAN_SECTIONS,
    AccountLine,
    Portfolio,
    account_line,
    left_out,
    portfolio,
)
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import filters
from kamdocs.templating.formatting import Formatter

if TYPE_CHECKING:
    from kamdocs.workspace.loader import Workspace

QUADRANTS = (
    ("strategic", "high_high"),
    ("star", "high_low"),
    ("status", "low_high"),
    ("streamline", "low_low"),
)


def portfolio_of(ws: Workspace, today: dt.date) -> Portfolio:
    """Return the portfolio of a workspace whose accounts are all loaded."""
    settings = ws.settings.model
    assert settings is not None
    lines: list[AccountLine] = []
    excluded: list[str] = []
    for bundle in ws.accounts.values():
        if left_out(bundle):
            excluded.append(bundle.account.file)
        elif (line := account_line(bundle, ws.our_company, settings, today)) is not None:
            lines.append(line)
    return portfolio(lines, excluded)


# Where each quadrant sits on the matrix (x: our strength, y: the client's attractiveness),
# in the reading order of `ir.Quadrants.names`: top left, top right, bottom left, bottom right.
MATRIX_LAYOUT = ("star", "strategic", "streamline", "status")


def matrix_chart(lines: Sequence[AccountLine], labels: Labels, split: float = 50) -> ir.Chart:
    """Return the bubble chart of the matrix: one series per positioned account, split into
    its four named quadrants at `split` on both axes."""
    points = tuple(
        ir.BubblePoint(
            line.account.name,
            float(line.ins.position.strength),
            float(line.ins.position.attractiveness),
            line.bubble_size,
        )
        for line in lines
        if line.ins.position is not None
    )
    return ir.Chart(
        "bubble",
        labels.matrix_chart,
        bubbles=points,
        number_format="0",
        x_title=labels.axis_strength,
        y_title=labels.axis_attractiveness,
        axis_min=0,
        axis_max=100,
        quadrants=ir.Quadrants(
            split,
            tuple(labels[f"quadrant_{name}"] for name in MATRIX_LAYOUT),  # type: ignore[arg-type]
        ),
    )


def pipeline_chart(lines: Sequence[AccountLine], fmt: Formatter, labels: Labels) -> ir.Chart:
    """Return bars of the weighted pipeline of each account."""
    return ir.Chart(
        "bar",
        labels.pipeline_chart,
        tuple(line.account.name for line in lines),
        (
            ir.Series(
                labels.col_weighted, tuple(float(line.ins.weighted_pipeline) for line in lines)
            ),
        ),
        number_format=charts.money_format(fmt.lang, fmt.currency),
    )


def portfolio_document(
    ws: Workspace,
    accounts: Portfolio,
    run: Run,
    templates: Templates,
    *,
    template: str = "portfolio/summary.md.j2",
) -> ir.Document:
    """Return the portfolio overview of `accounts` as IR (the settings and our company
    come from `ws`).

    `template` picks the edition: the Word summary (default) or, rendered from a pptx
    template folder, the deck (`portfolio/deck.md.j2`); both get the same context.
    """
    settings = ws.settings.model
    assert settings is not None
    lang, today = run.lang, run.today
    labels = load_labels(lang, "common", "plan", "portfolio")
    fmt = Formatter(lang, settings.currency)
    lines, excluded = accounts.lines, accounts.excluded
    ytd = sum((line.ins.ytd_revenue or Decimal(0) for line in lines), Decimal(0))
    target = sum((line.ins.ytd_target or Decimal(0) for line in lines), Decimal(0))
    context = {
        "L": labels,
        "lang": lang,
        "today": today,
        "company": ws.our_company,
        "lines": lines,
        "attention": [(line, line.attention(labels, today)) for line in lines],
        "below": [
            (line, line.selection_reason(labels)) for line in lines if line.selection_reason(labels)
        ],
        "unpositioned": [line.account.name for line in lines if line.ins.position is None],
        "excluded": excluded,
        "quadrants": QUADRANTS,
        "postures": insights.POSTURES,
        "split": f"{settings.matrix_split:.0f}",
        "totals": {"ytd": ytd, "target": target},
        "plan_sections": len(PLAN_SECTIONS),
        "contact_days": settings.freshness.contact_days,
        "charts": {
            "matrix": matrix_chart(lines, labels, float(settings.matrix_split)),
            "pipeline": pipeline_chart(lines, fmt, labels),
        },
    }
    blocks = templates.render_blocks(template, context, filters(fmt, labels))
    marking = f"{labels.internal_marking} · {fmt.date(today)}"
    meta = document_meta(
        run,
        ws.our_company,
        None,
        title=labels.portfolio_title,
        subject=labels.portfolio_subtitle.format(date=fmt.date(today)),
        header=marking,
        page_label=labels.page,
        landscape=True,  # the account table has eight columns
    )
    return typeset(ir.Document(meta, blocks))
