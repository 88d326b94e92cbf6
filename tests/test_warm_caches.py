"""What a run keeps in the cache folder besides models and parsed files: the verdict on a
picture's bytes and the blocks of converted Markdown. Each is served only for the same
bytes, and a damaged entry is recomputed silently. A warm run then needs neither PyYAML,
Pillow nor the Markdown converter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from kamdocs import ir
from kamdocs.templating import markup
from kamdocs.workspace import library

LOGO = REPO / "content" / "logo.png"
MARKDOWN = "Deux points :\n\n- *premier* point\n- second point, [lien](https://example.org)"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_picture_judged_once_is_not_decoded_again(
    cache_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = tmp_path / "logo.png"
    picture.write_bytes(LOGO.read_bytes())
    assert library.undecodable(picture) is None
    assert len(entries(cache_folder / "pictures")) == 1
    monkeypatch.setattr(library, "_decode_problem", lambda _: pytest.fail("decoded again"))
    assert library.undecodable(picture) is None


def test_a_damaged_picture_keeps_its_verdict_and_an_edited_one_is_judged_again(
    cache_folder: Path, tmp_path: Path
) -> None:
    picture = tmp_path / "logo.png"
    picture.write_bytes(LOGO.read_bytes()[:200])  # the header, not the pixels
    first = library.undecodable(picture)
    assert first is not None
    assert library.undecodable(picture) == first
    picture.write_bytes(LOGO.read_bytes())
    assert library.undecodable(picture) is None
    assert len(entries(cache_folder / "pictures")) == 2


def test_a_damaged_picture_entry_is_decided_again(cache_folder: Path, tmp_path: Path) -> None:
    picture = tmp_path / "logo.png"
    picture.write_bytes(b"PNG? no")
    first = library.undecodable(picture)
    assert first is not None
    (entry,) = entries(cache_folder / "pictures")
    entry.write_bytes(b"not a pickle")
    assert library.undecodable(picture) == first
    assert entry.read_bytes() != b"not a pickle"


def test_markdown_converted_once_comes_back_without_the_converter(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = markup.md_blocks.__wrapped__(MARKDOWN)
    assert [type(b) for b in first] == [ir.Paragraph, ir.ListBlock]
    assert len(entries(cache_folder / "markdown")) == 1
    monkeypatch.setattr(markup, "_md_tree", lambda _: pytest.fail("converted again"))
    assert markup.md_blocks.__wrapped__(MARKDOWN) == first


def test_a_damaged_markdown_entry_is_converted_again(cache_folder: Path) -> None:
    first = markup.md_blocks.__wrapped__(MARKDOWN)
    (entry,) = entries(cache_folder / "markdown")
    entry.write_bytes(b"\x80\x05junk")
    assert markup.md_blocks.__wrapped__(MARKDOWN) == first
    assert entry.read_bytes() != b"\x80\x05junk"


# Runs kamdocs' command line in this process, then prints which libraries it had imported
# and which model classes had their validator built.
IMPORTED = """
import json, sys
from kamdocs.cli.process import run
from kamdocs.workspace import model as m
sys.argv = ["kamdocs", *sys.argv[1:]]
try:
    run()
except SystemExit as exc:
    code = exc.code
classes, built = [m.Model], []
while classes:
    cls = classes.pop()
    classes.extend(cls.__subclasses__())
    if cls.__pydantic_complete__:
        built.append(cls.__name__)
print(json.dumps({"code": code, "modules": sorted(sys.modules), "built": sorted(built)}))
"""


def run_reporting(args: list[str], cache: Path) -> dict[str, Any]:
    env = {**os.environ, "KAMDOCS_CACHE_DIR": str(cache)}
    env.pop("KAMDOCS_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args], env=env, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def imported(args: list[str], cache: Path) -> tuple[int, set[str]]:
    report = run_reporting(args, cache)
    return report["code"], {m.split(".")[0] for m in report["modules"]}


# python-pptx imports Pillow whatever the deck holds; the demo's review has no list.
@pytest.mark.parametrize(
    ("kind", "spared"), [("plan", {"yaml", "PIL", "markdown"}), ("review", {"yaml"})]
)
def test_a_warm_run_needs_no_yaml_parser_picture_decoder_or_markdown_converter(
    ws: Path, tmp_path: Path, kind: str, spared: set[str]
) -> None:
    args = [kind, "ondrelle-industrie", "-C", str(ws), "--as-of", "2026-11-23",
            "--out", str(tmp_path / f"out.{'docx' if kind == 'plan' else 'pptx'}")]  # fmt: skip
    cache = tmp_path / "cache"
    code, cold = imported(args, cache)
    assert code == 0
    assert spared <= cold  # the first run parses, decodes and converts
    code, warm = imported(args, cache)
    assert code == 0
    assert not spared & warm


@pytest.mark.parametrize("kind", ["plan", "review"])
def test_a_warm_run_builds_no_validator(ws: Path, tmp_path: Path, kind: str) -> None:
    args = [kind, "ondrelle-industrie", "-C", str(ws), "--as-of", "2026-11-23",
            "--out", str(tmp_path / f"out.{'docx' if kind == 'plan' else 'pptx'}")]  # fmt: skip
    cache = tmp_path / "cache"
    cold = run_reporting(args, cache)
    assert "Account" in cold["built"]  # the first run validates the files it reads
    warm = run_reporting(args, cache)
    assert warm["code"] == 0
    assert warm["built"] == []
