"""The contents page of a Word document: a TOC field whose result is already filled.

Each entry is what Word writes when it updates a `TOC \\h \\z` field: the entry's style,
a right tab with a dot leader at the text's right edge, and a link to the heading's
bookmark holding the heading's text, the tab and a PAGEREF field with the page cached.
The link is a `HYPERLINK \\l` field (the form older Word versions write, which Word still
reads) rather than a `w:hyperlink`, which LibreOffice underlines. Word shows the contents as
written (no "update the fields?" question) and still rebuilds it on request (References >
Update Table); LibreOffice shows the cached entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kamdocs.valueclass import valueclass
from kamdocs.writers._fields import (
    PageNumbers,
    field_end,
    field_start,
    link_field_start,
    pageref,
)
from kamdocs.writers._ooxml import W_P, W_PPR, W_VAL, run

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
_SUB = etree.SubElement


@valueclass(frozen=True)
class Entry:
    """One line of the contents: the heading's level, text and bookmark."""

    level: int
    text: str
    bookmark: str


def contents_field(
    anchor: Any,
    entries: Sequence[Entry],
    style_ids: Mapping[int, str | None],
    tab_twips: int,
    pages: PageNumbers,
) -> None:
    """Insert the contents (a TOC field over `entries`) before the paragraph `anchor`.

    `tab_twips` is where the page numbers align (the text width); `pages` gives each
    bookmark's page. With no entries the field holds one empty paragraph.
    """
    paragraphs = [
        _entry_paragraph(e, style_ids, tab_twips, pages, opens=i == 0)
        for i, e in enumerate(entries)
    ]
    if not paragraphs:
        paragraphs = [etree.Element(W_P)]
        field_start(paragraphs[0], TOC_INSTRUCTION)
    field_end(paragraphs[-1])
    for p in paragraphs:
        anchor.addprevious(p)


def _entry_paragraph(
    entry: Entry,
    style_ids: Mapping[int, str | None],
    tab_twips: int,
    pages: PageNumbers,
    *,
    opens: bool,
) -> Any:
    """Return one entry's paragraph; the first one (`opens`) also begins the TOC field."""
    p = etree.Element(W_P)
    ppr = _SUB(p, W_PPR)
    style_id = style_ids.get(entry.level)
    if style_id:
        _SUB(ppr, qn("w:pStyle")).set(W_VAL, style_id)
    tab = _SUB(_SUB(ppr, qn("w:tabs")), qn("w:tab"))
    tab.set(W_VAL, "right")
    tab.set(qn("w:leader"), "dot")
    tab.set(qn("w:pos"), str(tab_twips))
    if opens:
        field_start(p, TOC_INSTRUCTION)
    link_field_start(p, entry.bookmark)
    run(p, entry.text)
    _SUB(_SUB(p, qn("w:r")), qn("w:tab"))
    pageref(p, entry.bookmark, pages)
    field_end(p)
    return p
