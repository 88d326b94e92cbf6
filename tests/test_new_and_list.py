"""The starter commands and `list`, as a user meets them: `new` explains itself, a new
proposal has a title a client can read, `list --format json` gives figures as numbers, and
the example account of `init` stays out of the portfolio."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from docx import Document

from kamdocs.cli.commands import main

AS_OF = ["--as-of", "2026-11-23"]


def test_every_new_subcommand_has_help() -> None:
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0
    assert "account   Start a new account." in result.stdout
    assert "proposal  Start a commercial proposal." in result.stdout
    assert "review    Start the review of a quarter." in result.stdout
    result = CliRunner().invoke(main, ["new", "review", "--help"])
    assert "Writes the review of QUARTER" in result.stdout


def test_a_new_proposal_is_titled_for_its_client(ws_copy: Path) -> None:
    result = CliRunner().invoke(
        main, ["new", "proposal", "braise-textiles", "offre-2027", "-C", str(ws_copy)]
    )
    assert result.exit_code == 0, result.output
    path = ws_copy / "content/accounts/braise-textiles/proposals/offre-2027.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["title"] == "Proposition commerciale pour Braise Textiles SARL"
    assert data["reference"] == "offre-2027"


def test_list_json_gives_figures_as_numbers(demo_root: Path) -> None:
    result = CliRunner().invoke(main, ["list", "-C", str(demo_root), "--format", "json", *AS_OF])
    assert result.exit_code == 0
    rows = {row["account"]: row for row in json.loads(result.stdout)}
    vervelle = rows["marches-vervelle"]
    assert isinstance(vervelle["revenue_ytd"], int)
    assert vervelle["revenue_ytd"] > 0
    assert isinstance(vervelle["target"], int)
    assert vervelle["target"] > 0
    assert isinstance(vervelle["health"], int)
    assert 0 <= vervelle["health"] <= 100
    assert isinstance(vervelle["selection"], int)
    text = CliRunner().invoke(main, ["list", "-C", str(demo_root), *AS_OF]).stdout
    assert "marches-vervelle  " in text
    assert str(vervelle["revenue_ytd"]) in text


def test_the_example_account_of_init_stays_out_of_the_portfolio(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(ws)]).exit_code == 0
    account = (ws / "content/accounts/exemple/account.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(account)["example"] is True
    result = CliRunner().invoke(main, ["build", "-C", str(ws), "--jobs", "1", *AS_OF])
    assert result.exit_code == 0, result.output
    assert (ws / "build/exemple/exemple-plan-internal-fr.docx").is_file()  # its own documents
    summary = Document(str(ws / "build/portfolio-fr-summary.docx"))
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "Comptes couverts\xa0: 0\xa0;" in text
    assert "Exemple" not in "\n".join(
        c.text for t in summary.tables for r in t.rows for c in r.cells
    )
    # Once the line is deleted, the account counts.
    (ws / "content/accounts/exemple/account.yaml").write_text(
        account.replace("\nexample: true", "\n# example: true"), encoding="utf-8"
    )
    CliRunner().invoke(main, ["build", "-C", str(ws), "--jobs", "1", *AS_OF])
    summary = Document(str(ws / "build/portfolio-fr-summary.docx"))
    assert "Comptes couverts\xa0: 1\xa0;" in "\n".join(p.text for p in summary.paragraphs)
