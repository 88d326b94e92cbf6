"""The portfolio overview: every valid account on one matrix, one table, and the alerts.

Figures come from `insights.account_insights`, so the summary shows the same numbers as each
account's plan. An account whose files have errors is listed as excluded, never guessed at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from kamdocs import insights, ir
from kamdocs.checks.freshness import last_contacts
from kamdocs.documents import charts
from kamdocs.documents.common import Run, document_meta
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import filters
from kamdocs.templating.formatting import Formatter
from kamdocs.workspace import model as m

if TYPE_CHECKING:
    from kamdocs.workspace.loader import Workspace

STALE_AFTER_DAYS = 90
QUADRANTS = (
    ("strategic", "high_high"),
    ("star", "high_low"),
    ("status", "low_high"),
    ("streamline", "low_low"),
)


# The sections of an account plan whose data the completeness column counts.
PLAN_SECTIONS = (
    "stakeholders", "objectives", "opportunities", "actions", "swot", "competitors", "risks",
    "offer", "whitespace", "goals",
)  # fmt: skip


@dataclass(frozen=True)
class AccountLine:
    """One valid account of the portfolio with the figures the summary shows."""

    slug: str
    account: m.Account
    ins: insights.AccountInsights
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


def portfolio_lines(ws: Workspace, today: dt.date) -> tuple[list[AccountLine], list[str]]:
    """Return (valid accounts in name order, files of the accounts excluded for errors)."""
    settings = ws.settings.model
    assert settings is not None
    lines: list[AccountLine] = []
    excluded: list[str] = []
    for slug, bundle in ws.accounts.items():
        account = bundle.account.model
        if account is None or not bundle.account.ok:
            excluded.append(bundle.account.file)
            continue
        if account.example:  # the starter account of `kamdocs init`
            continue
        reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None}
        ins = insights.account_insights(account, ws.our_company, settings, reviews, today)
        open_amount = sum(
            (
                o.amount or Decimal(0)
                for o in account.opportunities
                if o.stage in insights.OPEN_STAGES
            ),
            Decimal(0),
        )
        logged = [i.date for i in account.interactions if i.date <= today]
        contacts = [d for d in last_contacts(account).values() if d <= today]
        updated = [o.updated_on for o in account.opportunities if o.updated_on is not None]
        lines.append(
            AccountLine(
                slug, account, ins, open_amount, max(logged, default=None),
                sections_filled=sum(bool(getattr(account, name)) for name in PLAN_SECTIONS),
                latest_contact=max(contacts, default=None),
                pipeline_updated=max(updated, default=None),
                latest_review=max(reviews, default=None),
            )
        )  # fmt: skip
    lines.sort(key=lambda line: (line.account.name.casefold(), line.slug))
    return lines, excluded


# Where each quadrant sits on the matrix (x: our strength, y: the client's attractiveness),
# in the reading order of `ir.Quadrants.names`: top left, top right, bottom left, bottom right.
MATRIX_LAYOUT = ("star", "strategic", "streamline", "status")


def matrix_chart(lines: list[AccountLine], labels: Labels, split: float = 50) -> ir.Chart:
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


def pipeline_chart(lines: list[AccountLine], fmt: Formatter, labels: Labels) -> ir.Chart:
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
    run: Run,
    templates: Templates,
    *,
    template: str = "portfolio/summary.md.j2",
) -> ir.Document:
    """Return the portfolio overview of the workspace as IR.

    `template` picks the edition: the Word summary (default) or, rendered from a pptx
    template folder, the deck (`portfolio/deck.md.j2`); both get the same context.
    """
    settings = ws.settings.model
    assert settings is not None
    lang, today = run.lang, run.today
    labels = load_labels(lang, "common", "plan", "portfolio")
    fmt = Formatter(lang, settings.currency)
    lines, excluded = portfolio_lines(ws, today)
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
