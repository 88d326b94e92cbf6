"""The contents page of plans and proposals, read as a reader would: every entry, its level,
its page number, where the heading really lands in the PDF, and no question from Word."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import ooxml_schema
import pytest
from conftest import AS_OF
from lxml import etree
from openxml_audit import OpenXmlValidator

from kamdocs.building.batch import RunOptions, plan_tasks
from kamdocs.building.driver import DocumentKey, Options, build_document
from kamdocs.building.layout import write_pdfs
from kamdocs.building.manifest import account_folders

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENTS = {
    "plan.docx": ("plan", DocumentKey("marches-vervelle", audience="internal")),
    "tender.docx": ("proposal", DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance")),
}
ESTIMATED = (
    "Numéros de page du sommaire et des renvois estimés, sans mise en page ; générez le "
    "document avec --pdf pour les numéros exacts."
)
LAID_OUT = "Numéros de page du sommaire et des renvois relevés dans la mise en page de LibreOffice."


def _build(ws, folder: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    return {
        name: build_document(kind, ws, key, Options(today=AS_OF, out=folder / name)).path
        for name, (kind, key) in DOCUMENTS.items()
    }


@pytest.fixture(scope="module")
def estimated(demo_ws, tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    return _build(demo_ws, tmp_path_factory.mktemp("estimated"))


@pytest.fixture(scope="module")
def laid_out(demo_ws, tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The two documents as `--pdf` leaves them: .docx rewritten, PDF beside each."""
    paths = _build(demo_ws, tmp_path_factory.mktemp("laid-out"))
    write_pdfs(list(paths.values()))
    return paths


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def _field_text(nodes: list[etree._Element]) -> tuple[str, str]:
    """Return (text before the tab, cached page after it) of a contents entry's runs."""
    before, after, tab = [], [], False
    for node in nodes:
        if node.tag == f"{W}tab" and node.getparent().tag == f"{W}r":
            tab = True
        elif node.tag == f"{W}t":
            (after if tab else before).append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":  # Word shows it as a hyphen
            (after if tab else before).append("-")
    return "".join(before), "".join(after)


def contents(path: Path) -> list[tuple[str, int, str, int]]:
    """Return the contents entries of a .docx: (style, level, text, cached page)."""
    root = etree.fromstring(_part(path, "word/document.xml"))
    entries = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if (
            style is None
            or not style.get(f"{W}val", "").startswith("TOC")
            or (style.get(f"{W}val") == "TOCHeading")
        ):
            continue
        text, page = _field_text(list(p.iter(f"{W}tab", f"{W}t", f"{W}noBreakHyphen")))
        entries.append((style.get(f"{W}val"), int(style.get(f"{W}val")[-1]), text, int(page)))
    return entries


