"""Turn rendered template text (a Markdown subset with value tokens) into IR blocks.

Template syntax, line by line:
  `# `, `## `, `### `      headings (numbered "1.", "1.2" when `number_headings`); a
                           trailing `{#name}` anchors one for links and page numbers,
                           `{-}` leaves it unnumbered
  `- ` / `1. `             bullet / numbered list items
  `| a | b |`              table rows; a `|---|` row ends the header rows
  `::: name key=value`     directives: `toc`, `pagebreak`, `slide`, `style`, `widths`, `columns`,
                           `optional columns=2,3` (the next table's columns, from 1, left out
                           when empty in every row: ir/columns.py)
  a token alone on a line  an IR block or a Markdown fragment from the data
  anything else            paragraph text; `**bold**` and `*italic*` in the template's own text
Data reaches this module only through tokens, so its characters are always literal text.
"""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from kamdocs import ir
from kamdocs.errors import KamdocsError, did_you_mean
from kamdocs.templating.values import (
    SOURCE_CLOSE,
    SOURCE_OPEN,
    SOURCE_SEP,
    TOKEN_CLOSE,
    TOKEN_OPEN,
    Md,
    Styled,
    Tokens,
)
from kamdocs.workspace import mdcache

_SOURCE_RE = re.compile(f"{SOURCE_OPEN}([^{SOURCE_SEP}]*){SOURCE_SEP}(\\d+){SOURCE_CLOSE}")
ALIGNS: dict[str, ir.Align] = {"left": "left", "center": "center", "right": "right"}
DIRECTIVES = (
    "pagebreak",
    "toc",
    "style",
    "widths",
    "optional",
    "slide",
    "columns",
    "column",
    "end",
)
_TOKEN_RE = re.compile(f"{TOKEN_OPEN}(\\d+){TOKEN_CLOSE}")
_ONLY_TOKEN_RE = re.compile(f"^{TOKEN_OPEN}(\\d+){TOKEN_CLOSE}$")
_SPLIT_RE = re.compile(f"({TOKEN_OPEN}\\d+{TOKEN_CLOSE}|\\*\\*|\\*)")
_HEADING_RE = re.compile(r"^(#{1,4})\s+(.*)$")
_ATTRIBUTES_RE = re.compile(r"\s*\{\s*((?:#[^{}\s]+|-)(?:\s+(?:#[^{}\s]+|-))*)\s*\}\s*$")
_BULLET_RE = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED_RE = re.compile(r"^\d+[.)]\s+(.*)$")
_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# Markdown-significant characters; text without any of them skips the Markdown parser.
_MD_SIGNIFICANT = re.compile(r"[*_`\[\]<>&\\\n!]|^\s*(?:\d+[.)]|[-+#>])\s")


