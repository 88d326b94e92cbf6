"""The command line: parse options, call the driver, turn user errors into messages and codes.

Exit codes: 0 done (warnings allowed), 1 content/template/rendering errors, 2 usage errors.
Heavy libraries (python-docx, python-pptx, pydantic, Babel) are imported inside commands so
that `kamdocs --help` starts fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from kamdocs.building.request import DocumentKey, Options
    from kamdocs.errors import Problem
    from kamdocs.workspace.loader import Workspace

from kamdocs import __version__

LANG = click.Choice(["fr", "en"])


def resolve_as_of(value: str | None) -> dt.date:
    """Return the run's as-of date: --as-of, else SOURCE_DATE_EPOCH, else the local date."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            from kamdocs.errors import word

            raise click.BadParameter(
                word("bad_as_of", {"value": repr(value)}), param_hint="--as-of"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except ValueError:
            from kamdocs.errors import word

            raise click.UsageError(word("bad_source_date_epoch", {"value": repr(epoch)})) from None
    return dt.date.today()


def _wrote(path: object) -> str:
    from kamdocs.errors import word

    return word("wrote", {"path": path})


def print_problems(problems: Iterable[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.file, p.line, p.column, p.field)):
        click.echo(problem.format(), err=True)


def message_language(workspace: Path | None, environ: dict[str, str] | None = None) -> str:
    """Return the language of kamdocs' messages: the `language` written in the workspace's
    kamdocs.yaml, else the environment's locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    from kamdocs.errors import LANGUAGES, language_of_locale
    from kamdocs.workspace.outputdir import explicit_language

    written = explicit_language(workspace) if workspace is not None else None
    if written in LANGUAGES:
        return str(written)
    return language_of_locale(os.environ if environ is None else environ) or "en"


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn KamdocsError into its message on stderr and exit code 1 (traceback with --debug);
    messages are worded in the workspace's language for the length of the command."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kamdocs.errors import set_language

        former = set_language(message_language(kwargs.get("workspace")))
        try:
            return _reported(func, *args, **kwargs)
        finally:
            set_language(former)

    return wrapper


def _reported(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `func`; a user's error becomes its message on stderr and exit code 1."""
    debug = kwargs.pop("debug", False)
    from kamdocs.errors import ContentError, KamdocsError

    try:
        return func(*args, **kwargs)
    except ContentError as exc:
        if debug:
            raise
        print_problems(exc.problems)
        sys.exit(1)
    except KamdocsError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command accepts: -C/--workspace and --debug."""
    func = click.option("--debug", is_flag=True, help="Show a traceback on errors.")(func)
    func = click.option(
        "-C",
        "--workspace",
        "workspace",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=False,
        help="Workspace folder (default: the current folder).",
    )(func)
    return user_errors(func)


def doc_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the document commands, handed to the command as one `opts` (an
    `Options`) and a `pdf` flag."""

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        lang: str | None,
        out: Path | None,
        reference: Path | None,
        template: Path | None,
        as_of: str | None,
        **kwargs: Any,
    ) -> Any:
        from kamdocs.building.request import Options

        opts = Options(
            today=resolve_as_of(as_of), lang=lang, out=out, reference=reference, template=template
        )
        return func(*args, opts=opts, **kwargs)

    for option in reversed(
        [
            click.option("--lang", type=LANG, help="Output language (default: data's language)."),
            click.option(
                "--out",
                type=click.Path(dir_okay=False, path_type=Path),
                help=(
                    "Output file (default: <output_dir>/<slug>/<standard name>, "
                    "output_dir being build/ unless kamdocs.yaml sets it)."
                ),
            ),
            click.option(
                "--reference",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Reference document giving styles or layouts.",
            ),
            click.option(
                "--template",
                type=click.Path(exists=True, file_okay=False, path_type=Path),
                help="Templates root overriding the workspace's and packaged ones.",
            ),
            click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date)."),
            click.option("--pdf", is_flag=True, help="Also write a PDF through LibreOffice."),
        ]
    ):
        wrapper = option(wrapper)
    return wrapper


def _load(
    workspace: Path,
    only: str | None = None,
    *,
    other_proposals: bool = False,
    proposals: bool = True,
) -> Workspace:
    """Load the workspace; a single-document command loads only its account (and a plan or a
    deck not even that account's proposals)."""
    from kamdocs.workspace.loader import load_workspace

    if not workspace.is_dir():
        from kamdocs.errors import KamdocsError

        raise KamdocsError.of("no_workspace_folder", path=workspace)
    return load_workspace(
        workspace,
        None if only is None else [only],
        other_proposals=other_proposals,
        proposals=proposals,
    )


