"""The parse cache: same data as a fresh parse, never stale, never hiding a problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO

from kamdocs.workspace import model as m
from kamdocs.workspace.loader import load_file
from kamdocs.workspace.yamlread import parse_yaml

ACCOUNT = REPO / "content" / "accounts" / "ondrelle-industrie" / "account.yaml"


@pytest.fixture
def cache(cache_folder: Path) -> Path:
    return cache_folder / "parsed"


def _account(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "content" / "accounts" / "x" / "account.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        shutil.copy(ACCOUNT, path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_second_load_reads_the_cache_and_gives_the_same_model(
    tmp_path: Path, cache: Path
) -> None:
    path = _account(tmp_path)
    first = load_file(path, tmp_path, m.Account)
    assert len(list(cache.glob("*.pickle"))) == 1
    second = load_file(path, tmp_path, m.Account)
    assert first.problems == second.problems == []
    assert second.model == first.model
    assert second.model is not None
    assert second.model.actions


def test_the_cached_data_is_what_the_parser_returns(tmp_path: Path, cache: Path) -> None:
    from kamdocs.workspace.parsecache import parse_cached

    text = ACCOUNT.read_text(encoding="utf-8")
    parse_cached(text, "a.yaml")
    cached, problems = parse_cached(text, "a.yaml")
    fresh, _ = parse_yaml(text, "a.yaml")
    assert cached is not None
    assert fresh is not None
    assert problems == []
    assert cached.root is None
    assert cached.data == fresh.data


def test_an_edited_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = _account(tmp_path)
    load_file(path, tmp_path, m.Account)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Ondrelle Industrie SAS", "name: Ondrelle SA", 1), "utf-8")
    loaded = load_file(path, tmp_path, m.Account)
    assert loaded.model is not None
    assert loaded.model.name == "Ondrelle SA"
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_problem_in_a_cached_file_keeps_its_exact_position(tmp_path: Path, cache: Path) -> None:
    # A well-formed file whose problem only the model sees: the parse is cached, the error is
    # reported with the line of the bad value, found by parsing the text again.
    text = ACCOUNT.read_text(encoding="utf-8")
    bad = text.replace("language: fr", "language: frr", 1)
    assert bad != text
    line = bad.splitlines().index(next(x for x in bad.splitlines() if x == "language: frr")) + 1
    path = _account(tmp_path, bad)
    for _ in range(2):  # the second load comes from the cache
        problems = load_file(path, tmp_path, m.Account).problems
        assert [(p.line, p.field) for p in problems] == [(line, "language")]
    assert len(list(cache.glob("*.pickle"))) == 1


def test_a_file_with_a_warning_is_not_cached(tmp_path: Path, cache: Path) -> None:
    text = ACCOUNT.read_text(encoding="utf-8").replace("Ondrelle", "Ondr\x01elle", 1)
    path = _account(tmp_path, text)
    for _ in range(2):
        problems = load_file(path, tmp_path, m.Account).problems
        assert [p.severity for p in problems] == ["warning"]
    assert not cache.exists()  # the folder is made when the first entry is stored


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path, cache: Path) -> None:
    path = _account(tmp_path)
    load_file(path, tmp_path, m.Account)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])
    models = cache.parent / "models"  # the model cache would serve the file without parsing
    shutil.rmtree(models)
    loaded = load_file(path, tmp_path, m.Account)
    assert loaded.problems == []
    assert loaded.model is not None
    assert loaded.model.actions
    shutil.rmtree(models)
    load_file(path, tmp_path, m.Account)
    assert entry.stat().st_size > 100


def test_no_cache_turns_it_off(tmp_path: Path, cache: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KAMDOCS_NO_CACHE", "1")
    load_file(_account(tmp_path), tmp_path, m.Account)
    assert not cache.exists()
