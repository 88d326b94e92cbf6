"""`kamdocs watch`: rebuild on each save what `kamdocs build` would rebuild.

The process stays alive, and so do its imports, its compiled templates and its caches;
the decision of what to rebuild is the incremental build's (`building.manifest`): after a
save, the documents whose input fingerprint changed are stale, the others are up to date.
`Watcher.rebuild` takes the set of changed paths, so that tests inject events; `watch_loop`
feeds it from watchfiles (inotify and its equivalents, no polling loop here).

A file saved with an error fails the documents that depend on it, which are reported with
their located problems; their previous outputs stay, as every output is written atomically
and recorded in the manifest only once it is on disk. A document that failed on its inputs'
problems is not built again until its inputs change; one that failed on the disk (its .docx
open in Word, a full disk) is tried again on the next save.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from pathlib import Path

from kamdocs.building import manifest as incremental
from kamdocs.building.batch import Builder, RunOptions, Task, plan_tasks, recorded_lines
from kamdocs.building.output import clean_leftovers
from kamdocs.valueclass import valueclass
from kamdocs.workspace import modelcache
from kamdocs.workspace.gcpause import gc_held
from kamdocs.workspace.outputdir import configured_output_dir

# watchfiles groups the events of one save: it yields once no new event came for STEP_MS
# (an editor's save is a burst of a few events, microseconds apart), and after DEBOUNCE_MS at
# the latest. It looks every STEP_MS, so a save is seen 1.5 x STEP_MS later on average
# (measured: 44 ms at 30, 16 ms at 10). A save spread over more than STEP_MS is rebuilt
# twice, the second time from the complete files.
STEP_MS = 10
DEBOUNCE_MS = 400


@valueclass
class Outcome:
    """What one rebuild did: outputs written (relative to the workspace) with their time in
    milliseconds, documents that failed with their located errors, PDFs refreshed."""

    built: list[tuple[str, float]] = field(default_factory=list)
    failed: list[tuple[Task, list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # not one document's (LibreOffice)


class Watcher:
    """The rebuild step of `kamdocs watch` over the workspace at `root`."""

    def __init__(
        self,
        root: Path,
        *,
        today: dt.date,
        only: Sequence[str] = (),
        lang: str | None = None,
        pdf: bool = False,
        soffice: str = "soffice",
        pdf_profile: Path | None = None,
    ):
        self.root = root.resolve()
        self.only = tuple(dict.fromkeys(only))
        # --pdf is part of each document's fingerprint: its .docx carries laid-out pages
        self.opts = RunOptions(self.root, today, lang, allow_noncompliant=False, pdf=pdf)
        self.pdf = pdf
        self.soffice = soffice
        self.pdf_profile = pdf_profile
        self._failed: dict[str, str] = {}  # task key -> inputs it failed with

    def watched(self) -> list[Path]:
        """Return what to watch: content/, templates/ (reference documents included) and
        kamdocs.yaml, those that exist."""
        paths = [self.root / "content", self.root / "templates", self.root / "kamdocs.yaml"]
        return [p for p in paths if p.exists()]

    def relevant(self, path: Path) -> bool:
        """Return True when `path` is an input of the documents (not an output, not an
        editor's swap file)."""
        name = path.name
        if name.startswith((".#", "~$")) or name.endswith(("~", ".swp", ".swx", ".tmp")):
            return False
        try:
            relative = path.resolve().relative_to(self.root)
        except ValueError:
            return False
        parts = relative.parts
        return bool(parts) and (parts[0] in ("content", "templates") or parts == ("kamdocs.yaml",))

    def rebuild(
        self,
        changed: Iterable[Path] = (),
        *,
        first: bool = False,
        on_built: Callable[[str, float], None] = lambda _name, _ms: None,
    ) -> Outcome:
        """Build the documents made stale by `changed` (every stale document when `first`);
        `on_built(name, ms)` hears of each document as soon as it is on disk."""
        relevant = [p for p in changed if self.relevant(p)]
        outcome = Outcome()
        if not relevant and not first:
            return outcome
        if first or any(_under(p, self.root / "templates") for p in relevant):
            _forget_templates()
        build_dir = self.root / configured_output_dir(self.root)
        if first:
            clean_leftovers(build_dir)
        folders = incremental.account_folders(self.root)
        if self.only:
            folders = [f for f in folders if f.name in self.only]
        tasks = plan_tasks(self.root, folders, self.opts, with_portfolio=not self.only)
        manifest = incremental.read_manifest(build_dir)
        fresh = {t.key: manifest.fresh(self.root, t.key, t.inputs) for t in tasks}
        stale = [t for t in tasks if fresh[t.key] is None and self._failed.get(t.key) != t.inputs]
        up_to_date = [name for name in fresh.values() if name]
        stale.sort(key=lambda t: _order(t, relevant))
        builder = Builder(self.opts)  # a new one: it must not serve the previous load
        with gc_held() as resume_gc, modelcache.stores_held() as write_models:
            for task in stale:
                self._build_one(builder, task, manifest, outcome, on_built)
                # The collector ran in the middle of the rebuild the user waits for (a full
                # pass over the process's objects, 5-8 ms of a 300-action plan's 80), and
                # the saved file's model went to the cache folder before it: both wait
                # until the first document of the save is on disk.
                resume_gc()
                write_models()
        if self.pdf:
            self._convert(outcome, up_to_date)
        return outcome

    def _build_one(
        self,
        builder: Builder,
        task: Task,
        manifest: incremental.Manifest,
        outcome: Outcome,
        on_built: Callable[[str, float], None],
    ) -> None:
        start = time.perf_counter()
        result = builder.build(task, recorded_lines(manifest, task))
        manifest.record_figures(result.figures)
        outcome.warnings.extend(w for w in result.warnings if w not in outcome.warnings)
        if result.path is None:
            if result.in_inputs:  # else (a file open in Word, a full disk): next save
                self._failed[task.key] = task.inputs
            outcome.failed.append((task, result.errors))
            return
        self._failed.pop(task.key, None)
        outcome.built.append((result.path, (time.perf_counter() - start) * 1000))
        on_built(*outcome.built[-1])  # the document is on disk: the user may look at it
        manifest.record(result.path, task.key, task.inputs, result.companions)
        manifest.save()  # after each document: an interrupted run loses nothing built

    def _convert(self, outcome: Outcome, up_to_date: Sequence[str]) -> None:
        from kamdocs.building.layout import write_pdfs
        from kamdocs.building.pdf import pdf_wanted
        from kamdocs.errors import KamdocsError

        built = [name for name, _ in outcome.built]
        wanted = [self.root / n for n in pdf_wanted(self.root, built, up_to_date)]
        if not wanted:
            return
        try:
            for path in write_pdfs(wanted, self.soffice, profile=self.pdf_profile):
                outcome.pdfs.append(path.relative_to(self.root).as_posix())
        except KamdocsError as exc:
            outcome.errors.append(str(exc))


def _order(task: Task, changed: list[Path]) -> int:
    """Return 0 for the documents the saved files are about, first shown (a review file: its
    deck; a proposal file: that proposal; an account file: its internal plan), 1 for the
    others, built in the usual order."""
    for path in changed:
        parent = path.parent.name
        if path.name == "account.yaml" and task.kind == "plan" and task.slug == parent:
            return 0 if task.arg == "internal" else 1
        if parent == "reviews" and task.kind == "review" and task.arg == path.stem:
            return 0
        if parent == "proposals" and task.kind == "proposal" and task.arg == path.stem:
            return 0
    return 1


def _under(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _forget_templates() -> None:
    """Drop the compiled templates kept by the process: a template or reference document
    may have been added, removed or replaced."""
    from kamdocs.building import session

    session._templates.cache_clear()


def watch_loop(
    watcher: Watcher,
    show: Callable[[Outcome], None],
    *,
    ready: Callable[[], None] = lambda: None,
    on_built: Callable[[str, float], None] = lambda _name, _ms: None,
) -> None:
    """Build what is stale, then rebuild after each save until Ctrl-C (which returns)."""
    import watchfiles

    # The watches are in place from the generator's first yield (an empty set after
    # `rust_timeout`): the first build runs then, so that a save made during it is seen.
    started = False
    try:
        for changes in watchfiles.watch(
            *watcher.watched(),
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=1000,
            yield_on_timeout=True,
            raise_interrupt=False,
            watch_filter=lambda _change, path: watcher.relevant(Path(path)),
        ):
            if not started:
                started = True
                show(watcher.rebuild(first=True, on_built=on_built))
                ready()
            if changes:
                show(watcher.rebuild({Path(path) for _change, path in changes}, on_built=on_built))
    except KeyboardInterrupt:  # during a rebuild: every output written so far is whole
        return
