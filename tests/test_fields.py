"""The field pieces other writers use (bookmarks, links to them, PAGEREF, PAGE, NUMPAGES):
names that stay put, markup the schema accepts, cached numbers that can be rewritten."""

from __future__ import annotations

import ooxml_schema
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from kamdocs.building.layout import pdf_name
from kamdocs.writers import _fields
from kamdocs.writers._ooxml import paragraph, run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _document() -> tuple[etree._Element, etree._Element]:
    root = etree.fromstring(f"<w:document {nsdecls('w')}><w:body/></w:document>".encode())
    return root, root.find(qn("w:body"))


def _cross_reference_document(pages: _fields.PageNumbers) -> bytes:
    """A heading with its bookmark, then "see page N" linked to it, and the page count."""
    root, body = _document()
    marks = _fields.Bookmarks()
    heading = paragraph(body, "Heading1")
    run(heading, "3. Moyens humains")
    name = marks.name_for("3. Moyens humains")
    marks.wrap(heading, name)
    p = paragraph(body)
    link = _fields.internal_link(p, name)
    run(link, "see page ")
    _fields.pageref(link, name, pages)
    run(p, " of ")
    _fields.numpages_field(p, pages)
    run(p, ", this is page ")
    _fields.page_field(p)
    return etree.tostring(root)


def test_bookmark_names_depend_only_on_the_heading_text_and_stay_unique() -> None:
    first, second = _fields.Bookmarks(), _fields.Bookmarks()
    names = [first.name_for(t) for t in ("Risques", "Suivi", "Risques")]
    assert [second.name_for(t) for t in ("Risques", "Suivi", "Risques")] == names
    assert len(set(names)) == 3
    assert all(n.startswith("_Toc") and len(n) == 13 and n[4:].isdigit() for n in names)
    # LibreOffice writes the bookmark `_Toc…` as the PDF destination `5FToc…`.
    assert pdf_name(names[0]) == "5F" + names[0][1:]


def test_a_cross_reference_is_schema_valid_and_shows_its_cached_page() -> None:
    pages = _fields.PageNumbers({}, total=9)
    xml = _cross_reference_document(
        _fields.PageNumbers({_fields.Bookmarks().name_for("3. Moyens humains"): 7}, 9)
    )
    assert ooxml_schema.validate_part("word/document.xml", xml) == []
    root = etree.fromstring(xml)
    link = root.find(f".//{W}hyperlink")
    name = link.get(f"{W}anchor")
    assert root.find(f".//{W}bookmarkStart").get(f"{W}name") == name
    assert "".join(t.text for t in link.iter(f"{W}t")) == "see page 7"
    instructions = [i.text for i in root.iter(f"{W}instrText")]
    assert instructions == [f" PAGEREF {name} \\h ", " NUMPAGES ", " PAGE "]
    assert "".join(t.text for t in root.iter(f"{W}t")).endswith("see page 7 of 9, this is page 1")
    assert pages.page_of("_Toc000000000") == 1  # an unknown bookmark still shows a page


def test_cached_pages_are_rewritten_from_a_layout_and_unknown_bookmarks_keep_theirs() -> None:
    name = _fields.Bookmarks().name_for("3. Moyens humains")
    xml = _cross_reference_document(_fields.PageNumbers({name: 7}, 9))
    laid_out = _fields.set_cached_pages(xml, _fields.PageNumbers({name: 8}, 12, laid_out=True))
    text = "".join(t.text or "" for t in etree.fromstring(laid_out).iter(f"{W}t"))
    assert text.endswith("see page 8 of 12, this is page 1")
    unknown = _fields.set_cached_pages(xml, _fields.PageNumbers({"_Toc1": 3}, 9))
    assert unknown == xml
