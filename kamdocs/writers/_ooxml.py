"""The only module that builds raw WordprocessingML: what python-docx has no API for.

Every element is created with lxml on python-docx's element classes and children are added in
the order the ISO/IEC 29500 schema requires (Word rejects out-of-order children that
LibreOffice accepts). Body paragraphs and tables are built here too, because python-docx's
per-cell API costs ~0.6 ms per table row (see ooxml-notes.md) while these builders stay close
to plain string joining.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from lxml import etree

from kamdocs import ir
from kamdocs.valueclass import valueclass

W_P, W_R, W_T, W_PPR, W_RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
W_VAL = qn("w:val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SUB = etree.SubElement


# A hyphen inside a token holding a digit (an id, a date, a reference: "DOS-00000290",
# "2026-11-23") or before a number's digits ("-20 %") is written as Word's non-breaking
# hyphen, so that no line breaks after it (LibreOffice breaks "DOS-" / "00000290" and "(-" /
# "20"); the text still reads "-" (python-docx and the leak scanner read it as a hyphen).
_TOKEN_WITH_HYPHEN = re.compile(
    r"[^\s-]*\d[^\s]*-[^\s]*"  # a digit, then a hyphen
    r"|[^\s]*-[^\s-]*\d[^\s]*"  # a hyphen, then a digit
)
# Between two letters or digits ("R-01"), or as the sign of a number ("(-20 %", "-4 660 €").
_INNER_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])|(?<![^\W_])-(?=\d)")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")


def unbroken_pieces(text: str) -> list[str]:
    """Return `text` cut at the hyphens that must not break a line (see above): the pieces
    around them, so that a non-breaking hyphen goes between each two."""
    if "-" not in text:
        return [text]
    cuts = [
        token.start() + hyphen.start()
        for token in _TOKEN_WITH_HYPHEN.finditer(text)
        for hyphen in _INNER_HYPHEN.finditer(token.group())
    ]
    if not cuts:
        return [text]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut])
        start = cut + 1
    pieces.append(text[start:])
    return pieces


def _add_text(r: Any, text: str) -> None:
    pieces = unbroken_pieces(text)
    for index, piece in enumerate(pieces):
        if index:
            _SUB(r, _NO_BREAK_HYPHEN)
        if piece or len(pieces) == 1:
            t = _SUB(r, W_T)
            t.text = piece
            if piece[:1].isspace() or piece[-1:].isspace():
                t.set(_XML_SPACE, "preserve")


def run(
    parent: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    style: str | None = None,
) -> Any:
    """Append a `w:r` holding `text` to `parent`; rPr children in schema order."""
    r = _SUB(parent, W_R)
    if bold or italic or color or style:
        rpr = _SUB(r, W_RPR)
        if style:
            _SUB(rpr, qn("w:rStyle")).set(W_VAL, style)
        if bold:
            _SUB(rpr, qn("w:b"))
        if italic:
            _SUB(rpr, qn("w:i"))
        if color:
            _SUB(rpr, qn("w:color")).set(W_VAL, color)
    _add_text(r, text)
    return r


def line_break(parent: Any, page: bool = False) -> None:
    br = _SUB(_SUB(parent, W_R), qn("w:br"))
    if page:
        br.set(qn("w:type"), "page")


def paragraph(
    parent: Any, style_id: str | None = None, align: str | None = None, *, keep_next: bool = False
) -> Any:
    """Append an empty `w:p` with style, keep-with-next and alignment (schema order)."""
    p = _SUB(parent, W_P)
    if style_id or align or keep_next:
        ppr = _SUB(p, W_PPR)
        if style_id:
            _SUB(ppr, qn("w:pStyle")).set(W_VAL, style_id)
        if keep_next:
            _SUB(ppr, qn("w:keepNext"))
        if align:
            _SUB(ppr, qn("w:jc")).set(W_VAL, "both" if align == "justify" else align)
    return p


def hyperlink(
    parent: Any, rel_id: str, text: str, style_id: str | None, *, bold: bool, italic: bool
) -> None:
    link = _SUB(parent, qn("w:hyperlink"))
    link.set(qn("r:id"), rel_id)
    run(link, text, bold=bold, italic=italic, style=style_id, color=None if style_id else "0563C1")


# Names used per table cell, resolved once (qn() per element costs ~20 % of a large table).
_W_TBL, _W_TBLPR, _W_TBLSTYLE, _W_TBLW = qn("w:tbl"), qn("w:tblPr"), qn("w:tblStyle"), qn("w:tblW")
_W_TBLLAYOUT, _W_TBLLOOK, _W_TBLGRID = qn("w:tblLayout"), qn("w:tblLook"), qn("w:tblGrid")
_W_GRIDCOL, _W_TR, _W_TRPR, _W_TC = qn("w:gridCol"), qn("w:tr"), qn("w:trPr"), qn("w:tc")
_W_CANTSPLIT, _W_TBLHEADER = qn("w:cantSplit"), qn("w:tblHeader")
_W_TCPR, _W_TCW, _W_SHD = qn("w:tcPr"), qn("w:tcW"), qn("w:shd")
_W_W, _W_TYPE, _W_COLOR, _W_FILL = qn("w:w"), qn("w:type"), qn("w:color"), qn("w:fill")


def table(
    parent: Any,
    rows: Sequence[Sequence[ir.Cell]],
    header_rows: int,
    widths_twips: Sequence[int],
    style_id: str | None,
    cell_para_style: str | None,
    write_inlines: Any,
    header_fill: str | None,
    deferred: DeferredRows | None = None,
    keep_rows: int = 0,
) -> Any:
    """Append a `w:tbl`; header rows repeat on each page and no row splits across pages.

    The paragraphs of the first `keep_rows` rows are kept with the next one (`w:keepNext`):
    all rows but the last keep a short table on one page; the header rows alone keep a header
    from being left at the foot of a page.

    `write_inlines(paragraph, inlines)` writes a cell's runs (links need the document part).
    Attributes are passed to SubElement in the order they are written (same XML as setting
    them one by one); children follow the schema order of tblPr, trPr and tcPr. With
    `deferred`, plain body rows stay text until the part is serialised (see DeferredRows).
    """
    tbl = _table_frame(parent, header_rows, widths_twips, style_id)
    tc_w = [{_W_W: str(w), _W_TYPE: "dxa"} for w in widths_twips]
    columns = len(tc_w)
    cell_open = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>' for w in widths_twips]
    pending: list[str] = []  # body rows serialised as text, parsed together (see _row_xml)

    def flush() -> None:
        if pending and deferred is not None:
            tbl.append(deferred.marker("".join(pending)))
            pending.clear()
        elif pending:
            tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(pending)}</w:tbl>"))
            pending.clear()

    for index, cells in enumerate(rows):
        is_header = index < header_rows
        keep = index < keep_rows
        if not is_header and len(cells) == columns:
            xml = _row_xml(cells, cell_open, cell_para_style, keep)
            if xml is not None:
                pending.append(xml)
                continue
        flush()
        header = header_fill if is_header else None
        row = _ElementRow(tc_w, cell_para_style, write_inlines, is_header, header, keep)
        row.append(tbl, cells)
    flush()
    return tbl


def _table_frame(
    parent: Any, header_rows: int, widths_twips: Sequence[int], style_id: str | None
) -> Any:
    """Append an empty `w:tbl` with its properties (style, fixed layout, look) and grid."""
    sub = _SUB
    tbl = sub(parent, _W_TBL)
    tbl_pr = sub(tbl, _W_TBLPR)
    if style_id:
        sub(tbl_pr, _W_TBLSTYLE, {W_VAL: style_id})
    sub(tbl_pr, _W_TBLW, {_W_W: str(sum(widths_twips)), _W_TYPE: "dxa"})
    sub(tbl_pr, _W_TBLLAYOUT, {_W_TYPE: "fixed"})
    look = sub(tbl_pr, _W_TBLLOOK)
    for key, value in (
        ("val", "04A0"),
        ("firstRow", "1" if header_rows else "0"),
        ("lastRow", "0"),
        ("firstColumn", "0"),
        ("lastColumn", "0"),
        ("noHBand", "0"),
        ("noVBand", "1"),
    ):
        look.set(qn(f"w:{key}"), value)
    grid = sub(tbl, _W_TBLGRID)
    for w in widths_twips:
        sub(grid, _W_GRIDCOL, {_W_W: str(w)})
    return tbl


@valueclass(frozen=True)
class _ElementRow:
    """How to build one row as elements (header rows and rows the text path cannot take).

    `header_fill` is set on header rows only: it fills their cells and makes their text bold
    and white. `keep` keeps the row's paragraphs with the next row.
    """

    tc_w: list[dict[str, str]]
    cell_para_style: str | None
    write_inlines: Any
    is_header: bool
    header_fill: str | None
    keep: bool

    def append(self, tbl: Any, cells: Sequence[ir.Cell]) -> None:
        sub = _SUB
        columns = len(self.tc_w)
        tr = sub(tbl, _W_TR)
        tr_pr = sub(tr, _W_TRPR)
        sub(tr_pr, _W_CANTSPLIT)
        if self.is_header:
            sub(tr_pr, _W_TBLHEADER)
        for col, cell in enumerate(cells[:columns]):
            self._cell(sub(tr, _W_TC), cell, col)
        for _ in range(columns - len(cells)):
            filler = sub(tr, _W_TC)
            if self.keep:
                paragraph(filler, keep_next=True)
            else:
                sub(filler, W_P)

    def _cell(self, tc: Any, cell: ir.Cell, col: int) -> None:
        sub = _SUB
        tc_pr = sub(tc, _W_TCPR)
        sub(tc_pr, _W_TCW, self.tc_w[col])
        fill = cell.fill or self.header_fill
        if fill:
            sub(tc_pr, _W_SHD, {W_VAL: "clear", _W_COLOR: "auto", _W_FILL: fill})
        if not self.cell_para_style and not cell.align and not self.keep:
            p = sub(tc, W_P)
        else:
            p = paragraph(tc, self.cell_para_style, cell.align, keep_next=self.keep)
        if self.is_header:
            bold = cell.bold or self.header_fill is not None
            color = cell.color or ("FFFFFF" if self.header_fill else None)
            self.write_inlines(p, cell.inlines, bold=bold, color=color)
        else:
            self.write_inlines(p, cell.inlines, bold=cell.bold, color=cell.color)


class DeferredRows:
    """Table rows kept as WordprocessingML text and spliced in after serialisation.

    Parsing thousands of rows into elements only to serialise them again costs a third of a
    large plan's writing time and most of its memory. `marker` puts a processing instruction
    where the rows go; `splice` replaces each one in the serialised part. Data cannot forge a
    marker: text and attribute values are escaped, so `<?` only comes from the markup itself.
    The rows use the `w:` prefix, so `usable` checks that the part binds it as expected.
    """

    TARGET = "kamdocs-rows"

    def __init__(self) -> None:
        self.chunks: list[str] = []

    @staticmethod
    def usable(body: Any) -> bool:
        return bool(body.nsmap.get("w") == _W_NS)

    def marker(self, rows_xml: str) -> Any:
        self.chunks.append(rows_xml)
        return etree.ProcessingInstruction(self.TARGET, str(len(self.chunks) - 1))

    def splice(self, part_xml: bytes) -> bytes:
        if not self.chunks:
            return part_xml
        pieces = part_xml.split(f"<?{self.TARGET} ".encode())
        out = [pieces[0]]
        for piece in pieces[1:]:
            index, _, rest = piece.partition(b"?>")
            out.append(self.chunks[int(index)].encode())
            out.append(rest)
        return b"".join(out)


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# Escapes as lxml writes them, so that text rows and element rows give the same bytes.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def _attr(value: str) -> str:
    return value.translate(_ATTR_ESCAPES)


def _text(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or "\r" in value:
        return value.translate(_TEXT_ESCAPES)
    return value


def _row_xml(
    cells: Sequence[ir.Cell], cell_open: Sequence[str], para_style: str | None, keep: bool = False
) -> str | None:
    """Return a body row as WordprocessingML text, or None when a cell needs the element path.

    Building thousands of rows element by element costs several times more than writing
    their text and letting lxml parse it in one call (ooxml-notes.md, "Where python-docx time
    goes"). Every value is escaped, so no data can change the markup; cells with links or line
    breaks (which need relationships or other elements) take the element path instead. The
    markup is the same as the element path writes, children in schema order.
    """
    out = ["<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
    for opening, cell in zip(cell_open, cells, strict=True):
        out.append(opening)
        if cell.fill:
            out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(cell.fill)}"/>')
        if not (para_style or cell.align or cell.inlines or keep):
            out.append("</w:tcPr><w:p/></w:tc>")  # as lxml writes an empty element
            continue
        out.append("</w:tcPr><w:p>")
        if para_style or cell.align or keep:
            out.append("<w:pPr>")
            if para_style:
                out.append(f'<w:pStyle w:val="{_attr(para_style)}"/>')
            if keep:
                out.append("<w:keepNext/>")
            if cell.align:
                align = "both" if cell.align == "justify" else cell.align
                out.append(f'<w:jc w:val="{_attr(align)}"/>')
            out.append("</w:pPr>")
        for inline in cell.inlines:
            if type(inline) is not ir.Text or inline.link or inline.page_of:
                return None
            bold, color = inline.bold or cell.bold, inline.color or cell.color
            out.append("<w:r>")
            if bold or inline.italic or color:
                out.append("<w:rPr>")
                if bold:
                    out.append("<w:b/>")
                if inline.italic:
                    out.append("<w:i/>")
                if color:
                    out.append(f'<w:color w:val="{_attr(color)}"/>')
                out.append("</w:rPr>")
            out.append(_text_xml(inline.text))
            out.append("</w:r>")
        out.append("</w:p></w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _text_xml(text: str) -> str:
    """Return the `w:t` (and `w:noBreakHyphen`) elements of a run's text, as `_add_text`."""
    out = []
    pieces = unbroken_pieces(text)
    for index, piece in enumerate(pieces):
        if index:
            out.append("<w:noBreakHyphen/>")
        if piece or len(pieces) == 1:
            space = ' xml:space="preserve"' if piece[:1].isspace() or piece[-1:].isspace() else ""
            out.append(f"<w:t{space}>{_text(piece)}</w:t>")
    return "".join(out)


def chart_inline(parent: Any, rel_id: str, shape_id: int, cx_emu: int, cy_emu: int) -> None:
    """Append a run holding an inline native chart that refers to chart part `rel_id`."""
    xml = (
        f"<w:r {nsdecls('w', 'wp', 'a', 'c', 'r')}><w:drawing>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx_emu}" cy="{cy_emu}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/>'
        f"<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rel_id}"/></a:graphicData></a:graphic>'
        f"</wp:inline></w:drawing></w:r>"
    )
    # Fixed markup with only integers and an rId interpolated: no data reaches this string.
    parent.append(parse_xml(xml))


def external_data(chart_space: Any, rel_id: str) -> None:
    """Point a chart at its embedded workbook (`c:externalData`), at its schema position."""
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    element = etree.Element(f"{c}externalData")
    element.set(qn("r:id"), rel_id)
    _SUB(element, f"{c}autoUpdate").set("val", "0")
    after = {f"{c}printSettings", f"{c}userShapes", f"{c}extLst"}
    for child in chart_space:
        if child.tag in after:
            child.addprevious(element)
            return
    chart_space.append(element)
