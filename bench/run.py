"""kamdocs benchmark (issue 8): run from the repository root with one command:

    python bench/run.py

(`python bench/run.py --skip-500` leaves out the 500-account no-op rebuild, whose first full
build takes about a minute on two cores; `--only=inprocess,review` runs a subset, among
memory, help, whole, inprocess, review, build and watch.)

It builds synthetic workspaces in a temporary folder from the repository's demo workspace
(content/ and kamdocs.yaml, with the actions of one account replaced by N generated actions),
times kamdocs against pandoc, docxtpl, a string-and-zipfile floor, python-docx's import and a
plain python-pptx script, prints a table of medians and ratios and writes bench/RESULTS.md.
Nothing here asserts on timings; the report states which targets are met.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import html
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
# The bench measures the checkout it lives in, whichever one pip installed in editable mode:
# this process and every one it starts import kamdocs from here.
sys.path.insert(0, str(REPO))
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])
)

from kamdocs.building.watch import STEP_MS  # noqa: E402 - from the checkout above

ACCOUNT = "ondrelle-industrie"
AS_OF = "2026-11-23"
TODAY = dt.date.fromisoformat(AS_OF)
PY = sys.executable
# The console script pip installed beside this interpreter, as a user's PATH finds it in the
# environment kamdocs is installed in. `shutil.which` may find a version manager's shim first
# (pyenv's is a shell script that starts pyenv: 70 ms of every run, measured), which the other
# tools' commands do not pay.
SCRIPT = Path(PY).with_name("kamdocs")
KAMDOCS = [str(SCRIPT)] if SCRIPT.is_file() else [PY, "-m", "kamdocs"]
OWNERS = ("Thomas Guérin", "Julien Marchand", "Nadia Benali", "Élise Fontaine", "Nathalie Besson")
STATUSES = ("planned", "on_track", "at_risk", "late", "done")
# What a plan must import whatever it does (the stack): the whole-process floor.
# pydantic.main, as `import pydantic` alone defers its modules until a name is asked for.
PLAN_STACK = ("pydantic.main", "docx", "lxml.etree", "jinja2", "markdown", "babel.dates", "yaml")
DECK_STACK = ("pydantic.main", "pptx", "lxml.etree", "jinja2", "markdown", "babel.dates", "yaml")


# --- timing ---------------------------------------------------------------------------------


def median_time(
    func: Callable[[], Any], *, fast: int = 5, slow: int = 3, slow_above: float = 1.0
) -> float:
    """Median wall time in seconds: `fast` runs, or `slow` runs when the first exceeds 1 s."""
    times = []
    start = time.perf_counter()
    func()
    times.append(time.perf_counter() - start)
    runs = slow if times[0] > slow_above else fast
    for _ in range(runs - 1):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Runs of each side of a paired comparison, taken in turn after an untimed first run of each.
PAIRED_RUNS = 11
WARM = f"warm (runs 2-{PAIRED_RUNS + 1}, in turn with the other)"


def paired_medians(
    first: Callable[[], Any], second: Callable[[], Any], runs: int = PAIRED_RUNS
) -> tuple[float, float]:
    """Median wall times in seconds of `first` and `second`, run in turn `runs` times each
    after an untimed run of each: a load that comes and goes on the machine weighs on both
    sides alike, so their ratio is steadier than that of two series taken one after the
    other (seen: a 20-action plan judged 0.84 one run and 1.12 the next)."""
    return paired_measures(wall_time(first), wall_time(second), runs)


def wall_time(func: Callable[[], Any]) -> Callable[[], float]:
    """`func`, returning the wall time it took in seconds."""

    def timed() -> float:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start

    return timed


def paired_measures(
    first: Callable[[], float], second: Callable[[], float], runs: int = PAIRED_RUNS
) -> tuple[float, float]:
    """Medians of what `first` and `second` return (each measures itself, in seconds), run
    in turn `runs` times each after an untimed run of each. Each round swaps which side
    goes first, so that neither always runs just after the other."""
    first()
    second()
    measures: tuple[list[float], list[float]] = ([], [])
    for round_ in range(runs):
        order = ((0, first), (1, second)) if round_ % 2 == 0 else ((1, second), (0, first))
        for side, func in order:
            measures[side].append(func())
    return statistics.median(measures[0]), statistics.median(measures[1])


SUMMARIES: dict[str, str] = {}


def run_quiet(cmd: Sequence[str], *, allow_failed_documents: bool = False, **kwargs: Any) -> None:
    """Run `cmd`; with `allow_failed_documents`, exit code 1 (some documents failed) is kept
    as a note: `kamdocs build` still builds the others, and the timing stays meaningful."""
    done = subprocess.run(list(cmd), capture_output=True, text=True, **kwargs)
    if allow_failed_documents:
        summary = [line for line in done.stdout.splitlines() if line.startswith("built ")]
        SUMMARIES[" ".join(map(str, cmd[1:]))] = (
            summary[-1] if summary else f"exit code {done.returncode}"
        )
    if done.returncode != 0 and not (allow_failed_documents and done.returncode == 1):
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )


def subprocess_time(cmd: Sequence[str], **kwargs: Any) -> float:
    return median_time(lambda: run_quiet(cmd, **kwargs))


def build_time(cmd: Sequence[str], fast: int = 5) -> float:
    """Median time of a `kamdocs build` command; its last summary line goes to the notes."""
    return median_time(lambda: run_quiet(cmd, allow_failed_documents=True), fast=fast)


CACHE_DIRS = [0]


def fresh_cache_env(tmp: Path) -> dict[str, str]:
    """The environment of a cold run: an empty cache folder of its own."""
    CACHE_DIRS[0] += 1
    folder = tmp / f"cold-cache-{CACHE_DIRS[0]}"
    return {**os.environ, "KAMDOCS_CACHE_DIR": str(folder)}


# Runs kamdocs as `kamdocs ARGS` would (its entry point without the quick exit that ends the
# console script), then lists the modules it had loaded.
RECORD_IMPORTS = """
import sys
from kamdocs.cli.process import run
out = sys.argv.pop(1)
sys.argv[0] = "kamdocs"
try:
    run()
except SystemExit:
    pass
with open(out, "w") as listing:
    listing.write("\\n".join(sorted(sys.modules)))
"""
IMPORT_ALL = """
import importlib, sys
for name in open(sys.argv[1]).read().split():
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


# IMPORT_ALL again, timing the making of kamdocs' value classes (kamdocs.valueclass).
TIME_VALUE_CLASSES = """
import importlib, json, sys, time
import kamdocs.valueclass as made
spent, count, make = [0.0], [0], made._make
def timed(cls, **options):
    start = time.perf_counter()
    try:
        return make(cls, **options)
    finally:
        spent[0] += time.perf_counter() - start
        count[0] += 1
made._make = timed
for name in open(sys.argv[1]).read().split():
    try:
        importlib.import_module(name)
    except Exception:
        pass
print(json.dumps({"seconds": spent[0], "count": count[0]}))
"""