def headings(path: Path) -> list[tuple[int, str, str]]:
    """Return (level, text, bookmark name) of the headings of levels 1-2, in order."""
    root = etree.fromstring(_part(path, "word/document.xml"))
    found = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        level = style.get(f"{W}val") if style is not None else ""
        if level in ("Heading1", "Heading2"):
            mark = p.find(f"{W}bookmarkStart")
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            found.append((int(level[-1]), text, mark.get(f"{W}name") if mark is not None else ""))
    return found


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path) -> list[str]:
    """Return the text of each page of `pdf`, whitespace collapsed."""
    found = re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))
    assert found is not None
    return [
        " ".join(_run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-").split())
        for n in range(1, int(found.group(1)) + 1)
    ]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_contents_lists_every_heading_with_its_level(estimated, name: str) -> None:  # type: ignore[no-untyped-def]
    entries = contents(estimated[name])
    assert [(level, text) for _, level, text, _ in entries] == [
        (level, text) for level, text, _ in headings(estimated[name])
    ]
    assert len(entries) >= 20


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_entry_links_to_its_headings_bookmark_and_refers_to_its_page(
    estimated, name: str
) -> None:  # type: ignore[no-untyped-def]
    xml = _part(estimated[name], "word/document.xml").decode()
    names = [bookmark for _, _, bookmark in headings(estimated[name])]
    assert all(re.fullmatch(r"_Toc\d{9}", n) for n in names)
    assert len(set(names)) == len(names)
    links = re.findall(r'HYPERLINK \\l "(_Toc\d+)"', xml)
    refs = re.findall(r"PAGEREF (_Toc\d+) \\h", xml)
    # The contents' references come first; any after them (the tender's compliance matrix)
    # refer to bookmarks of the document too.
    assert links == refs[: len(links)] == names
    assert set(refs[len(links) :]) <= set(re.findall(r'<w:bookmarkStart [^>]*w:name="(\w+)"', xml))
    starts = re.findall(r'<w:bookmarkStart w:id="(\d+)"', xml)
    assert len(starts) == len(set(starts)) == xml.count("<w:bookmarkEnd ")


def test_estimated_pages_follow_the_document_and_say_they_are_estimated(estimated) -> None:  # type: ignore[no-untyped-def]
    pages = [page for *_, page in contents(estimated["plan.docx"])]
    assert pages == sorted(pages)
    assert pages[0] >= 2  # the title page and the contents come first
    assert pages[-1] > pages[0]
    core = _part(estimated["plan.docx"], "docProps/core.xml").decode()
    assert f"<dc:description>{ESTIMATED}</dc:description>" in core


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_word_is_not_asked_to_update_fields(estimated, laid_out, name: str) -> None:  # type: ignore[no-untyped-def]
    for built in (estimated, laid_out):
        assert b"updateFields" not in _part(built[name], "word/settings.xml")
        assert b"w:dirty" not in _part(built[name], "word/document.xml")
        assert b'TOC \\o "1-2" \\h \\z \\u' in _part(built[name], "word/document.xml")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_laid_out_numbers_are_the_pages_where_the_headings_land_in_the_pdf(
    laid_out, name: str
) -> None:  # type: ignore[no-untyped-def]
    entries = contents(laid_out[name])
    pages = pdf_pages(laid_out[name].with_suffix(".pdf"))
    contents_page = next(i for i, text in enumerate(pages) if "Sommaire" in text)
    for _, _, text, page in entries:
        # The first page after the contents showing the heading is the one its entry names.
        shown = next(i for i in range(contents_page + 1, len(pages)) if text in pages[i])
        assert (text, page) == (text, shown + 1)
    # The PDF's own contents page shows the same entries and numbers, dot leaders and all.
    lines = subprocess.run(
        ["pdftotext", "-layout", "-f", str(contents_page + 1), "-l", str(contents_page + 1),
         str(laid_out[name].with_suffix(".pdf")), "-"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    printed = [m.groups() for m in map(re.compile(r"^\s*(.*?)\.{4,}\s*(\d+)\s*$").match, lines)
               if m]  # fmt: skip
    assert [(t, int(n)) for t, n in printed] == [(text, page) for _, _, text, page in entries]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_laid_out_docx_carries_its_page_count_and_says_where_numbers_come_from(
    laid_out, name: str
) -> None:  # type: ignore[no-untyped-def]
    pdf = laid_out[name].with_suffix(".pdf")
    count = len(pdf_pages(pdf))
    footer = _part(laid_out[name], "word/footer1.xml").decode()
    assert re.search(
        r"NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        rf"<w:r><w:t>{count}</w:t>",
        footer,
    )
    core = _part(laid_out[name], "docProps/core.xml").decode()
    assert f"<dc:description>{LAID_OUT}</dc:description>" in core


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_laid_out_documents_stay_valid(laid_out, name: str) -> None:  # type: ignore[no-untyped-def]
    result = OpenXmlValidator(max_errors=0, strict=True).validate(laid_out[name])
    assert [e.description for e in result.errors] == []
    assert ooxml_schema.validate_package(laid_out[name]) == []


def test_the_same_inputs_with_pdf_give_the_same_bytes(demo_ws, laid_out, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    again = _build(demo_ws, tmp_path)
    write_pdfs(list(again.values()))
    for name in DOCUMENTS:
        assert again[name].read_bytes() == laid_out[name].read_bytes(), name
    # A second pass over a laid-out document finds nothing to change.
    before = {n: p.read_bytes() for n, p in again.items()}
    write_pdfs(list(again.values()))
    assert {n: p.read_bytes() for n, p in again.items()} == before


def test_the_same_inputs_without_pdf_give_the_same_bytes(
    demo_ws, estimated, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    again = _build(demo_ws, tmp_path)
    assert {n: p.read_bytes() for n, p in again.items()} == {
        n: p.read_bytes() for n, p in estimated.items()
    }


def test_pdf_is_part_of_every_documents_fingerprint(demo_root: Path) -> None:
    folders = account_folders(demo_root)
    without = plan_tasks(demo_root, folders, RunOptions(demo_root, AS_OF, None, False), True)
    with_pdf = plan_tasks(
        demo_root, folders, RunOptions(demo_root, AS_OF, None, False, pdf=True), True
    )
    assert [t.key for t in without] == [t.key for t in with_pdf]
    assert all(a.inputs != b.inputs for a, b in zip(without, with_pdf, strict=True))


def test_plan_pdf_on_the_command_line_writes_laid_out_numbers_in_its_language(
    ws_copy: Path,
) -> None:
    from click.testing import CliRunner

    from kamdocs.cli.commands import main

    args = ["plan", "nimbrook-software", "-C", str(ws_copy), "--as-of", "2026-11-23"]
    result = CliRunner().invoke(main, [*args, "--audience", "client", "--pdf"])
    assert result.exit_code == 0, result.output
    docx = ws_copy / "build" / "nimbrook-software" / "nimbrook-software-plan-client-en.docx"
    core = _part(docx, "docProps/core.xml").decode()
    note = "Page numbers of the contents and cross-references taken from LibreOffice's layout."
    assert f"<dc:description>{note}</dc:description>" in core
    pages = pdf_pages(docx.with_suffix(".pdf"))
    contents_page = next(i for i, text in enumerate(pages) if "Contents" in text)
    for _, _, text, page in contents(docx):
        shown = next(i for i in range(contents_page + 1, len(pages)) if text in pages[i])
        assert (text, page) == (text, shown + 1)
