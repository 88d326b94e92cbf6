"""What every document shares: the run record (language, as-of date, logo) and markings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kamdocs.templating.catalog import Labels
from kamdocs.templating.filters import RAG_FILL, RAG_TEXT, filters
from kamdocs.workspace.library import Picture

__all__ = ["RAG_FILL", "RAG_TEXT", "Run", "filters", "marking"]


@dataclass(frozen=True)
class Run:
    """What every document of one build shares: language, as-of date, currency, and our
    logo (read by the workspace stage; None when there is none)."""

    lang: str
    today: dt.date
    currency: str = "EUR"
    logo: Picture | None = None


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
