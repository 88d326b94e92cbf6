"""Merge imported records into the text of one account file, keeping everything a person
wrote: comments, key order, flow or block style, and every line the import does not change
byte for byte.

ruamel.yaml's round-trip mode edits the document; lines it would re-render differently
without any change (`null` written as nothing, say) are taken back from the original text,
so only the lines of changed values differ.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from collections.abc import Iterable
from dataclasses import field
from decimal import Decimal
from typing import Any

from kamdocs.errors import KamdocsError
from kamdocs.importing.records import Record
from kamdocs.importing.sources import INSTALL_HINT
from kamdocs.importing.values import percent_text
from kamdocs.valueclass import valueclass

# The fields an import owns, per list; every other field of an item is the account
# manager's (roles, attitude, relationship, influence, notes, audience...) and is kept.
OWNED = {
    "stakeholders": ("crm_id", "name", "title", "unit", "email", "last_contact"),
    "opportunities": (
        "crm_id", "name", "stage", "amount", "probability", "close", "owner", "next_step",
        "updated_on",
    ),
    "interactions": ("crm_id", "date", "ours", "theirs", "channel"),
}  # fmt: skip
LIST_OF = {"contacts": "stakeholders", "opportunities": "opportunities",
           "activities": "interactions"}  # fmt: skip


@valueclass
class Merged:
    """The new text of a file and what changed in it, as lines for the report."""

    text: str
    changes: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def _yaml() -> Any:
    try:
        from ruamel.yaml import YAML
    except ImportError:
        raise KamdocsError(
            f"kamdocs import needs ruamel.yaml; install it with {INSTALL_HINT}"
        ) from None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user wrote on one
    yaml.indent(mapping=2, sequence=4, offset=2)

    def decimal(representer: Any, value: Decimal) -> Any:
        integral = value == value.to_integral_value()
        tag = "tag:yaml.org,2002:int" if integral else "tag:yaml.org,2002:float"
        return representer.represent_scalar(tag, f"{value.quantize(1) if integral else value:f}")

    yaml.representer.add_representer(Decimal, decimal)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _norm(value: Any) -> str:
    """Return a value as comparable text: 150000 and 150000.0, 40% and 0.4 compare equal."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    raw = str(value).strip()
    try:
        number = Decimal(raw[:-1]) / 100 if raw.endswith("%") else Decimal(raw)
        return f"{number.normalize():f}"
    except ArithmeticError:
        return raw


def _yaml_value(name: str, value: Any) -> Any:
    return percent_text(value) if name == "probability" else value


