"""The trust index in words, for the documents that show it (internal ones only)."""

from __future__ import annotations

from kamdocs.insights.followup import TrustIndex
from kamdocs.templating import plurals
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.formatting import Formatter


def trust_text(trust: TrustIndex, fmt: Formatter) -> str | None:
    """Return "Trust index: 72 / 100 (partial: 4 of 6 levers rated)"; None when no lever is
    rated."""
    if trust.score is None:
        return None
    labels = load_labels(fmt.lang, "common", "followup")
    text = f"{labels.trust_index}{labels.colon}{fmt.number(trust.score, 0)} / 100"
    if trust.partial:
        partial = plurals.form(labels.trust_partial, len(trust.latest), fmt.lang)
        text += f" ({partial.format(n=len(trust.latest))})"
    return text
