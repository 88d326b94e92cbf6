"""The JSON Schema of each file kind, as an editor that reads YAML 1.2 sees the files.

pydantic describes the Python side of a field (a `Decimal`, a `str`); a YAML editor sees what
the user typed: `year: 2024` is a number, `margin: 35%` a string, `2026-09-30` a string,
`{include: library/x.md}` a mapping. The generator below replaces the schema of each of the
content model's lenient types (recognised by their parsing function) with what that type
accepts as written, and turns pydantic's leftover `ge`/`le` into `minimum`/`maximum`.

Rules a JSON Schema cannot express (weights summing to 100, a quarter equal to its file
name, an owner who is a known person) stay in `kamdocs check`.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from kamdocs.workspace import model as m
from kamdocs.workspace.fielddocs import doc_of

DIALECT = "https://json-schema.org/draft/2020-12/schema"

INCLUDE: dict[str, Any] = {
    "type": "object",
    "description": (
        "Text read from a Markdown file inside content/, written {include: library/file.md}"
    ),
    "properties": {
        "include": {
            "type": "string",
            "description": "a path relative to content/",
            "examples": ["library/methode-projet.md"],
        }
    },
    "required": ["include"],
    "additionalProperties": False,
}
# pydantic resolves every "$ref" it meets: the include stands as a marker until `_tidy`.
_INCLUDE_MARK = "x-kamdocs-include"
_INCLUDE_REF = {_INCLUDE_MARK: True}

_NUMBER_TEXT = r"^\s*[-+]?[0-9][0-9 \u202f]*(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$"
_RATIO_TEXT = r"^\s*[-+]?[0-9]+([.,][0-9]+)?\s*%?\s*$"

# What each lenient type accepts as written in YAML, by the function that parses it.
_AS_WRITTEN: dict[Any, dict[str, Any]] = {
    m._to_text: {"anyOf": [{"type": "string"}, {"type": "number"}, _INCLUDE_REF]},
    m._parse_number: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _NUMBER_TEXT}]},
    m._parse_ratio: {
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": _RATIO_TEXT}],
        "description": "a ratio, written 0.35 or 35%",
    },
    m._period: {
        "anyOf": [
            {"type": "integer"},
            {"type": "string", "pattern": m.PERIOD_RE.pattern},
        ],
        "description": "a year (2026) or a quarter (2026-Q3)",
    },
    m._quarter: {"type": "string", "pattern": m.QUARTER_RE.pattern},
}

# A company.yaml text that may be written per language (model.LangText).
_LANG_TEXT: dict[str, Any] = {
    "anyOf": [
        {"type": "string"},
        {"type": "number"},
        {
            "type": "object",
            "properties": {"fr": {"type": "string"}, "en": {"type": "string"}},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ],
    "description": "a text, or one text per language: {fr: ..., en: ...}",
}


def _bounded_as_written(function: Any) -> dict[str, Any] | None:
    """A ratio with bounds (shares 0-100 %, margins -100-100 %), or a money amount that
    cannot be negative, as the user writes it."""
    bounds = getattr(function, "ratio_bounds", None)
    if bounds is not None:
        low, high = (f"{b * 100:f}".rstrip("0").rstrip(".") for b in bounds)
        shown = f"a ratio between {low}% and {high}%, written 0.35 or 35%"
        return {**_AS_WRITTEN[m._parse_ratio], "description": shown}
    if function is m._not_negative:
        return {**_AS_WRITTEN[m._parse_number], "description": "an amount, not negative"}
    return None


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_DATE_TIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"


class _AsWritten(GenerateJsonSchema):
    """pydantic's generator, with the lenient types described as the user writes them."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> Any:
        function = schema["function"]["function"]
        written = _AS_WRITTEN.get(function) or _bounded_as_written(function)
        if written is not None:
            inner = self.generate_inner(schema["schema"])
            result = {**written}
            for bound in ("minimum", "maximum"):  # Score: Field(ge=0, le=10) on the Decimal
                if bound in inner:
                    result[bound] = inner[bound]
            return result
        return super().function_before_schema(schema)

    def function_wrap_schema(self, schema: core_schema.WrapValidatorFunctionSchema) -> Any:
        if schema["function"]["function"] is m._to_lang_text:
            return dict(_LANG_TEXT)
        return super().function_wrap_schema(schema)

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": _DATE_TIME, "examples": ["2026-10-01T12:00"]}


def _tidy(node: Any) -> Any:
    """Rename pydantic's `ge`/`le` to JSON Schema's words; drop the generated titles."""
    if isinstance(node, dict):
        if node.get(_INCLUDE_MARK):
            return {"$ref": "#/$defs/Include"}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: _tidy(prop) for name, prop in value.items()}
                continue
            out[_BOUNDS.get(str(key), str(key))] = _tidy(value)
        if "properties" not in node:  # a field's title only repeats its name
            out.pop("title", None)
        return out
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    return node


def _describe(name: str, definition: dict[str, Any]) -> None:
    """Give each property of model `name` its description and example (fielddocs.py)."""
    for field, prop in definition.get("properties", {}).items():
        doc = doc_of(name, field)
        if doc is None:
            continue
        prop["description"] = f"{doc.text} Unit: {doc.unit}." if doc.unit else doc.text
        if doc.example is not None:
            prop["examples"] = [doc.example]


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of file kind `kind` (a key of `model.KINDS`)."""
    cls = m.KINDS[kind]
    schema = _tidy(cls.model_json_schema(mode="validation", schema_generator=_AsWritten))
    _describe(cls.__name__, schema)
    for name, definition in schema.get("$defs", {}).items():
        _describe(name, definition)
    schema.setdefault("$defs", {})["Include"] = INCLUDE
    return {"$schema": DIALECT, **schema, "title": f"kamdocs {kind} file"}