def _key(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _find(items: Any, record: Record, list_name: str) -> Any:
    """Return the item `record` updates: same crm_id, else same name (interactions: same
    date, people and channel), else None."""
    wanted = record.fields.get("crm_id")
    for item in items:
        if wanted is not None and str(item.get("crm_id")) == str(wanted):
            return item
    for item in items:
        if wanted is not None and item.get("crm_id") not in (None, wanted):
            continue  # a different CRM record with the same name
        if list_name == "interactions":
            same = all(
                _norm(item.get(k, "")).casefold() == _norm(record.fields.get(k, "")).casefold()
                for k in ("date", "ours", "theirs", "channel")
            )
        else:
            same = _key(item.get("name", "")) == _key(record.fields.get("name", ""))
        if same:
            return item
    return None


def _label(list_name: str, fields: dict[str, Any]) -> str:
    if list_name == "interactions":
        day = _norm(fields.get("date", ""))
        return f"{day} {fields.get('ours', '')} / {fields.get('theirs', '')}"
    return str(fields.get("name", ""))


def _update(item: Any, record: Record, list_name: str, changes: list[str]) -> None:
    for name in OWNED[list_name]:
        if name not in record.fields:
            continue  # the export does not know it: the file's value stays
        new = record.fields[name]
        old = item.get(name)
        if name == "last_contact" and isinstance(old, dt.date) and old >= new:
            continue  # a later contact written by hand is not undone by an older CRM date
        if old is not None and _norm(old) == _norm(_yaml_value(name, new)):
            continue
        item[name] = _yaml_value(name, new)
        was = "" if old is None else f" (was {_norm(old)})"
        changes.append(
            f"{list_name}: {_label(list_name, item)}: {name} = {_norm(_yaml_value(name, new))}{was}"
        )


def _new_item(items: Any, record: Record, list_name: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap()
    order = ["name"] + [n for n in OWNED[list_name] if n != "name"]
    for name in order:
        if name in record.fields:
            item[name] = _yaml_value(name, record.fields[name])
    if list_name == "opportunities" and "stage" not in item:
        item["stage"] = "lead"
    # A new item takes the style of the list's first one (flow mappings in a one-line list).
    if len(items) and getattr(items[0], "fa", None) is not None and items[0].fa.flow_style():
        item.fa.set_flow_style()
    return item


def _merge_list(data: Any, list_name: str, records: Iterable[Record], prune: bool,
                merged: Merged) -> None:  # fmt: skip
    from ruamel.yaml.comments import CommentedSeq

    records = list(records)
    if not records:
        return
    if data.get(list_name) is None:
        data[list_name] = CommentedSeq()
    items = data[list_name]
    seen: set[int] = set()
    for record in records:
        item = _find(items, record, list_name)
        if item is None:
            item = _new_item(items, record, list_name)
            items.append(item)
            merged.changes.append(f"{list_name}: added {_label(list_name, record.fields)}")
        else:
            _update(item, record, list_name, merged.changes)
        seen.add(id(item))
    for item in list(items):
        if id(item) in seen or list_name == "interactions":
            continue  # the log is history: an export covering fewer months removes nothing
        if prune:
            items.remove(item)
            merged.changes.append(f"{list_name}: removed {_label(list_name, item)}")
        else:
            merged.absent.append(f"{list_name}: {_label(list_name, item)}")


def _merge_account_fields(data: Any, record: Record, changes: list[str]) -> None:
    from ruamel.yaml.comments import CommentedMap

    for name in ("crm_id", "name", "sector", "headquarters"):
        if name in record.fields and _norm(data.get(name, "")) != _norm(record.fields[name]):
            old = data.get(name)
            data[name] = record.fields[name]
            changes.append(f"{name} = {record.fields[name]}" + (f" (was {old})" if old else ""))
    owner = record.fields.get("owner")
    if owner is not None:
        current = data.get("owner")
        if current is None:
            data["owner"] = CommentedMap(name=owner)
            data["owner"].fa.set_flow_style()
            changes.append(f"owner = {owner}")
        elif _key(current.get("name", "")) != _key(owner):
            changes.append(f"owner = {owner} (was {current.get('name')})")
            current["name"] = owner


def _restore_lines(original: str, baseline: str, edited: str) -> str:
    """Return `edited` with every line the edit did not touch taken from `original`.

    `baseline` is the unedited document as the YAML library renders it; lines equal between
    `baseline` and `edited` are replaced by the original line they came from.
    """
    source = original.splitlines(keepends=True)
    base = baseline.splitlines(keepends=True)
    origin: dict[int, str] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, source, base, False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(j2 - j1):
                origin[j1 + k] = source[i1 + k]
    out: list[str] = []
    new = edited.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, new, False).get_opcodes():
        if tag == "equal":
            out += [origin.get(i, base[i]) for i in range(i1, i2)]
        else:
            out += new[j1:j2]
    return "".join(out)


def merge_account(original: str | None, records: list[Record], prune: bool) -> Merged:
    """Return the account file `original` (None: a new file) with `records` merged in."""
    from ruamel.yaml.comments import CommentedMap

    yaml = _yaml()
    data = yaml.load(original) if original else CommentedMap()
    baseline = _dump(yaml, data) if original else ""
    merged = Merged(original or "")
    for record in records:
        if record.kind == "accounts":
            _merge_account_fields(data, record, merged.changes)
    for kind, list_name in LIST_OF.items():
        _merge_list(data, list_name, (r for r in records if r.kind == kind), prune, merged)
    if not merged.changes:
        return merged
    edited = _dump(yaml, data)
    merged.text = _restore_lines(original, baseline, edited) if original else edited
    return merged
