"""Compiled templates: a template compiled by an earlier process is read from the cache
folder once per process, then served from memory to every new environment."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from kamdocs.templating.environment import Templates

SOURCES = {"page.md.j2": "# {{ title }}\n{% include 'part.md.j2' %}\n", "part.md.j2": "x\n"}


def test_a_template_from_the_cache_folder_is_read_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Templates(jinja2.DictLoader(SOURCES), "test", cache_dir=tmp_path).render(
        "page.md.j2", {"title": "T"}, {}
    )  # an earlier process compiled both and kept them in the folder
    reads: list[str] = []
    real = jinja2.FileSystemBytecodeCache.load_bytecode

    def counted(self: jinja2.FileSystemBytecodeCache, bucket: jinja2.bccache.Bucket) -> None:
        real(self, bucket)
        reads.append(bucket.key if bucket.code is not None else "missed")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "load_bytecode", counted)
    process = Templates(jinja2.DictLoader(SOURCES), "test", cache_dir=tmp_path)
    for title in ("A", "B", "C"):  # each render has an environment of its own
        text, _tokens = process.render("page.md.j2", {"title": title}, {})
        assert text.endswith("x\n")
    assert sorted(reads) == sorted(set(reads))  # each template once, found in the folder
    assert len(reads) == 2
    assert "missed" not in reads
