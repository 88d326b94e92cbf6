"""What every document shares: the run record (language, as-of date, logo) and markings."""

from __future__ import annotations

import datetime as dt

from kamdocs import ir
from kamdocs.templating import catalog
from kamdocs.templating.catalog import Labels
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.library import Picture


@valueclass(frozen=True)
class Run:
    """What every document of one build shares: language, as-of date, currency, and our
    logo (read by the workspace stage; None when there is none)."""

    lang: str
    today: dt.date
    currency: str = "EUR"
    logo: Picture | None = None


def logo_block(run: Run, width_cm: float | None = None) -> ir.Image | None:
    """Return our logo as an image block (`width_cm` None: the writer sizes it), or None when
    there is none."""
    return ir.Image(run.logo.data, run.logo.name, width_cm) if run.logo else None


def marking(
    labels: Labels,
    internal: bool,
    custom: str | None,
    client: str,
    date_text: str,
    version: str | None,
) -> str:
    """Return the page marking: label, client, date and version, separated by middots."""
    label = custom or (labels.internal_marking if internal else labels.client_marking)
    parts = [label, client, date_text]
    if version:
        parts.append(f"v{version}")
    return " · ".join(p for p in parts if p)


def document_meta(
    run: Run,
    company: m.Company,
    account: m.Account | None,
    *,
    title: str,
    subject: str,
    header: str,
    page_label: str = "Page",
    keywords: str = "",
    landscape: bool = False,
) -> ir.Meta:
    """Return the core properties and page marking of a document: its author is the
    account's KAM (else our company), it is dated by the as-of date, and our company's name
    is the footer."""
    return ir.Meta(
        title=title,
        author=account.owner.name if account and account.owner else company.name,
        subject=subject,
        language=run.lang,
        created=f"{run.today.isoformat()}T00:00:00Z",
        header=header,
        footer=company.name,
        page_label=page_label,
        keywords=keywords,
        landscape=landscape,
        pages_note=catalog.labels(run.lang, "common").pages_estimated,
    )
