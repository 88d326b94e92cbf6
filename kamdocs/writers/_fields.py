"""Bookmarks, links to them and page fields of a Word document, with cached results.

Word shows a field's cached result until someone updates it, and LibreOffice converting
headless shows the cached result of a TOC, so every field written here carries the value a
reader should see: the page a bookmark lands on (from a `PageNumbers`), the page count.

The pieces, each appending raw WordprocessingML to an lxml parent:

- `Bookmarks.name_for(text)` gives a heading its bookmark name (`_Toc` + nine digits, as
  Word names the bookmarks of its own contents: hidden from Word's bookmark list, derived
  from the heading's text so that it is the same in every build), and `Bookmarks.wrap(p,
  name)` puts the bookmark around a paragraph's content.
- `internal_link(parent, name)` returns a `w:hyperlink w:anchor` to fill with runs (shown
  as a link); `link_field_start(parent, name)` ... `field_end(parent)` links in the text's
  own look, as the contents entries do.
- `pageref(parent, name, pages)` writes `PAGEREF name \\h` with the page `pages` gives.
- `page_field` / `numpages_field` write PAGE and NUMPAGES.

A cross-reference such as "see section 3, page 12" is then::

    link = internal_link(p, name)
    run(link, "section 3, page ")
    pageref(link, name, pages)

`PageNumbers` maps bookmark names to pages: estimated while the document is written, or
laid out by LibreOffice afterwards; `set_laid_out_pages` rewrites the cached numbers of a
written package in place of the estimate (`building.layout` does it for `--pdf`).

In the Word writer, `_Writer.pages` is the document's `PageNumbers` before any block is
written (`docx.estimated_pages`: every heading's bookmark, named in document order as
`_Writer.heading` names it), so a reference may point at a later section; after a layout,
every PAGEREF in the main part, headers and footers gets the laid-out page.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kamdocs.valueclass import valueclass
from kamdocs.writers._zip import normalise_package

BOOKMARK_PREFIX = "_Toc"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SUB = etree.SubElement
_W_R, _W_T, _W_PPR = qn("w:r"), qn("w:t"), qn("w:pPr")
_FLDCHAR, _FLDTYPE, _INSTR = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
_PAGEREF = re.compile(r"^\s*PAGEREF\s+(\S+)")
_NUMPAGES = re.compile(r"^\s*NUMPAGES\b")
_DC = "{http://purl.org/dc/elements/1.1/}"


@valueclass(frozen=True)
class PageNumbers:
    """Where bookmarks land: bookmark name -> page (1-based), the page count, and whether
    the numbers come from a layout (`laid_out`) or an estimate."""

    pages: Mapping[str, int] = field(default_factory=dict)
    total: int = 1
    laid_out: bool = False

    def page_of(self, name: str) -> int:
        """Return the page of bookmark `name` (1 when unknown: a field shows something)."""
        return self.pages.get(name, 1)


class Bookmarks:
    """The bookmarks of one document: unique names and ids in the order they are written."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._used: set[str] = set()

    def name_for(self, text: str) -> str:
        """Return a new bookmark name for a heading reading `text`: `_Toc` and nine digits of
        a digest of the text (and of its rank among equal texts), unique in the document."""
        occurrence = 0
        while True:
            digest = hashlib.sha256(f"{text}\0{occurrence}".encode()).digest()
            name = f"{BOOKMARK_PREFIX}{int.from_bytes(digest[:8], 'big') % 10**9:09d}"
            if name not in self._used:
                self._used.add(name)
                return name
            occurrence += 1

    def wrap(self, p: Any, name: str) -> None:
        """Put bookmark `name` around the content of paragraph `p` (after its pPr)."""
        mark_id = str(len(self.names))
        self.names.append(name)
        start = etree.Element(qn("w:bookmarkStart"))
        start.set(qn("w:id"), mark_id)
        start.set(qn("w:name"), name)
        ppr = p.find(_W_PPR)
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        _SUB(p, qn("w:bookmarkEnd")).set(qn("w:id"), mark_id)


def internal_link(parent: Any, name: str) -> Any:
    """Append and return a `w:hyperlink` to bookmark `name`; append its runs to it."""
    link = _SUB(parent, qn("w:hyperlink"))
    link.set(qn("w:anchor"), name)
    link.set(qn("w:history"), "1")
    return link


def field_start(parent: Any, instruction: str) -> None:
    """Append the start of a complex field (begin, instruction, separate); its result's
    runs follow, then `field_end`."""
    _SUB(_SUB(parent, _W_R), _FLDCHAR).set(_FLDTYPE, "begin")
    instr = _SUB(_SUB(parent, _W_R), _INSTR)
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    _SUB(_SUB(parent, _W_R), _FLDCHAR).set(_FLDTYPE, "separate")


