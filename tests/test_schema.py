"""The JSON Schema accepts every file kamdocs accepts, as a YAML 1.2 editor sees it.

Each file is read the way an editor does (YAML 1.2 core schema: dates stay text, `2024` is a
number) and validated with a real JSON Schema validator (jsonschema, draft 2020-12).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import REPO

from kamdocs.cli.commands import main
from kamdocs.workspace.yamlread import parse_yaml

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


def as_editor_sees(text: str) -> Any:
    """Return a YAML file's data as JSON values (numbers as numbers, dates as text)."""
    parsed, problems = parse_yaml(text, "test.yaml")
    assert parsed is not None, problems

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(parsed.data)


def schema_of(kind: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema", "--kind", kind])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema_of(kind))
    return [e.message for e in validator.iter_errors(as_editor_sees(text))]


def workspace_files(root: Path) -> list[tuple[str, Path]]:
    """Return (kind, path) of every content file of the workspace at `root`."""
    files = [("settings", root / "kamdocs.yaml"), ("company", root / "content" / "company.yaml")]
    for folder in sorted((root / "content" / "accounts").iterdir()):
        files.append(("account", folder / "account.yaml"))
        files += [("review", p) for p in sorted((folder / "reviews").glob("*.yaml"))]
        files += [("proposal", p) for p in sorted((folder / "proposals").glob("*.yaml"))]
    return files


DEMO = workspace_files(REPO)
DEMO_IDS = [p.relative_to(REPO).as_posix() for _, p in DEMO]


@pytest.mark.parametrize(("kind", "path"), DEMO, ids=DEMO_IDS)
def test_every_demo_file_is_valid_for_its_schema(kind: str, path: Path) -> None:
    assert errors(kind, path.read_text(encoding="utf-8")) == []


def test_the_demo_uses_what_editors_used_to_reject() -> None:
    """The cases the former schema refused are really present in the files above."""
    texts = "".join(p.read_text(encoding="utf-8") for _, p in DEMO)
    assert "{include: " in texts
    assert re.search(r"year: \d{4}\b", texts)
    assert re.search(r"baseline: \d", texts)
    assert re.search(r": \d{4}-\d{2}-\d{2}\b", texts)
    assert re.search(r": \d+%", texts)


def test_init_and_new_write_skeletons_whose_modeline_finds_the_schema(tmp_path: Path) -> None:
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    result = runner.invoke(main, ["new", "review", "exemple", "2026-Q3", "-C", str(ws)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["new", "proposal", "exemple", "AO-1", "-C", str(ws)])
    assert result.exit_code == 0, result.output
    files = workspace_files(ws)
    assert [kind for kind, _ in files] == ["settings", "company", "account", "review", "proposal"]
    for kind, path in files:
        text = path.read_text(encoding="utf-8")
        target = MODELINE.search(text)
        assert target is not None, path
        schema_file = (path.parent / target.group(1)).resolve()
        assert schema_file == (ws / "schemas" / f"{kind}.json").resolve()
        assert json.loads(schema_file.read_text(encoding="utf-8")) == schema_of(kind)
        assert errors(kind, text) == [], path


def test_new_writes_the_schemas_a_workspace_lacks(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "content").mkdir(parents=True)
    result = CliRunner().invoke(main, ["new", "account", "dupre", "-C", str(ws)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (ws / "schemas").iterdir()) == [
        "account.json", "company.json", "proposal.json", "review.json", "settings.json",
    ]  # fmt: skip


def test_bounds_are_minimum_and_maximum_that_a_validator_applies() -> None:
    text = json.dumps(schema_of("account"))
    assert '"ge"' not in text
    assert '"le"' not in text
    assert errors("account", "name: X\nselection: {financial: 8}\n") == []
    assert len(errors("account", "name: X\nselection: {financial: 11}\n")) == 1
    assert len(errors("account", "name: X\nstakeholders: [{name: A, influence: 6}]\n")) == 1


def test_closed_lists_are_enums_and_unknown_keys_are_refused() -> None:
    schema = schema_of("account")
    attitude = schema["$defs"]["Stakeholder"]["properties"]["attitude"]["anyOf"][0]
    assert attitude["enum"] == ["champion", "ally", "neutral", "detractor"]
    assert len(errors("account", "name: X\nstakeholders: [{name: A, attitude: champoin}]\n")) == 1
    assert errors("account", "name: X\nnme: Y\n") == [
        "Additional properties are not allowed ('nme' was unexpected)"
    ]


@pytest.mark.parametrize("margin", ["0.31", "31%", '"31 %"'])
def test_a_ratio_is_a_number_or_a_percentage(margin: str) -> None:
    text = f"name: X\nrevenue: {{history: [{{period: 2026, amount: 10, margin: {margin}}}]}}\n"
    assert errors("account", text) == []


def test_a_ratio_in_words_is_refused() -> None:
    text = "name: X\nrevenue: {history: [{period: 2026-Q5, amount: 10, margin: a third}]}\n"
    assert len(errors("account", text)) == 2  # the quarter Q5 and the margin


def test_internal_fields_carry_their_audience_mark() -> None:
    schema = schema_of("account")
    assert schema["$defs"]["Stakeholder"]["properties"]["attitude"]["x-audience"] == "internal"
    assert "x-audience" not in schema["$defs"]["Stakeholder"]["properties"]["name"]
