"""The Jinja filters of one document: values to display text in its language, and colours.

Filters turn values into display text in the document's language; colour filters return
`Styled` values that a table cell turns into its fill. Templates never format numbers
themselves, so one figure reads the same in the plan, the deck and the proposal.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kamdocs.templating import plurals
from kamdocs.templating.catalog import Labels
from kamdocs.templating.formatting import Formatter
from kamdocs.templating.values import Md, Styled

# Fill colours (hex, no '#'): RAG statuses, relationship colours, whitespace states.
RAG_FILL = {
    "green": "00B050",
    "amber": "FFC000",
    "red": "C00000",
    "done": "7F7F7F",
    "grey": "D9D9D9",
}
RAG_TEXT = {
    "green": "FFFFFF",
    "amber": "000000",
    "red": "FFFFFF",
    "done": "FFFFFF",
    "grey": "000000",
}
RELATIONSHIP_FILL = {"red": "C00000", "orange": "FFC000", "green": "00B050"}
RELATIONSHIP_RAG = {"red": "red", "orange": "amber", "green": "green"}
WHITESPACE_FILL = {
    "sold": "00B050",
    "pipeline": "2E75B6",
    "opportunity": "FFC000",
    "not_relevant": "D9D9D9",
}
WHITESPACE_TEXT = {
    "sold": "FFFFFF",
    "pipeline": "FFFFFF",
    "opportunity": "000000",
    "not_relevant": "000000",
}


def filters(fmt: Formatter, labels: Labels) -> dict[str, Callable[..., Any]]:
    """Return the Jinja filters of one document language."""

    def rag(status: str | None, text: str | None = None) -> Styled:
        if status is None:
            return Styled(text or labels.none)
        return Styled(
            text if text is not None else labels[f"rag_{status}"],
            fill=RAG_FILL[status],
            color=RAG_TEXT[status],
            align="center",
        )

    def relationship(colour: str | None) -> Styled:
        if colour is None:
            return Styled(labels.none)
        rag_status = RELATIONSHIP_RAG[colour]
        return Styled(
            labels[f"rel_{colour}"],
            fill=RELATIONSHIP_FILL[colour],
            color=RAG_TEXT[rag_status],
            align="center",
        )

    def whitespace(state: str | None) -> Styled:
        if state is None:
            return Styled("")
        return Styled(
            labels[f"ws_{state}"],
            fill=WHITESPACE_FILL[state],
            color=WHITESPACE_TEXT[state],
            align="center",
        )

    def right(value: Any) -> Styled:
        return Styled("" if value is None else str(value), align="right")

    def label(key: str, prefix: str = "") -> str:
        return labels.get(f"{prefix}{key}", str(key))

    def fill(value: Any, colour: str, text_colour: str | None = None) -> Styled:
        return Styled("" if value is None else str(value), fill=colour, color=text_colour)

    def ratio_or_none(value: Decimal | None) -> str:
        return fmt.percent(value) if value is not None else labels.none

    return {
        "md": lambda text: Md(str(text)) if text is not None else "",
        "money": lambda v: fmt.money(v) if v is not None else labels.none,
        "money0": lambda v: fmt.money(v, cents=False) if v is not None else labels.none,
        "num": lambda v, d=None: fmt.number(v, d) if v is not None else labels.none,
        "pct": ratio_or_none,
        "spct": lambda v: fmt.percent(v, signed=True) if v is not None else labels.none,
        "date": lambda v: fmt.date(v) if v is not None else labels.none,
        "sdate": lambda v: fmt.short_date(v) if v is not None else labels.none,
        "quarter": fmt.quarter,
        "rag": rag,
        "relationship": relationship,
        "whitespace": whitespace,
        "right": right,
        "fill": fill,
        "label": label,
        "measure": lambda v, unit: fmt.measure(v, unit) or labels.none,
        "fmt": lambda template, **kw: (
            plurals.form(template, kw.get("n", kw.get("count")), fmt.lang)
            .format(**{k: "" if v is None else v for k, v in kw.items()})
            .strip()
        ),
    }
