"""Read a `--mapping` file: the columns, value maps, date order and decimal separator of an
export no preset knows, on top of a preset (generic unless `--preset` says otherwise)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from kamdocs.errors import ContentError, Problem
from kamdocs.importing.presets import FIELDS, KINDS, Kind, Preset
from kamdocs.workspace.yamlread import parse_yaml

_KEYS = {"kind", "columns", "values", "date_order", "decimal", "probability_scale"}


def _problem(file: str, key: str, **args: Any) -> ContentError:
    return ContentError([Problem.at(file, key, line=1, column=1, **args)])


def _columns(file: str, kind: Kind | None, table: Any) -> dict[Kind, dict[str, tuple[str, ...]]]:
    """Return the mapping's columns (column -> field) as field -> columns for each kind."""
    if not isinstance(table, dict):
        raise _problem(file, "mapping_bad", what="columns must map column names to fields")
    kinds = (kind,) if kind else KINDS
    found: dict[Kind, dict[str, tuple[str, ...]]] = {k: {} for k in kinds}
    for column, name in table.items():
        known = [k for k in kinds if name in FIELDS[k]]
        if not known:
            fields = sorted({f for k in kinds for f in FIELDS[k]})
            raise _problem(file, "mapping_unknown_field", name=str(column), target=str(name),
                           fields=", ".join(fields))  # fmt: skip
        for k in known:
            found[k][str(name)] = found[k].get(str(name), ()) + (str(column),)
    return found


def read_mapping(file: str, text: str, base: Preset) -> Preset:
    """Return `base` with the mapping file's columns, values and formats on top."""
    parsed, problems = parse_yaml(text, file)
    if parsed is None or any(p.is_error for p in problems):
        raise ContentError(problems)
    data = parsed.data or {}
    if not isinstance(data, dict) or set(data) - _KEYS:
        unknown = ", ".join(sorted(set(data) - _KEYS)) if isinstance(data, dict) else "?"
        raise _problem(file, "mapping_bad", what=f"unknown keys {unknown}; keys: "
                       + ", ".join(sorted(_KEYS)))  # fmt: skip
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise _problem(file, "mapping_bad", what=f"kind must be one of {', '.join(KINDS)}")
    preset = replace(base, kind=cast(Kind | None, kind))
    if "columns" in data:
        extra = _columns(file, preset.kind, data["columns"])
        columns = {k: dict(v) for k, v in base.columns.items()}
        for k, table in extra.items():
            for name, names in table.items():
                columns[k][name] = names + columns[k].get(name, ())
        preset = replace(preset, columns=columns)
    if "date_order" in data:
        if data["date_order"] not in ("DMY", "MDY", "YMD"):
            raise _problem(file, "mapping_bad", what="date_order must be DMY, MDY or YMD")
        preset = replace(preset, date_order=data["date_order"])
    if "decimal" in data:
        if data["decimal"] not in (",", "."):
            raise _problem(file, "mapping_bad", what="decimal must be ',' or '.'")
        preset = replace(preset, decimal_comma=data["decimal"] == ",")
    if "probability_scale" in data:
        if str(data["probability_scale"]) not in ("1", "100"):
            raise _problem(file, "mapping_bad", what="probability_scale must be 1 or 100")
        preset = replace(preset, probability_scale=int(str(data["probability_scale"])))
    values = data.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise _problem(file, "mapping_bad", what="values must map a field to {word: value}")
    return preset.with_values({str(k): {str(a): str(b) for a, b in v.items()}
                               for k, v in values.items()})  # fmt: skip
