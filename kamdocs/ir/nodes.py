"""The document intermediate representation shared by every writer.

Frozen dataclasses holding tuples, shaped like a small pandoc AST. Writers import this module,
never the content model, so a new document type never touches a writer. Colours are hex
strings without '#' ("C00000"); sizes are in points.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import Literal

from kamdocs.valueclass import valueclass

Align = Literal["left", "center", "right"]


@valueclass(frozen=True)
class Text:
    """A run of text; `link` makes it a hyperlink (`#anchor`: to the heading of that anchor);
    `page_of` makes it the page number of the heading anchored so (Word: a PAGEREF field
    whose cached value is `text`, the estimated page)."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    color: str | None = None
    page_of: str | None = None


@valueclass(frozen=True)
class LineBreak:
    pass


Inline = Text | LineBreak


@valueclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    source: str = field(default="", compare=False)  # template `file:line`, for messages
    anchor: str = ""  # a name links (`Text.link` "#anchor") and page numbers refer to


@valueclass(frozen=True)
class Paragraph:
    """A paragraph; `style` is a role ("body", "title", "subtitle", "caption", "note")."""

    inlines: tuple[Inline, ...]
    style: str = "body"
    align: Align | None = None


@valueclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Inline, ...], ...]
    ordered: bool = False


@valueclass(frozen=True)
class Cell:
    inlines: tuple[Inline, ...]
    fill: str | None = None
    align: Align | None = None
    bold: bool = False
    color: str | None = None


@valueclass(frozen=True)
class Table:
    """A table whose first `header_rows` rows repeat on each page (or continuation slide).
    `optional` columns (indexes from 0) are left out when empty in every other row
    (`ir.columns.drop_empty_columns`); the others stay as given, empty or not."""

    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 1
    widths: tuple[Decimal, ...] = ()  # relative column widths; empty: equal
    caption: str | None = None
    optional: tuple[int, ...] = ()


@valueclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kind: Literal["bar", "line"] = "bar"  # per series, for bar + line combinations


@valueclass(frozen=True)
class BubblePoint:
    label: str
    x: float
    y: float
    size: float


@valueclass(frozen=True)
class Quadrants:
    """Lines splitting a bubble chart at `split` on both axes, and the name of each quadrant
    in reading order: top left, top right, bottom left, bottom right."""

    split: float
    names: tuple[str, str, str, str]


@valueclass(frozen=True)
class Chart:
    """A native chart: `kind` picks the chart type; `number_format` is an Excel format code."""

    kind: Literal["column", "bar", "line", "pie", "bubble", "stacked_bar"]
    title: str
    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    bubbles: tuple[BubblePoint, ...] = ()
    number_format: str = "General"
    x_title: str | None = None
    y_title: str | None = None
    axis_max: float | None = None
    axis_min: float | None = None
    quadrants: Quadrants | None = None  # a bubble chart drawn as a two-by-two matrix


@valueclass(frozen=True)
class Image:
    """A picture: its file's bytes (read by the workspace stage) and name (`logo.png`)."""

    data: bytes
    name: str
    width_cm: float | None = None


@valueclass(frozen=True)
class PageBreak:
    source: str = field(default="", compare=False)  # template `file:line`, for messages


@valueclass(frozen=True)
class TableOfContents:
    title: str
    entries: tuple[tuple[int, str], ...] = ()  # (level, text) known at build time
    source: str = field(default="", compare=False)  # template `file:line`, for messages


@valueclass(frozen=True)
class SlideBreak:
    """Starts a slide: `layout` is a role ("title", "section", "content", "two", "blank")."""

    layout: str = "content"
    title: str = ""
    subtitle: str = ""
    notes: str = ""
    source: str = field(default="", compare=False)  # template `file:line`, for messages
    kicker: str = ""  # the slide's topic, in small type above a title that states the message
    anchor: str = ""  # a name other slides' text refers to as `{slide#<anchor>}`


@valueclass(frozen=True)
class Columns:
    """Side-by-side blocks (slides: the Two Content / Comparison layouts)."""

    columns: tuple[tuple[Block, ...], ...]
    headings: tuple[str, ...] = ()
    source: str = field(default="", compare=False)  # template `file:line`, for messages


Block = (
    Heading
    | Paragraph
    | ListBlock
    | Table
    | Chart
    | Image
    | PageBreak
    | TableOfContents
    | SlideBreak
    | Columns
)


@valueclass(frozen=True)
class Address:
    """A mailbox: a display name and an address (None: unknown, the writer shows
    `placeholder` in its place)."""

    name: str
    address: str | None = None


@valueclass(frozen=True)
class Envelope:
    """The headers of an e-mail document: who sends it, to whom, on which day (ISO date),
    and the local part shown for an unknown address."""

    sender: Address
    to: tuple[Address, ...]
    date: str
    placeholder: str = "to-be-completed"


@valueclass(frozen=True)
class Meta:
    """Document-level data: core properties and the page header/footer marking."""

    title: str
    author: str = ""
    subject: str = ""
    language: str = "fr"
    created: str = ""  # ISO date-time of the as-of date, e.g. 2026-11-23T00:00:00Z
    header: str = ""
    footer: str = ""
    page_label: str = "Page"  # "Page {n} / {total}" prefix in the footer
    keywords: str = ""
    landscape: bool = False  # Word: turn the reference's pages sideways (wide tables)
    envelope: Envelope | None = None  # e-mail documents: the headers (the subject is `title`)
    pages_note: str = ""  # Word: the properties' comments, saying page numbers are estimated


@valueclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)
