"""`kamdocs build`: every document of every account, then the portfolio, incrementally.

Two phases, as mkdocs and Pelican do: first decide, from byte digests only (see
`building.manifest`), which documents are stale; then build those, one document per task, in
worker processes that each load the workspace once. A document's bytes depend only on its
inputs, so a parallel build writes exactly what a sequential one does. The manifest records a
document only after its file is on disk, so it never vouches for a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamdocs.building import manifest as incremental
from kamdocs.building.output import clean_leftovers
from kamdocs.building.request import DocumentKey, Options
from kamdocs.valueclass import valueclass
from kamdocs.workspace.outputdir import configured_output_dir

if TYPE_CHECKING:
    from concurrent.futures import Future

    from kamdocs.building.driver import Built
    from kamdocs.documents.portfolio_lines import AccountLine, Portfolio
    from kamdocs.workspace import model as m
    from kamdocs.workspace.loader import Workspace

MANIFEST_SAVE_INTERVAL_S = 1.0


@valueclass(frozen=True)
class Task:
    """One document to build: `arg` is the audience, the quarter or the proposal id."""

    key: str
    kind: str
    slug: str
    arg: str
    inputs: str
    # the fingerprint of the account's portfolio line, for the document that records it
    # (the internal plan); for the portfolio, (slug, that fingerprint) of every account
    figures: str = ""
    accounts: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        what = {
            "plan": f"plan ({self.arg})",
            "review": f"review {self.arg} (client)",
            "proposal": f"proposal {self.arg}",
            "portfolio": "portfolio summary",
            "portfolio-deck": "portfolio deck",
            "status": "status e-mail",
            "call": f"call agenda ({self.arg})",
        }
        return f"{self.slug}: {what[self.kind]}" if self.slug else what[self.kind]


@valueclass
class Result:
    key: str
    path: str | None = None  # relative to the workspace
    companions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # the errors are the inputs' (located problems), not the disk's or LibreOffice's
    in_inputs: bool = False
    # the portfolio lines read while building: slug -> (inputs, line as JSON)
    figures: dict[str, tuple[str, Any]] = field(default_factory=dict)


@valueclass(frozen=True)
class RunOptions:
    root: Path
    today: dt.date
    lang: str | None
    allow_noncompliant: bool
    allow_empty_criteria: bool = False
    pdf: bool = False  # LibreOffice runs: the .docx carry laid-out page numbers


# --- planning: which documents, which are stale (bytes only) ---------------------------------


def plan_tasks(
    root: Path, folders: Sequence[Path], opts: RunOptions, with_portfolio: bool
) -> list[Task]:
    """Return every document of the run with its input fingerprint."""
    prints = incremental.fingerprints(root)
    # --pdf changes the .docx (laid-out page numbers), so it is part of every fingerprint.
    base = {"as_of": opts.today.isoformat(), "lang": opts.lang, "pdf": opts.pdf}
    tasks: list[Task] = []
    scanned = [incremental.scan_account(root, folder) for folder in folders]
    lines = {acc.slug: prints.figures(base, acc.slug, acc.base) for acc in scanned}
    for acc in scanned:
        for audience in ("internal", "client"):
            inputs = prints.task("plan", {**base, "audience": audience}, acc.slug, acc.base)
            line = lines[acc.slug] if audience == "internal" else ""
            tasks.append(
                Task(f"plan/{acc.slug}/{audience}", "plan", acc.slug, audience, inputs, line)
            )
        if acc.reviews:
            quarter = acc.reviews[-1]
            inputs = prints.task(
                "review", {**base, "audience": "client", "quarter": quarter}, acc.slug, acc.base
            )
            tasks.append(Task(f"review/{acc.slug}", "review", acc.slug, quarter, inputs))
        for kind, audience in (("status", "client"), ("call", "client")):
            inputs = prints.task(kind, {**base, "audience": audience}, acc.slug, acc.base)
            tasks.append(Task(f"{kind}/{acc.slug}", kind, acc.slug, audience, inputs))
        for proposal_id, digest in sorted(acc.proposals.items()):
            options = {**base, "allow_noncompliant": opts.allow_noncompliant,
                       "allow_empty_criteria": opts.allow_empty_criteria}  # fmt: skip
            inputs = prints.task("proposal", options, acc.slug, acc.base, proposal_id, digest)
            tasks.append(
                Task(
                    f"proposal/{acc.slug}/{proposal_id}", "proposal", acc.slug, proposal_id, inputs
                )
            )
    if with_portfolio:
        everything = [f"{a.slug}:{a.base}" for a in scanned]
        accounts = tuple(lines.items())
        for kind in ("portfolio", "portfolio-deck"):
            inputs = prints.task(kind, base, *everything)
            tasks.append(Task(kind, kind, "", "", inputs, accounts=accounts))
    return tasks


# --- building one document (in a worker or in this process) ----------------------------------


class Builder:
    """Builds documents of one workspace, loading for each what it needs.

    An account's documents load that account only (and, for a proposal, the other accounts'
    proposals, which the generic-text check compares), as the single-document commands do;
    the portfolio loads every account. Only the last load is kept, so memory follows the
    largest account, not the size of the workspace: a batch stays flat however many
    accounts it builds.
    """

    def __init__(self, opts: RunOptions):
        self.opts = opts
        self._loaded: tuple[tuple[str, ...] | None, Workspace] | None = None
        self._proposals: dict[str, m.Proposal] | None = None

    def workspace(self, slug: str | None, *, other_proposals: bool = False) -> Workspace:
        """Return the workspace loaded for `slug` (None: every account).

        With `other_proposals`, the other accounts' proposals are attached; they are read once
        per process, not once per proposal (which would read N proposals N times).
        """
        ws = self._load(None if slug is None else (slug,))
        if other_proposals and slug is not None:
            ws.other_proposals = {
                key: proposal
                for key, proposal in self._all_proposals().items()
                if key.partition("/")[0] != slug
            }
        return ws

    def _load(self, only: tuple[str, ...] | None) -> Workspace:
        """Return the workspace with the accounts `only` (None: every account)."""
        if self._loaded is None or self._loaded[0] != only:
            from kamdocs.workspace.loader import load_workspace

            self._loaded = None  # free the previous load before reading the next one
            self._loaded = (only, load_workspace(self.opts.root, only))
        return self._loaded[1]

    def _all_proposals(self) -> dict[str, m.Proposal]:
        if self._proposals is None:
            from kamdocs.workspace.loader import account_proposals

            self._proposals = {}
            for folder in incremental.account_folders(self.opts.root):
                self._proposals.update(account_proposals(folder, self.opts.root))
        return self._proposals

    def build(self, task: Task, known: Mapping[str, Any] | None = None) -> Result:
        """Return what building `task` wrote or why it failed; never raises a user error.

        `known` holds the recorded portfolio lines of the accounts whose inputs did not
        change (slug -> line as JSON), which the portfolio then does not read again."""
        from kamdocs.errors import ContentError, KamdocsError

        result = Result(task.key)
        try:
            built = self._build(task, known or {}, result)
        except ContentError as exc:
            result.errors = [p.format() for p in sorted(exc.problems)]
            result.in_inputs = True
            return result
        except KamdocsError as exc:
            result.errors = [str(exc)]
            return result
        except Exception as exc:  # a bug: report it with where it happened, keep building
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            result.errors = [
                f"{frame.filename}:{frame.lineno}: internal error (a bug in "
                f"kamdocs): {type(exc).__name__}: {exc}"
            ]
            return result
        root = self.opts.root
        result.path = _relative(built.path, root)
        result.companions = [_relative(p, root) for p in built.companions]
        result.warnings = [p.format() for p in built.warnings]
        return result

    def _build(self, task: Task, known: Mapping[str, Any], result: Result) -> Built:
        from kamdocs.building.driver import build_document

        options = Options(
            today=self.opts.today,
            lang=self.opts.lang,
            allow_noncompliant=self.opts.allow_noncompliant,
            allow_empty_criteria=self.opts.allow_empty_criteria,
        )
        if task.kind == "plan":
            key = DocumentKey(task.slug, audience=task.arg)
        elif task.kind == "review":
            key = DocumentKey(task.slug, audience="client", quarter=task.arg)
        elif task.kind == "proposal":
            key = DocumentKey(task.slug, proposal=task.arg)
        elif task.kind in ("status", "call"):
            key = DocumentKey(task.slug, audience=task.arg)
        else:
            key = DocumentKey()
        if task.accounts:  # the portfolio: its lines first, one account at a time
            ws = self._load(())
            if ws.settings.model is not None and ws.company.model is not None:
                options = replace(options, portfolio=self._portfolio(task, known, result))
        else:
            ws = self.workspace(task.slug or None, other_proposals=task.kind == "proposal")
        built = build_document(task.kind, ws, key, options)
        if task.figures:
            self._note_line(ws, task.slug, task.figures, result)
        return built

    def _portfolio(self, task: Task, known: Mapping[str, Any], result: Result) -> Portfolio:
        """Return the portfolio of `task.accounts`: each line recorded in `known`, else read
        from its account, loaded alone and let go before the next (so memory stays flat)."""
        from kamdocs.documents.portfolio_lines import left_out, line_from_json, portfolio

        lines: list[AccountLine] = []
        excluded: list[str] = []
        for slug, inputs in task.accounts:
            if slug in known:
                try:
                    line = None if known[slug] is None else line_from_json(known[slug])
                except (ValueError, TypeError, KeyError):  # a damaged entry: read it again
                    pass
                else:
                    lines.extend([line] if line else [])
                    continue
            ws = self.workspace(slug)
            bundle = ws.accounts.get(slug)
            if bundle is None:
                continue
            if left_out(bundle):
                excluded.append(bundle.account.file)
                continue
            line = self._note_line(ws, slug, inputs, result)
            lines.extend([line] if line else [])
        return portfolio(lines, excluded)

    def _note_line(
        self, ws: Workspace, slug: str, inputs: str, result: Result
    ) -> AccountLine | None:
        """Read the portfolio line of account `slug` of `ws` into `result.figures`."""
        from kamdocs.documents.portfolio_lines import account_line, left_out, line_to_json

        bundle = ws.accounts.get(slug)
        settings = ws.settings.model
        if bundle is None or left_out(bundle) or settings is None or ws.company.model is None:
            return None
        line = account_line(bundle, ws.company.model, settings, self.opts.today)
        result.figures[slug] = (inputs, None if line is None else line_to_json(line))
        return line


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


_WORKER: Builder | None = None


def _worker_init(opts: RunOptions) -> None:
    global _WORKER  # one Builder (and so one loaded workspace) per worker process
    _WORKER = Builder(opts)


def _worker_build(task: Task, known: Mapping[str, Any]) -> Result:
    assert _WORKER is not None
    return _WORKER.build(task, known)


def _results(
    tasks: list[Task], opts: RunOptions, jobs: int, known: Callable[[Task], Mapping[str, Any]]
) -> Iterator[tuple[Task, Result]]:
    """Yield (task, result) as documents finish, in parallel when `jobs` > 1.

    The portfolio's documents come last, once every account's are done and recorded (the
    caller records each result before asking for the next), so that `known(task)` finds the
    lines the accounts' documents have just read."""
    rounds = [[t for t in tasks if not t.accounts], [t for t in tasks if t.accounts]]
    if jobs <= 1 or len(tasks) <= 1:
        builder = Builder(opts)
        for task in (t for round_ in rounds for t in round_):
            yield task, builder.build(task, known(task))
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), initializer=_worker_init, initargs=(opts,)
    ) as pool:
        for round_ in rounds:
            pending: dict[Future[Result], Task] = {
                pool.submit(_worker_build, t, known(t)): t for t in round_
            }
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in sorted(done, key=lambda f: pending[f].key):
                        yield pending.pop(future), future.result()
            finally:
                for future in pending:
                    future.cancel()


