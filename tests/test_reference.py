"""The reference and the guide in docs/: one source with the model, and examples that work.

docs/reference.md is written from the model and kamdocs/workspace/fielddocs.py; every YAML
example of docs/ names the file it goes in on its first line, and is checked like that file.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import REPO, write
from pydantic import BaseModel
from test_schema import as_editor_sees, schema_of

from kamdocs.cli.commands import main
from kamdocs.workspace import model as m
from kamdocs.workspace.fielddocs import FIELDS
from kamdocs.workspace.reference import reference_markdown

DOCS = REPO / "docs"
BLOCK = re.compile(r"^```yaml\n# (\S+)\n(.*?)^```", re.M | re.S)


def reachable_models() -> list[type[BaseModel]]:
    """Return every model a file kind can hold."""
    found: list[type[BaseModel]] = []
    todo: list[Any] = list(m.KINDS.values())
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item in found:
                continue
            found.append(item)
            todo += [info.annotation for info in item.model_fields.values()]
        else:
            todo += list(typing.get_args(item))
    return found


def test_every_key_the_model_accepts_is_described() -> None:
    missing = [
        f"{cls.__name__}.{name}"
        for cls in reachable_models()
        for name in cls.model_fields
        if name not in FIELDS.get(cls.__name__, {})
    ]
    assert missing == [], "describe these keys in kamdocs/workspace/fielddocs.py"


def test_no_description_is_left_for_a_key_that_is_gone() -> None:
    fields = {f"{c.__name__}.{name}" for c in reachable_models() for name in c.model_fields}
    described = {f"{cls}.{name}" for cls, names in FIELDS.items() for name in names}
    assert sorted(described - fields) == []


def test_the_committed_reference_is_what_the_generator_writes() -> None:
    committed = (DOCS / "reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run: python tools/write_reference.py"


def test_the_reference_shows_each_keys_audience_from_the_model() -> None:
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    rows = {
        line.split(" | ")[0].strip("| `"): line
        for line in text.split('id="account-stakeholder"')[1].split("###")[0].splitlines()
        if line.startswith("| `")
    }
    for name in m.Stakeholder.model_fields:
        audience = "| internal |" if m.is_internal(m.Stakeholder, name) else "| client |"
        assert audience in rows[name], name


def test_the_schema_carries_the_descriptions_and_examples() -> None:
    influence = schema_of("account")["$defs"]["Stakeholder"]["properties"]["influence"]
    assert influence["description"] == (
        "Their influence on the decision. Unit: 1 (low) to 5 (high)."
    )
    assert influence["examples"] == [5]


def examples() -> list[tuple[str, str, str]]:
    """Return (docs page, file path, text) of every YAML example of docs/."""
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for match in BLOCK.finditer(page.read_text(encoding="utf-8")):
            found.append((page.name, match.group(1), match.group(2)))
    return found


def kind_of(path: str) -> str:
    if path == "kamdocs.yaml":
        return "settings"
    if path == "content/company.yaml":
        return "company"
    return {"reviews": "review", "proposals": "proposal"}.get(Path(path).parent.name, "account")


EXAMPLES = examples()


def test_the_guide_has_an_example_of_every_file_kind() -> None:
    assert {kind_of(path) for page, path, _ in EXAMPLES if page == "guide.md"} == set(m.KINDS)


@pytest.mark.parametrize(("page", "path", "text"), EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_every_docs_example_is_valid_for_its_schema(page: str, path: str, text: str) -> None:
    validator = jsonschema.Draft202012Validator(schema_of(kind_of(path)))
    assert [e.message for e in validator.iter_errors(as_editor_sees(text))] == []


def test_a_new_account_written_from_the_guide_builds_every_document(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    # The guide's settings, company and the account of its chapter 4, with its review and proposal.
    wanted = ("kamdocs.yaml", "content/company.yaml", "content/accounts/clinique-parc/")
    for page, path, text in EXAMPLES:
        if page == "guide.md" and path.startswith(wanted):
            write(ws / path, f"# {path}\n{text}")
    runner = CliRunner(env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""})
    check = runner.invoke(main, ["check", "-C", str(ws), "--as-of", "2026-10-01", "--strict"])
    assert check.exit_code == 0, check.output
    result = runner.invoke(main, ["build", "-C", str(ws), "--as-of", "2026-10-01", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    built = sorted(p.relative_to(ws / "build").as_posix() for p in (ws / "build").rglob("*.*x"))
    assert built == [
        "clinique-parc/clinique-parc-call-2026-10-01-client-fr.docx",
        "clinique-parc/clinique-parc-plan-client-fr.docx",
        "clinique-parc/clinique-parc-plan-internal-fr.docx",
        "clinique-parc/clinique-parc-proposal-logistique-blocs-fr.docx",
        "clinique-parc/clinique-parc-review-2026-Q3-client-fr.pptx",
        "portfolio-fr-deck.pptx",
        "portfolio-fr-summary.docx",
    ]
