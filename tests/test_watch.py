"""`kamdocs watch`: each kind of saved input rebuilds exactly the documents that depend on it
(events injected into `Watcher.rebuild`), a file saved with an error keeps the previous
outputs, and the real watcher rebuilds a plan after an edit."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import AS_OF, REPO

from kamdocs.building.watch import Watcher

SLUG = "ondrelle-industrie"
OTHER = "nimbrook-software"


@pytest.fixture
def ws(ws_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KAMDOCS_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(REPO / "templates", ws_copy / "templates")
    return ws_copy


@pytest.fixture
def watcher(ws: Path) -> Watcher:
    watcher = Watcher(ws, today=AS_OF)
    first = watcher.rebuild(first=True)
    assert first.failed == []
    assert len(first.built) > 20
    return watcher


def _names(outcome) -> set[str]:  # type: ignore[no-untyped-def]
    return {name for name, _ in outcome.built}


def _documents(ws: Path, slug: str) -> set[str]:
    folder = ws / "build" / slug
    return {
        p.relative_to(ws).as_posix()
        for p in folder.iterdir()
        if p.suffix in (".docx", ".pptx", ".eml", ".xlsx") and "compliance" not in p.name
    }


SAFETY_S = int(os.environ.get("KAMDOCS_TEST_SAFETY_S", "300"))
PORTFOLIO = {"build/portfolio-fr-summary.docx", "build/portfolio-fr-deck.pptx"}


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_account_edit_rebuilds_its_documents_and_the_portfolio_only(
    ws: Path, watcher: Watcher
) -> None:
    account = ws / "content" / "accounts" / SLUG / "account.yaml"
    _edit(account, "name: Ondrelle Industrie SAS", "name: Ondrelle Industrie Groupe")
    outcome = watcher.rebuild({account})
    assert outcome.failed == []
    assert _names(outcome) == _documents(ws, SLUG) | PORTFOLIO
    plan = ws / "build" / SLUG / f"{SLUG}-plan-internal-fr.docx"
    assert "Ondrelle Industrie Groupe" in _document_xml(plan)


def test_a_proposal_edit_rebuilds_that_proposal_only(ws: Path, watcher: Watcher) -> None:
    proposals = ws / "content" / "accounts" / SLUG / "proposals"
    proposal = sorted(proposals.glob("*.yaml"))[0]
    proposal.write_text(
        proposal.read_text(encoding="utf-8") + "\n# relu le 2 décembre\n", encoding="utf-8"
    )
    outcome = watcher.rebuild({proposal})
    assert _names(outcome) == {f"build/{SLUG}/{SLUG}-proposal-{proposal.stem}-fr.docx"}


def test_a_settings_edit_rebuilds_every_document(ws: Path, watcher: Watcher) -> None:
    before = {name for name in (ws / "build").rglob("*") if name.is_file()}
    settings = _edit(ws / "kamdocs.yaml", "currency: EUR", "currency: CHF")
    outcome = watcher.rebuild({settings})
    assert outcome.failed == []
    documents = {
        p.relative_to(ws).as_posix()
        for p in before
        if p.suffix in (".docx", ".pptx", ".eml") and "compliance" not in p.name
    }
    assert {n for n in _names(outcome) if "compliance" not in n} == documents


def test_a_company_edit_rebuilds_every_document(ws: Path, watcher: Watcher) -> None:
    company = ws / "content" / "company.yaml"
    company.write_text(company.read_text(encoding="utf-8") + "\n# revu\n", encoding="utf-8")
    outcome = watcher.rebuild({company})
    accounts = [p.name for p in (ws / "content" / "accounts").iterdir() if p.is_dir()]
    expected = set().union(*(_documents(ws, slug) for slug in accounts)) | PORTFOLIO
    assert {n for n in _names(outcome) if "compliance" not in n} == expected


def test_a_plan_template_edit_rebuilds_the_plans_only_and_shows_the_change(
    ws: Path, watcher: Watcher
) -> None:
    template = ws / "templates" / "docx" / "plan" / "news.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + "\nPhrase ajoutée au modèle du plan.\n",
        encoding="utf-8",
    )
    outcome = watcher.rebuild({template})
    assert outcome.failed == []
    built = _names(outcome)
    assert built
    assert all("-plan-" in name for name in built)
    accounts = [p.name for p in (ws / "content" / "accounts").iterdir() if p.is_dir()]
    assert len(built) == 2 * len(accounts)
    plan = ws / "build" / SLUG / f"{SLUG}-plan-internal-fr.docx"
    assert "Phrase ajoutée au modèle du plan." in _document_xml(plan)


def test_a_reference_deck_edit_rebuilds_the_decks_only(ws: Path, watcher: Watcher) -> None:
    reference = ws / "templates" / "pptx" / "reference.pptx"
    with zipfile.ZipFile(reference, "a") as package:  # new bytes, same layouts
        package.writestr("docProps/custom-note.txt", "revu")
    outcome = watcher.rebuild({reference})
    assert outcome.failed == []
    built = _names(outcome)
    assert built
    assert all(name.endswith(".pptx") for name in built)
    assert "build/portfolio-fr-deck.pptx" in built


def test_a_save_without_change_or_outside_the_inputs_rebuilds_nothing(
    ws: Path, watcher: Watcher
) -> None:
    account = ws / "content" / "accounts" / SLUG / "account.yaml"
    account.write_bytes(account.read_bytes())
    assert watcher.rebuild({account}).built == []
    output = ws / "build" / SLUG / f"{SLUG}-plan-internal-fr.docx"
    swap = ws / "content" / "accounts" / SLUG / ".account.yaml.swp"
    swap.write_text("x", encoding="utf-8")
    assert watcher.rebuild({output, swap}).built == []


def test_a_file_saved_with_an_error_is_reported_and_the_outputs_stay(
    ws: Path, watcher: Watcher
) -> None:
    account = ws / "content" / "accounts" / OTHER / "account.yaml"
    good = account.read_text(encoding="utf-8")
    plan = ws / "build" / OTHER / f"{OTHER}-plan-internal-en.docx"
    before = plan.read_bytes()
    lines = good.split("\n")
    account.write_text("\n".join([*lines[:3], "  broken: [1, 2", *lines[3:]]), encoding="utf-8")
    outcome = watcher.rebuild({account})
    assert {task.slug for task, _ in outcome.failed} == {OTHER}
    for _task, errors in outcome.failed:
        assert any(e.startswith(f"content/accounts/{OTHER}/account.yaml:4:") for e in errors)
    assert plan.read_bytes() == before
    assert _names(outcome) == PORTFOLIO  # the portfolio is rebuilt without the broken account
    again = watcher.rebuild({account})  # saved again unchanged: not retried
    assert again.failed == []
    assert again.built == []
    account.write_text(good.replace("Nimbrook", "Nimbrook Software Ltd", 1), encoding="utf-8")
    fixed = watcher.rebuild({account})
    assert fixed.failed == []
    assert f"build/{OTHER}/{OTHER}-plan-internal-en.docx" in _names(fixed)
    assert plan.read_bytes() != before


def _lines(stream, into: queue.Queue[str]) -> None:  # type: ignore[no-untyped-def]
    for line in stream:
        into.put(line)
    into.put("")  # the process closed its output


def _wait_for(lines: queue.Queue[str], text: str, seen: list[str]) -> None:
    while True:
        try:
            line = lines.get(timeout=SAFETY_S)  # a bound only: each wait ends on its line
        except queue.Empty:
            pytest.fail(f"no {text!r} from kamdocs watch after {SAFETY_S} s: {''.join(seen)}")
        seen.append(line)
        assert line, f"kamdocs watch ended before printing {text!r}: {''.join(seen)}"
        if text in line:
            return


def test_the_real_watcher_rebuilds_the_plan_after_an_edit(ws: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "KAMDOCS_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "kamdocs", "watch", "-C", str(ws), "--only", SLUG,
               "--as-of", AS_OF.isoformat()]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        _wait_for(lines, "surveillance de", seen)  # the demo workspace speaks French
        plan = ws / "build" / SLUG / f"{SLUG}-plan-internal-fr.docx"
        assert "Ondrelle Industrie Groupe" not in _document_xml(plan)
        account = ws / "content" / "accounts" / SLUG / "account.yaml"
        _edit(account, "name: Ondrelle Industrie SAS", "name: Ondrelle Industrie Groupe")
        _wait_for(lines, f"{SLUG}-plan-internal-fr.docx reconstruit en", seen)
        assert "Ondrelle Industrie Groupe" in _document_xml(plan)
        process.send_signal(signal.SIGINT)
        _wait_for(lines, "surveillance arrêtée", seen)
        assert process.wait(timeout=300) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(timeout=SAFETY_S)  # the output ends with the process
        assert process.stdout is not None
        process.stdout.close()


def test_a_review_edit_rebuilds_the_deck_first(ws: Path, watcher: Watcher) -> None:
    reviews = ws / "content" / "accounts" / SLUG / "reviews"
    review = max(reviews.glob("*.yaml"))
    review.write_text(review.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    outcome = watcher.rebuild({review})
    assert outcome.built[0][0] == f"build/{SLUG}/{SLUG}-review-{review.stem}-client-fr.pptx"
    assert {n for n, _ in outcome.built} == _documents(ws, SLUG) | PORTFOLIO


def test_an_account_edit_rebuilds_the_internal_plan_first_and_reports_each_as_it_lands(
    ws: Path, watcher: Watcher
) -> None:
    outputs = _documents(ws, SLUG) | PORTFOLIO
    before = {name: (ws / name).read_bytes() for name in outputs}
    account = ws / "content" / "accounts" / SLUG / "account.yaml"
    _edit(account, "name: Ondrelle Industrie SAS", "name: Ondrelle Industrie Groupe")
    heard: list[tuple[str, bytes]] = []
    outcome = watcher.rebuild(
        {account}, on_built=lambda name, _ms: heard.append((name, (ws / name).read_bytes()))
    )
    assert outcome.built[0][0] == f"build/{SLUG}/{SLUG}-plan-internal-fr.docx"
    # each document was reported once, in order, when its new bytes were already on disk
    assert [name for name, _ in heard] == [name for name, _ in outcome.built]
    for name, seen in heard:
        assert seen != before[name], name
        assert seen == (ws / name).read_bytes(), name


def test_watch_writes_into_the_output_dir_setting(ws: Path) -> None:
    settings = ws / "kamdocs.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "output_dir: sorties\n")
    watcher = Watcher(ws, today=AS_OF, only=[OTHER])
    first = watcher.rebuild(first=True)
    assert first.failed == []
    assert {name.split("/")[0] for name, _ in first.built} == {"sorties"}
    assert not (ws / "build").exists()
    account = ws / "content" / "accounts" / OTHER / "account.yaml"
    account.write_bytes(account.read_bytes())  # saved unchanged: the manifest there knows it
    assert watcher.rebuild({account}).built == []


def test_watch_pdf_refreshes_the_pdf_with_the_laid_out_page_numbers(
    ws: Path, tmp_path: Path
) -> None:
    plain = Watcher(ws, today=AS_OF, only=[OTHER]).rebuild(first=True)
    watcher = Watcher(ws, today=AS_OF, only=[OTHER], pdf=True, pdf_profile=tmp_path / "lo")
    first = watcher.rebuild(first=True)
    # --pdf changes each .docx (laid-out page numbers): nothing built without it is reused
    assert _names(first) == _names(plain)
    office = sorted(n for n in _names(first) if n.endswith((".docx", ".pptx")))
    assert sorted(first.pdfs) == [n.rsplit(".", 1)[0] + ".pdf" for n in office]
    # an up-to-date document whose PDF went missing gets it back on the next save
    lost = (ws / office[0]).with_suffix(".pdf")
    lost.unlink()
    account = ws / "content" / "accounts" / OTHER / "account.yaml"
    account.write_bytes(account.read_bytes())
    again = watcher.rebuild({account})
    assert again.built == []
    assert again.pdfs == [lost.relative_to(ws).as_posix()]
    _edit(account, "name: Nimbrook Software", "name: Nimbrook Software Ltd")
    outcome = watcher.rebuild({account})
    plan = f"build/{OTHER}/{OTHER}-plan-internal-en.docx"
    assert plan.replace(".docx", ".pdf") in outcome.pdfs
    with zipfile.ZipFile(ws / plan) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "taken from LibreOffice's layout" in core
    pdf = subprocess.run(
        ["pdftotext", str(ws / plan.replace(".docx", ".pdf")), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Nimbrook Software Ltd" in pdf


def test_a_document_that_failed_on_the_disk_is_tried_again_on_the_next_save(
    ws: Path, watcher: Watcher
) -> None:
    plan = ws / "build" / SLUG / f"{SLUG}-plan-internal-fr.docx"
    account = ws / "content" / "accounts" / SLUG / "account.yaml"
    _edit(account, "name: Ondrelle Industrie SAS", "name: Ondrelle Industrie Groupe")
    plan.unlink()
    plan.mkdir()  # the output's place is taken: the build cannot write there
    failed = watcher.rebuild({account})
    assert [task.key for task, _ in failed.failed if task.kind == "plan"]
    plan.rmdir()
    other = ws / "content" / "accounts" / OTHER / "account.yaml"
    other.write_bytes(other.read_bytes())  # a save elsewhere, the account's inputs unchanged
    again = watcher.rebuild({other})
    assert plan.relative_to(ws).as_posix() in _names(again)
    assert "Ondrelle Industrie Groupe" in _document_xml(plan)
