"""The contents page of a Word document: a TOC field whose result is already filled.

Each entry is what Word itself writes when it updates a `TOC \\h \\z` field: the entry's
style, a right tab with a dot leader at the text's right edge, and a hyperlink to the
heading's bookmark holding the heading's text, the tab and a PAGEREF field with the page
cached. Word shows it as written (no "update the fields?" question) and can still rebuild
it on request (References > Update Table); LibreOffice shows the cached entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kamdocs.writers._fields import PageNumbers, internal_link, pageref
from kamdocs.writers._ooxml import W_P, W_PPR, W_VAL, run

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
_SUB = etree.SubElement


@dataclass(frozen=True)
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
    paragraphs = [_entry_paragraph(e, style_ids, tab_twips, pages) for e in entries]
    if not paragraphs:
        paragraphs = [etree.Element(W_P)]
    first, last = paragraphs[0], paragraphs[-1]
    ppr = first.find(W_PPR)
    position = 0 if ppr is None else 1
    begin = etree.Element(qn("w:r"))
    _SUB(begin, qn("w:fldChar")).set(qn("w:fldCharType"), "begin")
    instr = etree.Element(qn("w:r"))
    text = _SUB(instr, qn("w:instrText"))
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f" {TOC_INSTRUCTION} "
    separate = etree.Element(qn("w:r"))
    _SUB(separate, qn("w:fldChar")).set(qn("w:fldCharType"), "separate")
    for offset, element in enumerate((begin, instr, separate)):
        first.insert(position + offset, element)
    _SUB(_SUB(last, qn("w:r")), qn("w:fldChar")).set(qn("w:fldCharType"), "end")
    for p in paragraphs:
        anchor.addprevious(p)


def _entry_paragraph(
    entry: Entry, style_ids: Mapping[int, str | None], tab_twips: int, pages: PageNumbers
) -> Any:
    p = etree.Element(W_P)
    ppr = _SUB(p, W_PPR)
    style_id = style_ids.get(entry.level)
    if style_id:
        _SUB(ppr, qn("w:pStyle")).set(W_VAL, style_id)
    tab = _SUB(_SUB(ppr, qn("w:tabs")), qn("w:tab"))
    tab.set(W_VAL, "right")
    tab.set(qn("w:leader"), "dot")
    tab.set(qn("w:pos"), str(tab_twips))
    link = internal_link(p, entry.bookmark)
    run(link, entry.text)
    _SUB(_SUB(link, qn("w:r")), qn("w:tab"))
    pageref(link, entry.bookmark, pages)
    return p
