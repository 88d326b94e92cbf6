"""Large tables built straight into IR, for templates to place with `{{ tables.<name> }}`.

The action plan is the table that grows with the account (hundreds or thousands of rows).
Building it here skips the per-cell Jinja and Markdown-line work and keeps the colours and
numbers out of text; a template can still write its own table instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


# From this many actions on, the plan groups the open ones by objective under a count of
# actions by status, and summarises the done ones: a list that fills pages is read by group.
LONG_ACTION_LIST = 25
STATUSES = ("planned", "on_track", "at_risk", "late", "done")
GROUP_FILL = "F2F2F2"


def action_tables(
    account: m.Account, ins: AccountInsights, labels: Labels, fmt: Formatter
) -> dict[str, ir.Table | str | None]:
    """Return the action section's parts: `actions` (the table), and for a long list
    `action_counts` (actions by objective and status) and `actions_done` (the sentence that
    says the done ones are left out, and where they are)."""
    if len(account.actions) < LONG_ACTION_LIST:
        return {"actions": action_table(account, ins, labels, fmt), "action_counts": None,
                "actions_done": None}  # fmt: skip
    updates = action_status_updates(ins.review)
    statuses: list[str] = [updates.get(a.id or "", a.status) for a in account.actions]
    groups = _objective_groups(account)
    done = sum(1 for s in statuses if s == "done")
    key = "actions_done_one" if done == 1 else "actions_done_other"
    return {
        "actions": action_table(account, ins, labels, fmt, groups=groups, statuses=statuses),
        "action_counts": _count_table(account, labels, groups, statuses),
        "actions_done": labels[key].format(n=done) if done else None,
    }


def _objective_groups(account: m.Account) -> list[tuple[str, str]]:
    """Return (objective id, heading) of each objective with actions, in the plan's order,
    then ("", "no objective") when some actions have none."""
    used = {a.objective or "" for a in account.actions}
    groups = [(o.id, f"{o.id} — {o.title}") for o in account.objectives if o.id in used]
    known = {g[0] for g in groups}
    groups += [(o, o) for o in sorted(used - known) if o]
    return groups + ([("", "")] if "" in used else [])


def _count_table(
    account: m.Account, labels: Labels, groups: list[tuple[str, str]], statuses: list[str]
) -> ir.Table:
    header = tuple(
        ir.Cell(_text(t))
        for t in (labels.objective, *(labels[f"status_{s}"] for s in STATUSES), labels.total)
    )
    rows = [header]
    totals = [0] * len(STATUSES)
    for objective, title in groups:
        counts = [0] * len(STATUSES)
        for action, status in zip(account.actions, statuses, strict=True):
            if (action.objective or "") == objective:
                counts[STATUSES.index(status)] += 1
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        rows.append(_count_row(title or labels.no_objective, counts, bold=False))
    rows.append(_count_row(labels.total, totals, bold=True))
    widths = (Decimal(5), *(Decimal(2) for _ in STATUSES), Decimal(2))
    return ir.Table(tuple(rows), header_rows=1, widths=widths)


def _count_row(title: str, counts: list[int], *, bold: bool) -> tuple[ir.Cell, ...]:
    numbers = (*counts, sum(counts))
    return (
        ir.Cell((ir.Text(title, bold=bold),)),
        *(ir.Cell(_text(str(n)), align="right", bold=bold) for n in numbers),
    )


def action_table(
    account: m.Account,
    ins: AccountInsights,
    labels: Labels,
    fmt: Formatter,
    *,
    groups: list[tuple[str, str]] | None = None,
    statuses: list[str] | None = None,
) -> ir.Table:
    """Return the action plan, most urgent first, with each status cell coloured by RAG.

    With `groups`, only the open actions are listed, under a row per objective that gives its
    title and how many open actions it has."""
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
    rows: list[tuple[ir.Cell, ...]] = [header]
    if groups is None or statuses is None:
        rows += _action_rows(account, ins, labels, fmt, ins.action_order, updates)
        return ir.Table(tuple(rows), header_rows=1, widths=ACTION_WIDTHS)
    for objective, title in groups:
        order = [
            i
            for i in ins.action_order
            if (account.actions[i].objective or "") == objective and statuses[i] != "done"
        ]
        if not order:
            continue
        heading = f"{title or labels.no_objective} ({len(order)})"
        group = ir.Cell((ir.Text(heading, bold=True),), GROUP_FILL)
        rows.append((ir.Cell((), GROUP_FILL), group, *(ir.Cell((), GROUP_FILL),) * 4))
        rows += _action_rows(account, ins, labels, fmt, order, updates)
    return ir.Table(tuple(rows), header_rows=1, widths=ACTION_WIDTHS)


def _action_rows(
    account: m.Account,
    ins: AccountInsights,
    labels: Labels,
    fmt: Formatter,
    order: Sequence[int],
    updates: Mapping[str, str],
) -> list[tuple[ir.Cell, ...]]:
    rows: list[tuple[ir.Cell, ...]] = []
    todo = (ir.Text(labels.todo, italic=True),)
    for index in order:
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
    return rows
