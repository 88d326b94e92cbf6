"""The validated-model cache: it serves an unchanged file's model without validating it, and
never a stale one (the file, an included file, the settings, the company file, a rename, a
change of kamdocs' code); a file with problems is never kept; a corrupted entry is rebuilt."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kamdocs.workspace import codedigest, loader, modelcache
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import load_file, load_workspace

SLUG = "marches-vervelle"  # its account file includes accounts/marches-vervelle/offre-synthese.md


@pytest.fixture
def models(cache_folder: Path) -> Path:
    return cache_folder / "models"


@pytest.fixture
def no_validation(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """After this fixture, any validation is recorded: a cache hit validates nothing."""
    calls: list[str] = []
    real = loader.validate

    def counting(cls, parsed, loaded):  # type: ignore[no-untyped-def]
        calls.append(loaded.file)
        return real(cls, parsed, loaded)

    monkeypatch.setattr(loader, "validate", counting)
    return calls


def _account_path(ws: Path, slug: str = SLUG) -> Path:
    return ws / "content" / "accounts" / slug / "account.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_file_is_served_without_validation(
    ws_copy: Path, models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_file(_account_path(ws_copy), ws_copy, m.Account)
    assert first.ok
    assert len(list(models.glob("*.pickle"))) == 1
    calls: list[str] = []
    monkeypatch.setattr(loader, "validate", lambda *a: calls.append("validated"))
    second = load_file(_account_path(ws_copy), ws_copy, m.Account)
    assert calls == []
    assert second.model == first.model
    assert second.problems == []


def test_an_edit_of_the_file_is_validated_again(
    ws_copy: Path, models: Path, no_validation: list[str]
) -> None:
    path = _account_path(ws_copy)
    before = load_file(path, ws_copy, m.Account).model
    assert before is not None
    _replace(path, f"name: {before.name}", "name: Marchés Vervelle renommés")
    after = load_file(path, ws_copy, m.Account).model
    assert after is not None
    assert after.name == "Marchés Vervelle renommés"
    assert no_validation == [f"content/accounts/{SLUG}/account.yaml"] * 2


def test_an_edit_of_an_included_file_is_seen(ws_copy: Path, models: Path) -> None:
    path = _account_path(ws_copy)
    include = ws_copy / "content" / "accounts" / SLUG / "offre-synthese.md"
    load_file(path, ws_copy, m.Account)
    include.write_text("Une synthèse réécrite pour le test.\n", encoding="utf-8")
    model = load_file(path, ws_copy, m.Account).model
    assert model is not None
    assert "Une synthèse réécrite pour le test." in model.model_dump_json()


def test_an_included_file_replaced_by_a_link_out_of_content_is_refused(
    ws_copy: Path, models: Path, tmp_path: Path
) -> None:
    path = _account_path(ws_copy)
    include = ws_copy / "content" / "accounts" / SLUG / "offre-synthese.md"
    assert load_file(path, ws_copy, m.Account).ok
    outside = tmp_path / "outside.md"
    shutil.copy(include, outside)  # same bytes, but outside content/
    include.unlink()
    include.symlink_to(outside)
    loaded = load_file(path, ws_copy, m.Account)
    assert [p.key for p in loaded.problems] == ["include_through_link"]


def test_settings_and_company_edits_are_seen(ws_copy: Path, models: Path) -> None:
    ws = load_workspace(ws_copy, [SLUG])
    assert ws.settings.model is not None
    assert ws.company.model is not None
    _replace(ws_copy / "kamdocs.yaml", "currency: EUR", "currency: CHF")
    company = ws_copy / "content" / "company.yaml"
    lines = company.read_text(encoding="utf-8").splitlines(keepends=True)
    (at,) = [i for i, line in enumerate(lines) if line.startswith("name:")]
    lines[at] = "name: Une autre société\n"
    company.write_text("".join(lines), encoding="utf-8")
    again = load_workspace(ws_copy, [SLUG])
    assert again.settings.model is not None
    assert again.settings.model.currency == "CHF"
    assert again.company.model is not None
    assert ws.company.model.name != "Une autre société"
    assert again.company.model.name == "Une autre société"


def test_a_renamed_review_file_is_checked_against_its_new_name(ws_copy: Path, models: Path) -> None:
    reviews = ws_copy / "content" / "accounts" / SLUG / "reviews"
    review = sorted(reviews.glob("*.yaml"))[-1]
    assert load_workspace(ws_copy, [SLUG]).accounts[SLUG].reviews[review.stem].ok
    renamed = review.rename(reviews / "2031-Q1.yaml")
    loaded = load_workspace(ws_copy, [SLUG]).accounts[SLUG].reviews[renamed.stem]
    assert loaded.model is None
    assert [p.key for p in loaded.problems] == ["quarter_mismatch"]
    assert loaded.problems[0].file == f"content/accounts/{SLUG}/reviews/2031-Q1.yaml"


def test_a_change_of_kamdocs_code_is_a_miss(
    ws_copy: Path, models: Path, no_validation: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _account_path(ws_copy)
    load_file(path, ws_copy, m.Account)
    load_file(path, ws_copy, m.Account)
    assert len(no_validation) == 1
    monkeypatch.setattr(modelcache, "code_fingerprint", lambda: b"another kamdocs")
    load_file(path, ws_copy, m.Account)
    assert len(no_validation) == 2


def _copied_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    package = tmp_path / "kamdocs"
    shutil.copytree(codedigest.package(), package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(codedigest, "package", lambda: package)
    return package


def _sources_digest() -> bytes:
    codedigest.sources_digest.cache_clear()  # as a new process would
    return codedigest.sources_digest()


def _fingerprint() -> bytes:
    _sources_digest()
    modelcache.code_fingerprint.cache_clear()
    return modelcache.code_fingerprint()


def test_the_code_fingerprint_follows_every_source_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _copied_package(tmp_path, monkeypatch)
    try:
        before = _fingerprint()
        source = package / "documents" / "plan.py"
        source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert _fingerprint() != before
    finally:  # the digests of the copy forgotten
        modelcache.code_fingerprint.cache_clear()
        codedigest.sources_digest.cache_clear()


def test_the_code_digest_is_kept_by_the_state_of_the_sources(
    tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _copied_package(tmp_path, monkeypatch)
    monkeypatch.setattr(codedigest, "SETTLED_NS", 0)  # the copy's files count as settled
    try:
        digest = _sources_digest()
        (entry,) = (cache_folder / "code").iterdir()
        assert entry.read_bytes() == digest
        entry.write_bytes(b"k" * 32)
        assert _sources_digest() == b"k" * 32  # served, the sources not read again
        entry.write_bytes(b"damaged")
        assert _sources_digest() == digest  # a damaged entry: the sources are digested again
        source = package / "documents" / "plan.py"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("def ", "def  ", 1)[:-1], encoding="utf-8")  # same size
        assert _sources_digest() not in (digest, b"k" * 32)
    finally:
        modelcache.code_fingerprint.cache_clear()
        codedigest.sources_digest.cache_clear()


def test_no_code_digest_is_kept_while_a_source_is_fresh(
    tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor's second save within one tick of the clock keeps the file's times: a digest
    kept at the first one would hide it. Once the sources are older than SETTLED_NS, it is
    kept."""
    package = _copied_package(tmp_path, monkeypatch)
    source = package / "documents" / "plan.py"
    source.write_text(source.read_text(encoding="utf-8") + "#1", encoding="utf-8")
    try:
        first = _sources_digest()
        assert not (cache_folder / "code").exists()
        settled = time.time_ns() + codedigest.SETTLED_NS + 10**9  # the same files, later
        monkeypatch.setattr(codedigest.time, "time_ns", lambda: settled)
        assert _sources_digest() == first
        (entry,) = (cache_folder / "code").iterdir()
        assert entry.read_bytes() == first
    finally:
        modelcache.code_fingerprint.cache_clear()
        codedigest.sources_digest.cache_clear()


