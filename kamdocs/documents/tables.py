"""Large tables built straight into IR, for templates to place with `{{ tables.<name> }}`.

The action plan is the table that grows with the account (hundreds or thousands of rows).
Building it here skips the per-cell Jinja and Markdown-line work and keeps the colours and
numbers out of text; a template can still write its own table instead.
"""

from __future__ import annotations

from decimal import Decimal

from kamdocs import ir
from kamdocs.insights import AccountInsights, action_status_updates
from kamdocs.templating.catalog import Labels
from kamdocs.templating.filters import RAG_FILL, RAG_TEXT
from kamdocs.templating.formatting import Formatter
from kamdocs.templating.markup import md_inlines
from kamdocs.workspace import model as m

ACTION_WIDTHS = tuple(Decimal(w) for w in (1, 4, 2, 2, 3, 2))


def _text(value: str) -> tuple[ir.Inline, ...]:
    return (ir.Text(value),) if value else ()


def action_table(
    account: m.Account, ins: AccountInsights, labels: Labels, fmt: Formatter
) -> ir.Table:
    """Return the action plan, most urgent first, with each status cell coloured by RAG."""
    updates = action_status_updates(ins.review)
    header = tuple(
        ir.Cell(_text(t))
        for t in (
            "#",
            labels.action,
            labels.owner,
            labels.due,
            labels.expected_result,
            labels.status,
        )
    )
    rows = [header]
    todo = (ir.Text(labels.todo, italic=True),)
    for index in ins.action_order:
        action = account.actions[index]
        rag = ins.action_rags[index]
        status = updates.get(action.id or "", action.status)
        label = labels[f"status_{status}"]
        if index in ins.overdue_indexes:
            label = f"{label} ({labels.overdue})"
        expected = tuple(md_inlines(action.expected_result)) if action.expected_result else todo
        rows.append(
            (
                ir.Cell(_text(action.id or "")),
                ir.Cell(tuple(md_inlines(action.action))),
                ir.Cell(_text(action.owner)),
                ir.Cell(_text(fmt.short_date(action.due))),
                ir.Cell(expected),
                ir.Cell(_text(label), RAG_FILL[rag], "center", color=RAG_TEXT[rag]),
            )
        )
    return ir.Table(tuple(rows), header_rows=1, widths=ACTION_WIDTHS)
