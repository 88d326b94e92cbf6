"""Draw laid-out shapes on a python-pptx slide: text boxes, tables, native charts, pictures.

Shapes are added through python-pptx, except where a deck holds hundreds of them: runs,
paragraph spacing, text boxes, the small marking texts and tables are written as the markup
python-pptx's API writes (each has a test comparing the two), then handed back as python-pptx's
objects. What python-pptx has no API for is kept together at the end of this module (list
bullets with a hanging indent, the title size a layout inherits); charts' markup and workbook
come from `_chartxml`, the writer the Word charts use, and python-pptx only holds the parts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.shapes.graphfrm import GRAPHIC_DATA_URI_TABLE, CT_GraphicalObjectFrame
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.shapes.autoshape import Shape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.text.text import _Paragraph, _Run
from pptx.util import Emu, Length, Pt

from kamdocs import ir
from kamdocs.writers import _chartxml
from kamdocs.writers._measure import INSET_X, INSET_Y, PARA_GAP_PT, TextUnit, list_indent, unit_size
from kamdocs.writers._slides import Placed

ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ALGN = {"left": "l", "center": "ctr", "right": "r"}  # the markup of ALIGN
HEADING_COLOUR = MSO_THEME_COLOR.TEXT_2
NOTE_COLOUR = "595959"
CHART_PARTNAME = "/ppt/charts/chart%d.xml"
_SAFE_LINK = ("http://", "https://", "mailto:")


# --- text -----------------------------------------------------------------------------------


def add_runs(
    paragraph: Any,
    inlines: Sequence[ir.Inline],
    size_pt: float,
    *,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
) -> None:
    """Append `inlines` to a python-pptx paragraph as runs of `size_pt` points.

    A run is written as the markup python-pptx's run API writes (`a:rPr` with `sz`, `b`,
    `i` in that order, then its colour), straight with lxml: a deck holds hundreds of runs,
    and each property set through the API walks the element's children again. A link goes
    through the API, which relates its address to the slide."""
    p = paragraph._p
    end = p.find(qn("a:endParaRPr"))  # runs go before the paragraph's end properties
    sz = str(Pt(size_pt) // _EMU_PER_CENTIPOINT)
    for inline in inlines:
        if isinstance(inline, ir.LineBreak):
            paragraph.add_line_break()
            end = p.find(qn("a:endParaRPr"))
            continue
        if not inline.text:
            continue
        r = etree.SubElement(p, qn("a:r"))  # made in the tree: python-pptx's element class
        rpr = etree.SubElement(r, qn("a:rPr"), sz=sz)
        if inline.bold or bold:
            rpr.set("b", "1")
        if inline.italic or italic:
            rpr.set("i", "1")
        colour = inline.color or color
        if colour:
            fill = etree.SubElement(rpr, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=str(RGBColor.from_string(colour)))
        etree.SubElement(r, qn("a:t")).text = _CONTROL.sub(_escaped, inline.text)
        if end is not None:
            end.addprevious(r)
        if inline.link and inline.link.startswith(_SAFE_LINK):
            _Run(r, paragraph).hyperlink.address = inline.link


# python-pptx writes a control character of run text as "_xHHHH_" (tab and line feed aside).
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")
_EMU_PER_CENTIPOINT = 127


def _escaped(found: re.Match[str]) -> str:
    return f"_x{ord(found.group()):04X}_"


def fill_frame(
    frame: Any,
    units: Sequence[TextUnit],
    base_pt: float,
    *,
    set_insets: bool = True,
    gap_pt: float = PARA_GAP_PT,
) -> None:
    """Replace the text of `frame` with `units`, sized as `_slides` measured them."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    if set_insets:
        frame.margin_left = frame.margin_right = Emu(INSET_X)
        frame.margin_top = frame.margin_bottom = Emu(INSET_Y)
    frame.text = ""
    _fill_paragraphs(frame, units, base_pt, gap_pt)


