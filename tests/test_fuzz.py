"""Property tests: any text and any number in the data give a clear error or a valid document."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import docx
from conftest import AS_OF, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamdocs.building.driver import (
    DocumentKey,
    Options,
    build_document,
)
from kamdocs.errors import ContentError
from kamdocs.workspace.loader import load_workspace

NASTY = st.sampled_from(
    [
        "{{ 7*7 }}",
        "{% if %}",
        "<w:p>",
        "&amp;",
        "| a | b |",
        "# heading",
        "**bold",
        "\u202e",
        "\x00\x01\x08",
        "\ufffe",
        "🚀",
        "x" * 10_000,
        "- item\n- item",
        "1. one",
        "\\",
        "\ue000",
        "[link](javascript:alert(1))",
        "line\nbreak",
        "",
    ]
)
TEXT = st.one_of(st.text(max_size=200), NASTY)
NUMBER = st.one_of(
    st.sampled_from(["0", "-1", "1e15", "0.000001", "123456789.123456789", "-0.5"]),
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        places=3,
        min_value=Decimal("-1e12"),
        max_value=Decimal("1e12"),
    ).map(str),
)


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML 1.2 double-quoted scalar


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=TEXT, goal=TEXT, note=TEXT, action=TEXT, amount=NUMBER, news=TEXT)
def test_any_text_or_number_builds_a_valid_plan_or_fails_clearly(
    tmp_path_factory, name: str, goal: str, note: str, action: str, amount: str, news: str
) -> None:
    root = tmp_path_factory.mktemp("ws")
    write(root / "content" / "company.yaml", "name: Nous\n")
    write(
        root / "content" / "accounts" / "fz" / "account.yaml",
        "\n".join(
            [
                f"name: {_q(name or 'x')}",
                f"goals: [{_q(goal)}]",
                f"purchasing_process: {_q(note)}",
                "owner: {name: K}",
                "objectives: [{id: O1, title: T}]",
                f"actions: [{{id: A1, objective: O1, action: {_q(action or 'a')}, owner: K, "
                f"due: 2026-01-01, expected_result: {_q(goal or 'r')}}}]",
                f"revenue: {{history: [{{period: 2026-Q1, amount: {amount}}}], "
                f"targets: {{2026: {amount}}}}}",
                f"news: [{{date: 2026-05-01, text: {_q(news or 'n')}, impact: {_q(note or 'i')}}}]",
                f"stakeholders: [{{name: {_q(name or 's')}, notes: {_q(note)}, "
                "relationship: red}]",
                "",
            ]
        ),
    )
    ws = load_workspace(root)
    out = root / "plan.docx"
    try:
        build_document(
            "plan", ws, DocumentKey("fz", audience="internal"), Options(today=AS_OF, out=out)
        )
    except ContentError as exc:
        located = [p.file.endswith("account.yaml") for p in exc.problems]
    else:
        located = []
    if located:
        assert all(located)
        return
    document = docx.Document(str(out))
    assert document.paragraphs
    text = "\n".join(p.text for p in document.paragraphs)
    assert "49" not in text or "49" in (name + goal + note + action + amount + news)
    from ooxml_schema import validate_package

    assert validate_package(out) == []


def test_a_path_outside_content_in_a_cv_is_refused(tmp_path: Path) -> None:
    from kamdocs.checks.workspace import workspace_problems

    write(
        tmp_path / "content" / "company.yaml",
        "name: Nous\nteam:\n  - {name: A, cv: /etc/passwd}\n  - {name: B, cv: ../x.md}\n",
    )
    problems = workspace_problems(load_workspace(tmp_path))
    assert [(p.field, p.is_error) for p in problems] == [("team[0].cv", True), ("team[1].cv", True)]


def test_a_very_long_account_name_builds_every_document(ws_copy: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    from kamdocs.building.driver import DocumentKey, Options, build_document

    account = ws_copy / "content" / "accounts" / "nimbrook-software" / "account.yaml"
    text = account.read_text(encoding="utf-8")
    long_name = "Nimbrook " + "x" * 400
    account.write_text(
        text.replace("name: Nimbrook Software", f"name: {long_name}", 1), encoding="utf-8"
    )
    ws = load_workspace(ws_copy)
    assert ws.accounts["nimbrook-software"].account.model.name == long_name
    options = Options(today=AS_OF, out=tmp_path / "deck.pptx")
    deck = build_document(
        "review", ws, DocumentKey("nimbrook-software", audience="client", quarter=None), options
    ).path
    assert len(Presentation(str(deck)).core_properties.title) == 255
    plan = build_document(
        "plan",
        ws,
        DocumentKey("nimbrook-software", audience="internal"),
        Options(today=AS_OF, out=tmp_path / "plan.docx"),
    ).path
    assert len(docx.Document(str(plan)).core_properties.title) == 255
    proposal = build_document(
        "proposal",
        ws,
        DocumentKey("nimbrook-software", proposal="nimbrook-renewal-2027"),
        Options(today=AS_OF, out=tmp_path / "p.docx"),
    ).path
    assert proposal.is_file()
