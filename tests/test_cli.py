"""The command line, run in-process: exit codes, messages on stderr, outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, write

from kamdocs.cli.commands import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_check_reports_every_problem_of_every_file_and_exits_1(
    runner: CliRunner, ws_copy: Path
) -> None:
    account = ws_copy / "content" / "accounts" / "lumen-optique" / "account.yaml"
    account.write_text(account.read_text(encoding="utf-8") + "sectr: x\n", encoding="utf-8")
    review = ws_copy / "content" / "accounts" / "marches-vervelle" / "reviews" / "2026-Q3.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("direction: up", "direction: upp", 1),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", "-C", str(ws_copy), "--as-of", "2026-11-23"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("content/accounts/lumen-optique/account.yaml:")
        and "sectr: champ inconnu (vouliez-vous dire « sector » ?)" in line
        for line in lines
    )
    allowed = "'upp' n'est pas une valeur permise ; valeurs permises : up, down"
    assert any("reviews/2026-Q3.yaml:" in line and allowed in line for line in lines)
    assert "Traceback" not in result.output


def test_check_passes_on_the_demo_workspace(runner: CliRunner, demo_root: Path) -> None:
    result = runner.invoke(main, ["check", "-C", str(demo_root), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "marches-vervelle : OK — Marchés Vervelle" in result.output  # the demo is French


def test_check_json_lists_problems_with_positions(runner: CliRunner, ws_copy: Path) -> None:
    write(ws_copy / "content" / "accounts" / "bad" / "account.yaml", "name: B\nsector: [\n")
    result = runner.invoke(
        main, ["check", "-C", str(ws_copy), "--format", "json", "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    problem = next(p for p in report["problems"] if p["file"].endswith("bad/account.yaml"))
    assert (problem["line"], problem["column"]) == (2, 9)  # where the '[' was opened
    assert problem["severity"] == "error"
    assert (problem["key"], problem["hint"]) == ("yaml_unclosed", "")


def test_an_unknown_account_lists_the_existing_ones(
    runner: CliRunner, demo_root: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        main, ["plan", "nope", "-C", str(demo_root), "--out", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1
    assert "compte inconnu 'nope'" in result.stderr
    assert "marches-vervelle" in result.stderr


def test_a_broken_account_writes_nothing(runner: CliRunner, ws_copy: Path, tmp_path: Path) -> None:
    account = ws_copy / "content" / "accounts" / "braise-textiles" / "account.yaml"
    account.write_text(
        account.read_text(encoding="utf-8") + "relationship_stage: close\n", encoding="utf-8"
    )
    out = tmp_path / "plan.docx"
    result = runner.invoke(main, ["plan", "braise-textiles", "-C", str(ws_copy), "--out", str(out)])
    assert result.exit_code == 1
    assert "relationship_stage: 'close' n'est pas une valeur permise" in result.stderr
    assert not out.exists()


def test_plan_writes_the_standard_name(runner: CliRunner, ws_copy: Path) -> None:
    result = runner.invoke(
        main,
        [
            "plan",
            "nimbrook-software",
            "-C",
            str(ws_copy),
            "--as-of",
            "2026-11-23",
            "--audience",
            "client",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        ws_copy / "build" / "nimbrook-software" / "nimbrook-software-plan-client-en.docx"
    ).is_file()


def test_lang_overrides_the_account_language(runner: CliRunner, ws_copy: Path) -> None:
    result = runner.invoke(
        main,
        ["plan", "nimbrook-software", "-C", str(ws_copy), "--as-of", "2026-11-23", "--lang", "fr"],
    )
    assert result.exit_code == 0, result.output
    assert (
        ws_copy / "build" / "nimbrook-software" / "nimbrook-software-plan-internal-fr.docx"
    ).is_file()


def test_a_bad_as_of_date_is_a_usage_error(runner: CliRunner, demo_root: Path) -> None:
    result = runner.invoke(main, ["check", "-C", str(demo_root), "--as-of", "2026-02-30"])
    assert result.exit_code == 2
    assert "on attend une date comme 2026-09-30, pas '2026-02-30'" in result.output


def test_init_then_check_gives_a_valid_workspace(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    check = runner.invoke(main, ["check", "-C", str(tmp_path / "new")])
    assert check.exit_code == 0, check.output
    plan = runner.invoke(main, ["plan", "exemple", "-C", str(tmp_path / "new")])
    assert plan.exit_code == 0, plan.output


def test_new_review_carries_kpis_priorities_and_open_decisions(
    runner: CliRunner, ws_copy: Path
) -> None:
    result = runner.invoke(
        main, ["new", "review", "marches-vervelle", "2026-Q4", "-C", str(ws_copy)]
    )
    assert result.exit_code == 0, result.output
    from kamdocs.workspace import model as m
    from kamdocs.workspace.loader import load_file

    created = ws_copy / "content" / "accounts" / "marches-vervelle" / "reviews" / "2026-Q4.yaml"
    new = load_file(created, ws_copy, m.Review)
    previous = load_file(created.with_name("2026-Q3.yaml"), ws_copy, m.Review).model
    assert new.model is not None, [p.format() for p in new.problems]
    assert [k.name for k in new.model.kpis] == [k.name for k in previous.kpis]
    assert [k.previous for k in new.model.kpis] == [k.actual for k in previous.kpis]
    assert [p.text for p in new.model.priorities] == [p.text for p in previous.priorities]
    assert [d.decision for d in new.model.decisions_needed] == [
        d.decision for d in previous.decisions_needed if d.status == "open"
    ]


def test_new_refuses_to_overwrite(runner: CliRunner, ws_copy: Path) -> None:
    result = runner.invoke(main, ["new", "account", "marches-vervelle", "-C", str(ws_copy)])
    assert result.exit_code == 1
    assert "existe déjà" in result.stderr


def test_schema_prints_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema", "--kind", "proposal"])
    assert result.exit_code == 0
    assert "tender" in json.loads(result.output)["properties"]


def test_list_shows_quadrants_and_scores(runner: CliRunner, demo_root: Path) -> None:
    result = runner.invoke(
        main, ["list", "-C", str(demo_root), "--format", "json", "--as-of", "2026-11-23"]
    )
    rows = {r["account"]: r for r in json.loads(result.output)}
    assert rows["marches-vervelle"]["quadrant"] == "strategic"
    assert rows["ondrelle-industrie"]["quadrant"] == "star"
    assert rows["nimbrook-software"]["quadrant"] == "status"
    assert rows["braise-textiles"]["quadrant"] == "streamline"
    assert int(rows["lumen-optique"]["selection"]) < 60


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, kamdocs.cli; "
        "print(sorted(m for m in ('docx','pptx','pydantic','babel','jinja2','lxml') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_debug_shows_a_traceback(runner: CliRunner, demo_root: Path) -> None:
    result = runner.invoke(main, ["plan", "nope", "-C", str(demo_root), "--debug"])
    assert result.exit_code == 1
    assert result.exception is not None


def test_a_single_document_reads_only_its_account(runner: CliRunner, ws_copy: Path) -> None:
    broken = ws_copy / "content" / "accounts" / "lumen-optique" / "account.yaml"
    broken.write_text("name: [\n", encoding="utf-8")
    result = runner.invoke(
        main, ["plan", "braise-textiles", "-C", str(ws_copy), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.output
    other = runner.invoke(main, ["plan", "lumen-optique", "-C", str(ws_copy)])
    assert other.exit_code == 1
    assert other.stderr.startswith("content/accounts/lumen-optique/account.yaml:")


def test_proposal_check_reports_each_objective(runner: CliRunner, demo_root: Path) -> None:
    result = runner.invoke(
        main,
        [
            "proposal",
            "marches-vervelle",
            "prev-frais-2027",
            "--check",
            "-C",
            str(demo_root),
            "--as-of",
            "2026-11-23",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:5]] == ["O1", "O2", "O3", "O4", "O5"]
    assert lines[4].endswith("missing validity_default")
    assert "les 90 jours par défaut s'appliquent" in result.stderr


@pytest.mark.parametrize(
    ("script", "entry"),
    [
        ("kamdocs", "run"),
        ("kamdocs-plan", "plan_main"),
        ("kamdocs-review", "review_main"),
        ("kamdocs-proposal", "proposal_main"),
        ("kamdocs-status", "status_main"),
    ],
)
def test_only_the_console_entry_points_turn_the_garbage_collector_off(
    script: str, entry: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc
    import tomllib

    from kamdocs.cli import process

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[script] == f"kamdocs.cli.process:{script.replace('-', '_')}"
    assert getattr(process, script.replace("-", "_")).__doc__ == getattr(process, entry).__doc__
    assert gc.isenabled()
    CliRunner().invoke(main, ["--help"])
    assert gc.isenabled()  # a caller running main in its own process keeps its collector
    monkeypatch.setattr(sys, "argv", [script, "--help"])
    try:
        with pytest.raises(SystemExit) as exited:
            getattr(process, entry)()
        enabled = gc.isenabled()
    finally:
        gc.enable()
    assert exited.value.code == 0
    assert "Usage:" in capsys.readouterr().out
    assert enabled is False


# Counts the collections that run once kamdocs' entry point is called, for a whole plan (none:
# it turns the collector off before it imports the commands and the libraries they use).
COUNT_COLLECTIONS = """
import gc, sys
from kamdocs.cli import process
assert "kamdocs.cli.commands" not in sys.modules and "click" not in sys.modules
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info))
sys.argv = ["kamdocs", *sys.argv[1:]]
try:
    process.run()
