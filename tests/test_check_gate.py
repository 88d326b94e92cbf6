"""`kamdocs check` is the gate of every build: what stops a document, check reports first,
located, with the same exit code; a broken account never empties the portfolio; each problem
is printed once per run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from kamdocs.cli.commands import main

AS_OF = ["--as-of", "2026-11-23"]
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args] + AS_OF)
    return result.exit_code, result.stdout, result.stderr


def inputs(ws: Path) -> dict[str, str]:
    """The digest of every input file of the workspace (content/, templates/, settings)."""
    files = [p for p in ws.rglob("*") if p.is_file() and "build" not in p.relative_to(ws).parts]
    return {str(p.relative_to(ws)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_a_logo_that_is_not_a_picture_fails_check_and_plan_alike(ws_copy: Path) -> None:
    (ws_copy / "content" / "logo.png").write_bytes(b"this is a note, not a picture")
    before = inputs(ws_copy)
    code, _, stderr = run("check", "-C", ws_copy)
    expected = "content/company.yaml:3:7: logo: 'logo.png' n'est pas une image"
    assert code == 1
    assert expected in stderr
    assert stderr.count(expected) == 1
    code, stdout, stderr = run("plan", "braise-textiles", "-C", ws_copy)
    assert code == 1
    assert expected in stderr
    assert "Traceback" not in stderr
    assert not (ws_copy / "build").exists()
    assert inputs(ws_copy) == before


def test_a_missing_logo_fails_check_and_plan_alike(ws_copy: Path) -> None:
    company = ws_copy / "content" / "company.yaml"
    company.write_text(
        company.read_text(encoding="utf-8").replace("logo: logo.png", "logo: logos/ours.png"),
        encoding="utf-8",
    )
    expected = "logo: 'logos/ours.png' n'existe pas dans le dossier content/"
    code, _, stderr = run("check", "-C", ws_copy)
    assert (code, expected in stderr) == (1, True)
    code, _, stderr = run("plan", "braise-textiles", "-C", ws_copy)
    assert (code, expected in stderr) == (1, True)
    assert not (ws_copy / "build").exists()


def test_check_compiles_the_templates_of_internal_editions(ws_copy: Path) -> None:
    """A filter that does not exist, in a template only the internal plan uses."""
    own = ws_copy / "templates" / "docx" / "plan"
    own.mkdir(parents=True)
    text = (TEMPLATES / "docx" / "plan" / "cover.md.j2").read_text(encoding="utf-8")
    (own / "cover.md.j2").write_text(text + "{{ account.name | shout }}\n", encoding="utf-8")
    code, _, stderr = run("check", "-C", ws_copy)
    message = "templates/docx/plan/cover.md.j2:"
    assert code == 1
    assert message in stderr
    assert "No filter named 'shout'" in stderr
    assert stderr.count("No filter named 'shout'") == 1  # once, not once per account
    code, _, stderr = run("plan", "braise-textiles", "--audience", "internal", "-C", ws_copy)
    assert code == 1
    assert "No filter named 'shout'" in stderr


def test_check_opens_the_reference_document(ws_copy: Path) -> None:
    reference = ws_copy / "templates" / "pptx" / "reference.pptx"
    reference.parent.mkdir(parents=True)
    reference.write_bytes(b"not a presentation")
    code, _, stderr = run("check", "-C", ws_copy)
    assert code == 1
    assert "reference.pptx: not a readable PowerPoint" in stderr
    assert stderr.count("reference.pptx: not a readable PowerPoint") == 1
    code, _, stderr = run("review", "marches-vervelle", "-C", ws_copy)
    assert code == 1
    assert "reference.pptx: not a readable PowerPoint" in stderr


def test_build_prints_each_problem_once_and_keeps_the_good_portfolio(ws_copy: Path) -> None:
    account = ws_copy / "content" / "accounts" / "braise-textiles" / "account.yaml"
    account.write_text(
        account.read_text(encoding="utf-8").replace("\nname:", "\nnmae:", 1), encoding="utf-8"
    )
    code, stdout, stderr = run("build", "-C", ws_copy, "--jobs", "1")
    output = stdout + stderr
    typo = "account.yaml:2:1: nmae: champ inconnu (vouliez-vous dire « name » ?)"
    assert code == 1
    assert output.count(typo) == 1
    assert output.count("FAILED braise-textiles:") == 4  # its two plans, e-mail and agenda
    left_out = (
        "content/accounts/braise-textiles/account.yaml: warning: ce compte est laissé hors "
        "de la synthèse et du deck du portefeuille"
    )
    assert output.count(left_out) == 1
    summary = Document(str(ws_copy / "build" / "portfolio-fr-summary.docx"))
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "Comptes couverts\xa0: 4\xa0;" in text
    assert "content/accounts/braise-textiles/account.yaml" in text  # named as left out
    assert (ws_copy / "build" / "portfolio-fr-deck.pptx").is_file()


def test_an_empty_portfolio_builds_both_editions(ws_copy: Path) -> None:
    for account in (ws_copy / "content" / "accounts").glob("*/account.yaml"):
        text = account.read_text(encoding="utf-8")
        account.write_text(text.replace("\nname:", "\nnmae:", 1), encoding="utf-8")
    code, stdout, stderr = run("build", "-C", ws_copy, "--jobs", "1")
    assert code == 1  # the accounts' own documents fail
    assert "internal error" not in stdout + stderr
    assert "built build/portfolio-fr-deck.pptx" in stdout
    from pptx import Presentation

    deck = Presentation(str(ws_copy / "build" / "portfolio-fr-deck.pptx"))
    shown = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Comptes couverts\xa0: 0" in shown
    assert "content/accounts/lumen-optique/account.yaml" in shown


def test_proposal_check_prints_each_error_once(ws_copy: Path) -> None:
    proposal = ws_copy / "content/accounts/nimbrook-software/proposals/nimbrook-renewal-2027.yaml"
    text = proposal.read_text(encoding="utf-8")
    proposal.write_text(text.replace("\ndate: 2026-11-20", "\ndate: 2026-13-45"), "utf-8")
    code, stdout, stderr = run(
        "proposal", "nimbrook-software", proposal.stem, "--check", "-C", ws_copy
    )
    assert code == 1
    assert stderr.count("date: on attend une date comme 2026-09-30") == 1
    assert f"nimbrook-software/{proposal.stem} : " in stdout


def test_output_dir_moves_every_output_out_of_build(ws_copy: Path) -> None:
    settings = ws_copy / "kamdocs.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "output_dir: out/docs\n", "utf-8")
    code, stdout, _ = run("build", "-C", ws_copy, "--only", "braise-textiles", "--jobs", "1")
    assert code == 0
    assert "built out/docs/braise-textiles/braise-textiles-plan-client-fr.docx" in stdout
    assert (ws_copy / "out/docs/braise-textiles/braise-textiles-plan-internal-fr.docx").is_file()
    assert (ws_copy / "out/docs/.kamdocs-manifest.json").is_file()
    code, stdout, _ = run("plan", "lumen-optique", "-C", ws_copy)
    assert code == 0
    assert (ws_copy / "out/docs/lumen-optique/lumen-optique-plan-internal-fr.docx").is_file()
    assert not (ws_copy / "build").exists()


def test_output_dir_never_leaves_the_workspace_nor_enters_an_input_folder(
    ws_copy: Path,
) -> None:
    settings = ws_copy / "kamdocs.yaml"
    original = settings.read_text(encoding="utf-8")
    for value, message in (
        ("../elsewhere", "output_dir: '../elsewhere' sort de l'espace de travail"),
        ("/tmp/docs", "output_dir: '/tmp/docs' sort de l'espace de travail"),
        ("content/out", "output_dir: 'content/out' mêlerait les documents produits"),
        ("./templates", "output_dir: './templates' mêlerait les documents produits"),
        (".", "output_dir: '.' mêlerait les documents produits"),
    ):
        settings.write_text(original + f"output_dir: {value}\n", encoding="utf-8")
        before = inputs(ws_copy)
        code, _, stderr = run("check", "-C", ws_copy)
        assert code == 1
        assert f"kamdocs.yaml:13:13: {message}" in stderr
        code, _, stderr = run("plan", "braise-textiles", "-C", ws_copy)
        assert code == 1
        assert message in stderr
        assert inputs(ws_copy) == before
    assert not (ws_copy.parent / "elsewhere").exists()
    assert not (ws_copy / "content" / "out").exists()


def test_an_include_path_too_long_or_with_a_nul_is_a_located_error(ws_copy: Path) -> None:
    """What the document fuzz test met at random (ENAMETOOLONG), as a user would type it."""
    proposal = ws_copy / "content/accounts/nimbrook-software/proposals/nimbrook-renewal-2027.yaml"
    text = proposal.read_text(encoding="utf-8")
    for path, why in (
        ("library/" + "x" * 300 + ".md", "File name too long"),
        ("library/a\\0b.md", "'library/ab.md' n'existe pas"),  # the NUL is stripped, and said
    ):
        proposal.write_text(
            text.replace("{include: library/project-method-en.md}", f'{{include: "{path}"}}'),
            encoding="utf-8",
        )
        for command in (["check"], ["proposal", "nimbrook-software", "nimbrook-renewal-2027"]):
            code, _, stderr = run(*command, "-C", ws_copy)
            assert code == 1
            assert "nimbrook-renewal-2027.yaml:71:" in stderr
            assert "methodology.include:" in stderr
            assert why in stderr
            assert "Traceback" not in stderr
    assert not (ws_copy / "build").exists()


def test_an_account_folder_without_its_file_fails_check_and_build(ws_copy: Path) -> None:
    (ws_copy / "content" / "accounts" / "nouveau").mkdir()
    expected = (
        "content/accounts/nouveau/account.yaml: manquant : chaque dossier de compte a besoin "
        "d'un account.yaml"
    )
    code, _, stderr = run("check", "-C", ws_copy)
    assert (code, stderr.count(expected)) == (1, 1)
    code, stdout, stderr = run("build", "-C", ws_copy, "--jobs", "1")
    assert (code, stderr.count(expected)) == (1, 1)
    assert "failed 1," in stdout  # the other accounts' documents are built
    assert (ws_copy / "build" / "portfolio-fr-summary.docx").is_file()


def test_a_truncated_logo_is_a_located_error(ws_copy: Path) -> None:
    logo = ws_copy / "content" / "logo.png"
    logo.write_bytes(logo.read_bytes()[:100])
    for command in (["check"], ["plan", "braise-textiles"], ["call", "braise-textiles"]):
        code, _, stderr = run(*command, "-C", ws_copy)
        assert code == 1
        assert "content/company.yaml:3:7: logo: 'logo.png' n'est pas une image" in stderr
        assert "Traceback" not in stderr