class _Parser:
    def __init__(self, tokens: Tokens, number_headings: bool, shown: Callable[[str], str]):
        self.tokens = tokens
        self.shown = shown
        self.source = ""  # `file:line` of the directive or heading being read
        self.columns_source = ""  # where the open `::: columns` block began
        self.number_headings = number_headings
        self.counters = [0, 0, 0, 0]
        self.blocks: list[ir.Block] = []
        self.para: list[str] = []
        self.items: list[tuple[ir.Inline, ...]] = []
        self.items_ordered = False
        self.rows: list[tuple[ir.Cell, ...]] = []
        self.header_rows = 0
        self.next_style = "body"
        self.next_align: ir.Align | None = None
        self.widths: tuple[Decimal, ...] = ()
        self.optional: tuple[int, ...] = ()
        self.columns: list[list[ir.Block]] | None = None
        self.column_heads: tuple[str, ...] = ()

    # -- flushing pending blocks ---------------------------------------------------------

    def emit(self, block: ir.Block) -> None:
        if self.columns is not None and not isinstance(block, ir.SlideBreak):
            self.columns[-1].append(block)
        else:
            self.blocks.append(block)

    def flush(self) -> None:
        if self.para:
            inlines = self.inlines(" ".join(self.para))
            if inlines:
                self.emit(ir.Paragraph(inlines, self.next_style, self.next_align))
            self.para = []
            self.next_style, self.next_align = "body", None
        if self.items:
            self.emit(ir.ListBlock(tuple(self.items), self.items_ordered))
            self.items = []
        if self.rows:
            self.emit(
                ir.Table(tuple(self.rows), self.header_rows, self.widths, optional=self.optional)
            )
            self.rows, self.header_rows, self.widths, self.optional = [], 0, (), ()

    # -- inline content --------------------------------------------------------------------

    def inlines(self, text: str) -> tuple[ir.Inline, ...]:
        out: list[ir.Inline] = []
        bold = italic = False
        for part in _SPLIT_RE.split(text):
            if not part:
                continue
            if part == "**":
                bold = not bold
                continue
            if part == "*":
                italic = not italic
                continue
            match = _ONLY_TOKEN_RE.match(part)
            if match:
                out.extend(self.value_inlines(self.tokens[int(match.group(1))], bold, italic))
            else:
                out.append(ir.Text(part, bold, italic))
        return tuple(_merge(out))

    def value_inlines(self, value: Any, bold: bool, italic: bool) -> list[ir.Inline]:
        if isinstance(value, Md):
            return [_restyle(i, bold, italic) for i in md_inlines(value.text)]
        if isinstance(value, Styled):
            return [ir.Text(value.text, bold or value.bold, italic, color=value.color)]
        if isinstance(value, ir.Text):
            return [value]
        return _text_runs(_as_text(value), bold, italic)

    def cell(self, text: str) -> ir.Cell:
        text = text.strip()
        match = _ONLY_TOKEN_RE.match(text)
        if match:  # fast path: one value in the cell, no Markdown parsing of the template
            value = self.tokens[int(match.group(1))]
            if isinstance(value, Styled):
                return ir.Cell(
                    (ir.Text(value.text, value.bold, color=value.color),) if value.text else (),
                    value.fill,
                    value.align,
                    value.bold,
                    value.color,
                )
            if isinstance(value, str):
                return ir.Cell(tuple(_text_runs(value, False, False)))
        fill = align = None
        for found in _TOKEN_RE.finditer(text):
            value = self.tokens[int(found.group(1))]
            if isinstance(value, Styled):
                fill, align = value.fill or fill, value.align or align
        return ir.Cell(self.inlines(text), fill, align)

    # -- lines -------------------------------------------------------------------------------

    def fail(self, message: str, source: str | None = None) -> KamdocsError:
        where = source if source is not None else self.source
        return KamdocsError(f"{where}: {message}" if where else f"template: {message}")

    def line(self, raw: str) -> None:
        if SOURCE_OPEN in raw:
            found = _SOURCE_RE.search(raw)
            if found:
                self.source = f"{self.shown(found.group(1))}:{found.group(2)}"
            raw = _SOURCE_RE.sub("", raw)
        line = raw.strip()
        if not line:
            self.flush()
        elif line.startswith(":::"):
            self.flush()
            self.directive(line[3:].strip())
        elif line.startswith("|"):
            self.table_row(line)
        else:
            if self.rows:
                self.flush()
            self.text_line(line)

    def table_row(self, line: str) -> None:
        if self.para or self.items:
            self.flush()
        if _SEPARATOR_RE.match(line):
            self.header_rows = len(self.rows)
            return
        self.rows.append(tuple(self.cell(c) for c in _split_row(line)))

    def text_line(self, line: str) -> None:
        """Read a line that is neither blank, a directive nor a table row."""
        heading = _HEADING_RE.match(line)
        if heading:
            self.flush()
            self.heading(len(heading.group(1)), heading.group(2))
            return
        match = _ONLY_TOKEN_RE.match(line)
        if match and self.value_line(self.tokens[int(match.group(1))]):
            return
        bullet, numbered = _BULLET_RE.match(line), _NUMBERED_RE.match(line)
        item = bullet or numbered
        if item:
            if self.para or (self.items and self.items_ordered != bool(numbered)):
                self.flush()
            self.items_ordered = bool(numbered)
            self.items.append(self.inlines(item.group(1)))
            return
        if self.items:
            self.flush()
        self.para.append(line)

    def value_line(self, value: Any) -> bool:
        """Emit a value alone on its line when it is a block or a Markdown fragment of its
        own; return whether it was (else the line is text)."""
        if isinstance(value, Md):
            self.flush()
            for block in md_blocks(value.text):
                self.emit(block)
            return True
        if _is_block(value):
            self.flush()
            self.emit(value)
            return True
        return False

    def heading(self, level: int, text: str) -> None:
        # `## Title {#name -}`: the heading's anchor (for links and page numbers), and `-` to
        # leave it unnumbered (a criterion's heading carries the RC's own number).
        found = _ATTRIBUTES_RE.search(text)
        attributes = found[1].split() if found else []
        text = text[: found.start()] if found else text
        anchor = next((a[1:] for a in attributes if a.startswith("#")), "")
        anchor = _TOKEN_RE.sub(lambda t: _plain_value(self.tokens[int(t.group(1))]), anchor)
        inlines = self.inlines(text)
        if self.number_headings and level <= 2 and "-" not in attributes:
            self.counters[level - 1] += 1
            for deeper in range(level, len(self.counters)):
                self.counters[deeper] = 0
            number = ".".join(str(n) for n in self.counters[:level])
            inlines = (ir.Text(f"{number}. " if level == 1 else f"{number} "), *inlines)
        heading = tuple(_merge(list(inlines)))
        self.emit(ir.Heading(level, heading, self.source, anchor))

    def table_directive(self, name: str, args: dict[str, str]) -> None:
        """`widths values=1,3,2`: the next table's relative column widths; `optional
        columns=2,3`: its columns (from 1) left out when empty in every row."""
        if name == "widths":
            self.widths = tuple(Decimal(w) for w in args.get("values", "").split(",") if w)
            return
        numbers = args.get("columns", "").split(",")
        if not all(n.strip().isdigit() and int(n) > 0 for n in numbers):
            raise self.fail("optional needs columns=<numbers from 1, comma-separated>")
        self.optional = tuple(int(n) - 1 for n in numbers)

    def directive(self, text: str) -> None:
        name, _, rest = text.partition(" ")
        args = _parse_args(rest, self.tokens)
        if name == "pagebreak":
            self.emit(ir.PageBreak(self.source))
        elif name == "toc":
            self.emit(ir.TableOfContents(args.get("title", ""), source=self.source))
        elif name == "style":
            self.next_style = args.get("name", "body")
            align = args.get("align")
            if align is not None and align not in ALIGNS:
                hint = did_you_mean(align, ALIGNS)
                raise self.fail(
                    f"unknown alignment '{align}'{f' ({hint})' if hint else ''}; "
                    f"alignments: {', '.join(ALIGNS)}"
                )
            self.next_align = ALIGNS[align] if align else None
        elif name in ("widths", "optional"):
            self.table_directive(name, args)
        elif name == "slide":
            if self.columns is not None:
                raise self.unclosed()
            self.emit(
                ir.SlideBreak(
                    args.get("layout", "content"),
                    args.get("title", ""),
                    args.get("subtitle", ""),
                    args.get("notes", ""),
                    self.source,
                    kicker=args.get("kicker", ""),
                    anchor=args.get("anchor", ""),
                )
            )
        elif name == "columns":
            if self.columns is not None:
                raise self.unclosed()
            self.columns = []
            self.columns_source = self.source
            self.column_heads = tuple(h for h in args.get("headings", "").split("|") if h)
        elif name == "column":
            if self.columns is None:
                raise self.fail("'::: column' outside a '::: columns' block; open one first")
            self.columns.append([])
        elif name == "end":
            if self.columns is None:
                raise self.fail("'::: end' closes no block; remove it or open '::: columns'")
            self.end_columns()
        else:
            hint = did_you_mean(name, DIRECTIVES)
            hint = f" ({hint})" if hint else ""
            raise self.fail(f"unknown block '{name}'{hint}; blocks: {', '.join(DIRECTIVES)}")

    def unclosed(self) -> KamdocsError:
        return self.fail(
            "block 'columns' is not closed; end it with '::: end'", self.columns_source
        )

    def end_columns(self) -> None:
        if self.columns is not None:
            columns = tuple(tuple(c) for c in self.columns)
            self.columns = None
            self.blocks.append(ir.Columns(columns, self.column_heads, self.columns_source))


