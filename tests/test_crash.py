"""Crash safety: a build killed with SIGKILL at a point it reports itself (right after its
n-th "built" line, or after its last "up to date" line, before any document) leaves every
output whole, and the next build finishes exactly the work the killed one did not record."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pptx
import pytest
from conftest import REPO

from kamdocs.building.manifest import MANIFEST_NAME
from kamdocs.building.output import TEMP_PREFIX

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# Not --quiet: the build prints "up to date <path>" for each fresh document, then
# "built <path>" as each document is on disk (batch.run_build). Two jobs, so that the kill
# also stops worker processes in the middle of their documents.
COMMAND = [sys.executable, "-m", "kamdocs", "build", "--as-of", "2026-11-23", "--jobs", "2"]
HANG_GUARD_S = 600  # only so that a hung build fails the test instead of blocking it


def built(lines: list[str]) -> list[str]:
    return [x.removeprefix("built ") for x in lines if x.startswith("built build/")]


def up_to_date(lines: list[str]) -> list[str]:
    return [x.removeprefix("up to date ") for x in lines if x.startswith("up to date build/")]


def run(ws: Path) -> list[str]:
    done = subprocess.run(
        [*COMMAND, "-C", str(ws)], capture_output=True, text=True, timeout=HANG_GUARD_S
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def kill_at(ws: Path, point: Callable[[list[str]], bool]) -> list[str]:
    """Start a build, SIGKILL its process group as soon as `point(lines read so far)` holds,
    and return every line it printed (the ones after the point included)."""
    process = subprocess.Popen(
        [*COMMAND, "-C", str(ws)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    guard = threading.Timer(HANG_GUARD_S, os.killpg, (process.pid, signal.SIGKILL))
    guard.start()
    lines: list[str] = []
    try:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if point(lines):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                break
        lines += process.stdout.read().splitlines()  # printed before the signal landed
        process.wait(timeout=HANG_GUARD_S)
    finally:
        guard.cancel()
        process.stdout.close()
    assert point(lines), f"the build ended before the kill point: {lines}"
    assert process.returncode == -signal.SIGKILL, lines
    return lines


def outputs(ws: Path) -> dict[str, bytes]:
    """Every file of build/ but the manifest and temporary files, by workspace path."""
    return {
        p.relative_to(ws).as_posix(): p.read_bytes()
        for p in sorted((ws / "build").rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(TEMP_PREFIX)
    }


def manifest(ws: Path) -> dict[str, dict]:
    """The manifest's documents ({} when it was never saved)."""
    path = ws / "build" / MANIFEST_NAME
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["documents"]


def recorded(ws: Path) -> dict[str, str]:
    """The documents the manifest vouches for, with the digest of their inputs."""
    return {name: entry["inputs"] for name, entry in manifest(ws).items()}


def assert_whole(ws: Path, reported: list[str]) -> None:
    """Every output present reopens; every document reported built and every file the
    manifest names is on disk."""
    present = set(outputs(ws))
    for name in present:
        path = ws / name
        if path.suffix in (".eml", ".md"):  # text: a status e-mail and its Markdown
            path.read_bytes().decode("utf-8")
            continue
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None, name
        if path.suffix == ".docx":
            docx.Document(str(path))
        elif path.suffix == ".pptx":
            pptx.Presentation(str(path))
    assert set(reported) <= present
    for name, entry in manifest(ws).items():
        for file in [name, *entry["companions"]]:
            assert file in present, f"the manifest names {file}, which is not on disk"


def finish(ws: Path, reference: dict[str, bytes], rebuilt: set[str]) -> None:
    """The next build cleans the leftovers, rebuilds `rebuilt` only and ends with the bytes
    of an uninterrupted build; the one after it has nothing to do."""
    # What a kill between writing a temporary file and renaming it leaves behind (the kills
    # above may or may not have left one).
    planted = ws / "build" / "marches-vervelle" / f"{TEMP_PREFIX}planted.docx"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(b"PK\x03\x04 truncated")
    assert set(built(run(ws))) == rebuilt
    assert not list((ws / "build").rglob(f"{TEMP_PREFIX}*")), "leftovers not cleaned"
    assert outputs(ws) == reference
    assert built(run(ws)) == []


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of an uninterrupted build of the demo workspace."""
    ws = tmp_path_factory.mktemp("reference")
    shutil.copytree(REPO / "content", ws / "content")
    shutil.copy(REPO / "kamdocs.yaml", ws / "kamdocs.yaml")
    # five accounts × (two plans, a status e-mail, a call agenda), three decks, three
    # proposals, the portfolio's two documents
    assert len(built(run(ws))) == 28
    return outputs(ws)


def documents(reference: dict[str, bytes]) -> set[str]:
    companions = ("-compliance.xlsx", ".md")  # a tender's grid, a status e-mail's Markdown
    return {n for n in reference if not n.endswith(companions)}


@pytest.mark.parametrize("n", [1, 3, 9])
def test_a_build_killed_right_after_its_nth_document(
    ws_copy: Path, reference: dict[str, bytes], n: int
) -> None:
    lines = kill_at(ws_copy, lambda lines: len(built(lines)) >= n)
    assert_whole(ws_copy, built(lines))
    mine = recorded(ws_copy)  # a first build: whatever the manifest holds, this run recorded
    assert set(mine) <= set(built(lines)), "the manifest vouches for an unreported document"
    finish(ws_copy, reference, documents(reference) - set(mine))


def test_a_build_killed_before_its_first_document(
    ws_copy: Path, reference: dict[str, bytes]
) -> None:
    run(ws_copy)
    before = recorded(ws_copy)
    # A comment: the account's documents and the portfolio are stale (the digest of their
    # inputs changed), yet their bytes stay those of the reference.
    account = ws_copy / "content" / "accounts" / "braise-textiles" / "account.yaml"
    account.write_text(account.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stale = {
        "build/braise-textiles/braise-textiles-plan-internal-fr.docx",
        "build/braise-textiles/braise-textiles-plan-client-fr.docx",
        "build/braise-textiles/braise-textiles-status-2026-11-23-fr.eml",
        "build/braise-textiles/braise-textiles-call-2026-11-23-client-fr.docx",
        "build/portfolio-fr-summary.docx",
        "build/portfolio-fr-deck.pptx",
    }
    assert stale <= set(reference)
    fresh = len(documents(reference) - stale)
    # The "up to date" lines all come before the first document is built.
    lines = kill_at(ws_copy, lambda lines: len(up_to_date(lines)) == fresh)
    assert not built(lines[:fresh])
    assert_whole(ws_copy, built(lines))
    after = recorded(ws_copy)
    assert set(after) == set(before)
    mine = {name for name in after if after[name] != before[name]}
    assert mine <= set(built(lines)) & stale
    finish(ws_copy, reference, stale - mine)
