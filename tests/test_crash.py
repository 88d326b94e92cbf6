"""Crash safety: a build killed with SIGKILL at random moments never corrupts anything."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kamdocs.building.manifest import MANIFEST_NAME
from kamdocs.building.output import TEMP_PREFIX

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def build(ws: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "kamdocs",
        "build",
        "-C",
        str(ws),
        "--as-of",
        "2026-11-23",
        "--jobs",
        "2",
        "--quiet",
        *extra,
    ]
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def outputs(ws: Path) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for p in sorted((ws / "build").rglob("*"))
        if p.suffix in (".docx", ".pptx", ".xlsx")
    }


def assert_sound(ws: Path, before: dict[Path, bytes]) -> None:
    """Every document is whole (an intact zip), and the manifest only names files on disk."""
    for path in before:
        assert path.is_file(), f"{path.name} disappeared"
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None, path.name
    manifest_path = ws / "build" / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, entry in manifest["documents"].items():
        for file in [name, *entry.get("companions", [])]:
            assert (ws / file).is_file(), f"manifest names {file}, which is not on disk"


def test_killing_a_build_at_random_moments_leaves_every_output_whole(ws_copy: Path) -> None:
    first = build(ws_copy)
    assert first.wait(timeout=600) == 0
    before = outputs(ws_copy)
    assert len(before) >= 15
    rng = random.Random(20261123)
    for attempt in range(8):
        # Change every account so that the whole workspace must be rebuilt.
        for account in sorted((ws_copy / "content" / "accounts").glob("*/account.yaml")):
            with account.open("a", encoding="utf-8") as handle:
                handle.write(f"# edit {attempt}\n")
        process = build(ws_copy, "--force")
        time.sleep(rng.uniform(0.2, 1.6))  # a forced demo build takes about 1-2 s here
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert_sound(ws_copy, before)
    # What a kill between writing a temporary file and renaming it leaves behind:
    leftover = ws_copy / "build" / "marches-vervelle" / f"{TEMP_PREFIX}abc.docx"
    leftover.write_bytes(b"PK\x03\x04 truncated")
    finished = build(ws_copy)
    assert finished.wait(timeout=600) == 0
    assert_sound(ws_copy, before)
    assert not list((ws_copy / "build").rglob(f"{TEMP_PREFIX}*")), "leftovers not cleaned"
    again = subprocess.run(
        [sys.executable, "-m", "kamdocs", "build", "-C", str(ws_copy), "--as-of", "2026-11-23"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "up to date" in again.stdout