def test_a_file_with_problems_is_never_cached(ws_copy: Path, models: Path) -> None:
    path = _account_path(ws_copy)
    _replace(path, "name: ", "nom_inconnu: 1\nname: ")
    for _ in range(2):
        loaded = load_file(path, ws_copy, m.Account)
        assert [p.key for p in loaded.problems] == ["unknown_field_extra"]
        assert loaded.problems[0].line == 1 + path.read_text(encoding="utf-8").split("\n").index(
            "nom_inconnu: 1"
        )
    assert not models.exists() or list(models.glob("*.pickle")) == []


def test_a_corrupted_entry_is_rebuilt_silently(
    ws_copy: Path, models: Path, no_validation: list[str]
) -> None:
    path = _account_path(ws_copy)
    first = load_file(path, ws_copy, m.Account)
    (entry,) = models.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated, as by a full disk
    second = load_file(path, ws_copy, m.Account)
    assert second.problems == []
    assert second.model == first.model
    entry.write_bytes(b"not a pickle at all")
    third = load_file(path, ws_copy, m.Account)
    assert third.problems == []
    assert third.model == first.model
    fourth = load_file(path, ws_copy, m.Account)  # the rewritten entry is served
    assert fourth.model == first.model
    assert len(no_validation) == 3


def test_a_cache_folder_is_counted_at_the_first_write_then_every_few(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kamdocs.workspace import cachedir

    monkeypatch.setattr(cachedir, "PRUNE_EVERY", 3)
    monkeypatch.setattr(cachedir, "_WRITES", {})
    folder = tmp_path / "entries"
    counts = []
    for n in range(7):
        entry = folder / f"{n}.pickle"
        cachedir.store_entry(folder, entry, b"x", max_entries=2)
        os.utime(entry, ns=(n * 10**9, n * 10**9))  # written in this order
        counts.append(len(list(folder.iterdir())))
    assert counts == [1, 2, 3, 2, 3, 4, 3]  # counted at writes 0, 3 and 6: the older half goes
    assert (folder / "6.pickle").exists()


def test_held_stores_are_written_when_flushed_or_at_the_end(
    ws_copy: Path, models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _account_path(ws_copy)
    with modelcache.stores_held() as write_models:
        load_file(path, ws_copy, m.Account)
        assert not list(models.glob("*.pickle"))  # validated, not written yet
        write_models()
        assert len(list(models.glob("*.pickle"))) == 1
        _replace(path, "name: ", "name:  ")
        load_file(path, ws_copy, m.Account)
        assert len(list(models.glob("*.pickle"))) == 1
    assert len(list(models.glob("*.pickle"))) == 2  # the block's end wrote the second
    calls: list[str] = []
    monkeypatch.setattr(loader, "validate", lambda *a: calls.append("validated"))
    assert load_file(path, ws_copy, m.Account).ok  # the edited file, served from its entry
    assert calls == []