def _fill_paragraphs(frame: Any, units: Sequence[TextUnit], base_pt: float, gap_pt: float) -> None:
    """Write `units` as the paragraphs of `frame`, which holds one empty paragraph."""
    for i, unit in enumerate(units):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _space_before(paragraph._p, Pt(gap_pt if i else 0))
        if unit.align in ALIGN:
            paragraph.alignment = ALIGN[unit.align]
        if unit.kind in ("bullet", "number"):
            _bullet(paragraph, unit.kind, unit.number)
        size = unit_size(unit, base_pt)
        if unit.kind == "heading":
            add_runs(paragraph, unit.inlines, size, bold=True)
            for run in paragraph.runs:
                if run.font.color.type is None:
                    run.font.color.theme_color = HEADING_COLOUR
        elif unit.kind == "note":
            add_runs(paragraph, unit.inlines, size, italic=True, color=NOTE_COLOUR)
        else:
            add_runs(paragraph, unit.inlines, size)


def text_box(slide: Any, placed: Placed) -> Any:
    """Add a text box of `placed.payload`'s units: the markup python-pptx writes for a text
    box that `fill_frame` sets (wrapped, no autofit, default insets) anchored at its top,
    made from one string, then its paragraphs."""
    box = (placed.x, placed.y, placed.w, placed.h)
    shape = _text_box_sp(slide, *box, body=_BODY_TOP, first="<a:p/>")
    _fill_paragraphs(shape.text_frame, placed.payload, placed.size_pt, placed.gap_pt)
    return shape


_BODY_TOP = '<a:bodyPr wrap="square" anchor="t"><a:noAutofit/></a:bodyPr>'
_BODY_MARKING = (
    '<a:bodyPr wrap="square" lIns="0" rIns="0" tIns="0" bIns="0" anchor="ctr">'
    "<a:noAutofit/></a:bodyPr>"
)


def small_text(
    slide: Any, x: int, y: int, w: int, h: int, text: str, size_pt: float, align: str = "left"
) -> Any:
    """Add a one-line text box (marking, slide number) in grey.

    The box is the markup python-pptx writes for a text box set so (wrapped, no autofit,
    no insets, centred vertically), made from one string: every slide has two or three."""
    first = f'<a:p><a:pPr algn="{ALGN[align]}"/></a:p>'
    shape = _text_box_sp(slide, x, y, w, h, body=_BODY_MARKING, first=first)
    paragraph = _Paragraph(shape._element.find(_FIRST_PARAGRAPH), shape)
    add_runs(paragraph, (ir.Text(text),), size_pt, color=NOTE_COLOUR)
    return shape


def _text_box_sp(slide: Any, x: int, y: int, w: int, h: int, *, body: str, first: str) -> Any:
    """Add a text box at (x, y, w, h) with body properties `body` and first paragraph
    `first` (markup), placed and named as python-pptx's `add_textbox` places and names it;
    return it as the `Shape` python-pptx's shape factory makes of it."""
    shapes = slide.shapes
    shape_id = shapes._next_shape_id
    sp = parse_xml(
        _TEXT_BOX.format(id=shape_id, name=f"TextBox {shape_id - 1}", x=int(x), y=int(y),
                         w=int(w), h=int(h), body=body, first=first)
    )  # fmt: skip
    shapes._spTree.insert_element_before(sp, "p:extLst")  # where python-pptx adds a shape
    return Shape(sp, shapes)


_FIRST_PARAGRAPH = f"{qn('p:txBody')}/{qn('a:p')}"


_TEXT_BOX = (
    f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{{id}}" name="{{name}}"/>'
    '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
    '<a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "<a:noFill/></p:spPr><p:txBody>{body}<a:lstStyle/>{first}</p:txBody></p:sp>"
)


# --- tables ---------------------------------------------------------------------------------


