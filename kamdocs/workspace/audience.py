"""Who may read what: the client view of the data, derived once from the model's marks.

The content format decides field by field what a client edition may show (its "Audience"
section). The model marks each field that is internal by nature (`model.internal()`), and
each item of a client-shareable list carries `audience`. From those marks alone this module

- walks a file's data into leaves (`leaves`), each saying whether a client may read it, for
  the leak scanner, and collects the free text a client may read (`client_strings`), for
  the checks of client wording;
- derives the view documents are built from (`view`): for the client, internal fields
  emptied and internal items dropped; for both audiences, text items written as
  `{text, audience}` flattened into their text, so templates only ever see text.

Nothing here knows about documents; a template never decides what is internal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, TypeVar

from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.parsed import Loc

CLIENT = "client"
INTERNAL = "internal"
# The metadata of a computed figure that client editions never show (a dataclass field).
INTERNAL_FIGURE: Mapping[str, str] = MappingProxyType({"audience": INTERNAL})

Scalar = str | Decimal | int | bool | dt.date


class Leaf(NamedTuple):
    """One scalar of a file's data: where it is, its value, and whether it is internal.

    `field` names the field as the model does (`Objective.budget`); `money` says the field
    holds an amount; `choice` that it holds one of a fixed list of words (an attitude, a
    stage), which documents print translated; `prose` that it is free text (Markdown)."""

    loc: Loc
    value: Scalar
    internal: bool
    field: str
    money: bool = False
    choice: bool = False
    prose: bool = False


def leaves(data: m.Model, *, internal: bool = False, loc: Loc = ()) -> list[Leaf]:
    """Return every scalar of `data`, marked internal when a client edition may not show
    it: an internal field, an item marked `audience: internal`, or anything inside them."""
    found: list[Leaf] = []
    _model_leaves(data, internal, loc, found)
    return found


def _model_leaves(data: m.Model, internal: bool, loc: Loc, found: list[Leaf]) -> None:
    # One list filled by plain recursion: a file holds thousands of scalars, and nested
    # generators would hand each one up through every level.
    for name, internal_field, kind in _fields_of(type(data)):
        value = getattr(data, name)
        if type(value) is str:  # most leaves are text: no call for them
            found.append(
                Leaf((*loc, name), value, internal or internal_field, kind.field, kind.money,
                     kind.choice, kind.prose)
            )  # fmt: skip
        elif value is not None:
            _value_leaves(value, internal or internal_field, (*loc, name), kind, found)


def _value_leaves(value: Any, internal: bool, loc: Loc, kind: _Kind, found: list[Leaf]) -> None:
    if isinstance(value, m.Model):
        _model_leaves(value, internal or _marked_internal(value), loc, found)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            if item is not None:
                _value_leaves(item, internal, (*loc, i), kind, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if item is not None:
                _value_leaves(item, internal, (*loc, key), kind, found)
    elif isinstance(value, Scalar):
        found.append(Leaf(loc, value, internal, kind.field, kind.money, kind.choice, kind.prose))


def client_strings(data: m.Model) -> list[tuple[Loc, str]]:
    """Return the free text of `data` a client edition may show, with where it is: the text
    leaves (`leaves`) that are not internal and not a choice of a fixed list, found without
    walking into anything internal."""
    found: list[tuple[Loc, str]] = []
    _model_strings(data, (), found)
    return found


def _model_strings(data: m.Model, loc: Loc, found: list[tuple[Loc, str]]) -> None:
    for name, internal_field, kind in _fields_of(type(data)):
        if internal_field:
            continue  # it and all it holds are internal
        value = getattr(data, name)
        if type(value) is str:
            if not kind.choice:
                found.append(((*loc, name), value))
        elif value is not None:
            _value_strings(value, (*loc, name), kind, found)


def _value_strings(value: Any, loc: Loc, kind: _Kind, found: list[tuple[Loc, str]]) -> None:
    if isinstance(value, m.Model):
        if not _marked_internal(value):
            _model_strings(value, loc, found)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            if item is not None:
                _value_strings(item, (*loc, i), kind, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if item is not None:
                _value_strings(item, (*loc, key), kind, found)
    elif isinstance(value, str) and not kind.choice:
        found.append((loc, value))


def _marked_internal(item: m.Model) -> bool:
    return m.item_audience(item) == INTERNAL


@valueclass(frozen=True)
class _Kind:
    field: str
    money: bool
    choice: bool
    prose: bool


@functools.cache
def _fields_of(cls: type[m.Model]) -> tuple[tuple[str, bool, _Kind], ...]:
    """Each field of `cls`: its name, whether it is internal by nature, and its kind."""
    return tuple(
        (name, m.is_internal(cls, name), _field_kind(cls, name)) for name in cls.model_fields
    )


@functools.cache
def _field_kind(cls: type[m.Model], name: str) -> _Kind:
    annotation = cls.model_fields[name].annotation
    choice = _has_literal(annotation) and name != "audience"
    return _Kind(f"{cls.__name__}.{name}", name in MONEY_FIELDS, choice, _has_prose(annotation))


# The fields that hold amounts of money (their numbers are hunted whatever their digits).
MONEY_FIELDS = frozenset(
    {"amount", "budget", "cost_to_serve", "total_spend", "value", "unit_price", "investment",
     "annual_gain", "targets"}
)  # fmt: skip


def _has_prose(annotation: Any) -> bool:
    if any(isinstance(mark, m.Prose) for mark in getattr(annotation, "__metadata__", ())):
        return True
    return any(_has_prose(arg) for arg in typing.get_args(annotation))


def _has_literal(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Literal:
        return True
    return any(_has_literal(arg) for arg in typing.get_args(annotation) if arg is not None)


# --- the views documents are built from ------------------------------------------------------

M = TypeVar("M", bound=m.Model)


def view(data: M, audience: str) -> M:
    """Return `data` as documents for `audience` see it: text items flattened into their
    text and, for the client, internal fields emptied and internal items dropped."""
    return _view(data, audience == CLIENT)


def _view(data: M, client: bool) -> M:
    cls = type(data)
    changes: dict[str, Any] = {}
    for name in _fields_a_view_changes(cls, client):
        info = cls.model_fields[name]
        value = getattr(data, name)
        if client and m.is_internal(cls, name):
            default = info.get_default(call_default_factory=True)
            if value != default:
                changes[name] = default
            continue
        seen = _view_value(value, client)
        if seen is not value:
            changes[name] = seen
    return data.model_copy(update=changes) if changes else data


def _view_value(value: Any, client: bool) -> Any:
    if isinstance(value, m.TextItem):
        return value.text
    if isinstance(value, m.Model):
        return _view(value, client)
    if isinstance(value, tuple):
        kept = tuple(
            _view_value(item, client)
            for item in value
            if not (client and m.item_audience(item) == INTERNAL)
        )
        same = len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
        return value if same else kept
    return value


@functools.cache
def _fields_a_view_changes(cls: type[m.Model], client: bool) -> tuple[str, ...]:
    """The fields of `cls` that a view may change, in their order: for the client, those
    internal by nature and those whose values may hold, at any depth, a `{text, audience}`
    item, an item with an audience or a model with an internal field; for the internal
    view, those that may hold a `{text, audience}` item. A view leaves the others as they
    are without walking them (an account's hundreds of actions hold none)."""
    return tuple(
        name
        for name, info in cls.model_fields.items()
        if (client and m.is_internal(cls, name)) or _may_change(info.annotation, client, set())
    )


def _may_change(annotation: Any, client: bool, seen: set[type]) -> bool:
    """Whether a value of type `annotation` may be changed by a view; `seen` holds the
    model classes already looked into (a class met again adds nothing)."""
    if isinstance(annotation, type) and issubclass(annotation, m.Model):
        if issubclass(annotation, m.TextItem) or annotation in seen:
            return issubclass(annotation, m.TextItem)  # flattened as `_view_value` does
        seen.add(annotation)
        fields = annotation.model_fields
        if client and ("audience" in fields or any(m.is_internal(annotation, n) for n in fields)):
            return True
        return any(_may_change(f.annotation, client, seen) for f in fields.values())
    return any(_may_change(arg, client, seen) for arg in typing.get_args(annotation))


def account_view(account: m.Account, audience: str) -> m.Account:
    """Return the account for `audience`; in the client view, an action whose objective is
    internal is shown without the reference."""
    seen = view(account, audience)
    if audience != CLIENT:
        return seen
    shown = {o.id for o in seen.objectives}
    unlinked = {"objective": None}
    actions = tuple(
        a if a.objective is None or a.objective in shown else a.model_copy(update=unlinked)
        for a in seen.actions
    )
    return seen.model_copy(update={"actions": actions})


def review_view(review: m.Review, account: m.Account, audience: str) -> m.Review:
    """Return the review for `audience`; in the client view, the updates of internal
    actions are left out with the actions themselves."""
    seen = view(review, audience)
    if audience != CLIENT:
        return seen
    internal_ids = {a.id for a in account.actions if a.id and a.audience == INTERNAL}
    updates = tuple(u for u in seen.action_updates if u.id not in internal_ids)
    if len(updates) == len(seen.action_updates):
        return seen
    return seen.model_copy(update={"action_updates": updates})


def internal_field(obj: Any, name: str) -> str | None:
    """Return the dotted name of `obj.name` when it is a field internal by nature of a model
    (`Objective.budget`), else None; for the guard of client renderings."""
    cls = type(obj)
    if isinstance(obj, m.Model) and name in cls.model_fields and m.is_internal(cls, name):
        return f"{cls.__name__}.{name}"
    fields = getattr(cls, "__dataclass_fields__", None)
    if fields and name in fields and fields[name].metadata.get("audience") == INTERNAL:
        return f"{cls.__name__}.{name}"
    return None


__all__ = [
    "CLIENT",
    "INTERNAL",
    "INTERNAL_FIGURE",
    "Leaf",
    "account_view",
    "internal_field",
    "leaves",
    "review_view",
    "view",
]


# --- the table of the user documentation -----------------------------------------------------

FILE_KINDS = (("account", m.Account), ("review", m.Review), ("proposal", m.Proposal))


def audience_rows() -> list[tuple[str, str, str]]:
    """Return (file kind, key path, audience) for every key of the account, review and
    proposal files, from the model's marks: "internal" (by nature, never in a client
    edition), "item" (a list whose items are shown to the client unless marked
    `audience: internal`), or "client"."""
    rows: list[tuple[str, str, str]] = []
    for kind, cls in FILE_KINDS:
        _model_rows(kind, cls, "", False, rows, set())
    return rows


def _model_rows(
    kind: str, cls: type[m.Model], prefix: str, hidden: bool,
    rows: list[tuple[str, str, str]], seen: set[type[m.Model]],
) -> None:  # fmt: skip
    if cls in seen:  # a recursive model (a criterion's sub-criteria)
        return
    seen = seen | {cls}
    for name, info in cls.model_fields.items():
        if name == "audience":
            continue
        path = f"{prefix}{name}"
        internal = hidden or m.is_internal(cls, name)
        nested = _nested_model(info.annotation)
        items = nested is not None and "audience" in nested.model_fields
        listed = typing.get_origin(info.annotation) is tuple
        rows.append((kind, path + ("[]" if listed else ""), _audience(internal, items)))
        if nested is not None and nested is not m.TextItem:
            _model_rows(kind, nested, path + ("[]." if listed else "."), internal, rows, seen)


def _audience(internal: bool, items: bool) -> str:
    return "internal" if internal else "item" if items else "client"


def _nested_model(annotation: Any) -> type[m.Model] | None:
    if isinstance(annotation, type) and issubclass(annotation, m.Model):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


AUDIENCE_WORDS = {
    "internal": "internal by nature: never in a client edition",
    "item": "client, item by item: an item marked `audience: internal` stays internal",
    "client": "client",
}


def audience_table(computed: Sequence[str] = ()) -> str:
    """Return the Markdown page of the user documentation that lists every key's audience,
    and the `computed` figures (names) that client editions never show."""
    lines = [
        "# Who sees what: the audience of every key",
        "",
        "Client editions (the plan's client version, the client QBR deck, proposals) leave",
        "the company. What they may show is decided by the data model, key by key; this page",
        "is generated from it (`python tools/write_docs.py`), so it never drifts from what",
        "kamdocs does. A key inside an internal key is internal too. A client edition's",
        "template that asks for an internal key gets an error naming the template line, and",
        "every client edition is read by the leak scanner before it is written.",
        "",
        "A list marked *item by item* takes `audience: internal` on any of its items; a list",
        "of plain texts takes `{text: ..., audience: internal}` for such an item. An action",
        "whose objective is internal is shown without that reference. A proposal's amounts",
        "stay out of every other client document until its `status` is `won`.",
    ]
    for kind, _ in FILE_KINDS:
        lines += ["", f"## {kind}", "", "| key | audience |", "|---|---|"]
        lines += [f"| `{path}` | {AUDIENCE_WORDS[who]} |"
                  for k, path, who in audience_rows() if k == kind]  # fmt: skip
    if computed:
        lines += ["", "## Computed figures never in a client edition", ""]
        lines += [f"- `{name}`" for name in computed]
    return "\n".join(lines) + "\n"


def internal_figures(cls: type) -> list[str]:
    """Return the names of the fields of dataclass `cls` marked `INTERNAL_FIGURE`."""
    return [f.name for f in dataclasses.fields(cls) if f.metadata.get("audience") == INTERNAL]
