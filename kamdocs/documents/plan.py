"""The account plan (plan de compte): context for its templates, and the IR they produce.

Which sections exist, in what order and for which audience follows domain.md §3; each
section is its own template (`templates/docx/plan/<key>.md.j2`) so users override one at a
time. A section without data is left out of the client edition and shows the "to be
completed" placeholder in the internal one, where a completeness summary lists it.
"""

from __future__ import annotations

from typing import Any

from kamdocs import ir
from kamdocs.documents import charts
from kamdocs.documents.common import Run, document_meta, logo_block, marking
from kamdocs.documents.tables import action_tables
from kamdocs.insights import AccountInsights
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import filters
from kamdocs.templating.formatting import Formatter
from kamdocs.valueclass import valueclass
from kamdocs.workspace import localize
from kamdocs.workspace import model as m

# (key, shareable with the client); domain.md §3 order.
SECTIONS: tuple[tuple[str, bool], ...] = (
    ("governance", True),
    ("summary", False),
    ("overview", True),
    ("goals", True),
    ("market", True),
    ("news", True),
    ("swot", False),
    ("stakeholders", False),
    ("buying", False),
    ("history", False),
    ("competition", False),
    ("offering", True),
    ("pipeline", False),
    ("strategy", True),
    ("actions", True),
    ("risks", False),
    ("cadence", True),
    ("validation", True),
)
LOGO_WIDTH_CM = 4.5  # on the title page
SWOT_DIMENSIONS = (
    "product_range",
    "quality",
    "branding",
    "price",
    "distribution",
    "promotion",
    "merchandising",
    "service",
    "other",
)


@valueclass(frozen=True)
class Section:
    key: str
    title: str
    present: bool


def section_presence(account: m.Account) -> dict[str, bool]:
    """Return, for each plan section, whether the account has any data for it."""
    a = account
    swot = a.swot
    return {
        "governance": bool(a.owner or a.team or a.plan),
        "summary": bool(a.strategy or a.revenue.history),
        "overview": bool(
            a.sector or a.group or a.headquarters or a.client_since or a.revenue.history
        ),
        "goals": bool(a.goals),
        "market": bool(a.market),
        "news": bool(a.news),
        "swot": bool(
            swot and (swot.strengths or swot.weaknesses or swot.opportunities or swot.threats)
        ),
        "stakeholders": bool(a.stakeholders),
        "buying": bool(a.purchasing_process),
        "history": bool(a.revenue.history or a.trust),
        "competition": bool(a.competitors),
        "offering": bool(a.offer or (a.whitespace and a.whitespace.cells)),
        "pipeline": bool(a.opportunities),
        "strategy": bool(a.objectives or (a.strategy and a.strategy.choices)),
        "actions": bool(a.actions),
        "risks": bool(a.risks),
        "cadence": bool(a.cadence),
        "validation": bool(a.plan and a.plan.validated_by_client),
    }


def swot_rows(swot: m.Swot | None) -> list[dict[str, Any]]:
    """Return one row per marketing-mix dimension that has items: {dimension, s, w, o, t}."""
    if swot is None:
        return []
    rows = []
    for dimension in SWOT_DIMENSIONS:
        cells = {
            key: [i for i in items if i.dimension == dimension]
            for key, items in (
                ("s", swot.strengths),
                ("w", swot.weaknesses),
                ("o", swot.opportunities),
                ("t", swot.threats),
            )
        }
        if any(cells.values()):
            rows.append({"dimension": dimension, **cells})
    return rows


def whitespace_grid(ws: m.Whitespace | None, offerings: tuple[str, ...]) -> dict[str, Any]:
    """Return {units, offerings, state[(offering, unit)]} for the whitespace matrix."""
    if ws is None:
        return {"units": [], "offerings": [], "state": {}}
    named = list(offerings) or list(dict.fromkeys(c.offering for c in ws.cells))
    for cell in ws.cells:
        if cell.offering not in named:
            named.append(cell.offering)
    units = list(ws.business_units) or list(dict.fromkeys(c.unit for c in ws.cells))
    state = {f"{c.offering}\u0000{c.unit}": c.state for c in ws.cells}
    return {"units": units, "offerings": named, "state": state}


def plan_document(
    account: m.Account,
    company: m.Company,
    settings: m.Settings,
    ins: AccountInsights,
    run: Run,
    *,
    audience: str,
    templates: Templates,
) -> ir.Document:
    """Return the plan of `account` for `audience` ("internal" or "client") as IR."""
    internal = audience == "internal"
    names = localize.offering_names(company, run.lang, settings.language)
    account = localize.account_in(account, names)
    company = localize.company_in(company, run.lang, settings.language)
    labels = load_labels(run.lang, "common", "plan", "followup")
    fmt = Formatter(run.lang, settings.currency)
    presence = section_presence(account)
    sections = [
        Section(key, labels[f"sec_{key}"], presence[key])
        for key, shareable in SECTIONS
        if (internal or shareable) and (internal or presence[key])
    ]
    missing = [s for s in sections if not s.present]
    plan = account.plan
    validated = bool(plan and plan.validated_by_client and plan.validated_by_client.date)
    version = plan.version if plan else None
    custom = settings.confidentiality.internal if internal else settings.confidentiality.client
    header = marking(labels, internal, custom, account.name, fmt.date(run.today), version)
    if not validated:
        header = f"{labels.draft} · {header}"
    context = {
        "account": account,
        "company": company,
        "settings": settings,
        "ins": ins,
        "L": labels,
        "lang": run.lang,
        "today": run.today,
        "internal": internal,
        "audience": audience,
        "sections": sections,
        "missing": missing,
        "validated": validated,
        "swot_rows": swot_rows(account.swot),
        "whitespace": whitespace_grid(account.whitespace, company.offerings),
        "charts": {
            # No chart over no data: a target line alone over empty quarters says nothing.
            "revenue": charts.revenue_chart(ins, fmt, labels, labels.revenue_chart)
            if any(q.amount is not None for q in ins.revenue_series)
            else None,
            "pipeline": charts.pipeline_chart(
                ins.pipeline_by_stage, fmt, labels, labels.pipeline_chart
            )
            if internal
            else None,
            "nps": charts.nps_chart(ins.nps_series, fmt, labels.nps) if ins.nps_series else None,
            # The trust index is internal: the client plan builds no chart of it.
            "trust": charts.trust_charts(ins.trust, fmt, labels) if internal else {},
        },
        "logo": logo_block(run, LOGO_WIDTH_CM),
        "revenue_entries": {e.period: e for e in account.revenue.history},
        "tables": action_tables(account, ins, labels, fmt),
    }
    blocks = templates.render_blocks(
        "plan/plan.md.j2", context, filters(fmt, labels), number_headings=True, client=not internal
    )
    title = f"{labels.plan_title} — {account.name}"
    meta = document_meta(
        run,
        company,
        account,
        title=title,
        subject=labels.plan_internal_edition if internal else labels.plan_client_edition,
        header=header,
        page_label=labels.page,
    )
    return typeset(ir.Document(meta, blocks))