def table(slide: Any, placed: Placed) -> Any:
    data: ir.Table = placed.payload
    shapes = slide.shapes
    frame = parse_xml(_table_markup(shapes._next_shape_id, data, placed))
    shapes._spTree.insert_element_before(frame, "p:extLst")
    shape = GraphicFrame(frame, shapes)
    grid = shape.table
    # Each new cell is `a:tc` > (`a:txBody` > ... `a:p`, `a:tcPr`): filled with lxml as
    # python-pptx's cell API would (a table has hundreds of cells).
    rows = grid._tbl.iterchildren(qn("a:tr"))
    for i, (row, tr) in enumerate(zip(data.rows, rows, strict=True)):
        header = i < data.header_rows
        for j, tc in enumerate(tr.iterchildren(qn("a:tc"))):
            source = row[j] if j < len(row) else ir.Cell(())
            if source.fill:
                fill = etree.SubElement(tc.find(qn("a:tcPr")), qn("a:solidFill"))
                etree.SubElement(fill, qn("a:srgbClr"), val=str(RGBColor.from_string(source.fill)))
            p = tc.find(f"{qn('a:txBody')}/{qn('a:p')}")
            if source.align in ALGN:
                etree.SubElement(p, qn("a:pPr"), algn=ALGN[source.align])
            add_runs(
                _Paragraph(p, grid),
                source.inlines,
                placed.size_pt,
                bold=header or source.bold,
                color=source.color,
            )
    return shape