# --- the run ---------------------------------------------------------------------------------


class Report:
    """What a build tells its user as it goes. This one keeps quiet; the command line's
    report prints it."""

    def start(self, total: int) -> None:
        """`total` documents are about to be built."""

    def up_to_date(self, name: str) -> None:
        """Document `name` (relative to the workspace) needs no rebuild."""

    def built(self, task: Task, name: str) -> None:
        """`task` wrote `name` (relative to the workspace)."""

    def documents_done(self) -> None:
        """Every stale document was built or failed; PDFs, warnings and the summary follow."""

    def pdf_built(self, name: str) -> None:
        """LibreOffice wrote the PDF `name`."""

    def failed(self, task: Task, errors: list[str]) -> None:
        """`task` failed with these located errors (none: the ones printed already)."""

    def problem(self, line: str) -> None:
        """A warning or an error that is not one document's."""

    def finish(self, summary: str) -> None:
        """The run is over; `summary` counts what it did."""


@valueclass
class Tally:
    built: int = 0
    fresh: int = 0
    failed: int = 0
    warnings: set[str] = field(default_factory=set)

    def line(self) -> str:
        return (
            f"built {self.built}, up to date {self.fresh}, failed {self.failed}, "
            f"warnings {len(self.warnings)}"
        )


def run_build(
    root: Path,
    *,
    only: Sequence[str],
    jobs: int,
    lang: str | None,
    pdf: bool,
    force: bool,
    today: dt.date,
    allow_noncompliant: bool,
    report: Report,
    allow_empty_criteria: bool = False,
) -> int:
    """Build the stale documents of the workspace at `root`; return the exit code (0 or 1)."""
    root = root.resolve()
    build_dir = root / configured_output_dir(root)
    clean_leftovers(build_dir)
    folders = incremental.account_folders(root)
    if not folders and not (root / "content").is_dir():
        report.problem(f"Error: {root}: no content/ folder; pass -C DIR or run 'kamdocs init DIR'")
        return 1
    known = {f.name: f for f in folders}
    unknown = [s for s in only if s not in known]
    if unknown:
        listed = ", ".join(known) or "(none)"
        for slug in unknown:
            report.problem(f"Error: unknown account '{slug}'; accounts in this workspace: {listed}")
        return 1
    chosen = [known[s] for s in dict.fromkeys(only)] if only else folders
    refused = [] if only else incremental.refused_folders(root)
    for problem in refused:  # `check` reports them as errors: the build fails on them too
        report.problem(problem.format())
    opts = RunOptions(root, today, lang, allow_noncompliant, allow_empty_criteria, pdf)
    tasks = plan_tasks(root, chosen, opts, with_portfolio=not only)
    manifest = incremental.read_manifest(build_dir)
    if not only:  # the lines of accounts that are gone are dropped with their next save
        manifest.figures = {s: e for s, e in manifest.figures.items() if s in known}
    tally = Tally(failed=len(refused))
    stale, up_to_date = _stale_tasks(tasks, manifest, root, force, tally, report)
    written = _build_stale(stale, opts, jobs, manifest, tally, report)
    for line in sorted(tally.warnings):
        report.problem(line)
    if pdf:
        tally.failed += _convert_pdfs(root, written, up_to_date, report)
    report.finish(tally.line())
    return 1 if tally.failed else 0


