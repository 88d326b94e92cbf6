"""Read a PDF's words with their positions (`pdftotext -bbox`) and find layout faults.

A *break* is a pair of words, consecutive in the PDF, the second starting on a lower line
(or another page). Each break is checked against the Word document's own text:

- a break between two pieces of one token that no-break spaces bind ("1 250 000 €", "12 %")
  splits an amount or a number;
- a break inside a token (the two words, joined, make a token of the source, possibly with
  the hyphen the renderer added) splits it: never allowed for a number, a date, an amount
  or an id; allowed for a word only at one of its hyphenation points (pyphen's dictionary
  of the document's language) or after a hyphen the word has.

A page whose body (between the top and bottom margins) holds nothing, or nothing but a
heading, is reported too.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BREAKABLE = re.compile(r"[ \t\n\u2000-\u2006\u2008-\u200b]+")
_BOUND = re.compile(r"[\u00a0\u202f\u2007]+")
# Run elements that stand for a character: breaks and tabs, and Word's non-breaking hyphen.
_MARKS = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\n", f"{_W}noBreakHyphen": "-"}
_HEADING_STYLES = {"Heading1", "Heading2", "Heading3", "Heading4", "Title", "TOCHeading"}


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


def pdf_pages(pdf: Path) -> list[Page]:
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=120
    )
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        words = tuple(
            Word(
                number,
                w.text or "",
                float(w.get("xMin")),
                float(w.get("yMin")),
                float(w.get("xMax")),
                float(w.get("yMax")),
            )
            for w in page.iter("{*}word")
        )
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages


@dataclass(frozen=True)
class Source:
    """The text a Word document holds, cut as pdftotext cuts it, and its headings."""

    pieces: frozenset[str]  # tokens cut at every space, no-break ones too
    prefixes: frozenset[str]  # every beginning of a piece, two characters or more
    legal: frozenset[tuple[str, str]]  # pieces a breakable space separates
    bound: frozenset[tuple[str, str]]  # pieces a no-break space binds together
    ends: frozenset[str]  # last pieces of paragraphs (labels)
    starts: frozenset[str]  # first pieces of paragraphs (labels)
    headings: tuple[str, ...]


def _paragraph_texts(docx: Path) -> tuple[list[str], list[str]]:
    with zipfile.ZipFile(docx) as package:
        names = package.namelist()
        parts = [n for n in names if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        charts = [n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
        roots = [etree.fromstring(package.read(n)) for n in parts]
        chart_roots = [etree.fromstring(package.read(n)) for n in charts]
    texts, headings = [], []
    for root in roots:
        for p in root.iter(f"{_W}p"):
            text = "".join(
                (e.text or "") if e.tag == f"{_W}t" else _MARKS[e.tag]
                for e in p.iter(f"{_W}t", *_MARKS)
            )
            texts.append(text)
            style = p.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and style.get(f"{_W}val") in _HEADING_STYLES and text.strip():
                headings.append(" ".join(text.split()))
    for root in chart_roots:
        texts.extend(e.text or "" for e in root.iter("{*}v", "{*}t"))
    return texts, headings


def docx_source(docx: Path) -> Source:
    texts, headings = _paragraph_texts(docx)
    pieces: set[str] = set()
    legal: set[tuple[str, str]] = set()
    bound: set[tuple[str, str]] = set()
    ends: set[str] = set()
    starts: set[str] = set()
    for text in texts:
        sequence: list[str] = []
        for token in _BREAKABLE.split(text):
            parts = [p for p in _BOUND.split(token) if p]
            if not parts:
                continue
            if sequence:
                legal.add((sequence[-1], parts[0]))
            bound.update(zip(parts, parts[1:], strict=False))
            sequence.extend(parts)
        if sequence:
            starts.add(sequence[0])
            ends.add(sequence[-1])
            pieces.update(sequence)
    prefixes = {p[:n] for p in pieces for n in range(2, len(p) + 1)}
    return Source(
        frozenset(pieces),
        frozenset(prefixes),
        frozenset(legal),
        frozenset(bound - legal),
        frozenset(ends),
        frozenset(starts),
        tuple(headings),
    )


def is_unbreakable(token: str) -> bool:
    return any(c.isdigit() for c in token) or not any(c.islower() for c in token)


def _hyphenation_points(word: str, language: str) -> set[int]:
    import pyphen

    dictionary = pyphen.Pyphen(lang=language)
    letters = word.strip(".,;:!?()[]«»\"'")
    offset = word.find(letters) if letters else 0
    return {offset + p for p in dictionary.positions(letters)}


def _starts_line(first: Word, second: Word) -> bool:
    return second.page != first.page or second.y0 > first.y0 + 0.5 * (first.y1 - first.y0)


def _split_token(first: str, second: str, source: Source) -> tuple[str, bool] | None:
    """Return (the token the two words cut, whether the renderer added a hyphen), or None
    when the two words are not pieces of one token."""
    fragment = first not in source.pieces or second not in source.pieces
    for whole, added in ((first[:-1] + second, True), (first + second, False)):
        if added and not (first.endswith("-") and len(first) > 1):
            continue
        if whole in source.pieces or (fragment and whole in source.prefixes):
            return whole, added
    return None


def split_words(pdf: Path, source: Source, language: str) -> list[str]:
    """Return every break that splits a number, an amount, a date, an id, or a word at
    another place than its hyphenation points."""
    words = [w for page in pdf_pages(pdf) for w in page.words]
    faults = []
    for first, second in zip(words, words[1:], strict=False):
        if not _starts_line(first, second):
            continue
        pair = (first.text, second.text)
        if pair in source.legal or (pair[0] in source.ends and pair[1] in source.starts):
            continue
        where = f"p. {first.page}: {first.text!r} / {second.text!r}"
        if pair in source.bound:
            faults.append(f"{where} (bound by a no-break space)")
            continue
        found = _split_token(first.text, second.text, source)
        if found is None:
            continue
        whole, added = found
        if is_unbreakable(whole):
            faults.append(f"{where} (a number, date, amount or id split)")
            continue
        if not added and first.text.endswith("-"):
            continue  # after a hyphen the word itself has
        full = next((p for p in sorted(source.pieces) if p.startswith(whole)), whole)
        if not added or len(first.text) - 1 not in _hyphenation_points(full, language):
            faults.append(f"{where} (not at a hyphenation point of {full!r})")
    return faults


def lone_heading_pages(pdf: Path, source: Source, top_pt: float, bottom_pt: float) -> list[str]:
    """Return the pages whose body, between the margins, is empty or only a heading."""
    faults = []
    headings = set(source.headings)
    for number, page in enumerate(pdf_pages(pdf), start=1):
        body = [w.text for w in page.words if w.y0 >= top_pt and w.y1 <= page.height - bottom_pt]
        text = " ".join(body)
        if not text.strip():
            faults.append(f"p. {number} is empty")
        elif text in headings:
            faults.append(f"p. {number} holds only the heading {text!r}")
    return faults
