"""The design rules import-linter cannot see, checked on the source: where kamdocs reads its
inputs, writes files, runs other programs and reads the clock."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kamdocs"

READS = {"read_text", "read_bytes"}
WRITES = {"write_text", "write_bytes", "unlink"}  # Path methods
MODULE_WRITES = {("os", "replace"), ("os", "rename"), ("os", "remove"), ("os", "fdopen"),
                 ("tempfile", "mkstemp"), ("shutil", "move"), ("shutil", "copyfile")}  # fmt: skip
CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
         ("time", "time")}  # fmt: skip

# Where each kind of effect may appear (paths relative to kamdocs/), and why.
ALLOWED = {
    "read": {
        "workspace/*",  # the loaders of content, templates, reference files and caches
        "building/manifest.py",  # the build's own manifest
        "building/pages.py",  # the PDF it had LibreOffice make
        "building/layout.py",  # the .docx it wrote, to put its laid-out page numbers in
        # the CRM or spreadsheet exports and the mapping file named on the command line of
        # `kamdocs import`: not workspace files, so not the workspace loader's job
        "importing/sources.py",
    },
    "write": {
        "building/output.py",  # atomic outputs and new files
        "building/pages.py",  # a scratch copy for LibreOffice, in a private temp folder
        "building/pdf.py",  # moves each converted PDF into place
        "workspace/parsecache.py",  # the parse cache
        "workspace/modelcache.py",  # the validated-model cache
        "workspace/cachedir.py",  # the entries of the caches, written atomically
    },
    # LibreOffice and poppler; fontconfig, which finds the font files of a reference's fonts
    "subprocess": {
        "building/pdf.py",
        "building/pages.py",
        "building/layout.py",
        "building/fonts.py",
    },
    "clock": {"cli/commands.py"},
}


def effects(source: str) -> list[tuple[str, int]]:
    """Return (effect, line) for each read, write, subprocess import and clock read."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if any(n and n.split(".")[0] == "subprocess" for n in names):
                found.append(("subprocess", node.lineno))
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            mode = node.args[1] if len(node.args) > 1 else None
            mode = mode or next((k.value for k in node.keywords if k.arg == "mode"), None)
            text = mode.value if isinstance(mode, ast.Constant) else "r"
            found.append(("write" if set(str(text)) & set("wax+") else "read", node.lineno))
        elif isinstance(func, ast.Attribute):
            owner = func.value.attr if isinstance(func.value, ast.Attribute) else (
                func.value.id if isinstance(func.value, ast.Name) else "")  # fmt: skip
            if func.attr in READS:
                found.append(("read", node.lineno))
            elif func.attr in WRITES or (owner, func.attr) in MODULE_WRITES:
                found.append(("write", node.lineno))
            elif (owner, func.attr) in CLOCK:
                found.append(("clock", node.lineno))
    return sorted(found, key=lambda e: e[1])


def _allowed(effect: str, relative: str) -> bool:
    patterns = ALLOWED[effect]
    return relative in patterns or f"{relative.split('/')[0]}/*" in patterns


def test_reads_writes_programs_and_the_clock_stay_in_their_stages() -> None:
    misplaced = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for effect, line in effects(path.read_text(encoding="utf-8")):
            if not _allowed(effect, relative):
                misplaced.append(f"kamdocs/{relative}:{line}: {effect}")
    assert misplaced == [], "\n".join(misplaced)


def test_the_scan_sees_each_kind_of_effect() -> None:
    source = (
        "import subprocess\n"
        "import datetime as dt\n"
        "data = path.read_bytes()\n"
        "out.write_text('x')\n"
        "with open(name, 'wb') as f: pass\n"
        "with open(name) as f: pass\n"
        "os.replace(a, b)\n"
        "day = dt.date.today()\n"
        "now = datetime.now()\n"
    )
    assert effects(source) == [
        ("subprocess", 1), ("read", 3), ("write", 4), ("write", 5), ("read", 6),
        ("write", 7), ("clock", 8), ("clock", 9),
    ]  # fmt: skip