def parse(
    text: str,
    tokens: Tokens,
    *,
    number_headings: bool = False,
    shown: Callable[[str], str] = str,
) -> tuple[ir.Block, ...]:
    """Return the IR blocks of rendered template text whose values are in `tokens`.

    Raise `KamdocsError` located on its template line (`shown` prints the file) for a block
    the dialect does not know or one left open.
    """
    parser = _Parser(tokens, number_headings, shown)
    for raw in text.split("\n"):
        parser.line(raw)
    parser.flush()
    if parser.columns is not None:
        raise parser.unclosed()
    return tuple(parser.blocks)


# --- helpers --------------------------------------------------------------------------------


def _is_block(value: Any) -> bool:
    return isinstance(
        value,
        ir.Table
        | ir.Chart
        | ir.Image
        | ir.ListBlock
        | ir.Paragraph
        | ir.Heading
        | ir.PageBreak
        | ir.Columns,
    )


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _text_runs(text: str, bold: bool, italic: bool) -> list[ir.Inline]:
    if "\n" not in text:
        return [ir.Text(text, bold, italic)] if text else []
    out: list[ir.Inline] = []
    for i, piece in enumerate(text.split("\n")):
        if i:
            out.append(ir.LineBreak())
        if piece:
            out.append(ir.Text(piece, bold, italic))
    return out


