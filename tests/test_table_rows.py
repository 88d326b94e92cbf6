"""Large Word tables write plain rows as text (the fast path); the markup must be exactly what
the element path writes, whatever the cell text holds."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import REPO
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kamdocs import ir
from kamdocs.templating import markup
from kamdocs.writers import _ooxml
from kamdocs.writers.docx import write_docx

REFERENCE = REPO / "templates" / "docx" / "reference.docx"
NASTY = ["a & b", "<w:p>", "x > y", 'say "hi"', " lead", "trail ", "tab\there", "cr\rlf", ""]


def _rows(texts: list[str]) -> tuple[tuple[ir.Cell, ...], ...]:
    header = tuple(ir.Cell((ir.Text(h),)) for h in ("#", "Action", "Statut"))
    body = []
    for i, text in enumerate(texts):
        runs = (ir.Text(text, bold=i % 2 == 0), ir.Text(" suite", italic=True)) if text else ()
        body.append(
            (
                ir.Cell((ir.Text(str(i)),)),
                ir.Cell(runs),
                ir.Cell((ir.Text("En retard", color="C00000"),), "FFC7CE", "center", bold=True),
            )
        )
    return (header, *body)


def _table_xml(rows, header_rows: int = 1) -> bytes:  # type: ignore[no-untyped-def]
    """Return word/document.xml of a .docx holding one table of `rows`, as write_docx makes it."""
    document = ir.Document(ir.Meta(title="Rows"), (ir.Table(rows, header_rows),))
    with zipfile.ZipFile(io.BytesIO(write_docx(document, REFERENCE.read_bytes()))) as package:
        return package.read("word/document.xml")


def _element_path_xml(rows, monkeypatch: pytest.MonkeyPatch, header_rows: int = 1) -> bytes:  # type: ignore[no-untyped-def]
    # No public switch turns the fast path off: a row for which _row_xml gives no text takes
    # the element path.
    with monkeypatch.context() as patch:
        patch.setattr(_ooxml, "_row_xml", lambda *args: None)
        return _table_xml(rows, header_rows)


def _paragraph_texts(xml: bytes) -> list[str]:
    return ["".join(p.itertext()) for p in etree.fromstring(xml).iter(qn("w:p"))]


def test_text_rows_are_the_bytes_the_element_path_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(NASTY)
    text = _table_xml(rows)
    assert text == _element_path_xml(rows, monkeypatch)
    assert b"kamdocs-rows" not in text
    # Escaped, not markup: the cell holding "<w:p>" reads back as that text.
    texts = _paragraph_texts(text)
    assert "<w:p> suite" in texts
    assert "cr\rlf suite" in texts


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30), max_size=4))
def test_any_text_gives_the_same_markup_on_both_paths(texts: list[str]) -> None:
    rows = _rows(texts)
    with pytest.MonkeyPatch.context() as patch:
        assert _table_xml(rows) == _element_path_xml(rows, patch)


def test_a_marker_in_the_data_is_only_text() -> None:
    rows = _rows(["<?kamdocs-rows 0?>", "?>"])
    xml = _table_xml(rows)
    texts = _paragraph_texts(xml)
    assert "<?kamdocs-rows 0?> suite" in texts


# --- `**bold**` cells skip the Markdown converter -------------------------------------------

PIECES = [
    "a",
    "é",
    " ",
    "  ",
    "**",
    "*",
    "_",
    "1.",
    "- ",
    "# ",
    "Nadia Benali",
    "x",
    "\t",
    "\r",
    "\u00a0",
    "\u2003",
    "\\",
]


def _converter_path(func, text: str):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markup, "_bold_spans", lambda _text: None)
        return func.__wrapped__(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_bold_spans_give_what_the_markdown_converter_gives(text: str) -> None:
    if markup._bold_spans(text) is None:
        return
    assert markup.md_inlines.__wrapped__(text) == _converter_path(markup.md_inlines, text)
    assert markup.md_blocks.__wrapped__(text) == _converter_path(markup.md_blocks, text)


def test_the_bench_cells_take_the_fast_path() -> None:
    text = "Préparer le livrable 12 pour l'atelier 3 avec **Nadia Benali**"
    assert markup._bold_spans(text) == (
        ir.Text("Préparer le livrable 12 pour l'atelier 3 avec "),
        ir.Text("Nadia Benali", bold=True),
    )
    assert markup._bold_spans("a *b* **c**") is None  # other markup: the converter decides


# A table with a header keeps the header with the first row; a short table without one is
# kept on one page: every row but the last keeps with the next (docx._kept_rows).
@pytest.mark.parametrize(("header_rows", "keep_rows"), [(1, 1), (0, 9)])
def test_kept_rows_are_the_same_on_both_paths_and_carry_keep_next(
    header_rows: int, keep_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(NASTY)  # ten rows
    text = _table_xml(rows, header_rows)
    assert text == _element_path_xml(rows, monkeypatch, header_rows)
    (table,) = etree.fromstring(text).iter(qn("w:tbl"))
    kept = [
        all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in row.iter(qn("w:p")))
        for row in table.iter(qn("w:tr"))
    ]
    assert kept == [i < keep_rows for i in range(len(rows))]
