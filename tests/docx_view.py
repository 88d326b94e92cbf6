"""Read a .docx the way a user sees it: headings, paragraphs, tables with fills, charts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

C_NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


def norm(text: str) -> str:
    """Normalise the space variants Babel uses (narrow/no-break) to plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def run_text(element: etree._Element) -> str:
    """Return the text of `element`'s runs, a non-breaking hyphen read as "-"."""
    hyphen = qn("w:noBreakHyphen")
    return "".join(
        "-" if e.tag == hyphen else e.text or "" for e in element.iter(qn("w:t"), hyphen)
    )


def headings(path: Path, level: int | None = None) -> list[str]:
    out = []
    for p in docx.Document(str(path)).paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading") and (level is None or name == f"Heading {level}"):
            out.append(norm(p.text))
    return out


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return norm("\n".join(parts))


def table_after(path: Path, heading_text: str) -> list[list[str]]:
    """Return the cells of the first table after the heading containing `heading_text`."""
    document = docx.Document(str(path))
    body = document.element.body
    seen = False
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = run_text(child)
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if (
                heading_text in text
                and style is not None
                and style.get(qn("w:val")).lower().startswith("heading")
            ):
                seen = True
        elif child.tag == qn("w:tbl") and seen:
            return [
                [norm(run_text(tc)) for tc in tr.iter(qn("w:tc"))] for tr in child.iter(qn("w:tr"))
            ]
    raise AssertionError(f"no table after {heading_text!r}")


def cell_fills(path: Path) -> dict[str, set[str]]:
    """Return, for each cell text, the set of fills it appears with."""
    document = docx.Document(str(path))
    fills: dict[str, set[str]] = {}
    for tc in document.element.body.iter(qn("w:tc")):
        shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        text = norm(run_text(tc))
        if shd is not None:
            fills.setdefault(text, set()).add(shd.get(qn("w:fill")))
    return fills


def chart_series(path: Path) -> list[dict[str, list[str]]]:
    """Return each chart's series name -> values (as written in the chart part's cache)."""
    charts = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if n.startswith("word/charts/chart")):
            root = etree.fromstring(package.read(name))
            series = {}
            for ser in root.iterfind(".//c:ser", C_NS):
                label = "".join(ser.xpath("./c:tx//c:v/text()", namespaces=C_NS))
                series[label] = ser.xpath("./c:val//c:pt/c:v/text()", namespaces=C_NS)
            charts.append(series)
    return charts
