"""The wheel a user installs carries every module, the templates and the reference files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    # Building needs setuptools from PyPI (build isolation); a packaging mistake fails here.
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return next(out.glob("kamdocs-*.whl"))


def test_the_wheel_holds_every_kamdocs_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in (REPO / "kamdocs").rglob("*.py"):
        relative = source.relative_to(REPO).as_posix()
        assert relative in names, relative


def test_the_wheel_ships_the_templates_as_the_packaged_defaults(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in (REPO / "templates").rglob("*"):
        if source.is_file():
            relative = source.relative_to(REPO / "templates").as_posix()
            assert f"kamdocs/_templates/{relative}" in names, relative


def test_packaged_templates_prefers_the_installed_copy(tmp_path: Path, monkeypatch) -> None:
    from kamdocs.workspace import templateroots as packaged

    fake = tmp_path / "site" / "kamdocs"
    (fake / "_templates" / "docx").mkdir(parents=True)
    monkeypatch.setattr(packaged, "__file__", str(fake / "workspace" / "templateroots.py"))
    assert packaged.packaged_templates() == fake / "_templates"
