"""`kamdocs build`: every document, incrementally, in parallel, with failures isolated."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from kamdocs.building import manifest as incremental
from kamdocs.cli.commands import main

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-23"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
ACCOUNTS = (
    "braise-textiles",
    "lumen-optique",
    "marches-vervelle",
    "nimbrook-software",
    "ondrelle-industrie",
)


pytestmark = pytest.mark.usefixtures("pinned_code")


def build(root: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["build", "-C", str(root), "--as-of", AS_OF, "--jobs", "1", *extra]
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def built_lines(stdout: str) -> set[str]:
    return {
        line.removeprefix("built ")
        for line in stdout.splitlines()
        if line.startswith("built build/")
    }


def outputs(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file() and p.name != incremental.MANIFEST_NAME
    }


# What the demo workspace holds besides the plans: the latest review of three accounts and
# their proposals (content/accounts/*/reviews, */proposals).
REVIEWS = {
    slug: "2026-Q3" for slug in ("marches-vervelle", "nimbrook-software", "ondrelle-industrie")
}
PROPOSALS = {
    "marches-vervelle": "prev-frais-2027",
    "nimbrook-software": "nimbrook-renewal-2027",
    "ondrelle-industrie": "ao-2026-maintenance",
}

# The tender proposal writes its compliance matrix beside it (a companion, not a document).
COMPANIONS = {
    "build/ondrelle-industrie/ondrelle-industrie-proposal-ao-2026-maintenance-fr-compliance.xlsx"
}


def call_day(slug: str) -> str:
    """Return the day of the account's next call as its demo data plans it, else the as-of
    date (what `kamdocs call` defaults to)."""
    import datetime as dt

    from kamdocs.insights.followup import call_meeting
    from kamdocs.workspace.loader import load_workspace

    today = dt.date.fromisoformat(AS_OF)
    account = load_workspace(REPO, [slug]).accounts[slug].account.model
    assert account is not None
    meeting = call_meeting(account, today)
    return (meeting.date if meeting else today).isoformat()


def followup_outputs(slug: str, lang: str) -> set[str]:
    return {
        f"build/{slug}/{slug}-status-{AS_OF}-{lang}.eml",
        f"build/{slug}/{slug}-call-{call_day(slug)}-client-{lang}.docx",
    }


def expected_outputs() -> set[str]:
    langs = {"nimbrook-software": "en"}
    names = {"build/portfolio-fr-summary.docx", "build/portfolio-fr-deck.pptx"}
    for slug in ACCOUNTS:
        lang = langs.get(slug, "fr")
        names |= {f"build/{slug}/{slug}-plan-{a}-{lang}.docx" for a in ("internal", "client")}
        if slug in REVIEWS:
            names.add(f"build/{slug}/{slug}-review-{REVIEWS[slug]}-client-{lang}.pptx")
        if slug in PROPOSALS:
            names.add(f"build/{slug}/{slug}-proposal-{PROPOSALS[slug]}-{lang}.docx")
        names |= followup_outputs(slug, lang)
    return names


def markdown_companions() -> set[str]:
    langs = {"nimbrook-software": "en"}
    return {f"build/{slug}/{slug}-status-{AS_OF}-{langs.get(slug, 'fr')}.md" for slug in ACCOUNTS}


def test_a_full_build_writes_every_plan_and_the_portfolio(ws: Path) -> None:
    code, out, err = build(ws)
    assert code == 0, out + err
    assert "FAILED" not in out + err
    assert set(outputs(ws)) == expected_outputs() | COMPANIONS | markdown_companions()
    assert built_lines(out) == expected_outputs()
    assert re.search(rf"^built {len(expected_outputs())}, up to date 0, failed 0, warnings \d+$",
                     out, re.M)  # fmt: skip
    manifest = json.loads((ws / "build" / incremental.MANIFEST_NAME).read_text())
    assert set(manifest["documents"]) == expected_outputs()


def test_a_second_run_is_up_to_date_and_rewrites_nothing(ws: Path) -> None:
    first_code, _, _ = build(ws)
    assert first_code == 0
    before = {p: p.stat().st_mtime_ns for p in (ws / "build").rglob("*") if p.is_file()}
    code, out, _ = build(ws)
    assert code == 0
    assert built_lines(out) == set()
    assert "up to date build/portfolio-fr-summary.docx" in out
    assert re.search(rf"^built 0, up to date {len(expected_outputs())}, failed 0, warnings 0$",
                     out, re.M)  # fmt: skip
    after = {p: p.stat().st_mtime_ns for p in (ws / "build").rglob("*") if p.is_file()}
    assert after == before


def test_editing_an_account_rebuilds_its_documents_and_the_portfolio_only(ws: Path) -> None:
    build(ws)
    account = ws / "content/accounts/braise-textiles/account.yaml"
    account.write_text(account.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _, out, _ = build(ws)
    assert built_lines(out) == {
        "build/braise-textiles/braise-textiles-plan-internal-fr.docx",
        "build/braise-textiles/braise-textiles-plan-client-fr.docx",
        *followup_outputs("braise-textiles", "fr"),
        *(n for n in expected_outputs() if n.startswith("build/portfolio-")),
    }


def test_a_template_override_rebuilds_the_plans_only(ws: Path) -> None:
    _, first, _ = build(ws)
    override = ws / "templates/docx/plan/goals.md.j2"
    override.parent.mkdir(parents=True)
    packaged = REPO / "templates/docx/plan/goals.md.j2"
    override.write_text(packaged.read_text(encoding="utf-8") + "\nOverride.\n", encoding="utf-8")
    _, out, _ = build(ws)
    assert built_lines(first) == expected_outputs()
    assert built_lines(out) == {n for n in expected_outputs() if "-plan-" in n}
    _, out, _ = build(ws)
    assert built_lines(out) == set()


def test_lang_rebuilds_and_switching_back_rebuilds_only_overwritten_files(ws: Path) -> None:
    _, first, _ = build(ws)
    _, out, _ = build(ws, "--lang", "en")
    assert "build/portfolio-en-summary.docx" in built_lines(out)
    assert "build/braise-textiles/braise-textiles-plan-client-en.docx" in built_lines(out)
    # Only the English account's files had the same name in both runs, so only they were
    # overwritten by the --lang run; the French files are still there and fresh.
    _, out, _ = build(ws)
    assert built_lines(out) == {n for n in built_lines(first) if "nimbrook" in n}


def test_a_broken_account_fails_alone_with_located_errors(ws: Path) -> None:
    account = ws / "content/accounts/lumen-optique/account.yaml"
    account.write_text(account.read_text(encoding="utf-8") + "\natitude: 3\n", encoding="utf-8")
    code, out, err = build(ws)
    assert code == 1
    assert "FAILED lumen-optique: plan (internal)" in out
    assert re.search(r"^content/accounts/lumen-optique/account\.yaml:\d+:\d+: atitude: ", err, re.M)
    built = built_lines(out)
    assert not any("lumen-optique" in n for n in built)
    assert built == {n for n in expected_outputs() if "lumen" not in n}
    # its two plans, its status e-mail and its call agenda
    assert len(re.findall(r"^FAILED lumen-optique: ", out, re.M)) == 4


def test_an_unknown_only_slug_lists_the_accounts(ws: Path) -> None:
    code, _, err = build(ws, "--only", "nobody")
    assert code == 1
    assert "unknown account 'nobody'" in err
    assert "braise-textiles" in err


def test_only_builds_the_chosen_account(ws: Path) -> None:
    code, out, _ = build(ws, "--only", "marches-vervelle")
    assert code == 0
    assert all(n.startswith("build/marches-vervelle/") for n in built_lines(out))
    assert built_lines(out)


def test_a_parallel_build_writes_the_same_bytes_as_a_sequential_one(
    ws: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(ws, twin)
    code, out, _ = build(ws)
    result = CliRunner().invoke(main, ["build", "-C", str(twin), "--as-of", AS_OF, "--jobs", "2"])
    assert code == 0
    assert result.exit_code == 0
    assert sorted(result.stdout.splitlines()) == sorted(out.splitlines())
    assert set(outputs(ws)) == expected_outputs() | COMPANIONS | markdown_companions()
    assert outputs(ws) == outputs(twin)


def test_the_matrix_bubbles_are_the_accounts_scores(ws: Path) -> None:
    from decimal import Decimal

    from kamdocs.insights import portfolio_position
    from kamdocs.workspace.loader import load_workspace

    build(ws)
    workspace = load_workspace(ws)
    assert workspace.settings.model is not None
    expected = {}
    for bundle in workspace.accounts.values():
        account = bundle.account.model
        assert account is not None
        position = portfolio_position(account, workspace.settings.model)
        if position is not None:
            expected[account.name] = (float(position.strength), float(position.attractiveness))
    with zipfile.ZipFile(ws / "build/portfolio-fr-summary.docx") as package:
        charts = [package.read(n) for n in package.namelist() if n.startswith("word/charts/chart")]
    bubble = next(ElementTree.fromstring(x) for x in charts if b"bubbleChart" in x)
    found = {}
    for series in bubble.iter(f"{C}ser"):
        if series.find(f"{C}spPr/{{{A}}}noFill") is not None:
            continue  # an invisible point carrying a quadrant's name
        name = series.find(f"{C}tx//{C}v").text
        x = float(series.find(f"{C}xVal//{C}pt/{C}v").text)
        y = float(series.find(f"{C}yVal//{C}pt/{C}v").text)
        found[name] = (x, y)
    assert found.keys() == expected.keys()
    for name, point in expected.items():  # pytest.approx takes no nested mappings
        assert found[name] == pytest.approx(point), name
    assert len(found) >= 4
    assert Decimal(str(found["Marchés Vervelle SA"][0])) > 50


def test_the_portfolio_summary_is_landscape_and_its_account_table_fits(ws: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT

    build(ws)
    summary = docx.Document(str(ws / "build/portfolio-fr-summary.docx"))
    (section,) = summary.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    text_width = section.page_width - section.left_margin - section.right_margin
    table = next(t for t in summary.tables if t.rows[0].cells[0].text == "Compte" and
                 len(t.columns) == 8)  # fmt: skip
    grid = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert sum(grid) * 635 == pytest.approx(text_width, rel=0.01)  # twips to EMU
    # The next-meeting column holds "18/12/2026" at 9 pt (about 1.7 cm) on one line, and the
    # share column the word "portefeuille" in bold (about 2.2 cm): they used to wrap mid-word.
    assert grid[6] * 635 >= docx.shared.Cm(1.7)
    assert grid[3] * 635 >= docx.shared.Cm(2.3)
    # The plans stay portrait.
    plan = docx.Document(str(ws / "build/braise-textiles/braise-textiles-plan-internal-fr.docx"))
    assert plan.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_a_failed_rebuild_keeps_the_previous_file_and_is_not_marked_fresh(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(ws)
    target = ws / "build/braise-textiles/braise-textiles-plan-internal-fr.docx"
    previous = target.read_bytes()
    account = ws / "content/accounts/braise-textiles/account.yaml"
    account.write_text(account.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    import kamdocs.documents.plan as plan_module

    real = plan_module.plan_document

    def crashing(account, *args, **kwargs):  # type: ignore[no-untyped-def]
        if account.name.startswith("Braise"):
            raise RuntimeError("simulated crash while rendering")
        return real(account, *args, **kwargs)

    monkeypatch.setattr(plan_module, "plan_document", crashing)
    code, out, err = build(ws)
    assert code == 1
    assert "simulated crash while rendering" in err
    assert target.read_bytes() == previous
    assert not list((ws / "build").rglob(".kamdocs-tmp-*"))
    monkeypatch.setattr(plan_module, "plan_document", real)
    _, out, _ = build(ws)
    assert "build/braise-textiles/braise-textiles-plan-internal-fr.docx" in built_lines(out)


def test_a_no_op_rebuild_loads_neither_yaml_nor_writers(ws: Path) -> None:
    code, out, err = build(ws)
    assert code == 0, out + err
    assert built_lines(out) == expected_outputs()
    script = (
        "import sys, datetime as dt; from pathlib import Path; from kamdocs.building import batch;"
        "batch.incremental.code_fingerprint = lambda: 'pinned';"
        f"code = batch.run_build(Path({str(ws)!r}), only=(), jobs=1, lang=None, pdf=False,"
        " force=False, today=dt.date(2026, 11, 23), allow_noncompliant=False,"
        " report=batch.Report());"
        "heavy = [m for m in ('kamdocs.building.driver', 'kamdocs.workspace.loader',"
        " 'docx', 'pydantic')"
        " if m in sys.modules]; print(code, heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().endswith("0 []"), done.stdout + done.stderr


def test_a_no_op_rebuild_from_the_command_line_loads_no_models(ws: Path) -> None:
    # The command line words its messages in the workspace's language: reading it must not
    # pull in the loader (and pydantic) when every document is up to date.
    code, out, err = build(ws)
    assert code == 0, out + err
    script = (
        "import atexit, sys; from kamdocs.building import manifest;"
        "manifest.code_fingerprint = lambda: 'pinned';"
        "from kamdocs.cli.commands import main;"
        "atexit.register(lambda: print([m for m in ('kamdocs.workspace.loader', 'pydantic',"
        " 'docx') if m in sys.modules]));"  # the command ends with sys.exit
        f"main(['build', '-C', {str(ws)!r}, '--as-of', '2026-11-23', '--quiet'])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip().endswith("[]"), done.stdout + done.stderr


def test_pdf_conversion_converts_the_whole_run_in_one_libreoffice_call_per_pass(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake converter writes no PDF a layout pass could read, so each run is one pass.
    import kamdocs.building.pdf

    calls: list[list[Path]] = []

    def fake_convert(
        paths: list[Path], soffice: str = "soffice", *, profile: Path | None = None
    ) -> list[Path]:
        calls.append(list(paths))
        return []

    monkeypatch.setattr(kamdocs.building.pdf, "convert_to_pdf", fake_convert)
    _, out, _ = build(ws, "--pdf")
    assert len(calls) == 1
    # Word and PowerPoint files only: an e-mail's PDF would show its raw MIME source.
    office = {n for n in built_lines(out) if n.endswith((".docx", ".pptx"))}
    assert any(n.endswith(".eml") for n in built_lines(out))
    assert {p.relative_to(ws).as_posix() for p in calls[0]} == office
    # Nothing rebuilt, but the PDFs are missing: convert the up-to-date documents, once.
    build(ws, "--pdf")
    assert len(calls) == 2
    assert len(calls[1]) == len(calls[0])

    def writing_convert(
        paths: list[Path], soffice: str = "soffice", *, profile: Path | None = None
    ) -> list[Path]:
        calls.append(list(paths))
        for path in paths:
            path.with_suffix(".pdf").write_bytes(b"%PDF")
        return [p.with_suffix(".pdf") for p in paths]

    monkeypatch.setattr(kamdocs.building.pdf, "convert_to_pdf", writing_convert)
    build(ws, "--pdf")
    build(ws, "--pdf")
    assert len(calls) == 3
