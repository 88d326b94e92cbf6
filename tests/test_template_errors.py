"""A user's template override that the dialect cannot read fails with its file and line, through
the command line, never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write

from kamdocs.cli.commands import main

OVERRIDE = Path("templates") / "docx" / "plan" / "goals.md.j2"
DECK_OVERRIDE = Path("templates") / "pptx" / "review" / "highlights.md.j2"


def plan(ws: Path) -> tuple[int, str]:
    args = ["plan", "marches-vervelle", "-C", str(ws), "--as-of", "2026-11-23"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "# Goals\n\n::: colums\ntext\n",
            f"{OVERRIDE.as_posix()}:3: unknown block 'colums' (did you mean 'columns'?)",
        ),
        (
            "# Goals\n\n::: columns\n::: column\ntext\n",
            f"{OVERRIDE.as_posix()}:3: block 'columns' is not closed; end it with '::: end'",
        ),
        (
            "line one\n\n{{ account.no_such_field }}\n",
            f"{OVERRIDE.as_posix()}:3: template error: "
            "'kamdocs.workspace.model.Account object' has no attribute 'no_such_field'",
        ),
        (
            "line one\n{% if %}\n",
            f"{OVERRIDE.as_posix()}:2: template syntax error:",
        ),
    ],
    ids=["unknown block", "unclosed block", "undefined name", "syntax"],
)
def test_a_broken_override_is_reported_on_its_line(
    ws_copy: Path, template: str, message: str
) -> None:
    write(ws_copy / OVERRIDE, template)
    code, output = plan(ws_copy)
    assert code == 1
    assert f"Error: {message}" in output
    assert "Traceback" not in output
    assert not (ws_copy / "build" / "marches-vervelle").exists()


def test_a_block_whose_arguments_come_from_data_is_still_located(ws_copy: Path) -> None:
    # The directive line holds template expressions: the rendered line differs from the
    # template's text, and the location still names the template's line.
    write(
        ws_copy / DECK_OVERRIDE,
        '::: slide title="{{ L.successes }}"\n\n::: colum headings="{{ L.obstacles }}"\n',
    )
    args = ["review", "marches-vervelle", "-C", str(ws_copy), "--as-of", "2026-11-23"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"Error: {DECK_OVERRIDE.as_posix()}:3: unknown block 'colum'" in result.output


def test_the_default_templates_close_every_block(ws_copy: Path) -> None:
    code, output = plan(ws_copy)
    assert code == 0, output


def test_a_reference_of_the_wrong_kind_is_named_in_the_error(ws_copy: Path) -> None:
    deck = Path(__file__).resolve().parents[1] / "templates" / "pptx" / "reference.pptx"
    args = ["plan", "marches-vervelle", "-C", str(ws_copy), "--reference", str(deck)]
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-23"])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {deck}: not a readable Word document (file '{deck}' is not a Word file"
    )
    (ws_copy / "junk.docx").write_bytes(b"junk")
    args[-1] = str(ws_copy / "junk.docx")
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-23"])
    assert result.output == (
        f"Error: {ws_copy / 'junk.docx'}: not a readable Word document "
        "(not a zip package, as every Office file is)\n"
    )


def test_a_slide_asking_for_an_unknown_layout_is_located(ws_copy: Path) -> None:
    write(ws_copy / DECK_OVERRIDE, '::: slide layout=tow title="{{ L.successes }}"\n\ntext\n')
    args = ["review", "marches-vervelle", "-C", str(ws_copy), "--as-of", "2026-11-23"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {DECK_OVERRIDE.as_posix()}:1: unknown slide layout role 'tow' "
        "(did you mean 'two'?); roles: "
    )


def test_blocks_from_template_lines_know_their_file_and_line(tmp_path: Path) -> None:
    from kamdocs import ir
    from kamdocs.templating.environment import Templates
    from kamdocs.workspace.templates import template_loader

    write(tmp_path / "t.md.j2", "{% if true %}\n# Title\n{% endif %}\n\n::: pagebreak\n")
    templates = Templates(template_loader([tmp_path]), str(tmp_path), shown=lambda f: "t")
    heading, pagebreak = templates.render_blocks("t.md.j2", {}, {})
    assert isinstance(heading, ir.Heading)
    assert (heading.source, pagebreak.source) == ("t:2", "t:5")


def test_an_unknown_alignment_is_located(ws_copy: Path) -> None:
    write(ws_copy / OVERRIDE, "# Goals\n\n::: style name=body align=rigth\ntext\n")
    code, output = plan(ws_copy)
    assert code == 1
    assert (
        f"Error: {OVERRIDE.as_posix()}:3: unknown alignment 'rigth' (did you mean 'right'?); "
        "alignments: left, center, right"
    ) in output