def _stale_tasks(
    tasks: list[Task],
    manifest: incremental.Manifest,
    root: Path,
    force: bool,
    tally: Tally,
    report: Report,
) -> tuple[list[Task], list[str]]:
    """Return the tasks to build and the outputs that are up to date (all stale with
    `force`), counting the latter in `tally`."""
    stale: list[Task] = []
    up_to_date: list[str] = []
    for task in tasks:
        name = None if force else manifest.fresh(root, task.key, task.inputs)
        if name is not None:
            tally.fresh += 1
            up_to_date.append(name)
            report.up_to_date(name)
        else:
            stale.append(task)
    return stale, up_to_date


def _build_stale(
    stale: list[Task],
    opts: RunOptions,
    jobs: int,
    manifest: incremental.Manifest,
    tally: Tally,
    report: Report,
) -> list[str]:
    """Build `stale` and return the outputs written. The manifest records each document
    once its file is on disk, and is saved at least every MANIFEST_SAVE_INTERVAL_S."""
    written: list[str] = []
    shown: set[str] = set()  # every problem is printed once per run, with its first document
    last_save = time.monotonic()
    report.start(len(stale))
    try:
        for task, result in _results(stale, opts, jobs, lambda t: recorded_lines(manifest, t)):
            manifest.record_figures(result.figures)
            tally.warnings.update(result.warnings)
            if result.path is None:
                tally.failed += 1
                report.failed(task, [e for e in result.errors if e not in shown])
                shown.update(result.errors)
                continue
            manifest.record(result.path, task.key, task.inputs, result.companions)
            tally.built += 1
            written.append(result.path)
            report.built(task, result.path)
            if time.monotonic() - last_save > MANIFEST_SAVE_INTERVAL_S:
                manifest.save()
                last_save = time.monotonic()
    finally:
        if tally.built or not manifest.path.is_file():
            manifest.save()
    report.documents_done()
    return written


def recorded_lines(manifest: incremental.Manifest, task: Task) -> Mapping[str, Any]:
    """Return the recorded portfolio lines `task` may use (none for an account's document)."""
    return manifest.known_figures(task.accounts) if task.accounts else {}


def _convert_pdfs(root: Path, written: list[str], up_to_date: list[str], report: Report) -> int:
    """Convert this run's documents (and up-to-date ones lacking a PDF) in one LibreOffice run.

    Return the number of failures (0 or 1).
    """
    from kamdocs.building.layout import write_pdfs
    from kamdocs.building.pdf import pdf_wanted
    from kamdocs.errors import KamdocsError
    from kamdocs.workspace.loader import load_file
    from kamdocs.workspace.model import Settings

    wanted = pdf_wanted(root, written, up_to_date)
    if not wanted:
        return 0
    soffice = "soffice"
    if (root / "kamdocs.yaml").is_file():
        settings = load_file(root / "kamdocs.yaml", root, Settings).model
        soffice = settings.soffice if settings else soffice
    try:
        for path in write_pdfs([root / n for n in wanted], soffice):
            report.pdf_built(_relative(path, root))
    except KamdocsError as exc:
        report.problem(f"Error: {exc}")
        return 1
    return 0