def _restyle(inline: ir.Inline, bold: bool, italic: bool) -> ir.Inline:
    if isinstance(inline, ir.Text) and (bold or italic):
        return ir.Text(
            inline.text, inline.bold or bold, inline.italic or italic, inline.link, inline.color
        )
    return inline


def _merge(inlines: list[ir.Inline]) -> list[ir.Inline]:
    """Join neighbouring runs of the same formatting (fewer runs, same text)."""
    out: list[ir.Inline] = []
    for inline in inlines:
        last = out[-1] if out else None
        if (
            isinstance(inline, ir.Text)
            and isinstance(last, ir.Text)
            and (last.bold, last.italic, last.link, last.color)
            == (inline.bold, inline.italic, inline.link, inline.color)
            and last.page_of is inline.page_of is None
        ):
            out[-1] = ir.Text(
                last.text + inline.text, last.bold, last.italic, last.link, last.color
            )
        else:
            out.append(inline)
    return out


def _split_row(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return inner.split("|")


def _parse_args(rest: str, tokens: Tokens) -> dict[str, str]:
    """Parse `key=value key="two words"`; token values are resolved to their text."""
    args: dict[str, str] = {}
    try:
        parts = shlex.split(rest)
    except ValueError:
        parts = rest.split()
    for part in parts:
        key, _, value = part.partition("=")
        args[key] = _TOKEN_RE.sub(lambda m: _as_text(_plain_value(tokens[int(m.group(1))])), value)
    return args


def _plain_value(value: Any) -> str:
    if isinstance(value, Md | Styled):
        return value.text
    return _as_text(value)


# --- Markdown fragments from the data ------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def md_blocks(text: str) -> tuple[ir.Block, ...]:
    """Return the blocks of a Markdown fragment: paragraphs and lists (headings stay text).

    Results are immutable IR, cached by text: the same cell text in many rows or documents of
    a batch is parsed once.
    """
    if not _MD_SIGNIFICANT.search(text):
        return (ir.Paragraph((ir.Text(text),)),) if text.strip() else ()
    simple = _bold_spans(text)
    if simple is not None:
        return (ir.Paragraph(simple),)
    kept = mdcache.lookup(text)
    if kept is not None:
        return kept
    blocks = _converted_blocks(text)
    mdcache.store(text, blocks)
    return blocks


def _converted_blocks(text: str) -> tuple[ir.Block, ...]:
    root = _md_tree(text)
    blocks: list[ir.Block] = []
    for element in root:
        if element.tag in ("ul", "ol"):
            items = tuple(tuple(_merge(_inline_children(li))) for li in element.iter("li"))
            blocks.append(ir.ListBlock(items, element.tag == "ol"))
        else:
            inlines = _merge(_inline_children(element))
            if inlines:
                blocks.append(ir.Paragraph(tuple(inlines)))
    return tuple(blocks)


@functools.lru_cache(maxsize=8192)
def md_inlines(text: str) -> tuple[ir.Inline, ...]:
    """Return a Markdown fragment as runs for a table cell or a sentence (lists as lines)."""
    if not _MD_SIGNIFICANT.search(text):
        return (ir.Text(text),) if text else ()
    simple = _bold_spans(text)
    if simple is not None:
        return simple
    out: list[ir.Inline] = []
    for block in md_blocks(text):
        if out:
            out.append(ir.LineBreak())
        if isinstance(block, ir.ListBlock):
            for i, item in enumerate(block.items):
                if i:
                    out.append(ir.LineBreak())
                out.append(ir.Text(f"{i + 1}. " if block.ordered else "• "))
                out.extend(item)
        elif isinstance(block, ir.Paragraph):
            out.extend(block.inlines)
    return tuple(_merge(out))


# `**word**` spans, the markup data uses most (names, figures in a cell): split here rather
# than through the Markdown converter, which costs ~0.2 ms per call (ooxml-notes.md on
# plain-text cells). Only text whose one piece of markup is such spans takes this path; a
# property test checks it gives what the converter gives.
_LINE_OR_TAB = re.compile("[\t\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BOLD_SPAN = re.compile(r"\*\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*\*")


def _bold_spans(text: str) -> tuple[ir.Inline, ...] | None:
    """Return the runs of `text` if its only markup is `**bold**` spans, else None."""
    if (
        text != text.strip()
        or _LINE_OR_TAB.search(text)  # the converter expands tabs and splits lines
        or _MD_SIGNIFICANT.search(_BOLD_SPAN.sub(r"\1", text))
    ):
        return None
    runs: list[ir.Inline] = []
    pos = 0
    for match in _BOLD_SPAN.finditer(text):
        if match.start() > pos:
            runs.append(ir.Text(text[pos : match.start()]))
        runs.append(ir.Text(match.group(1), bold=True))
        pos = match.end()
    if pos < len(text):
        runs.append(ir.Text(text[pos:]))
    return tuple(_merge(runs))


@functools.cache
def _converter() -> Any:
    """Return one Markdown converter per process (building one costs more than converting)."""
    import markdown

    return markdown.Markdown(output_format="xhtml")


def _md_tree(text: str) -> ElementTree.Element:
    # Raw HTML and entities in the data are printed as written; a leading '#' stays text.
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    safe = re.sub(r"(?m)^(\s*)#", r"\1\\#", safe)
    html = _converter().reset().convert(safe)
    return ElementTree.fromstring(f"<root>{html}</root>")


def _inline_children(
    element: ElementTree.Element, bold: bool = False, italic: bool = False, link: str | None = None
) -> list[ir.Inline]:
    out: list[ir.Inline] = []
    if element.text:
        out.extend(
            _text_runs(_squash(element.text), bold, italic)
            if link is None
            else [ir.Text(_squash(element.text), bold, italic, link)]
        )
    for child in element:
        tag = child.tag
        if tag in ("ul", "ol"):
            for i, li in enumerate(child.iter("li")):
                out.append(ir.LineBreak())
                out.append(ir.Text(f"{i + 1}. " if tag == "ol" else "• ", bold, italic))
                out.extend(_inline_children(li, bold, italic, link))
        elif tag == "br":
            out.append(ir.LineBreak())
        else:
            out.extend(
                _inline_children(
                    child,
                    bold or tag in ("strong", "b"),
                    italic or tag in ("em", "i"),
                    child.get("href") if tag == "a" else link,
                )
            )
        if child.tail:
            tail = _squash(child.tail)
            out.extend(
                _text_runs(tail, bold, italic)
                if link is None
                else [ir.Text(tail, bold, italic, link)]
            )
    return out


def _squash(text: str) -> str:
    """Markdown source line breaks inside a paragraph are spaces."""
    return re.sub(r"\s*\n\s*", " ", text)