def _build_one(kind: str, ws: Workspace, key: DocumentKey, opts: Options, pdf: bool) -> None:
    """Build one document through the driver and report what it wrote."""
    from kamdocs.building.driver import build_document

    built = build_document(kind, ws, key, opts)
    print_problems(built.warnings)
    click.echo(_wrote(built.path))
    for extra in built.companions:
        click.echo(_wrote(extra))
    if pdf:
        from kamdocs.building.layout import write_pdfs

        settings = ws.settings.model
        for path in write_pdfs([built.path], settings.soffice if settings else "soffice"):
            click.echo(_wrote(path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kamdocs")
def main() -> None:
    """kamdocs: key account plans, QBR decks and commercial proposals from YAML data."""


@main.command("plan")
@click.argument("account")
@click.option(
    "--audience", type=click.Choice(["internal", "client"]), default="internal", show_default=True
)
@doc_options
@common
def plan_cmd(workspace: Path, account: str, audience: str, opts: Options, pdf: bool) -> None:
    """Write the account plan (Word) of ACCOUNT."""
    from kamdocs.building.request import DocumentKey

    ws = _load(workspace, account, proposals=False)
    _build_one("plan", ws, DocumentKey(account, audience=audience), opts, pdf)


@main.command("review")
@click.argument("account")
@click.option("--quarter", metavar="YYYY-Qn", help="Review quarter (default: the latest).")
@click.option(
    "--audience", type=click.Choice(["client", "internal"]), default="client", show_default=True
)
@doc_options
@common
def review_cmd(
    workspace: Path, account: str, quarter: str | None, audience: str, opts: Options, pdf: bool
) -> None:
    """Write the quarterly business review deck (PowerPoint) of ACCOUNT."""
    from kamdocs.building.request import DocumentKey

    ws = _load(workspace, account, proposals=False)
    _build_one("review", ws, DocumentKey(account, audience=audience, quarter=quarter), opts, pdf)


@main.command("proposal")
@click.argument("account")
@click.argument("proposal_id")
@doc_options
@click.option("--check", "check_only", is_flag=True, help="Report only; build nothing.")
@click.option(
    "--allow-noncompliant",
    is_flag=True,
    help="Accept eliminatory requirements that are not compliant.",
)
@click.option(
    "--allow-empty-criteria",
    is_flag=True,
    help="Build a tender whose weighted criterion gets no content (marked 'no answer').",
)
@click.option("--pack", "pack_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Write the tender's submission pack into DIR.")  # fmt: skip
@common
def proposal_cmd(
    workspace: Path,
    account: str,
    proposal_id: str,
    opts: Options,
    pdf: bool,
    check_only: bool,
    allow_noncompliant: bool,
    allow_empty_criteria: bool,
    pack_dir: Path | None,
) -> None:
    """Write the commercial proposal PROPOSAL_ID (Word) of ACCOUNT."""
    import dataclasses

    from kamdocs.building import driver
    from kamdocs.building.request import DocumentKey

    key = DocumentKey(account, proposal=proposal_id)
    # --check and --pdf run LibreOffice anyway, so it also counts the mémoire's pages.
    opts = dataclasses.replace(
        opts,
        allow_noncompliant=allow_noncompliant,
        allow_empty_criteria=allow_empty_criteria,
        count_pages=check_only or pdf,
    )
    ws = _load(workspace, account, other_proposals=True)
    if pack_dir is not None and not check_only:
        from kamdocs.building.pack import write_pack
        from kamdocs.errors import word

        written = write_pack(ws, key, opts, pack_dir)
        print_problems(written.warnings)
        for line in written.lines:
            click.echo(line)
        size = f"{written.size / 1_000_000:.2f}"
        click.echo(word("pack_written", {"path": pack_dir, "files": written.files, "size": size}))
        return
    if not check_only:
        _build_one("proposal", ws, key, opts, pdf)
        return
    problems = driver.check_proposal(ws, key, opts)
    print_problems(problems)
    from kamdocs.checks.objectives import report_lines
    from kamdocs.errors import ContentError

    try:
        findings = driver.proposal_report(ws, key, opts)
    except ContentError:  # the proposal file's errors, printed above once
        findings = []
    for line in report_lines(findings):
        click.echo(line)
    for line in driver.tender_report(ws, key):
        click.echo(line)
    errors = [p for p in problems if p.is_error]
    from kamdocs.errors import word

    counts = {"errors": len(errors), "warnings": len(problems) - len(errors)}
    click.echo(word("proposal_total", {"proposal": f"{account}/{proposal_id}", **counts}))
    sys.exit(1 if errors else 0)


def _date_option(value: str | None, hint: str) -> dt.date | None:
    """Return the ISO date `value` of option `hint` (None when not given)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"expected a date such as 2026-09-30, got {value!r}", param_hint=hint
        ) from None


@main.command("status")
@click.argument("account")
@click.option("--since", metavar="DATE", help="Start of the window (default: 14 days before).")
@click.option("--lang", type=LANG, help="Output language (default: data's language).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output .eml (default: <output_dir>/<slug>/<standard name>); the .md goes beside it.",
)
@click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date).")
@common
def status_cmd(
    workspace: Path,
    account: str,
    since: str | None,
    lang: str | None,
    out: Path | None,
    as_of: str | None,
) -> None:
    """Write the fortnightly status e-mail of ACCOUNT (.eml, ready to send, and .md)."""
    from kamdocs.building.request import DocumentKey, Options

    opts = Options(today=resolve_as_of(as_of), lang=lang, out=out)
    key = DocumentKey(account, audience="client", since=_date_option(since, "--since"))
    ws = _load(workspace, account, proposals=False)
    _build_one("status", ws, key, opts, False)


@main.command("call")
@click.argument("account")
@click.option("--date", "day", metavar="DATE", help="Day of the call (default: next call).")
@click.option(
    "--audience", type=click.Choice(["client", "internal"]), default="client", show_default=True
)
@doc_options
@common
def call_cmd(
    workspace: Path, account: str, day: str | None, audience: str, opts: Options, pdf: bool
) -> None:
    """Write the agenda (Word) of the monthly call with ACCOUNT."""
    from kamdocs.building.request import DocumentKey

    key = DocumentKey(account, audience=audience, date=_date_option(day, "--date"))
    ws = _load(workspace, account, proposals=False)
    _build_one("call", ws, key, opts, pdf)


@main.command("build")
@click.option("--only", "only", multiple=True, metavar="SLUG", help="Build only these accounts.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel processes (default: CPU count).",
)
@click.option("--lang", type=LANG, help="Language of every document (default: each one's).")
@click.option("--pdf", is_flag=True, help="Also write PDFs through LibreOffice.")
@click.option("--force", is_flag=True, help="Rebuild everything, even up-to-date documents.")
@click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date).")
@click.option("--allow-noncompliant", is_flag=True)
@click.option(
    "--allow-empty-criteria",
    is_flag=True,
    help="Build a tender whose weighted criterion gets no content (marked 'no answer').",
)
@click.option("--quiet", is_flag=True, help="Print only problems and the summary.")
@common
def build_cmd(
    workspace: Path,
    only: tuple[str, ...],
    jobs: int | None,
    lang: str | None,
    pdf: bool,
    force: bool,
    as_of: str | None,
    allow_noncompliant: bool,
    allow_empty_criteria: bool,
    quiet: bool,
) -> None:
    """Build every document of every key account, then the portfolio overview."""
    from kamdocs.building import batch
    from kamdocs.cli.report import TerminalReport

    gc.enable()  # workers build document after document: free each one's cycles

    code = batch.run_build(
        workspace.resolve(),
        only=only,
        jobs=jobs or os.cpu_count() or 1,
        lang=lang,
        pdf=pdf,
        force=force,
        today=resolve_as_of(as_of),
        allow_noncompliant=allow_noncompliant,
        report=TerminalReport(quiet=quiet, tty=sys.stdout.isatty()),
        allow_empty_criteria=allow_empty_criteria,
    )
    sys.exit(code)


@main.command("check")
@click.option("--strict", is_flag=True, help="Warnings count as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--allow-noncompliant", is_flag=True)
@click.option(
    "--allow-empty-criteria",
    is_flag=True,
    help="Build a tender whose weighted criterion gets no content (marked 'no answer').",
)
@click.option(
    "--audience",
    type=click.Choice(["client"]),
    help="Only scan the client editions for internal data (the leak scanner).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date).")
@common
def check_cmd(
    workspace: Path,
    strict: bool,
    fmt: str,
    allow_noncompliant: bool,
    allow_empty_criteria: bool,
    audience: str | None,
    as_of: str | None,
) -> None:
    """Validate the whole workspace, build every client edition in memory to scan it for
    internal data, and report every problem at once."""
    from kamdocs.building.check_run import check_workspace

    ws = _load(workspace)
    report = check_workspace(
        ws,
        resolve_as_of(as_of),
        allow_noncompliant=allow_noncompliant,
        client_only=audience == "client",
        allow_empty_criteria=allow_empty_criteria,
    )
    problems = report.problems
    failing = [p for p in problems if p.is_error or strict]
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print_problems(problems)
        for line in report.lines:
            click.echo(line)
        from kamdocs.errors import word

        errors = sum(p.is_error for p in problems)
        counts = {"errors": errors, "warnings": len(problems) - errors}
        click.echo(word("check_total", {"accounts": len(ws.accounts), **counts}))
    sys.exit(1 if failing else 0)


@main.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date).")
@common
def list_cmd(workspace: Path, fmt: str, as_of: str | None) -> None:
    """List accounts: sector, owner, revenue vs target, quadrant, health, selection score."""
    from kamdocs.building.check_run import account_rows

    ws = _load(workspace)
    rows = account_rows(ws, resolve_as_of(as_of))
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    headers = [
        "account",
        "sector",
        "owner",
        "revenue_ytd",
        "target",
        "quadrant",
        "health",
        "selection",
    ]
    table = [headers] + [
        [str(r.get(h) if r.get(h) is not None else "-") for h in headers] for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--debug", is_flag=True)
@user_errors
def init_cmd(directory: Path) -> None:
    """Write a commented starter workspace into DIRECTORY."""
    from kamdocs.building.starters import init_workspace

    for path in init_workspace(directory):
        click.echo(_wrote(path))


@main.group("new")
def new_group() -> None:
    """Write a commented skeleton: account, review or proposal."""


@new_group.command("account")
@click.argument("slug")
@common
def new_account(workspace: Path, slug: str) -> None:
    """Start a new account.

    Writes content/accounts/SLUG/account.yaml, a commented skeleton to fill in."""
    from kamdocs.building.starters import new_account_file, write_missing_schemas

    click.echo(_wrote(new_account_file(workspace, slug)))
    for path in write_missing_schemas(workspace):
        click.echo(_wrote(path))


@new_group.command("review")
@click.argument("account")
@click.argument("quarter")
@common
def new_review(workspace: Path, account: str, quarter: str) -> None:
    """Start the review of a quarter.

    Writes the review of QUARTER (YYYY-Qn) of ACCOUNT, carrying the previous one's KPIs,
    priorities and decisions forward."""
    from kamdocs.building.starters import new_review_file, write_missing_schemas

    click.echo(_wrote(new_review_file(workspace, account, quarter)))
    for path in write_missing_schemas(workspace):
        click.echo(_wrote(path))


@new_group.command("proposal")
@click.argument("account")
@click.argument("proposal_id")
@common
def new_proposal(workspace: Path, account: str, proposal_id: str) -> None:
    """Start a commercial proposal.

    Writes the proposal PROPOSAL_ID of ACCOUNT, a commented skeleton titled for the client."""
    from kamdocs.building.starters import new_proposal_file, write_missing_schemas

    click.echo(_wrote(new_proposal_file(workspace, account, proposal_id)))
    for path in write_missing_schemas(workspace):
        click.echo(_wrote(path))


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--preset",
    type=click.Choice(["salesforce", "hubspot", "dynamics", "generic"]),
    default="generic",
    show_default=True,
    help="Whose export: its column names, stages and date order.",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file: columns, value maps, date order, decimal separator (on top of the preset).",
)
@click.option("--account", "only", metavar="SLUG", help="Import only this account's rows.")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.option("--prune", is_flag=True, help="Remove records the export no longer has.")
@click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date).")
@common
def import_cmd(
    workspace: Path,
    sources: tuple[Path, ...],
    preset: str,
    mapping: Path | None,
    only: str | None,
    dry_run: bool,
    prune: bool,
    as_of: str | None,
) -> None:
    """Merge CRM or spreadsheet exports (CSV, XLSX) into the account files."""
    from kamdocs.importing.run import apply_import, choose_preset, plan_import

    today = resolve_as_of(as_of)
    ws = _load(workspace)
    plan = plan_import(
        ws, list(sources), choose_preset(preset, mapping), only=only, prune=prune, today=today
    )
    for line in plan.report:
        click.echo(line)
    for change in plan.changes:
        click.echo(f"{change.path}: {len(change.changes)} change(s)")
        for text in change.changes:
            click.echo(f"  {text}")
        if dry_run:
            click.echo(change.diff(), nl=False)
    if not plan.changes:
        click.echo("nothing to change: the workspace already holds these exports")
        return
    if dry_run:
        click.echo("dry run: nothing written")
        return
    backup = apply_import(ws, plan, today)
    assert backup is not None
    shown = backup.relative_to(ws.root) if backup.is_relative_to(ws.root) else backup
    click.echo(f"wrote {len(plan.changes)} file(s); previous versions kept in {shown}")
    click.echo(f"to undo: copy {shown}/content over the workspace's content folder")


@main.command("schema")
@click.option(
    "--kind",
    type=click.Choice(["account", "review", "proposal", "company", "settings"]),
    default="account",
    show_default=True,
)
def schema_cmd(kind: str) -> None:
    """Print the JSON Schema of a file kind (for editor completion and checking)."""
    from kamdocs.workspace.schema import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))


def _add_watch() -> None:
    # The command lives in its own module; importing it here costs only click's decorators.
    from kamdocs.cli.watching import watch_cmd

    main.add_command(watch_cmd)


_add_watch()
