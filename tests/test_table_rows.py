"""Large Word tables write plain rows as text (the fast path); the markup must be exactly what
the element path writes, whatever the cell text holds."""

from __future__ import annotations

import pytest
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kamdocs import ir
from kamdocs.writers import _ooxml

WIDTHS = (1000, 2000, 1500)
NASTY = ["a & b", "<w:p>", "x > y", 'say "hi"', " lead", "trail ", "tab\there", "cr\rlf", ""]


def _write_inlines(p, inlines, *, bold=False, color=None):  # type: ignore[no-untyped-def]
    for inline in inlines:
        _ooxml.run(
            p,
            inline.text,
            bold=inline.bold or bold,
            italic=inline.italic,
            color=inline.color or color,
        )


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


def _table_xml(rows, mode: str) -> bytes:  # type: ignore[no-untyped-def]
    body = parse_xml(f"<w:body {nsdecls('w')}/>")
    deferred = _ooxml.DeferredRows() if mode == "text" else None
    _ooxml.table(body, rows, 1, WIDTHS, "KAMTable", None, _write_inlines, None, deferred)
    xml = etree.tostring(body, encoding="UTF-8")
    return deferred.splice(xml) if deferred else xml


def _element_path_xml(rows, monkeypatch: pytest.MonkeyPatch) -> bytes:  # type: ignore[no-untyped-def]
    with monkeypatch.context() as patch:
        patch.setattr(_ooxml, "_row_xml", lambda *args: None)
        return _table_xml(rows, "element")


def _paragraph_texts(xml: bytes) -> list[str]:
    return ["".join(p.itertext()) for p in etree.fromstring(xml).iter(_ooxml.W_P)]


def test_text_rows_are_the_bytes_the_element_path_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(NASTY)
    text = _table_xml(rows, "text")
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
        assert _table_xml(rows, "text") == _element_path_xml(rows, patch)


def test_a_marker_in_the_data_is_only_text() -> None:
    rows = _rows(["<?kamdocs-rows 0?>", "?>"])
    xml = _table_xml(rows, "text")
    texts = _paragraph_texts(xml)
    assert "<?kamdocs-rows 0?> suite" in texts