except SystemExit as exited:
    print(exited.code, len(collections), "kamdocs.workspace.model" in sys.modules, file=sys.stderr)
"""


def test_the_entry_point_turns_the_collector_off_before_importing_the_commands(
    tmp_path: Path,
) -> None:
    out = tmp_path / "plan.docx"
    args = ["plan", "braise-textiles", "-C", str(REPO), "--out", str(out), "--as-of", "2026-11-23"]
    done = subprocess.run(
        [sys.executable, "-c", COUNT_COLLECTIONS, *args], capture_output=True, text=True
    )
    assert out.is_file(), done.stderr
    assert done.stderr.split()[-3:] == ["0", "0", "True"]  # exit 0, no collection, models in


# The console script, with an exit handler registered before it: Python's shutdown, which
# would run the handler, is skipped once the command is done.
CONSOLE = """
import atexit, sys
atexit.register(print, "shutdown ran")
from kamdocs.cli.process import kamdocs
sys.argv = ["kamdocs", *sys.argv[1:]]
kamdocs()
"""


@pytest.mark.parametrize(
    ("args", "status", "stream", "shown"),
    [
        (["--help"], 0, "stdout", "Usage: kamdocs [OPTIONS] COMMAND"),
        (["plan", "no-such-account", "-C", str(REPO)], 1, "stderr", "no-such-account"),
        (["plan", "--no-such-option"], 2, "stderr", "--no-such-option"),
    ],
)
def test_the_console_script_ends_with_the_command_s_status_and_all_its_output(
    args: list[str], status: int, stream: str, shown: str
) -> None:
    done = subprocess.run([sys.executable, "-c", CONSOLE, *args], capture_output=True, text=True)
    assert done.returncode == status
    assert shown in getattr(done, stream)  # flushed before the process ended
    assert "shutdown ran" not in done.stdout


def test_the_console_script_shows_a_text_exit_and_fails() -> None:
    script = (
        "import sys\nfrom kamdocs.cli import process\n"
        "process._script(lambda: sys.exit('arrêt : motif'))()"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "arrêt : motif\n")


def test_output_the_console_script_cannot_flush_fails_it_with_python_s_status() -> None:
    with open("/dev/full", "w") as full:  # every write fails: no space left
        done = subprocess.run(
            [sys.executable, "-c", CONSOLE, "--help"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    assert done.returncode == 120
    assert done.stderr.startswith("the command's messages could not be written where they go")
    assert "Traceback" not in done.stderr


def test_a_console_script_whose_pipe_is_closed_fails_quietly() -> None:
    """As `kamdocs list | head -0` would: the reading end is gone before the first line, so
    the first write fails (EPIPE); click ends the command with status 1, no traceback."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            [sys.executable, "-c", CONSOLE, "--help"], stdout=writing, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (1, "")


def test_a_traced_console_script_ends_through_python_s_shutdown() -> None:
    """A tracer, profiler or coverage writes what it measured from an exit handler."""
    tracer = "sys.settrace(lambda *event: None)"
    traced = CONSOLE.replace("import atexit, sys", f"import atexit, sys\n{tracer}")
    done = subprocess.run([sys.executable, "-c", traced, "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.endswith("shutdown ran\n")


def test_a_document_written_before_the_quick_exit_is_whole(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "plan.docx"
    args = ["plan", "braise-textiles", "-C", str(REPO), "--out", str(out), "--as-of", "2026-11-23"]
    done = subprocess.run([sys.executable, "-c", CONSOLE, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    assert docx.Document(str(out)).paragraphs  # a whole package that Word's reader opens
