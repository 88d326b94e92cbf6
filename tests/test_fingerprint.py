"""The incremental build's digests: every change a document can depend on changes them (a
same-size edit, a renamed file, a shared file, a kamdocs source), and nothing else does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kamdocs.building import manifest
from kamdocs.workspace import codedigest
from kamdocs.workspace.fingerprint import digest_files, files_under

REPO = Path(__file__).resolve().parent.parent
ACCOUNT = "ondrelle-industrie"


def scan(root: Path) -> manifest.AccountFolder:
    return manifest.scan_account(root, root / "content" / "accounts" / ACCOUNT)


def same_size_edit(path: Path) -> None:
    """Change one byte of `path`, keeping its size and its modification time."""
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_same_size_edit_of_an_account_file_changes_its_digest(ws: Path) -> None:
    before = scan(ws)
    same_size_edit(ws / "content" / "accounts" / ACCOUNT / "historique.md")
    after = scan(ws)
    assert after.base != before.base
    assert after.proposals == before.proposals


def test_a_renamed_account_file_changes_its_digest(ws: Path) -> None:
    folder = ws / "content" / "accounts" / ACCOUNT
    before = scan(ws)
    (folder / "historique.md").rename(folder / "history.md")
    assert scan(ws).base != before.base


def test_a_proposal_edit_changes_that_proposal_only(ws: Path) -> None:
    before = scan(ws)
    same_size_edit(ws / "content" / "accounts" / ACCOUNT / "proposals" / "ao-2026-maintenance.yaml")
    after = scan(ws)
    assert after.base == before.base
    assert after.proposals["ao-2026-maintenance"] != before.proposals["ao-2026-maintenance"]
    assert after.reviews == before.reviews == ("2026-Q2", "2026-Q3")


def test_touching_a_file_without_changing_it_keeps_the_digests(ws: Path) -> None:
    before, shared = scan(ws), manifest.fingerprints(ws).shared_content
    os.utime(ws / "content" / "accounts" / ACCOUNT / "account.yaml")
    os.utime(ws / "content" / "company.yaml")
    assert scan(ws) == before
    assert manifest.fingerprints(ws).shared_content == shared


def test_shared_content_covers_every_file_outside_the_accounts(ws: Path) -> None:
    shared = manifest.fingerprints(ws).shared_content
    same_size_edit(ws / "content" / "accounts" / ACCOUNT / "account.yaml")
    assert manifest.fingerprints(ws).shared_content == shared  # each account has its own
    same_size_edit(ws / "content" / "library" / "references.md")
    edited = manifest.fingerprints(ws).shared_content
    assert edited != shared
    (ws / "content" / "library" / "references.md").rename(ws / "content" / "library" / "refs.md")
    assert manifest.fingerprints(ws).shared_content != edited


def test_the_walk_is_sorted_and_leaves_out_the_skipped_folder(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/1.txt", "skip/3.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    walked = [p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path, tmp_path / "skip")]
    assert walked == ["a/1.txt", "b/2.txt", "c.txt"]


def test_digests_name_files_relative_to_their_base(tmp_path: Path) -> None:
    # The same files under two roots digest alike: names are relative, not absolute.
    for root in (tmp_path / "one", tmp_path / "two"):
        (root / "sub").mkdir(parents=True)
        (root / "sub" / "f.txt").write_text("same", encoding="utf-8")
    one, two = (digest_files(files_under(r), r) for r in (tmp_path / "one", tmp_path / "two"))
    assert one == two
    assert digest_files([str(tmp_path / "one" / "sub" / "f.txt")], tmp_path / "one") == one


def test_the_code_fingerprint_follows_every_source_file(
    tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "kamdocs"
    (package / "building").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    source = package / "building" / "module.py"
    source.write_text("A = 1\n", encoding="utf-8")
    # code_fingerprint digests kamdocs' package: point it at this one.
    monkeypatch.setattr(codedigest, "package", lambda: package)

    def fingerprint() -> str:
        codedigest.sources_digest.cache_clear()  # as a new process would
        return manifest.code_fingerprint()

    try:
        before = fingerprint()
        (package / "notes.txt").write_text("not code", encoding="utf-8")
        assert fingerprint() == before
        source.write_text("A = 2\n", encoding="utf-8")  # same size, a later time
        os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1000))
        assert fingerprint() != before
    finally:
        codedigest.sources_digest.cache_clear()
