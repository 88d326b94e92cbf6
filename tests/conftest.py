"""Shared fixtures: the demo workspace at the repository root, copies of it, the as-of date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def demo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def demo_ws():
    from kamdocs.workspace.loader import load_workspace

    return load_workspace(REPO)


@pytest.fixture
def ws_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo workspace (content and settings, no build/)."""
    target = tmp_path / "ws"
    shutil.copytree(REPO / "content", target / "content")
    shutil.copy(REPO / "kamdocs.yaml", target / "kamdocs.yaml")
    return target


@pytest.fixture
def ws(ws_copy: Path) -> Path:
    """The same writable copy, under the name the build tests give it."""
    return ws_copy


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, with caching on whatever the environment says."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KAMDOCS_CACHE_DIR", str(folder))
    monkeypatch.delenv("KAMDOCS_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def pinned_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the build fingerprint of kamdocs' own sources, so that edits made to the package
    while the tests run (a shared working tree) do not make every document stale."""
    from kamdocs.building import manifest

    monkeypatch.setattr(manifest, "code_fingerprint", lambda: "pinned")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
