"""Freshness warnings, each tested on both sides of its threshold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kamdocs.checks.freshness import freshness_problems
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import load_text

TODAY = dt.date(2026, 11, 23)


def _keys(text: str, *, reviews: tuple[str, ...] = (), days: int = 90) -> list[str]:
    loaded = load_text(text, "a.yaml", Path("."), m.Account)
    assert loaded.model is not None, [p.format() for p in loaded.problems]
    settings = m.Settings(freshness=m.Freshness(contact_days=days))
    return [p.key for p in freshness_problems(loaded, list(reviews), settings, TODAY)]


def _person(last_contact: str, roles: str = "[decision_maker]") -> str:
    return (
        f"name: A\nstakeholders:\n  - {{name: Ana, roles: {roles}, last_contact: {last_contact}}}\n"
    )


@pytest.mark.parametrize(
    ("last_contact", "expected"),
    [("2026-08-25", []), ("2026-08-24", ["stale_contact"])],  # 90 days, then 91
)
def test_a_decision_maker_is_stale_after_contact_days(
    last_contact: str, expected: list[str]
) -> None:
    assert _keys(_person(last_contact)) == expected


def test_contact_days_comes_from_the_settings() -> None:
    assert _keys(_person("2026-10-23"), days=30) == ["stale_contact"]
    assert _keys(_person("2026-10-24"), days=30) == []


def test_the_interaction_log_counts_as_a_contact() -> None:
    text = _person("2026-01-05") + (
        "interactions:\n  - {date: 2026-11-01, ours: Claire, theirs: Ana, channel: visite}\n"
    )
    assert _keys(text) == []


def test_only_decision_makers_and_budget_holders_are_watched() -> None:
    assert _keys(_person("2025-01-05", roles="[user]")) == []
    assert _keys(_person("2025-01-05", roles="[budget_holder]")) == ["stale_contact"]
    assert _keys("name: A\nstakeholders:\n  - {name: Ana, roles: [decision_maker]}\n") == [
        "never_contacted"
    ]


@pytest.mark.parametrize(
    ("stage", "close", "expected"),
    [
        ("proposal", "2026-11-23", []),
        ("proposal", "2026-11-22", ["stale_close"]),
        ("won", "2026-01-01", []),
        ("lost", "2026-01-01", []),
    ],
)
def test_an_open_opportunity_past_its_close_date(
    stage: str, close: str, expected: list[str]
) -> None:
    text = f"name: A\nopportunities:\n  - {{name: X, stage: {stage}, close: {close}}}\n"
    assert _keys(text) == expected


@pytest.mark.parametrize(
    ("reviews", "expected"),
    [(("2026-Q3",), []), (("2026-Q1", "2026-Q2"), ["stale_review"]), ((), [])],
)
def test_the_latest_review_must_be_the_previous_quarter_or_later(
    reviews: tuple[str, ...], expected: list[str]
) -> None:
    assert _keys("name: A\n", reviews=reviews) == expected


@pytest.mark.parametrize(
    ("next_revision", "expected"), [("2026-11-23", []), ("2026-11-22", ["stale_plan"])]
)
def test_a_plan_past_its_next_revision(next_revision: str, expected: list[str]) -> None:
    assert _keys(f"name: A\nplan: {{version: 1, next_revision: {next_revision}}}\n") == expected


def test_check_reports_stale_data_at_the_field(ws_copy: Path) -> None:
    from click.testing import CliRunner

    from kamdocs.cli.commands import main

    account = ws_copy / "content" / "accounts" / "lumen-optique" / "account.yaml"
    account.write_text(
        account.read_text(encoding="utf-8")
        + "opportunities:\n  - {name: Verres 2026, stage: proposal, close: 2026-10-31}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "-C", str(ws_copy), "--as-of", "2026-11-23"])
    line = len(account.read_text(encoding="utf-8").splitlines())
    (found,) = [text for text in result.stderr.splitlines() if "Verres 2026" in text]
    where, _, message = found.partition(" warning: ")
    assert where.startswith(f"content/accounts/lumen-optique/account.yaml:{line}:")
    assert message == (  # the demo workspace writes language: fr
        "opportunities[0].close: l'opportunité ouverte « Verres 2026 » devait se conclure le "
        "2026-10-31 : mettez à jour sa date de clôture ou son étape"
    )


def test_the_portfolio_freshness_table_shows_each_accounts_latest_dates(ws_copy: Path) -> None:
    import yaml
    from docx_view import table_after

    from kamdocs.building.driver import DocumentKey, Options, build_document
    from kamdocs.workspace.loader import load_workspace

    path = ws_copy / "content" / "accounts" / "marches-vervelle" / "account.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["stakeholders"][0]["last_contact"] = dt.date(2026, 11, 20)
    data["stakeholders"][1]["last_contact"] = dt.date(2026, 12, 15)  # after the as-of date
    data["opportunities"][0]["updated_on"] = dt.date(2026, 11, 18)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = ws_copy / "portfolio.docx"
    ws = load_workspace(ws_copy)
    build_document("portfolio", ws, DocumentKey(""), Options(today=TODAY, out=out))
    rows = {row[0]: row[1:] for row in table_after(out, "fraîcheur")}
    assert rows["Marchés Vervelle SA"] == ["10 / 10", "20/11/2026", "18/11/2026", "T3 2026"]
