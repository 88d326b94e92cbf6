"""docs/reference.md: every key of every file kind, written from the model, its JSON Schema
and fielddocs.py, so that the reference cannot drift from what kamdocs accepts.

`reference_markdown()` returns the page; tools/write_reference.py writes it, and
tests/test_reference.py fails when the committed page differs.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from kamdocs.workspace import model as m
from kamdocs.workspace.fielddocs import doc_of
from kamdocs.workspace.schema import json_schema

# Each file kind: where the file lives, and what it is for.
FILES: dict[str, tuple[str, str]] = {
    "settings": ("kamdocs.yaml", "Workspace settings; every key is optional."),
    "company": ("content/company.yaml", "Your company, the supplier."),
    "account": ("content/accounts/<slug>/account.yaml", "One key account and its plan."),
    "review": (
        "content/accounts/<slug>/reviews/<YYYY-Qn>.yaml",
        "One quarterly business review; the file name is its quarter.",
    ),
    "proposal": (
        "content/accounts/<slug>/proposals/<id>.yaml",
        "One commercial proposal or tender answer; the file name is its id.",
    ),
}

INTRO = """\
# kamdocs content format: the reference

<!-- Written by tools/write_reference.py from kamdocs/workspace/fielddocs.py and the model;
edit those, not this page. -->

Every key kamdocs reads, file by file. The [guide](guide.md) shows how to start; this page is
for looking a key up. The same descriptions appear in your editor through the JSON Schema
(`kamdocs schema --kind KIND`, written to `schemas/` by `kamdocs init`).

How to read the tables:

- **type**: *text* may be written plain or in quotes, and may instead be
  `{include: library/file.md}` (text read from a Markdown file inside `content/`); a
  *number* is written as is (`1820000`, `4.85`); a *ratio* is written `0.35` or `35%`; a
  *date* is written `2026-09-30`; a *year or quarter* is `2026` or `2026-Q3`. *(md)* in the
  meaning: the text may use Markdown (bold, italics, lists, links).
- **range**: the smallest and largest values accepted.
- **default**: what applies when the key is left out; *required* keys must be written.
- **audience** — who may see the key in the documents:
  - *internal*: internal by nature; no client edition ever shows it (the client plan, the
    client review deck, proposals, the status e-mail, the call agenda).
  - *client*: may appear in client editions.
  - *client, or internal per item*: the item carries `audience: internal` to stay out of
    client editions (`audience: client` is the default); in a list of texts, write that
    item `{text: ..., audience: internal}`.
  - *internal (section)*: the whole section it belongs to is internal, whatever the flag.

  A client edition never shows an internal key. `kamdocs check` also warns when a text that
  a client edition shows mentions an internal notion (a margin, an attitude, a competitor).
- Rules a file cannot state on its own are checked by `kamdocs check`: award-criterion
  weights summing to 100, a review's quarter equal to its file name, an action's owner being
  a known person, an objective id that exists.
- Unknown keys are errors, so that a typo never goes unnoticed; put data of your own under
  `extra:` where the table lists it.
"""


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _anchor(kind: str, name: str) -> str:
    return f"{kind}-{name}".lower()


def _words(node: dict[str, Any], kind: str) -> str:
    """Return the type of a schema node in words."""
    if "$ref" in node:
        name = _name(node["$ref"])
        return "text" if name == "Include" else f"fields of [{name}](#{_anchor(kind, name)})"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if "oneOf" in node:
        return "text, or `{text: ..., audience: internal}`"
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return _lenient(options, kind) or " or ".join(_words(o, kind) for o in options)
    kind_of = node.get("type")
    if kind_of == "array":
        return "list of " + _words(node.get("items", {}), kind)
    if kind_of == "object":
        keys = node.get("propertyNames", {}).get("enum")
        extra = node.get("additionalProperties", {})
        values = _words(extra, kind) if isinstance(extra, dict) else "values"
        if keys:
            return f"mapping of {', '.join(f'`{k}`' for k in keys)} to {values}"
        return f"mapping of names to {values}"
    if kind_of == "string":
        if node.get("format") == "date":
            return "date"
        if node.get("pattern") == m.QUARTER_RE.pattern:
            return "quarter (2026-Q3)"
        if "pattern" in node:
            return "date and time (2026-10-01T12:00)"
        return "text"
    return {"boolean": "true or false", "integer": "whole number", "number": "number"}.get(
        str(kind_of), "any"
    )


def _lenient(options: list[dict[str, Any]], kind: str) -> str:
    """Return the words of one of the model's lenient types, or '' for another union."""
    types = [o.get("type", "$ref" if "$ref" in o else "") for o in options]
    if types == ["string", "number", "$ref"]:
        return "text"
    if types == ["number", "string"]:
        return "ratio" if "%" in options[1].get("pattern", "") else "number"
    if types == ["integer", "string"] and options[1].get("pattern") == m.PERIOD_RE.pattern:
        return "year or quarter"
    if len(options) == 1:
        return _words(options[0], kind)
    return ""