def _table_markup(shape_id: int, data: ir.Table, placed: Placed) -> str:
    """Return the graphic frame of a table as python-pptx's `add_table` writes it, with the
    changes kamdocs made through its API: the header row flag, the columns' widths and rows'
    heights (the frame sized to their sums) and cells centred vertically (their
    margins stay at the defaults `_slides` assumes, INSET_X and INSET_Y). Written as one
    string: python-pptx parses a template for each cell and adds the table's widths up
    again after each column it sizes."""
    widths, heights = placed.widths, placed.heights  # `_slides` sizes every column and row
    if not widths or len(heights) != len(data.rows):
        raise ValueError("a slide table is placed with a width per column and a height per row")
    cx, cy = sum(widths), sum(heights)
    first_row = ' firstRow="1"' if data.header_rows > 0 else ""
    cell = (
        '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody><a:tcPr anchor="ctr"/></a:tc>'
    ) * len(widths)
    return "".join(
        (
            f"<p:graphicFrame {nsdecls('a', 'p')}><p:nvGraphicFramePr>"
            f'<p:cNvPr id="{shape_id}" name="Table {shape_id - 1}"/><p:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f'</p:nvGraphicFramePr><p:xfrm><a:off x="{int(placed.x)}" y="{int(placed.y)}"/>'
            f'<a:ext cx="{int(cx)}" cy="{int(cy)}"/></p:xfrm><a:graphic>'
            f'<a:graphicData uri="{GRAPHIC_DATA_URI_TABLE}"><a:tbl>'
            f'<a:tblPr{first_row} bandRow="1"><a:tableStyleId>{_TABLE_STYLE}</a:tableStyleId>'
            "</a:tblPr><a:tblGrid>",
            *(f'<a:gridCol w="{int(w)}"/>' for w in widths),
            "</a:tblGrid>",
            *(f'<a:tr h="{int(h)}">{cell}</a:tr>' for h in heights),
            "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        )
    )


_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default table style


# --- charts ---------------------------------------------------------------------------------


def chart(slide: Any, placed: Placed, language: str) -> Any:
    """Add a native chart, coloured with the theme's accents; returns its graphic frame.

    The chart's markup and the workbook that PowerPoint's "Edit data" opens come from
    `_chartxml`, the writer of the Word charts, drawn in the deck's style; python-pptx only
    holds the parts. Number formats get the locale tag of `language` ("fr", "en") unless
    they carry one.
    """
    data: ir.Chart = _chartxml.localised(placed.payload, language)
    style = _chartxml.deck_style(placed.w, placed.h)
    if not (data.bubbles if data.kind == "bubble" else data.categories):
        # a chart without data draws nothing (an empty portfolio): its title stays
        height = int(Pt(style.title_pt * 2))
        return small_text(slide, placed.x, placed.y, placed.w, height, data.title, style.title_pt,
                          "center")  # fmt: skip
    markup, workbook = _chartxml.chart_parts(data, style)
    package = slide.part.package
    chart_part = Part(package.next_partname(CHART_PARTNAME), CT.DML_CHART, package)
    workbook_part = EmbeddedXlsxPart.new(workbook, package)
    workbook_rel = chart_part.relate_to(workbook_part, RT.PACKAGE)
    chart_part.blob = _chartxml.with_workbook(markup, workbook_rel)
    rel_id = slide.part.relate_to(chart_part, RT.CHART)
    shapes = slide.shapes
    frame = CT_GraphicalObjectFrame.new_chart_graphicFrame(
        shapes._next_shape_id,
        f"Chart {shapes._next_shape_id - 1}",
        rel_id,
        Emu(placed.x),
        Emu(placed.y),
        Emu(placed.w),
        Emu(placed.h),
    )
    shapes._spTree.append(frame)
    return frame


# --- pictures -------------------------------------------------------------------------------


def picture(slide: Any, placed: Placed) -> Any | None:
    """Add the image scaled to fit its box, keeping its proportions; None when unreadable."""
    from pptx.parts.image import Image

    data: ir.Image = placed.payload
    try:
        width_px, height_px = Image.from_blob(data.data).size
    except (OSError, ValueError):
        return None
    scale = min(placed.w / max(width_px, 1), placed.h / max(height_px, 1))
    width, height = int(width_px * scale), int(height_px * scale)
    left = placed.x + (placed.w - width) // 2
    shape = slide.shapes.add_picture(
        io.BytesIO(data.data), Emu(left), Emu(placed.y), Emu(width), Emu(height)
    )
    # From a stream python-pptx describes the picture as "image.png"; keep the file's name.
    shape._element.nvPicPr.cNvPr.set("descr", data.name)
    return shape


# --- raw XML: what python-pptx has no API for -----------------------------------------------


def _space_before(p: Any, space: Length) -> None:
    """Set the space before paragraph `p` as python-pptx's `space_before` does (`a:spcBef`
    > `a:spcPts`, in centipoints, after any `a:lnSpc`), without its walk of the schema's
    order of children."""
    ppr = p.get_or_add_pPr()
    for old in ppr.findall(_SPC_BEF):
        ppr.remove(old)
    spacing = etree.Element(_SPC_BEF)
    etree.SubElement(spacing, qn("a:spcPts"), val=str(space.centipoints))
    line = ppr.find(qn("a:lnSpc"))
    if line is not None:
        line.addnext(spacing)
    else:
        ppr.insert(0, spacing)


_SPC_BEF = qn("a:spcBef")


def _bullet(paragraph: Any, kind: str, number: int) -> None:
    """Give a text-box paragraph a bullet (or its number) with a hanging indent."""
    ppr = paragraph._p.get_or_add_pPr()
    indent = list_indent("number" if kind == "number" else "bullet")
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent))
    if kind == "number":
        marker = etree.SubElement(ppr, qn("a:buAutoNum"))
        marker.set("type", "arabicPeriod")
        if number > 1:
            marker.set("startAt", str(number))
    else:
        font = etree.SubElement(ppr, qn("a:buFont"))
        font.set("typeface", "Arial")
        marker = etree.SubElement(ppr, qn("a:buChar"))
        marker.set("char", "•")
    # a:pPr children have a fixed order; bullets come after spacing and before a:tabLst.
    for later in ("a:tabLst", "a:defRPr", "a:extLst"):
        found = ppr.find(qn(later))
        if found is not None:
            ppr.remove(found)
            ppr.append(found)


def inherited_title_size(layout: Any, default_pt: float = 44) -> float:
    """Return the title size in points a slide on `layout` inherits (layout, then master)."""
    master = layout.slide_master
    paths = []
    for owner in (layout, master):
        for shape in owner.placeholders:
            if shape.placeholder_format.type in _title_types():
                paths.append(
                    shape._element.find(
                        f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
                    )
                )
                break
    paths.append(
        master._element.find(
            f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
        )
    )
    for found in paths:
        if found is not None and found.get("sz"):
            return int(found.get("sz")) / 100
    return default_pt


def _title_types() -> tuple[Any, ...]:
    from pptx.enum.shapes import PP_PLACEHOLDER

    return (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
