"""The portfolio holds one account at a time: each account is reduced to its line (the
figures the portfolio shows), and a batch keeps the lines of unchanged accounts in its
manifest. These tests check that the reduced lines give the very document the loaded
accounts give, that a recorded line is never served for a changed account, and that a
damaged one is read again."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.building import manifest as incremental
from kamdocs.building.driver import render_document
from kamdocs.building.request import DocumentKey, Options
from kamdocs.cli.commands import main
from kamdocs.documents.portfolio_lines import account_line, line_from_json, line_to_json
from kamdocs.workspace import loader
from kamdocs.workspace.loader import load_workspace

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-23"
SUMMARY = "build/portfolio-fr-summary.docx"
DECK = "build/portfolio-fr-deck.pptx"


pytestmark = pytest.mark.usefixtures("pinned_code")


def build(root: Path, *extra: str) -> str:
    result = CliRunner().invoke(
        main, ["build", "-C", str(root), "--as-of", AS_OF, "--jobs", "1", *extra]
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.stdout


def touch_portfolio_template(root: Path) -> None:
    """Make the portfolio stale and nothing else: an override of its template that renders
    the same text (a Jinja comment more)."""
    for fmt, name in (("docx", "summary.md.j2"), ("pptx", "deck.md.j2")):
        packaged = REPO / "templates" / fmt / "portfolio" / name
        override = root / "templates" / fmt / "portfolio" / name
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(
            packaged.read_text(encoding="utf-8") + "{# touched #}", encoding="utf-8"
        )


def manifest_of(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "build" / incremental.MANIFEST_NAME).read_text(encoding="utf-8"))


def test_every_line_comes_back_from_json_unchanged() -> None:
    ws = load_workspace(REPO)
    assert ws.settings.model is not None
    lines = [
        account_line(bundle, ws.our_company, ws.settings.model, dt.date(2026, 11, 23))
        for bundle in ws.accounts.values()
    ]
    assert lines
    assert all(line is not None for line in lines)
    for line in lines:
        assert line is not None
        assert line_from_json(json.loads(json.dumps(line_to_json(line)))) == line


def test_the_batch_portfolio_is_the_one_built_from_every_loaded_account(ws: Path) -> None:
    build(ws)
    options = Options(today=dt.date.fromisoformat(AS_OF))
    for kind, name in (("portfolio", SUMMARY), ("portfolio-deck", DECK)):
        loaded = render_document(kind, load_workspace(ws), DocumentKey(), options)
        assert (ws / name).read_bytes() == loaded.data


def test_the_accounts_documents_record_their_lines_for_the_portfolio(ws: Path) -> None:
    build(ws)
    figures = manifest_of(ws)["figures"]
    assert set(figures) == {p.name for p in (ws / "content/accounts").iterdir()}
    assert all(line_from_json(entry["line"]).slug == slug for slug, entry in figures.items())


def test_a_stale_portfolio_of_unchanged_accounts_reads_no_account(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(ws)
    before = {n: (ws / n).read_bytes() for n in (SUMMARY, DECK)}
    touch_portfolio_template(ws)
    loads: list[object] = []
    real = loader.load_workspace

    def counting(root: Path, only: object = None, **kwargs: object) -> object:
        loads.append(only)
        return real(root, only, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_workspace", counting)
    out = build(ws)
    built = {
        line.removeprefix("built ") for line in out.splitlines() if line.startswith("built build/")
    }
    assert built == {SUMMARY, DECK}
    assert loads == [()]  # the settings and the company only, once
    assert {n: (ws / n).read_bytes() for n in (SUMMARY, DECK)} == before


def test_a_batch_never_loads_every_account_at_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[object] = []
    real = loader.load_workspace

    def recording(root: Path, only: object = None, **kwargs: object) -> object:
        loads.append(None if only is None else tuple(only))  # type: ignore[call-overload]
        return real(root, only, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_workspace", recording)
    build(ws)
    assert loads
    assert all(only is not None and len(only) <= 1 for only in loads)


def test_a_changed_account_is_read_again_not_served_from_the_manifest(ws: Path) -> None:
    build(ws)
    account = ws / "content/accounts/braise-textiles/account.yaml"
    text = account.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    account.write_text(text.replace(name, "name: Braise Renamed SA"), encoding="utf-8")
    build(ws)
    line = line_from_json(manifest_of(ws)["figures"]["braise-textiles"]["line"])
    assert line.account.name == "Braise Renamed SA"
    options = Options(today=dt.date.fromisoformat(AS_OF))
    loaded = render_document("portfolio", load_workspace(ws), DocumentKey(), options)
    assert (ws / SUMMARY).read_bytes() == loaded.data


def test_a_damaged_recorded_line_is_read_again(ws: Path) -> None:
    build(ws)
    before = (ws / SUMMARY).read_bytes()
    path = ws / "build" / incremental.MANIFEST_NAME
    data = manifest_of(ws)
    data["figures"]["lumen-optique"]["line"] = {"class": "Nothing"}
    data["figures"]["nimbrook-software"]["line"] = {"class": "AccountLine", "slug": 3}
    data["figures"]["marches-vervelle"]["line"]["open_pipeline"] = {"decimal": "abc"}
    data["figures"]["ondrelle-industrie"]["line"]["account"]["name"] = 12
    path.write_text(json.dumps(data), encoding="utf-8")
    touch_portfolio_template(ws)
    build(ws)
    assert (ws / SUMMARY).read_bytes() == before
    figures = manifest_of(ws)["figures"]
    assert line_from_json(figures["lumen-optique"]["line"]).slug == "lumen-optique"
    for slug in ("nimbrook-software", "marches-vervelle", "ondrelle-industrie"):
        assert line_from_json(figures[slug]["line"]).slug == slug


def test_the_line_of_a_removed_account_leaves_the_manifest(ws: Path) -> None:
    build(ws)
    shutil.rmtree(ws / "content/accounts/lumen-optique")
    build(ws)
    figures = manifest_of(ws)["figures"]
    assert "lumen-optique" not in figures
    assert "braise-textiles" in figures