def field_end(parent: Any) -> None:
    """Append the end of the complex field `field_start` began."""
    _SUB(_SUB(parent, _W_R), _FLDCHAR).set(_FLDTYPE, "end")


def complex_field(parent: Any, instruction: str, cached: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end)."""
    field_start(parent, instruction)
    _SUB(_SUB(parent, _W_R), _W_T).text = cached
    field_end(parent)


def link_field_start(parent: Any, name: str) -> None:
    """Start a `HYPERLINK \\l name` field: a link to bookmark `name` that Word and
    LibreOffice show in the text's own look (LibreOffice underlines a `w:hyperlink`);
    append its runs, then `field_end`."""
    field_start(parent, f'HYPERLINK \\l "{name}"')


def pageref(parent: Any, name: str, pages: PageNumbers) -> None:
    """Append `PAGEREF name \\h` showing the page `pages` gives bookmark `name`."""
    complex_field(parent, f"PAGEREF {name} \\h", str(pages.page_of(name)))


def page_field(parent: Any, cached: int = 1) -> None:
    """Append a PAGE field (the current page; Word and LibreOffice compute it on layout)."""
    complex_field(parent, "PAGE", str(cached))


def numpages_field(parent: Any, pages: PageNumbers) -> None:
    """Append a NUMPAGES field showing the page count of `pages`."""
    complex_field(parent, "NUMPAGES", str(pages.total))


def _fields(root: Any) -> Iterator[tuple[str, list[Any]]]:
    """Yield (instruction, result `w:t` elements) of every complex field under `root`."""
    stack: list[tuple[list[str], list[Any], bool]] = []  # instruction, results, separated
    for element in root.iter(_FLDCHAR, _INSTR, _W_T):
        if element.tag == _INSTR:
            if stack and not stack[-1][2]:
                stack[-1][0].append(element.text or "")
            continue
        if element.tag == _W_T:
            if stack and stack[-1][2]:
                stack[-1][1].append(element)
            continue
        kind = element.get(_FLDTYPE)
        if kind == "begin":
            stack.append(([], [], False))
        elif kind == "separate" and stack:
            stack[-1] = (stack[-1][0], stack[-1][1], True)
        elif kind == "end" and stack:
            instruction, results, _ = stack.pop()
            yield "".join(instruction), results


def _set_result(results: list[Any], text: str) -> bool:
    """Make a field's result read `text`; return whether it changed."""
    if not results or ("".join(t.text or "" for t in results)) == text:
        return False
    results[0].text = text
    for t in results[1:]:
        t.text = ""
    return True


def set_cached_pages(part_xml: bytes, pages: PageNumbers) -> bytes:
    """Return a document, header or footer part with its PAGEREF and NUMPAGES results set
    from `pages` (the part unchanged when they already read so); a PAGEREF to a bookmark
    `pages` does not know keeps its result."""
    root = etree.fromstring(part_xml)
    changed = False
    for instruction, results in _fields(root):
        found = _PAGEREF.match(instruction)
        if found and found.group(1) in pages.pages:
            changed |= _set_result(results, str(pages.pages[found.group(1)]))
        elif _NUMPAGES.match(instruction):
            changed |= _set_result(results, str(pages.total))
    if not changed:
        return part_xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def has_pageref(root: Any) -> bool:
    """Return whether the element tree `root` holds a PAGEREF field."""
    return any(_PAGEREF.match(i.text or "") for i in root.iter(_INSTR))


def package_language(package: bytes) -> str:
    """Return the language of a package's core properties ("" when it has none)."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        root = etree.fromstring(source.read("docProps/core.xml"))
    element = root.find(f"{_DC}language")
    return (element.text or "") if element is not None else ""


def pageref_names(package: bytes) -> list[str]:
    """Return the bookmarks the PAGEREF fields of a .docx's main part refer to, in order."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        root = etree.fromstring(source.read("word/document.xml"))
    return [m.group(1) for i, _ in _fields(root) if (m := _PAGEREF.match(i))]


def set_laid_out_pages(package: bytes, pages: PageNumbers, note: str) -> bytes:
    """Return the .docx `package` with the cached page numbers of its fields set from
    `pages` (laid out) and, when it has PAGEREF fields, its properties' comments set to
    `note`.

    Only the parts that hold fields and the core properties change; the package is
    re-packed deterministically, so equal inputs give equal bytes.
    """
    rewrite: dict[str, Callable[[bytes], bytes]] = {}
    if pageref_names(package):
        rewrite["docProps/core.xml"] = lambda data: _set_description(data, note)
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        for name in source.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                rewrite[name] = lambda data: set_cached_pages(data, pages)
    return normalise_package(package, None, rewrite)


def _set_description(core_xml: bytes, note: str) -> bytes:
    root = etree.fromstring(core_xml)
    element = root.find(f"{_DC}description")
    if element is None:
        element = _SUB(root, f"{_DC}description")
    element.text = note
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
