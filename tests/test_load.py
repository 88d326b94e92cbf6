"""Loading and validation: every error kind located by file, line, column and field."""

from __future__ import annotations

import re
import string
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamdocs.errors import MESSAGES, Problem
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import load_file, load_workspace


def problems_of(tmp_path: Path, text: str | bytes, cls: type = m.Account) -> list[Problem]:
    path = tmp_path / "account.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_file(path, tmp_path, cls).problems


def formatted(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


def test_an_unknown_key_is_located_with_a_suggestion(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "name: ACME\nstakholders: []\n")
    assert formatted(found) == [
        "account.yaml:2:1: stakholders: unknown field (did you mean 'stakeholders'?)"
    ]


def test_a_problem_holds_its_message_key_arguments_and_hint_apart(tmp_path: Path) -> None:
    text = "name: ACME\nstakeholders:\n  - name: Sophie\n    attitude: champoin\n"
    (found,) = problems_of(tmp_path, text)
    assert (found.key, found.hint) == ("not_one_of", "did you mean 'champion'?")
    assert dict(found.args) == {
        "value": "'champoin'",
        "allowed": "champion, ally, neutral, detractor",
    }
    assert found.message == "'champoin' is not one of champion, ally, neutral, detractor"
    (unknown,) = problems_of(tmp_path, "name: ACME\nzzz: 1\n")
    assert (unknown.key, unknown.hint) == ("unknown_field_extra", "")


def test_every_message_of_the_catalogue_names_only_its_arguments() -> None:
    for key, template in MESSAGES.items():
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        # These name a problem's own fields, or the parameters of `located` and `Loaded.add`.
        assert not names & {"file", "key", "line", "column", "field", "severity", "hint", "loc"}
        rendered = Problem.at("f.yaml", key, **{name: f"<{name}>" for name in names}).message
        assert not re.search(r"\{\w*\}", rendered), key  # no argument left unfilled


def test_an_unknown_enum_value_lists_the_allowed_values(tmp_path: Path) -> None:
    text = "name: ACME\nstakeholders:\n  - name: Sophie\n    attitude: champoin\n"
    assert formatted(problems_of(tmp_path, text)) == [
        "account.yaml:4:15: stakeholders[0].attitude: 'champoin' is not one of champion, "
        "ally, neutral, detractor (did you mean 'champion'?)"
    ]


def test_an_impossible_date_is_located(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "name: ACME\nclient_since: 2026-13-45\n")
    assert formatted(found) == [
        "account.yaml:2:15: client_since: expected a date such as 2026-09-30, got '2026-13-45'"
    ]


def test_a_missing_required_field_is_located_on_its_mapping(tmp_path: Path) -> None:
    text = "name: ACME\nactions:\n  - action: Call\n    due: 2026-01-01\n"
    assert formatted(problems_of(tmp_path, text)) == [
        "account.yaml:3:5: actions[0].owner: required field is missing"
    ]


def test_a_wrong_type_says_what_was_expected(tmp_path: Path) -> None:
    text = "name: ACME\nrevenue:\n  history:\n    - {period: 2025-Q4, amount: abc}\n"
    assert formatted(problems_of(tmp_path, text)) == [
        "account.yaml:4:33: revenue.history[0].amount: expected a number, got 'abc'"
    ]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = "name: ACME\nsectr: x\nrelationship_stage: close\nclient_since: 2026-02-30\n"
    fields = [p.field for p in problems_of(tmp_path, text)]
    assert sorted(fields) == ["client_since", "relationship_stage", "sectr"]


def test_a_bracket_never_closed_is_reported_where_it_was_opened(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "name: ACME\ngoals: [a, b\nsector: x\n")
    assert formatted(found) == [
        "account.yaml:2:8: the '[' opened here is never closed; add the ']' at the end of the "
        "same line (or check the line for a missing comma)"
    ]


def test_a_duplicate_key_is_an_error_on_the_second_key(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "name: ACME\nsector: a\nsector: b\n")
    assert formatted(found) == [
        "account.yaml:3:1: sector: duplicate key: remove or rename one of them"
    ]


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    assert formatted(problems_of(tmp_path, "")) == [
        "account.yaml:1:1: the file is empty; expected key: value lines"
    ]


def test_a_non_utf8_file_is_located_at_the_bad_byte(tmp_path: Path) -> None:
    found = problems_of(tmp_path, b"name: ACME\nsector: caf\xe9\n")
    assert formatted(found) == [
        "account.yaml:2:12: the file is not UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_yaml_1_2_keeps_no_and_on_as_text(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text("name: 'no'\nsector: no\nheadquarters: on\n", encoding="utf-8")
    account = load_file(path, tmp_path, m.Account).model
    assert account is not None
    assert (account.name, account.sector, account.headquarters) == ("no", "no", "on")


def test_money_and_ratios_are_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(
        "name: A\nrevenue:\n  history:\n    - {period: 2025, amount: 1234567.891, margin: 31%}\n"
        "opportunities:\n  - {name: X, stage: lead, probability: 0.35, amount: 0.1}\n",
        encoding="utf-8",
    )
    account = load_file(path, tmp_path, m.Account).model
    assert account is not None
    entry = account.revenue.history[0]
    assert (str(entry.amount), str(entry.margin)) == ("1234567.891", "0.31")
    assert str(account.opportunities[0].amount) == "0.1"


def test_a_yaml_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    start = time.perf_counter()
    found = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert "YAML bomb" in found[0].message


def test_a_very_large_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    text = "name: A\ngoals:\n" + "".join(
        f"  - goal number {i} " + "x" * 60 + "\n" for i in range(70_000)
    )
    assert len(text) > 5_000_000
    start = time.perf_counter()
    found = problems_of(tmp_path, text)
    assert time.perf_counter() - start < 5
    assert "too large" in found[0].message


def test_control_characters_are_removed_with_a_located_warning(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text('name: "AC\\x01ME"\n', encoding="utf-8")
    loaded = load_file(path, tmp_path, m.Account)
    assert loaded.model is not None
    assert loaded.model.name == "ACME"
    assert [(p.severity, p.line, p.field) for p in loaded.problems] == [("warning", 1, "name")]


def test_an_include_outside_content_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "accounts" / "a").mkdir(parents=True)
    (tmp_path / "secret.md").write_text("secret", encoding="utf-8")
    path = content / "accounts" / "a" / "account.yaml"
    path.write_text("name: A\npurchasing_process: {include: ../secret.md}\n", encoding="utf-8")
    loaded = load_file(path, tmp_path, m.Account)
    assert [p.field for p in loaded.problems] == ["purchasing_process.include"]
    assert "leaves content/" in loaded.problems[0].message


def test_an_include_is_read_however_its_key_is_written(tmp_path: Path) -> None:
    """Spelled out, or by the escapes of a double-quoted key, which the text does not show."""
    (tmp_path / "content" / "library").mkdir(parents=True)
    (tmp_path / "content" / "library" / "buying.md").write_text("Par appel d'offres.", "utf-8")
    path = tmp_path / "content" / "account.yaml"
    for key in ("include", '"\\x69nclude"', '"\\u0069nclude"'):
        path.write_text(f"name: A\npurchasing_process: {{{key}: library/buying.md}}\n", "utf-8")
        loaded = load_file(path, tmp_path, m.Account)
        assert loaded.model is not None, [p.format() for p in loaded.problems]
        assert loaded.model.purchasing_process == "Par appel d'offres.", key
        assert not loaded.problems


def test_an_include_through_a_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "library").mkdir(parents=True)
    outside = tmp_path / "outside.md"
    outside.write_text("secret", encoding="utf-8")
    (content / "library" / "link.md").symlink_to(outside)
    path = content / "account.yaml"
    path.write_text("name: A\npurchasing_process: {include: library/link.md}\n", encoding="utf-8")
    loaded = load_file(path, tmp_path, m.Account)
    assert "outside content/" in loaded.problems[0].message


def test_a_review_whose_quarter_differs_from_its_file_name_is_an_error(tmp_path: Path) -> None:
    account_dir = tmp_path / "content" / "accounts" / "acme"
    (account_dir / "reviews").mkdir(parents=True)
    (account_dir / "account.yaml").write_text("name: ACME\n", encoding="utf-8")
    (account_dir / "reviews" / "2026-Q3.yaml").write_text("quarter: 2026-Q2\n", encoding="utf-8")
    ws = load_workspace(tmp_path)
    assert [p.format() for p in ws.all_problems() if p.is_error] == [
        "content/accounts/acme/reviews/2026-Q3.yaml:1:10: quarter: '2026-Q2' differs from the "
        "file name '2026-Q3'; rename the file or fix the quarter"
    ]


def test_a_bad_account_folder_name_is_reported(tmp_path: Path) -> None:
    (tmp_path / "content" / "accounts" / "Bad Name").mkdir(parents=True)
    ws = load_workspace(tmp_path)
    assert "must use only a-z, 0-9 and '-'" in ws.problems[0].message


def test_the_demo_workspace_has_no_problem(demo_ws) -> None:  # type: ignore[no-untyped-def]
    from kamdocs.checks.workspace import workspace_problems

    assert [p.format() for p in workspace_problems(demo_ws) if p.is_error] == []
    assert len(demo_ws.accounts) == 5


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gives_a_model_or_located_problems_never_a_crash(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    loaded = load_file(path, tmp_path, m.Account)
    if loaded.model is None:  # no model without an error saying why (a warning is not enough)
        assert any(p.is_error for p in loaded.problems), loaded.problems
    for problem in loaded.problems:
        assert problem.file == "fuzz.yaml"


@pytest.mark.parametrize("key", ["0[", "x(y)", "[a]"])
def test_a_key_with_brackets_is_an_unknown_field_at_its_line_not_a_crash(
    tmp_path: Path, key: str
) -> None:
    # pydantic's own labels in an error's path hold brackets too ("tuple[...]"): the key
    # written by the user must not be taken for one of them
    found = problems_of(tmp_path, f"name: ACME\n'{key}': 1\nobjectives:\n  - {{'{key}': 2}}\n")
    assert sorted((p.line, p.field) for p in found if p.key.startswith("unknown_field")) == [
        (2, key),
        (4, f"objectives[0].{key}"),
    ]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.from_regex(r"[a-z_]{1,20}", fullmatch=True).filter(lambda k: k not in m.Account.model_fields)
)
def test_an_unknown_top_level_key_is_reported_on_its_line(tmp_path: Path, key: str) -> None:
    found = problems_of(tmp_path, f"name: ACME\n{key}: 1\n")
    assert (2, key) in [(p.line, p.field) for p in found]


@pytest.mark.parametrize("kind", sorted(m.KINDS))
def test_every_file_kind_has_a_json_schema(kind: str) -> None:
    schema = m.KINDS[kind].model_json_schema()
    assert schema["type"] == "object"


def test_cross_file_checks_locate_bad_references(ws_copy: Path) -> None:
    from kamdocs.checks.workspace import workspace_problems

    account = ws_copy / "content" / "accounts" / "braise-textiles" / "account.yaml"
    account.write_text(
        account.read_text(encoding="utf-8")
        + (
            "objectives: [{id: O1, title: Grow, target: 10}]\n"
            "actions:\n"
            "  - {id: A1, objective: O9, action: Call, owner: Nobody Known, due: 2026-12-01,"
            " expected_result: more}\n"
        ),
        encoding="utf-8",
    )
    found = {
        (p.field, p.severity)
        for p in workspace_problems(load_workspace(ws_copy))
        if p.file.endswith("braise-textiles/account.yaml")
    }
    assert found == {
        ("actions[0].objective", "error"),
        ("actions[0].owner", "warning"),
        ("actions[0].expected_result", "warning"),
    }


def test_every_demo_file_survives_dump_and_reload(demo_ws, tmp_path: Path) -> None:
    import json

    files = [demo_ws.company, demo_ws.settings]
    for bundle in demo_ws.accounts.values():
        files += bundle.files()
    for loaded in files:
        original = loaded.model
        assert original is not None, loaded.file
        dumped = json.dumps(original.model_dump(mode="json"), ensure_ascii=False)
        path = tmp_path / "again.yaml"
        path.write_text(dumped, encoding="utf-8")  # JSON is YAML 1.2
        again = load_file(path, tmp_path, type(original))
        assert again.model == original, (loaded.file, [p.format() for p in again.problems])


def test_internal_words_in_client_shown_text_are_warned_where_they_are(ws_copy: Path) -> None:
    from kamdocs.checks.workspace import workspace_problems

    account = ws_copy / "content/accounts/ondrelle-industrie/account.yaml"
    text = account.read_text(encoding="utf-8")
    account.write_text(
        text.replace("goals:\n", "goals:\n  - Tenir une marge de 30 % sur le lot bogies\n", 1),
        encoding="utf-8",
    )
    review = ws_copy / "content/accounts/nimbrook-software/reviews/2026-Q3.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            "successes:\n", "successes:\n  - Priya Nair is no longer a detractor (2 meetings)\n", 1
        ),
        encoding="utf-8",
    )
    found = [
        p
        for p in workspace_problems(load_workspace(ws_copy))
        if "in text the client editions show" in p.message
    ]
    found.sort(key=lambda p: p.file)  # nimbrook-software, then ondrelle-industrie
    assert [(p.file.rsplit("/", 1)[-1], p.field, p.severity) for p in found] == [
        ("2026-Q3.yaml", "successes[0]", "warning"),
        ("account.yaml", "goals[0]", "warning"),
    ]
    assert "'detractor'" in found[0].message
    assert "'marge'" in found[1].message
    assert found[1].line == text.splitlines().index("goals:") + 2


