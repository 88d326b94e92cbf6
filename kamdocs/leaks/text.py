"""The text a reader of an output sees, paragraph by paragraph, with where it is.

Reads the bytes of a .docx, .pptx, .xlsx, .eml or .md in memory: Word body (tables included),
headers, footers, comments and notes, charts and the workbooks embedded in them;
PowerPoint slides, speaker notes and charts; spreadsheet cells; e-mail text parts. Each
paragraph comes with a place a person can find: the heading above it, the slide, the sheet
and cell.
"""

from __future__ import annotations

import email
import email.policy
import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from kamdocs.valueclass import valueclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_HEADING = re.compile(r"heading|titre|title", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@valueclass(frozen=True)
class Spot:
    """One paragraph (or cell, or chart value) of an output, and where a reader finds it."""

    where: str
    text: str


def output_spots(data: bytes, suffix: str) -> list[Spot]:
    """Return every paragraph of the output `data` whose file name ends with `suffix`."""
    if suffix == ".eml":
        return list(_mail_spots(data))
    if suffix == ".md":  # a Markdown companion (the status e-mail's text)
        lines = data.decode("utf-8").splitlines()
        return [Spot("Markdown text", line) for line in lines if line.strip()]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if suffix == ".docx":
            return list(_docx_spots(package))
        if suffix == ".pptx":
            return list(_pptx_spots(package))
        if suffix == ".xlsx":
            return list(_xlsx_spots(package, ""))
    raise ValueError(f"no text reader for {suffix} files")


def _member(package: zipfile.ZipFile, name: str) -> bytes | None:
    """Return the bytes of part `name` of the package, None when it has none."""
    try:
        return package.read(name)
    except KeyError:
        return None


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    data = _member(package, name)
    return None if data is None else etree.fromstring(data, _PARSER)


def _rels(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Return the relationship targets of `part` by id, as package paths."""
    folder, name = posixpath.split(part)
    root = _xml(package, posixpath.join(folder, "_rels", f"{name}.rels"))
    if root is None:
        return {}
    return {
        rel.get("Id", ""): posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        for rel in root.iter(REL)
        if rel.get("TargetMode") != "External"
    }


_NO_BREAK_HYPHEN = f"{W}noBreakHyphen"  # a hyphen no line breaks after (in ids and dates)


def _paragraph_text(paragraph: etree._Element, text_tag: str) -> str:
    parts = []
    for node in paragraph.iter(text_tag, f"{W}tab", f"{W}br", f"{A}br", _NO_BREAK_HYPHEN):
        if node.tag == text_tag:
            parts.append(node.text or "")
        else:
            parts.append("-" if node.tag == _NO_BREAK_HYPHEN else " ")
    return "".join(parts)


# --- Word -------------------------------------------------------------------------------------


def _docx_spots(package: zipfile.ZipFile) -> Iterator[Spot]:
    body = "word/document.xml"
    root = _xml(package, body)
    rels = _rels(package, body)
    heading = "(start of the document)"
    if root is not None:
        for paragraph in root.iter(f"{W}p"):
            text = _paragraph_text(paragraph, f"{W}t")
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            if style is not None and re.search(
                r"heading|titre|title", style.get(f"{W}val", ""), re.I
            ):
                heading = text.strip() or heading
            if text.strip():
                yield Spot(f"under '{heading}'", text)
            for chart in paragraph.iter(f"{C}chart"):
                target = rels.get(chart.get(R_ID, ""))
                if target:
                    yield from _chart_spots(package, target, f"chart under '{heading}'")
    for name in sorted(package.namelist()):
        kind = re.match(r"word/(header|footer|comments|footnotes|endnotes)\d*\.xml$", name)
        if kind:
            part = _xml(package, name)
            for paragraph in part.iter(f"{W}p") if part is not None else ():
                text = _paragraph_text(paragraph, f"{W}t")
                if text.strip():
                    yield Spot(f"in the {kind.group(1)}", text)


# --- charts and their workbooks ---------------------------------------------------------------


def _chart_spots(package: zipfile.ZipFile, part: str, where: str) -> Iterator[Spot]:
    root = _xml(package, part)
    if root is None:
        return
    for paragraph in root.iter(f"{A}p"):
        text = _paragraph_text(paragraph, f"{A}t")
        if text.strip():
            yield Spot(where, text)
    for value in root.iter(f"{C}v"):
        if value.text and value.text.strip():
            yield Spot(where, value.text)
    for target in _rels(package, part).values():
        if target.endswith(".xlsx"):
            try:
                embedded = zipfile.ZipFile(io.BytesIO(package.read(target)))
            except (KeyError, zipfile.BadZipFile):
                continue
            with embedded:
                yield from _xlsx_spots(embedded, f"data of the {where}")


def _xlsx_spots(package: zipfile.ZipFile, where: str) -> Iterator[Spot]:
    strings = _xml(package, "xl/sharedStrings.xml")
    shared = (
        ["".join(t.text or "" for t in item.iter(f"{S}t")) for item in strings.iter(f"{S}si")]
        if strings is not None
        else []
    )
    sheets = sorted(n for n in package.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
    for number, name in enumerate(sheets, 1):
        root = _xml(package, name)
        for cell in root.iter(f"{S}c") if root is not None else ():
            text = _cell_text(cell, shared)
            if text.strip():
                place = f"sheet {number}, cell {cell.get('r', '?')}"
                yield Spot(f"{where}, {place}" if where else place, text)


def _cell_text(cell: etree._Element, shared: list[str]) -> str:
    if cell.get("t") == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{S}t"))
    value = cell.findtext(f"{S}v") or ""
    if cell.get("t") == "s" and value.isdigit() and int(value) < len(shared):
        return shared[int(value)]
    return value


# --- PowerPoint -------------------------------------------------------------------------------


def _pptx_spots(package: zipfile.ZipFile) -> Iterator[Spot]:
    presentation = "ppt/presentation.xml"
    root = _xml(package, presentation)
    rels = _rels(package, presentation)
    slides = [rels.get(s.get(R_ID, ""), "") for s in root.iter()
              if s.tag.endswith("}sldId")] if root is not None else []  # fmt: skip
    for number, slide in enumerate(slides, 1):
        texts = _drawing_part_texts(package, slide)
        if texts is None:
            continue
        title = next((t.strip() for t in texts if t.strip()), "")
        where = f"slide {number} ('{title[:60]}')" if title else f"slide {number}"
        yield from (Spot(where, t) for t in texts if t.strip())
        for target in _rels(package, slide).values():
            if "/charts/" in target:
                yield from _chart_spots(package, target, f"chart of {where}")
            elif "/notesSlides/" in target:
                for text in _drawing_part_texts(package, target) or ():
                    if text.strip():
                        yield Spot(f"speaker notes of {where}", text)


def _drawing_part_texts(package: zipfile.ZipFile, name: str) -> tuple[str, ...] | None:
    """Return the text of each paragraph of slide or notes part `name`, None when absent."""
    data = _member(package, name)
    return None if data is None else _paragraph_texts(data)


PARTS_KEPT = 128  # slide and notes parts kept (a count: the parts' bytes are the keys)


@functools.lru_cache(maxsize=PARTS_KEPT)
def _paragraph_texts(data: bytes) -> tuple[str, ...]:
    # Kept by the part's very bytes: a watch session's rebuilt deck, or an account's two
    # decks, repeat most slides byte for byte.
    root = etree.fromstring(data, _PARSER)
    return tuple(_paragraph_text(p, f"{A}t") for p in root.iter(f"{A}p"))


# --- e-mail -----------------------------------------------------------------------------------


def _mail_spots(data: bytes) -> Iterator[Spot]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    yield Spot("e-mail subject", str(message.get("Subject", "")))
    for part in message.walk():
        if part.get_content_maintype() == "text":
            body = part.get_content()
            if part.get_content_subtype() == "html":
                body = re.sub(r"<[^>]+>", "\n", body)
            for line in str(body).splitlines():
                if line.strip():
                    yield Spot(f"e-mail, {part.get_content_type()} part", line)