@dataclass
class ImportSplit:
    """Where the import of kamdocs' own modules goes, in seconds (medians of 3 processes)."""

    own: float  # kamdocs' modules, self times of `python -X importtime`
    models: float  # of which workspace/model.py: its pydantic model classes
    value_classes: float  # of which making kamdocs' value classes (kamdocs.valueclass)
    value_class_count: int


def import_split(listing: Path) -> ImportSplit:
    """Return where the import of the modules in `listing` spends its time in kamdocs' code."""
    own, models, spent = [], [], []
    count = 0
    for _ in range(3):
        done = subprocess.run(
            [PY, "-X", "importtime", "-c", IMPORT_ALL, str(listing)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        selves = {}
        for line in done.stderr.splitlines():
            parts = line.removeprefix("import time:").split("|")
            if len(parts) == 3 and parts[0].strip().isdigit():
                selves[parts[2].strip()] = int(parts[0]) / 1e6
        own.append(sum(v for k, v in selves.items() if k.split(".")[0] == "kamdocs"))
        models.append(selves.get("kamdocs.workspace.model", 0.0))
        timed = subprocess.run(
            [PY, "-c", TIME_VALUE_CLASSES, str(listing)], capture_output=True, text=True, check=True
        )
        found = json.loads(timed.stdout)
        spent.append(found["seconds"])
        count = found["count"]
    return ImportSplit(
        statistics.median(own), statistics.median(models), statistics.median(spent), count
    )


def import_note(split: ImportSplit) -> str:
    """The note's sentence on kamdocs' own share of the imports."""
    return (
        f"Of those imports, kamdocs' own modules take {split.own * 1000:.0f} ms (self times of "
        f"`python -X importtime`): {split.models * 1000:.0f} ms in workspace/model.py, which "
        f"creates its pydantic model classes (their validators are built only when a file is "
        f"validated), and {split.value_classes * 1000:.0f} ms in making its "
        f"{split.value_class_count} value classes (kamdocs/valueclass.py: dataclasses collects "
        f"the fields, one `__init__` is compiled for each class)."
    )


def import_time(args: Sequence[str], tmp: Path, name: str) -> float:
    """Return the time of a process that imports every module a warm `kamdocs ARGS` run
    loads (kamdocs' own, the libraries', the standard library's), and runs nothing. Warm as
    the target is judged: a first run fills the cache folder, so that the modules only a
    cold run needs (PyYAML, Pillow, fontTools) are not counted."""
    listing = tmp / f"imports-{name}.txt"
    env = fresh_cache_env(tmp)
    run_quiet([*KAMDOCS, *args], env=env)
    run_quiet([PY, "-c", RECORD_IMPORTS, str(listing), *args], env=env)
    names = [m for m in listing.read_text().split() if "__main__" not in m]
    listing.write_text("\n".join(names))
    return subprocess_time([PY, "-c", IMPORT_ALL, str(listing)])


def warm_and_cold(
    cmd: Sequence[str], tmp: Path, other: Sequence[str]
) -> tuple[float, float, float]:
    """Return (warm, cold, other) medians: warm = runs 2 to PAIRED_RUNS + 1 of a series
    sharing one cache folder (the first fills it), taken in turn with the runs of the
    `other` command it is judged against (its median is the third value); cold = 3 runs,
    each with an empty cache folder."""
    env = fresh_cache_env(tmp)
    warm, against = paired_medians(lambda: run_quiet(cmd, env=env), lambda: run_quiet(other))
    cold = []
    for _ in range(3):
        env_cold = fresh_cache_env(tmp)
        start = time.perf_counter()
        run_quiet(cmd, env=env_cold)
        cold.append(time.perf_counter() - start)
    return warm, statistics.median(cold), against


@dataclass
class Row:
    what: str
    kamdocs: float | None
    other_name: str
    other: float | None
    target: str
    met: bool | None
    note: str = ""
    unit: str = "ms"  # "ms": the values are seconds, shown in ms; "MiB": peak memory in MiB

    @property
    def ratio(self) -> float | None:
        if self.kamdocs is None or not self.other:
            return None
        return self.kamdocs / self.other


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    profiles: list[tuple[str, str]] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(format_row(row), flush=True)


def ms(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "—"
    return f"{value:,.1f} MiB" if unit == "MiB" else f"{value * 1000:,.1f} ms"


def format_row(row: Row) -> str:
    ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
    met = {True: "yes", False: "NO", None: "—" if row.target == "information" else "skipped"}
    return (
        f"| {row.what} | {ms(row.kamdocs, row.unit)} | {row.other_name} "
        f"| {ms(row.other, row.unit)} | {ratio} | {row.target} | {met[row.met]} |"
    )


TABLE_HEAD = (
    "| measurement | kamdocs | compared with | other | ratio | target | met |\n"
    "|---|---|---|---|---|---|---|"
)


# --- synthetic workspaces --------------------------------------------------------------------


def make_workspace(root: Path, actions: int, copies: int = 0) -> Path:
    """Copy the demo workspace to `root`; give ACCOUNT `actions` generated actions.

    With `copies`, the accounts folder holds only `copies` copies of that account (for builds).
    """
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    account_dir = root / "content" / "accounts" / ACCOUNT
    path = account_dir / "account.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    objectives = [o["id"] for o in data.get("objectives", []) if o.get("id")] or [None]
    start = TODAY - dt.timedelta(days=180)
    data["actions"] = [
        {
            "id": f"A{i + 1}",
            "objective": objectives[i % len(objectives)],
            "action": f"Préparer le livrable {i + 1} pour l'atelier {i % 9} "
            f"avec **{OWNERS[i % 5]}**",
            "owner": OWNERS[i % 5],
            "due": start + dt.timedelta(days=(i * 7) % 400),
            "expected_result": f"Livrable {i + 1} validé par le client, écart de {i % 13} %",
            "status": STATUSES[i % 5],
        }
        for i in range(actions)
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if copies:
        accounts = root / "content" / "accounts"
        for other in accounts.iterdir():
            if other.name != ACCOUNT:
                shutil.rmtree(other)
        for n in range(1, copies):
            shutil.copytree(account_dir, accounts / f"{ACCOUNT}-{n:03d}")
    return root


def make_many_accounts(root: Path, count: int) -> Path:
    """A workspace of `count` accounts: copies of the demo accounts under new slugs."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    accounts = root / "content" / "accounts"
    demo = sorted(p for p in accounts.iterdir() if p.is_dir())
    for n in range(count - len(demo)):
        source = demo[n % len(demo)]
        shutil.copytree(source, accounts / f"{source.name}-{n:03d}")
    return root


# --- the plan as IR, and equivalent inputs for the other tools --------------------------------


def plan_ir(ws: Any) -> tuple[Any, Path]:
    """Return (ir.Document, reference.docx) of ACCOUNT's internal plan, as the driver makes it."""
    from kamdocs.building.kinds import KINDS
    from kamdocs.building.request import DocumentKey, Options
    from kamdocs.building.session import open_session

    opts = Options(today=TODAY)
    plan = KINDS["plan"]
    chosen = plan.select(ws, DocumentKey(ACCOUNT, audience="internal"), opts)
    session = open_session(ws, plan.format, chosen.lang, opts)
    document = plan.compose(ws, chosen, session, opts).document
    return document, Path(session.reference.name)


def action_table(document: Any, actions: int) -> Any:
    """Return the plan's action table: the longest table of the plan. A plan of many
    actions lists only the open ones (grouped by objective), so the docxtpl template renders
    the same rows as kamdocs does; at least a third of the `actions` must be there."""
    from kamdocs import ir

    tables = [b for b in document.blocks if isinstance(b, ir.Table)]
    longest = max(tables, key=lambda t: len(t.rows), default=None)
    if longest is None or len(longest.rows) - longest.header_rows < actions // 3:
        raise RuntimeError(f"no action table of {actions} actions in the plan")
    return longest


def plain(inlines: Sequence[Any]) -> str:
    return "".join(getattr(i, "text", "\n") for i in inlines)


def to_markdown(document: Any) -> str:
    """Headings, paragraphs, lists and tables of `document` as pandoc Markdown (no charts)."""
    from kamdocs import ir

    def inline_md(inlines: Sequence[Any]) -> str:
        parts = []
        for i in inlines:
            if isinstance(i, ir.Text):
                text = i.text.replace("|", "\\|").replace("*", "\\*")
                parts.append(f"**{text}**" if i.bold and text.strip() else text)
            else:
                parts.append(" ")
        return "".join(parts)

    out: list[str] = []

    def block(b: Any) -> None:
        if isinstance(b, ir.Heading):
            out.append(f"{'#' * b.level} {inline_md(b.inlines)}\n")
        elif isinstance(b, ir.Paragraph):
            out.append(inline_md(b.inlines) + "\n")
        elif isinstance(b, ir.ListBlock):
            out.append("\n".join(f"- {inline_md(item)}" for item in b.items) + "\n")
        elif isinstance(b, ir.Table) and b.rows:
            cols = max(len(r) for r in b.rows)
            lines = []
            for n, row in enumerate(b.rows):
                cells = [inline_md(c.inlines) for c in row] + [""] * (cols - len(row))
                lines.append("| " + " | ".join(cells) + " |")
                if n == 0:
                    lines.append("|" + "---|" * cols)
            out.append("\n".join(lines) + "\n")
        elif isinstance(b, ir.Columns):
            for column in b.columns:
                for inner in column:
                    block(inner)

    for b in document.blocks:
        block(b)
    return "\n".join(out)


def style_ids(reference: Path) -> dict[str, str | None]:
    import docx

    from kamdocs.writers.docx import _resolve_styles

    return _resolve_styles(docx.Document(str(reference)), {}, str(reference)).ids


def make_docxtpl_template(document: Any, reference: Path, table: Any, path: Path) -> list[dict]:
    """Write a docxtpl template equivalent to the plan; return the render context's actions.

    Static blocks become static paragraphs and tables; the action table is a header row and a
    `{%tr for a in actions %}` row loop. Built on kamdocs' (lean) reference document.
    """
    import docx

    from kamdocs import ir

    word = docx.Document(str(reference))
    body = word.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    names = {s.name for s in word.styles}

    def para(text: str, style: str) -> None:
        word.add_paragraph(text, style=style if style in names else None)

    def block(b: Any) -> None:
        if isinstance(b, ir.Heading):
            para(plain(b.inlines), f"Heading {min(b.level, 3)}")
        elif isinstance(b, ir.Paragraph):
            para(plain(b.inlines), "Normal")
        elif isinstance(b, ir.ListBlock):
            for item in b.items:
                para(plain(item), "List Bullet")
        elif isinstance(b, ir.Table) and b.rows:
            cols = max(len(r) for r in b.rows)
            if b is table:
                t = word.add_table(rows=4, cols=cols)
                for c, cell in enumerate(b.rows[0]):
                    t.cell(0, c).text = plain(cell.inlines)
                t.cell(1, 0).text = "{%tr for a in actions %}"
                for c in range(cols):
                    t.cell(2, c).text = f"{{{{ a.c{c} }}}}"
                t.cell(3, 0).text = "{%tr endfor %}"
            else:
                t = word.add_table(rows=len(b.rows), cols=cols)
                for r, row in enumerate(b.rows):
                    for c, cell in enumerate(row):
                        t.cell(r, c).text = plain(cell.inlines)
            para("", "Normal")
        elif isinstance(b, ir.Columns):
            for column in b.columns:
                for inner in column:
                    block(inner)

    for b in document.blocks:
        block(b)
    word.save(str(path))
    return [
        {f"c{c}": plain(cell.inlines) for c, cell in enumerate(row)}
        for row in table.rows[table.header_rows :]
    ]


def render_docxtpl(template: Path, actions: list[dict], out: Path) -> None:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    tpl.render({"actions": actions}, autoescape=True)
    tpl.save(str(out))


# --- the floor: the same document's XML joined as strings and zipped --------------------------

W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _runs(inlines: Sequence[Any], bold: bool = False, color: str | None = None) -> str:
    parts = []
    for i in inlines:
        if not hasattr(i, "text"):
            parts.append("<w:r><w:br/></w:r>")
            continue
        rpr = ""
        if i.bold or bold or i.italic or i.color or color:
            rpr = (
                "<w:rPr>"
                + ("<w:b/>" if i.bold or bold else "")
                + ("<w:i/>" if i.italic else "")
                + (f'<w:color w:val="{i.color or color}"/>' if i.color or color else "")
                + "</w:rPr>"
            )
        space = ' xml:space="preserve"' if i.text[:1].isspace() or i.text[-1:].isspace() else ""
        parts.append(f"<w:r>{rpr}<w:t{space}>{_esc(i.text)}</w:t></w:r>")
    return "".join(parts)


def _para(
    inlines: Sequence[Any],
    style: str | None,
    align: str | None = None,
    bold: bool = False,
    color: str | None = None,
) -> str:
    ppr = ""
    if style or align:
        ppr = (
            "<w:pPr>"
            + (f'<w:pStyle w:val="{style}"/>' if style else "")
            + (f'<w:jc w:val="{align}"/>' if align else "")
            + "</w:pPr>"
        )
    return f"<w:p>{ppr}{_runs(inlines, bold, color)}</w:p>"


def floor_table(table: Any, widths: Sequence[int], style: str | None) -> str:
    """The table XML kamdocs writes (same elements and attributes), joined as strings."""
    cols = len(widths)
    head = (
        f"<w:tbl><w:tblPr>{f'<w:tblStyle w:val={chr(34)}{style}{chr(34)}/>' if style else ''}"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    )
    parts = [head]
    for n, row in enumerate(table.rows):
        header = n < table.header_rows
        parts.append(
            "<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
        )
        for c, cell in enumerate(row[:cols]):
            shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>' if cell.fill else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/>{shd}</w:tcPr>'
                + _para(cell.inlines, None, cell.align, cell.bold, cell.color)
                + "</w:tc>"
            )
        parts.append("<w:tc><w:p/></w:tc>" * (cols - len(row)))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def table_widths(table: Any, text_width_twips: int) -> list[int]:
    from decimal import Decimal

    cols = max(len(r) for r in table.rows)
    weights = list(table.widths[:cols]) or [Decimal(1)] * cols
    weights += [Decimal(1)] * (cols - len(weights))
    unit = Decimal(text_width_twips) / sum(weights)
    return [int(w * unit) for w in weights]


@dataclass
class FloorInputs:
    parts: dict[str, bytes]
    sect_pr: str
    ids: dict[str, str | None]
    text_width: int


def floor_inputs(reference: Path) -> FloorInputs:
    import docx

    with zipfile.ZipFile(reference) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    match = re.search(r"<w:sectPr\b.*?</w:sectPr>", body, re.S)
    section = docx.Document(str(reference)).sections[0]
    width = int(section.page_width - section.left_margin - section.right_margin) // 635
    return FloorInputs(parts, match.group(0) if match else "", style_ids(reference), width)


def floor_document(document: Any, inputs: FloorInputs) -> bytes:
    from kamdocs import ir

    ids = inputs.ids
    out: list[str] = []

    def block(b: Any) -> None:
        if isinstance(b, ir.Heading):
            out.append(_para(b.inlines, ids.get(f"heading_{max(1, min(b.level, 4))}")))
        elif isinstance(b, ir.Paragraph):
            out.append(_para(b.inlines, ids.get(b.style) or ids.get("body"), b.align))
        elif isinstance(b, ir.ListBlock):
            for item in b.items:
                out.append(_para(item, ids.get("bullet") or ids.get("body")))
        elif isinstance(b, ir.Table) and b.rows:
            out.append(floor_table(b, table_widths(b, inputs.text_width), ids.get("table")))
            out.append(_para((), ids.get("note") or ids.get("body")))
        elif isinstance(b, ir.Columns):
            for column in b.columns:
                for inner in column:
                    block(inner)

    for b in document.blocks:
        block(b)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}>'
        f"<w:body>{''.join(out)}{inputs.sect_pr}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in inputs.parts.items():
            z.writestr(name, xml.encode("utf-8") if name == "word/document.xml" else data)
    return buffer.getvalue()


# --- profiling --------------------------------------------------------------------------------


def profile(func: Callable[[], Any], top: int = 15) -> str:
    prof = cProfile.Profile()
    prof.enable()
    func()
    prof.disable()
    return profile_text(prof, top)


def profile_text(prof: cProfile.Profile, top: int = 15) -> str:
    """The `top` lines of `prof`, by cumulative time."""
    stream = io.StringIO()
    stats = pstats.Stats(prof, stream=stream).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    text = stream.getvalue()
    start = text.find("   ncalls")
    return text[start:].rstrip() if start >= 0 else text.rstrip()


# --- the measurements -------------------------------------------------------------------------


def bench_whole_process(report: Report, tmp: Path) -> None:
    from kamdocs.workspace.loader import load_workspace

    for n in (300, 2000):
        ws_dir = make_workspace(tmp / f"ws{n}", n)
        document, _ = plan_ir(load_workspace(ws_dir))
        md = tmp / f"plan{n}.md"
        md.write_text(to_markdown(document), encoding="utf-8")
        cmd = [
            *KAMDOCS,
            "plan",
            ACCOUNT,
            "-C",
            str(ws_dir),
            "--out",
            str(tmp / f"k{n}.docx"),
            "--as-of",
            AS_OF,
        ]
        pandoc_cmd = ["pandoc", str(md), "-f", "markdown", "-t", "docx", "-o",
                      str(tmp / f"pandoc{n}.docx")]  # fmt: skip
        k, cold, p = warm_and_cold(cmd, tmp, pandoc_cmd)
        what = f"plan, {n} actions, whole process"
        pandoc = "pandoc (Markdown → docx)"
        report.add(Row(f"{what}, {WARM}", k, pandoc, p, "≤ 1.0", k <= p))
        report.add(Row(f"{what}, cold (empty cache folder)", cold, pandoc, p, "information", None))
        if n == 300:
            floor = subprocess_time([PY, "-c", f"import {', '.join(PLAN_STACK)}"])
            report.add(
                Row(
                    "import floor: python + " + ", ".join(PLAN_STACK),
                    floor,
                    pandoc,
                    p,
                    "information",
                    None,
                )
            )
            imports = import_time(cmd[len(KAMDOCS) :], tmp, "plan")
            report.add(
                Row(
                    "imports of `kamdocs plan` alone: every module a warm run loads, nothing run",
                    imports,
                    pandoc,
                    p,
                    "information",
                    None,
                )
            )
            report.notes.append(
                f"Plan, 300 actions, whole process: a process that only imports the stack "
                f"takes {floor * 1000:.0f} ms of the {p * 1000:.0f} ms pandoc needs in all; one "
                f"that imports every module a plan run loads (kamdocs' own, with its pydantic "
                f"model classes, and the libraries') takes {imports * 1000:.0f} ms; the work "
                f"itself, {(k - imports) * 1000:.0f} ms. "
                + import_note(import_split(tmp / "imports-plan.txt"))
            )


def bench_plan_size(report: Report, tmp: Path, n: int) -> tuple[Any, Path]:
    """In-process plan of `n` actions against docxtpl and the floor; return (table, reference)."""
    from kamdocs.building.driver import DocumentKey, Options, build_document
    from kamdocs.workspace.loader import load_workspace

    ws_dir = make_workspace(tmp / f"wsi{n}", n)
    out = tmp / f"in{n}.docx"

    def kamdocs_build() -> None:
        # As `kamdocs plan ACCOUNT` does: read the settings, the company and that account.
        ws = load_workspace(ws_dir, [ACCOUNT])
        key = DocumentKey(ACCOUNT, audience="internal")
        build_document("plan", ws, key, Options(today=TODAY, out=out))

    document, reference = plan_ir(load_workspace(ws_dir))
    table = action_table(document, n)
    template = tmp / f"tpl{n}.docx"
    actions = make_docxtpl_template(document, reference, table, template)
    inputs = floor_inputs(reference)
    rendered = tmp / f"dt{n}.docx"

    def kamdocs_no_cache() -> None:
        os.environ["KAMDOCS_NO_CACHE"] = "1"  # every load parses its YAML again
        try:
            kamdocs_build()
        finally:
            del os.environ["KAMDOCS_NO_CACHE"]

    k, d = paired_medians(kamdocs_no_cache, lambda: render_docxtpl(template, actions, rendered))
    warm = median_time(kamdocs_build)
    f = median_time(lambda: floor_document(document, inputs))
    what = f"plan, {n} actions, in-process (load + build_document)"
    report.add(Row(f"{what}, no parse cache", k, "docxtpl render + save", d, "< 1.0", k < d))
    report.add(Row(f"{what}, parse cache", warm, "docxtpl render + save", d, "information", None))
    report.add(Row(what, k, "floor (strings + zipfile)", f, "information", None, "no target"))
    if k >= d:
        report.profiles.append((f"load + build_document, {n} actions", profile(kamdocs_build)))
    return table, reference


def bench_table(report: Report, table: Any, reference: Path) -> None:
    """kamdocs' table builder alone against the floor's string joining, same rows."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    from kamdocs.writers import _ooxml
    from kamdocs.writers.docx import _resolve_styles, _Writer

    word = docx.Document(str(reference))
    styles = _resolve_styles(word, {}, str(reference))
    writer = _Writer(word, styles)
    widths = table_widths(table, writer.text_width // 635)
    header_fill = None if styles.table_is_styled else "1F3864"
    sid = styles.ids.get("table")
    rows = len(table.rows) - table.header_rows

    def kamdocs_table() -> Any:
        parent = etree.Element(qn("w:body"))
        return _ooxml.table(
            parent, table.rows, table.header_rows, widths, sid, None, writer.inlines, header_fill
        )

    kt = median_time(kamdocs_table)
    ks = median_time(lambda: etree.tostring(kamdocs_table()))
    ft = median_time(lambda: floor_table(table, widths, sid))
    report.add(
        Row(
            f"{rows}-row action table: _ooxml.table (lxml tree)",
            kt,
            "floor table (joined strings)",
            ft,
            "≤ 5.0",
            kt <= 5 * ft,
        )
    )
    report.add(
        Row(
            f"{rows}-row action table: _ooxml.table + etree.tostring",
            ks,
            "floor table (joined strings)",
            ft,
            "information",
            None,
            "no target",
        )
    )
    if kt > 5 * ft:
        report.profiles.append((f"_ooxml.table, {rows} rows", profile(kamdocs_table)))


def bench_in_process(report: Report, tmp: Path) -> None:
    for n in (20, 200, 2000):
        table, reference = bench_plan_size(report, tmp, n)
    bench_table(report, table, reference)


def bench_help(report: Report) -> None:
    k = subprocess_time([*KAMDOCS, "--help"])
    d = subprocess_time([PY, "-c", "import docx"])
    report.add(Row("`kamdocs --help`", k, '`python -c "import docx"`', d, "< 1.0", k < d))


# A small parent that runs one command and prints the peak resident size of its children:
# on Linux a process's ru_maxrss carries over exec from the process it was forked from, so the
# benchmark process itself (large by then) must not be the direct parent.
PEAK_RSS_SCRIPT = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mib(cmd: Sequence[str], **env: str) -> float:
    done = subprocess.run(
        [PY, "-c", PEAK_RSS_SCRIPT, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return int(done.stdout.split()[-1]) / 1024


def bench_memory(report: Report, tmp: Path) -> None:
    ws_dir = tmp / "wsi2000"
    if not ws_dir.exists():
        make_workspace(ws_dir, 2000)
    plan = [*KAMDOCS, "plan", ACCOUNT, "-C", str(ws_dir), "--out", str(tmp / "mem.docx")]
    # Cold: no parse cache, so the YAML node tree of the 2000 actions is built too.
    kamdocs = peak_rss_mib([*plan, "--as-of", AS_OF], KAMDOCS_NO_CACHE="1")
    base = peak_rss_mib([PY, "-c", "import docx"])
    report.add(
        Row(
            "peak RSS, `kamdocs plan`, 2000 actions, no cache",
            kamdocs,
            '`python -c "import docx"`',
            base,
            "< 100 MiB",
            kamdocs < 100,
            unit="MiB",
        )
    )
    # Flat across a batch: one process (--jobs 1) building 4 accounts, then 20; first their
    # documents alone (--only every account), then with the portfolio.
    peaks: dict[tuple[int, bool], float] = {}
    for count in (4, 20):
        ws = make_workspace(tmp / f"wsmem{count}", 300, copies=count)
        build = [*KAMDOCS, "build", "-C", str(ws), "--as-of", AS_OF, "--quiet", "--force"]
        only = [
            a for p in sorted((ws / "content" / "accounts").iterdir()) for a in ("--only", p.name)
        ]
        peaks[(count, False)] = peak_rss_mib([*build, "--jobs", "1", *only])
        peaks[(count, True)] = peak_rss_mib([*build, "--jobs", "1"])
    report.add(
        Row(
            "peak RSS, `build --jobs 1 --only …`, 20 accounts × 300 actions (80 documents)",
            peaks[(20, False)],
            "the same, 4 accounts (16 documents)",
            peaks[(4, False)],
            "flat (≤ 1.10)",
            peaks[(20, False)] <= 1.10 * peaks[(4, False)],
            unit="MiB",
        )
    )
    report.add(
        Row(
            "peak RSS, `build --jobs 1`, 20 accounts × 300 actions, with the portfolio",
            peaks[(20, True)],
            "the same, 4 accounts",
            peaks[(4, True)],
            "flat (≤ 1.10)",
            peaks[(20, True)] <= 1.10 * peaks[(4, True)],
            unit="MiB",
        )
    )
    report.notes.append(
        "Memory across a batch: each account's documents load that account alone and only the "
        "last load is kept, so building 80 documents peaks where building 16 does. The "
        "portfolio holds one line of figures per account, not the accounts: each internal plan "
        "records its account's line in the manifest, and the portfolio, built after every "
        "account's documents, reads only the accounts whose line is missing or stale."
    )
    report.notes.append(
        "Peak memory is each command's ru_maxrss, read by a small parent process (a child's "
        "ru_maxrss starts from its parent's resident size, which would inflate it). The "
        "2000-action plan runs with KAMDOCS_NO_CACHE=1, its worst case."
    )


PPTX_SCRIPT = """
import io, sys
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches
prs = Presentation()
kinds = [XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.PIE]
for n in range(12):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = f"Slide {n + 1}"
    if n in (3, 5, 7):
        data = CategoryChartData()
        data.categories = ["T1", "T2", "T3", "T4"]
        data.add_series("CA", (120.0, 135.5, 150.2, 162.8))
        if n != 7:
            data.add_series("Objectif", (125.0, 130.0, 155.0, 160.0))
        slide.shapes.add_chart(kinds[(n - 3) // 2], Inches(1), Inches(1.5), Inches(8),
                               Inches(5), data)
    elif n == 9:
        table = slide.shapes.add_table(8, 5, Inches(0.5), Inches(1.5), Inches(9), Inches(4)).table
        for r in range(8):
            for c in range(5):
                table.cell(r, c).text = f"cellule {r}.{c}"
    else:
        box = slide.shapes.add_textbox(Inches(1), Inches(1.5), Inches(8), Inches(4))
        box.text_frame.text = "Point clé de la revue trimestrielle"
        for k in range(4):
            box.text_frame.add_paragraph().text = f"Détail {k + 1} du point clé"
prs.save(sys.argv[1])
"""

# The same deck with the three charts drawn by matplotlib and inserted as pictures, the
# common alternative to native charts (not editable in PowerPoint).
MPL_SCRIPT = PPTX_SCRIPT.replace(
    "from pptx.util import Inches",
    "from pptx.util import Inches\nimport matplotlib\nmatplotlib.use('Agg')\n"
    "import matplotlib.pyplot as plt",
).replace(
    """        slide.shapes.add_chart(kinds[(n - 3) // 2], Inches(1), Inches(1.5), Inches(8),
                               Inches(5), data)""",
    """        fig, ax = plt.subplots(figsize=(8, 5))
        ax.bar(["T1", "T2", "T3", "T4"], (120.0, 135.5, 150.2, 162.8))
        ax.plot(["T1", "T2", "T3", "T4"], (125.0, 130.0, 155.0, 160.0), color="orange")
        picture = io.BytesIO()
        fig.savefig(picture, format="png", dpi=100)
        plt.close(fig)
        picture.seek(0)
        slide.shapes.add_picture(picture, Inches(1), Inches(1.5), Inches(8), Inches(5))""",
)


def bench_review(report: Report, tmp: Path) -> None:
    ws_dir = tmp / "demo"
    if not ws_dir.exists():
        make_workspace(ws_dir, 7)
    script = tmp / "pptx_deck.py"
    script.write_text(PPTX_SCRIPT, encoding="utf-8")
    cmd = [*KAMDOCS, "review", ACCOUNT, "-C", str(ws_dir), "--out", str(tmp / "review.pptx"),
           "--as-of", AS_OF]  # fmt: skip
    k, cold, p = warm_and_cold(cmd, tmp, [PY, str(script), str(tmp / "plain.pptx")])
    plain = "python-pptx: 12 slides, 3 native charts, 1 table"
    what = "QBR deck of a demo account, whole process"
    report.add(Row(f"{what}, {WARM}", k, plain, p, "≤ 1.5", k <= 1.5 * p))
    report.add(Row(f"{what}, cold (empty cache folder)", cold, plain, p, "information", None))
    floor = subprocess_time([PY, "-c", f"import {', '.join(DECK_STACK)}"])
    report.add(
        Row("import floor: python + " + ", ".join(DECK_STACK), floor, plain, p, "information", None)
    )
    imports = import_time(cmd[len(KAMDOCS) :], tmp, "review")
    report.add(
        Row(
            "imports of `kamdocs review` alone: every module a warm run loads, nothing run",
            imports,
            plain,
            p,
            "information",
            None,
        )
    )
    report.notes.append(
        f"QBR deck, whole process: importing the stack alone takes {floor * 1000:.0f} ms against "
        f"a budget of {1.5 * p * 1000:.0f} ms (1.5 × the plain python-pptx script, which imports "
        f"python-pptx too); importing every module a review run loads takes "
        f"{imports * 1000:.0f} ms; the work itself, {(k - imports) * 1000:.0f} ms. "
        + import_note(import_split(tmp / "imports-review.txt"))
    )
    if util.find_spec("matplotlib") is None:
        report.notes.append("QBR deck vs matplotlib pictures: skipped, matplotlib not installed.")
        return
    mpl_script = tmp / "pptx_mpl_deck.py"
    mpl_script.write_text(MPL_SCRIPT, encoding="utf-8")
    mp = subprocess_time([PY, str(mpl_script), str(tmp / "mpl.pptx")])
    report.add(
        Row(
            "QBR deck of a demo account, whole process",
            k,
            "python-pptx + 3 matplotlib pictures instead of native charts",
            mp,
            "information",
            None,
        )
    )


DOCXTPL_BATCH = """
import sys
from docxtpl import DocxTemplate
import json
template, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
actions = json.load(open(sys.argv[4], encoding="utf-8"))
for n in range(count):
    tpl = DocxTemplate(template)
    tpl.render({"actions": actions}, autoescape=True)
    tpl.save(f"{out}/plan{n}.docx")
"""


class WatchProcess:
    """`kamdocs watch` running in the background; its output lines arrive on a queue."""

    def __init__(self, ws_dir: Path, env: dict[str, str]):
        import queue
        import threading

        cmd = [*KAMDOCS, "watch", "-C", str(ws_dir), "--only", ACCOUNT, "--as-of", AS_OF]
        self.process = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))
        self.lines.put((time.perf_counter(), ""))

    def wait_for(self, *texts: str, timeout: float = 600) -> float:
        """Return when a line holding one of `texts` was printed."""
        while True:
            at, line = self.lines.get(timeout=timeout)
            if not line:
                raise RuntimeError("kamdocs watch stopped")
            if any(t in line for t in texts):
                return at

    def settle(self, quiet_s: float = 2.0) -> None:
        """Wait until the watcher has printed nothing for `quiet_s` (its rebuild is over)."""
        import queue

        while True:
            try:
                self.lines.get(timeout=quiet_s)
            except queue.Empty:
                return

    def stop(self) -> None:
        import signal

        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=60)
        if self.process.stdout is not None:
            self.process.stdout.close()


def watch_latency(
    ws_dir: Path, edited: Path, output: str, tmp: Path, one_shot: Sequence[str]
) -> tuple[float, float]:
    """Return the median time from the write of `edited` to `kamdocs watch` reporting
    `output` rebuilt (the file is on disk then: the line is printed after the atomic write),
    and the median of the warm `one_shot` command it is judged against, timed in turn with
    it (PAIRED_RUNS of each, swapping which goes first; the watcher is idle meanwhile)."""
    env = fresh_cache_env(tmp)  # the one-shot's: its first, untimed run fills it
    watcher = WatchProcess(ws_dir, fresh_cache_env(tmp))
    text = edited.read_text(encoding="utf-8")
    edits = [0]

    def save_and_wait() -> float:
        start = time.perf_counter()
        edited.write_text(text + f"\n# bench edit {edits[0]}\n", encoding="utf-8")
        edits[0] += 1
        done = watcher.wait_for(f"{output} rebuilt in", f"{output} reconstruit en")
        watcher.wait_for("waiting for the next save", "en attente du prochain")
        return done - start

    try:
        watcher.wait_for("watching", "surveillance de")
        watcher.settle(0.5)
        return paired_measures(save_and_wait, wall_time(lambda: run_quiet(one_shot, env=env)))
    finally:
        watcher.stop()
        edited.write_text(text, encoding="utf-8")


def bench_watch(report: Report, tmp: Path) -> None:
    """Save → rebuilt document on disk in `kamdocs watch`, against the one-shot command,
    timed in turn with it."""
    ws300 = tmp / "ws300"
    if not ws300.exists():
        make_workspace(ws300, 300)
    demo = tmp / "demo"
    if not demo.exists():
        make_workspace(demo, 7)
    review = max((demo / "content" / "accounts" / ACCOUNT / "reviews").glob("*.yaml"))
    for kind, ws_dir, edited, output in (
        ("plan", ws300, ws300 / "content" / "accounts" / ACCOUNT / "account.yaml",
         f"{ACCOUNT}-plan-internal-fr.docx"),
        ("review", demo, review, f"{ACCOUNT}-review-{review.stem}-client-fr.pptx"),
    ):  # fmt: skip
        out = tmp / f"one-shot.{'docx' if kind == 'plan' else 'pptx'}"
        cmd = [*KAMDOCS, kind, ACCOUNT, "-C", str(ws_dir), "--out", str(out), "--as-of", AS_OF]
        latency, one_shot = watch_latency(ws_dir, edited, output, tmp, cmd)
        what = "300-action plan" if kind == "plan" else "QBR deck"
        inside, profiled = watch_first_document(ws_dir, edited, output)
        title = f"watch rebuild up to the {what} on disk, after an edit of {edited.name}"
        report.notes.append(
            f"Watch, {what}: of the {latency * 1000:.0f} ms from the save to the line, the "
            f"rebuild step takes {inside * 1000:.0f} ms up to the document on disk (the same "
            f"step in this process, on a quiet machine: median of {WATCH_PROFILED_SAVES} saves); "
            f"the rest is watchfiles' grouping of the events, the line's printing and reading, "
            f'and caches a one-shot run just evicted. The profile "{title}" shows that step.'
        )
        report.profiles.append((title, profiled))
        report.add(
            Row(
                f"watch: YAML saved → {what} rebuilt on disk (debounce included)",
                latency,
                f"one-shot `kamdocs {kind}`, warm, in turn with the saves",
                one_shot,
                "≤ 0.25",
                latency <= 0.25 * one_shot,
            )
        )


WATCH_PROFILED_SAVES = 7


def watch_first_document(ws_dir: Path, edited: Path, output: str) -> tuple[float, str]:
    """Return, in this process, the median time of `kamdocs watch`'s rebuild step after a
    save of `edited`, from the rebuild's start to `output` on disk (the document a watch row
    waits for, built first), and the profile of one more such step."""
    from kamdocs.building.watch import Watcher

    watcher = Watcher(ws_dir, today=TODAY, only=[ACCOUNT])
    watcher.rebuild(first=True)
    text = edited.read_text(encoding="utf-8")
    times: list[float] = []
    prof = cProfile.Profile()
    started: list[float | None] = [None]

    def first_on_disk(name: str, _ms: float) -> None:
        if not name.endswith(output):
            return
        prof.disable()
        begun = started[0]
        if begun is not None:  # a timed save
            times.append(time.perf_counter() - begun)
            started[0] = None

    try:
        for n in range(WATCH_PROFILED_SAVES + 1):
            edited.write_text(text + f"\n# profiled edit {n}\n", encoding="utf-8")
            if n < WATCH_PROFILED_SAVES:
                started[0] = time.perf_counter()
            else:  # the last save is profiled, not timed
                prof.enable()
            watcher.rebuild({edited}, on_built=first_on_disk)
    finally:
        edited.write_text(text, encoding="utf-8")
    if len(times) != WATCH_PROFILED_SAVES:
        raise RuntimeError(f"{output} was rebuilt after {len(times)} saves of {edited.name} only")
    return statistics.median(times), profile_text(prof)


def count_outputs(build: Path, suffix: str) -> int:
    return sum(1 for _ in build.rglob(f"*{suffix}")) if build.exists() else 0


def bench_build(report: Report, tmp: Path) -> None:
    if "--skip-500" in sys.argv:
        report.add(
            Row(
                "no-op rebuild, 500 accounts",
                None,
                "—",
                None,
                "< 1 s",
                None,
                "not run in this pass (--skip-500)",
            )
        )
    else:
        bench_noop_500(report, tmp)
    bench_build_20(report, tmp)
    bench_build_pdf(report, tmp)


def bench_noop_500(report: Report, tmp: Path) -> None:
    """First build of a 500-account workspace (untimed target), then no-op rebuilds."""
    maker = REPO / "bench" / "make_workspace.py"
    firsts = {}
    for count in (50, 500):
        many = tmp / f"ws{count}"
        if maker.exists():
            run_quiet([PY, str(maker), str(many), "--accounts", str(count)])
        else:
            make_many_accounts(many, count)
        build = [*KAMDOCS, "build", "-C", str(many), "--as-of", AS_OF, "--quiet"]
        first = time.perf_counter()
        run_quiet([*build, "--jobs", "2"], allow_failed_documents=True, env=fresh_cache_env(tmp))
        firsts[count] = time.perf_counter() - first
    report.add(
        Row(
            "first build, 500 synthetic accounts, --jobs 2, empty cache folder",
            firsts[500],
            "10 × the first build of 50 accounts",
            10 * firsts[50],
            "≤ 1.15",
            firsts[500] <= 1.15 * 10 * firsts[50],
        )
    )
    k = build_time([*build, "--jobs", "2"])
    report.add(
        Row("no-op rebuild, 500 accounts, whole process", k, "target 1 s", 1.0, "< 1 s", k < 1.0)
    )
    last = SUMMARIES.get(" ".join(map(str, [*build, "--jobs", "2"][1:])), "")
    failed = re.search(r"failed (\d+)", last)
    if failed and int(failed.group(1)):
        report.notes.append(
            f"No-op rebuild, 500 accounts: {failed.group(1)} documents of the synthetic "
            "workspace fail (the leak scanner finds a scaled internal amount that a copied "
            "proposal's text happens to print, such as 1.65 M€), and a failed document is "
            "built again on every run, by design: the no-op time includes those rebuilds."
        )


def bench_build_20(report: Report, tmp: Path) -> None:
    """Forced build of 20 accounts with 300 actions against docxtpl rendering 80 plans."""

    from kamdocs.workspace.loader import load_workspace

    ws20 = make_workspace(tmp / "ws20", 300, copies=20)
    document, reference = plan_ir(load_workspace(ws20))
    table = action_table(document, 300)
    template = tmp / "tpl300.docx"
    actions = make_docxtpl_template(document, reference, table, template)
    data = tmp / "actions300.json"
    data.write_text(json.dumps(actions), encoding="utf-8")
    script = tmp / "docxtpl_batch.py"
    script.write_text(DOCXTPL_BATCH, encoding="utf-8")
    outdir = tmp / "docxtpl80"
    outdir.mkdir(exist_ok=True)
    build = [*KAMDOCS, "build", "-C", str(ws20), "--as-of", AS_OF, "--quiet", "--force",
             "--jobs", "2"]  # fmt: skip
    k, d = paired_medians(
        lambda: run_quiet(build, allow_failed_documents=True),
        lambda: run_quiet([PY, str(script), str(template), "80", str(outdir), str(data)]),
        runs=3,
    )
    documents = count_outputs(ws20 / "build", ".docx") + count_outputs(ws20 / "build", ".pptx")
    report.add(
        Row(
            f"build --force --jobs 2, 20 accounts × 300 actions ({documents} files)",
            k,
            "one docxtpl process, 80 plans × 300 rows",
            d,
            "≤ 1.0",
            k <= d,
        )
    )


def bench_build_pdf(report: Report, tmp: Path) -> None:
    """Amortised LibreOffice time per document in `build --pdf` against one soffice per file."""
    demo = make_workspace(tmp / "wspdf", 7)
    base = [*KAMDOCS, "build", "-C", str(demo), "--as-of", AS_OF, "--quiet", "--force"]
    no_pdf = build_time(base, fast=3)
    with_pdf = build_time([*base, "--pdf"], fast=3)
    pdfs = count_outputs(demo / "build", ".pdf")
    if not pdfs:
        report.add(
            Row(
                "build --pdf",
                None,
                "soffice per file",
                None,
                "≥ 2x faster",
                None,
                "build --pdf wrote no PDF",
            )
        )
        return
    per_doc = (with_pdf - no_pdf) / pdfs
    sample = next((demo / "build").rglob("*.docx"))
    single_out = tmp / "single_pdf"
    single_out.mkdir(exist_ok=True)
    single = median_time(
        lambda: run_quiet(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(single_out),
                str(sample),
            ]
        ),
        fast=3,
    )
    report.add(
        Row(
            f"build --pdf: LibreOffice time per document ({pdfs} PDFs)",
            per_doc,
            "one soffice process per file",
            single,
            "≥ 2x faster (≤ 0.5)",
            per_doc * 2 <= single,
        )
    )


# --- report -----------------------------------------------------------------------------------


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def tool_version(cmd: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=60)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "not available"


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libs = ", ".join(
        f"{d} {version(d)}"
        for d in (
            "kamdocs",
            "python-docx",
            "python-pptx",
            "docxtpl",
            "lxml",
            "jinja2",
            "Markdown",
            "pydantic",
            "PyYAML",
            "click",
        )
    )
    return [
        f"- Machine: {os.cpu_count()} CPUs (nproc {tool_version(['nproc'])}), CPU model "
        f"{cpu!r}, {platform.platform()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- Libraries: {libs}",
        f"- Tools: {tool_version(['pandoc', '--version'])}; "
        f"{tool_version(['soffice', '--version'])}",
        f"- Load average (1, 5, 15 min) at the start: {LOAD_AT_START}; at the end: "
        f"{tuple(round(x, 2) for x in os.getloadavg())}. A load above the CPU count means "
        "other processes competed for the CPUs and every timing is noisier.",
    ]


def write_results(report: Report, started: str, seconds: float) -> Path:
    met = [r for r in report.rows if r.met is True]
    missed = [r for r in report.rows if r.met is False]
    skipped = [r for r in report.rows if r.met is None and r.target != "information"]
    lines = [
        "# kamdocs benchmark results",
        "",
        f"Produced by `python bench/run.py` on {started} ({seconds:.0f} s). Medians: of "
        f"{PAIRED_RUNS} runs of each side, taken in turn, for a target against another tool "
        "(3 for the 20-account build); else of 5 runs (3 for anything over 1 s). Times in "
        "milliseconds; ratio = kamdocs / other, so below 1 means kamdocs is faster. All rows "
        "come from the same run.",
        "",
        *machine(),
        "",
        TABLE_HEAD,
        *(format_row(r) for r in report.rows),
        "",
        f"Targets met: {len(met)}; missed: {len(missed)}; skipped: {len(skipped)}.",
        "",
    ]
    if missed:
        lines += ["## Missed targets", ""]
        lines += [
            f"- {r.what} against {r.other_name}: ratio "
            f"{'—' if r.ratio is None else f'{r.ratio:.2f}'}, target {r.target}"
            for r in missed
        ]
        lines.append("")
    if skipped:
        lines += ["## Skipped", ""]
        lines += [f"- {r.what}: {r.note}" for r in skipped]
        lines.append("")
    lines += ["## Notes", ""]
    lines += [f"- {n}" for n in report.notes]
    lines += [
        "- Equivalent inputs come from the plan's own IR: the Markdown for pandoc and the "
        "docxtpl template hold the same headings, paragraphs, bullet items and tables (the action "
        "table as a `{%tr for %}` row loop, with plain cell text: no per-cell shading or colour). "
        "Neither holds the plan's three native charts, the TOC field or the page header/footer "
        "that kamdocs writes, so the comparison slightly favours them.",
        "- The floor joins the same body XML as strings (same table elements and attributes as "
        "kamdocs' table builder) and zips it with kamdocs' reference document's other parts.",
        "- The table-builder target compares `_ooxml.table` building the lxml tree against the "
        "floor producing the finished string; the row with `etree.tostring` adds serialisation.",
        "- In-process targets are judged with KAMDOCS_NO_CACHE=1, so every load parses its YAML; "
        "the 'parse cache' rows show the usual case of a rebuild. Their runs repeat in one "
        "process, so runs 2 and later find what the process keeps by content from run 1, as a "
        "batch worker or a watch session does: compiled templates, the fonts' measured words, "
        "table cells' layouts, text widths, the leak scanner's foldings, a deck's layouts. "
        "Whole-process targets are judged on warm runs (runs "
        f"2-{PAIRED_RUNS + 1} of a series sharing one cache folder, the first run filling it: "
        "parsed files, validated models, compiled templates, font widths); the cold row beside "
        "each runs with an empty cache folder. Every Python process runs with compiled "
        "bytecode (PYTHONPYCACHEPREFIX in the run's folder), as an installed package does.",
        f"- Each target against another tool is timed in turn with it ({PAIRED_RUNS} runs of "
        "each, 3 for the 20-account build, alternating and swapping which goes first, after an "
        "untimed run of each), so that a load that comes and goes on the machine weighs on "
        "both sides of the ratio alike.",
        "- Watch rows: `kamdocs watch --only` runs in the background; the time runs from the "
        "write of the YAML file to the line saying the document was rebuilt, which is printed "
        "after its atomic write, so it includes watchfiles' grouping of events (it looks every "
        f"{STEP_MS} ms and yields after one look without a new event: {1.5 * STEP_MS:.0f} ms "
        "on average) and the rebuild. Each save is timed in turn with a warm run of the "
        "one-shot command it is divided by, the watcher idle meanwhile.",
        "",
    ]
    for title, text in report.profiles:
        lines += [f"## Profile: {title} (top 15, cumulative)", "", "```", text, "```", ""]
    path = REPO / "bench" / "RESULTS.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


LOAD_AT_START: tuple[float, ...] = ()


def main() -> None:
    global LOAD_AT_START
    LOAD_AT_START = tuple(round(x, 2) for x in os.getloadavg())
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.perf_counter()
    report = Report()
    print(TABLE_HEAD, flush=True)
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-") as name:
        tmp = Path(name)
        # Every command runs as an installed kamdocs would: with compiled bytecode (kept out
        # of the repository) and a cache folder of the run's own.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        os.environ["KAMDOCS_CACHE_DIR"] = str(tmp / "cache")
        parts = {
            "memory": bench_memory,
            "help": lambda r, _t: bench_help(r),
            "whole": bench_whole_process,
            "inprocess": bench_in_process,
            "review": bench_review,
            "build": bench_build,
            "watch": bench_watch,
        }
        # `--only inprocess,review` runs a subset while working on one target.
        only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), "")
        for name, bench in parts.items():
            if not only or name in only.split(","):
                bench(report, tmp)
        for cmd, summary in SUMMARIES.items():
            report.notes.append(f"`{cmd.replace(str(tmp), '$TMP')}` last printed: {summary}")
    path = write_results(report, started, time.perf_counter() - t0)
    for title, text in report.profiles:
        print(f"\nProfile: {title}\n{text}")
    for note in report.notes:
        print(f"note: {note}")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