def test_the_demo_data_keeps_internal_words_out_of_client_text(demo_ws) -> None:  # type: ignore[no-untyped-def]
    from kamdocs.checks.workspace import workspace_problems

    assert not [p.format() for p in workspace_problems(demo_ws) if "client editions" in p.message]


def test_a_path_too_long_for_the_file_system_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    from kamdocs.workspace.loader import Refusal, safe_content_path

    (tmp_path / "content").mkdir()
    name = "a" * 300 + ".md"
    assert safe_content_path(tmp_path / "content", name) == (
        None,
        Refusal("unreadable", name, "File name too long"),
    )


def test_an_amount_too_large_to_price_is_located(tmp_path: Path) -> None:
    text = (
        "title: Offre\npricing:\n  lines:\n"
        "    - {label: Licence, quantity: 1e15, unit: an, unit_price: 1e15}\n"
    )
    assert formatted(problems_of(tmp_path, text, m.Proposal)) == [
        "account.yaml:4:34: pricing.lines[0].quantity: 1E+15 is too large; numbers go up to "
        "100 000 000 000",
        "account.yaml:4:62: pricing.lines[0].unit_price: 1E+15 is too large; numbers go up "
        "to 100 000 000 000",
    ]


def test_a_target_beyond_the_largest_number_is_a_located_error(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "name: ACME\nrevenue:\n  targets: {2026: 1e15}\n")
    assert formatted(found) == [
        "account.yaml:3:12: revenue.targets: 1E+15 is too large; numbers go up to 100 000 000 000"
    ]


def test_an_account_s_checks_run_once_per_load_and_again_for_a_new_one(
    ws_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each document of an account asks for its checks; they are found once per load, and an
    edited file, loaded again, is checked again."""
    from kamdocs.checks import account as checks

    runs: list[str] = []
    real = checks._account_problems

    def counted(ws: Any, bundle: Any) -> tuple[Any, ...]:
        runs.append(bundle.slug)
        return real(ws, bundle)

    monkeypatch.setattr(checks, "_account_problems", counted)
    slug = "ondrelle-industrie"
    first = load_workspace(ws_copy, [slug])
    found = checks.account_problems(first, first.accounts[slug])
    assert not found
    assert checks.account_problems(first, first.accounts[slug]) == found
    assert runs == [slug]
    path = ws_copy / "content/accounts" / slug / "account.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("goals:\n", "goals:\n  - Tenir une marge de 30 %\n", 1), "utf-8")
    again = load_workspace(ws_copy, [slug])
    (warned,) = checks.account_problems(again, again.accounts[slug])
    assert (warned.key, warned.field) == ("internal_word", "goals[0]")
    assert runs == [slug, slug]