def _bounds(node: dict[str, Any]) -> str:
    found: dict[str, Any] = {}
    for part in [node, *node.get("anyOf", [])]:
        for key in ("minimum", "maximum"):
            if key in part:
                found[key] = part[key]
    if not found:
        return ""
    return f"{found.get('minimum', '')} to {found.get('maximum', '')}".strip()


def _default(node: dict[str, Any], required: bool) -> str:
    if required:
        return "*required*"
    value = node.get("default")
    if value in (None, [], {}, ""):
        return ""
    return f"`{json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value}`"


def _audience(cls: type[BaseModel], field: str, section_internal: bool, kind: str) -> str:
    if kind == "settings":
        return "—"
    if section_internal:
        return "internal (section)"
    if m.is_internal(cls, field):
        return "internal"
    if "audience" in cls.model_fields:
        return "client, or internal per item"
    return "client"


def _example(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{text}`"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found += [c for c in _models_in(arg) if c not in found]
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and not getattr(annotation, "__args__", ()):
        found += _models_in(origin)
    return found


def _walk(root: type[BaseModel]) -> list[tuple[type[BaseModel], list[str], bool]]:
    """Return each model reachable from `root`: its paths, and whether every path to it
    goes through an internal field (then the whole section is internal)."""
    order: list[type[BaseModel]] = []
    paths: dict[type[BaseModel], list[str]] = {}
    internal: dict[type[BaseModel], bool] = {}
    queue: list[tuple[type[BaseModel], str, bool]] = [(root, "", False)]
    while queue:
        cls, path, inside = queue.pop(0)
        if cls in paths:
            if path not in paths[cls]:
                paths[cls].append(path)
            internal[cls] = internal[cls] and inside
            continue
        order.append(cls)
        paths[cls] = [path]
        internal[cls] = inside
        for name, info in cls.model_fields.items():
            many = "tuple" in str(info.annotation) or "list" in str(info.annotation)
            child_path = f"{path}.{name}" if path else name
            child_path += "[]" if many else ""
            child_inside = inside or m.is_internal(cls, name)
            for child in _models_in(info.annotation):
                if child is not cls:
                    queue.append((child, child_path, child_inside))
    return [(cls, paths[cls], internal[cls]) for cls in order]


def _table(kind: str, cls: type[BaseModel], section: bool, schema: dict[str, Any]) -> list[str]:
    definition = schema if cls is m.KINDS[kind] else schema["$defs"][cls.__name__]
    required = set(definition.get("required", ()))
    lines = [
        "| key | type | unit | range | default | audience | meaning | example |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for field, node in definition.get("properties", {}).items():
        doc = doc_of(cls.__name__, field)
        cells = [
            f"`{field}`",
            _words(node, kind),
            doc.unit if doc else "",
            _bounds(node),
            _default(node, field in required),
            _audience(cls, field, section, kind),
            doc.text if doc else "**undocumented**",
            _example(doc.example) if doc else "",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def reference_markdown() -> str:
    """Return docs/reference.md."""
    out = [INTRO]
    for kind, (where, what) in FILES.items():
        schema = json_schema(kind)
        out += [f"## {kind}: `{where}`", "", what, ""]
        for cls, paths, section in _walk(m.KINDS[kind]):
            if cls is not m.KINDS[kind]:
                at = ", ".join(f"`{p}`" for p in paths)
                out += [f'### <a id="{_anchor(kind, cls.__name__)}"></a>{cls.__name__}', ""]
                out += [f"Written at {at}.", ""]
            out += [*_table(kind, cls, section, schema), ""]
    return "\n".join(out).rstrip() + "\n"
