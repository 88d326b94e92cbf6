"""Draw laid-out shapes on a python-pptx slide: text boxes, tables, native charts, pictures.

Everything goes through python-pptx's public API except three things it has no API for,
kept together at the end of this module: list bullets with a hanging indent, turning some
series of a column chart into a line (a bar + line combination) and reading the title size
a layout inherits.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_MARKER_STYLE
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from kamdocs import ir
from kamdocs.writers import _chart, _chartxml
from kamdocs.writers._measure import INSET_X, INSET_Y, PARA_GAP_PT, TextUnit, list_indent, unit_size
from kamdocs.writers._slides import Placed

ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ACCENTS = (
    MSO_THEME_COLOR.ACCENT_1,
    MSO_THEME_COLOR.ACCENT_2,
    MSO_THEME_COLOR.ACCENT_3,
    MSO_THEME_COLOR.ACCENT_4,
    MSO_THEME_COLOR.ACCENT_5,
    MSO_THEME_COLOR.ACCENT_6,
)
HEADING_COLOUR = MSO_THEME_COLOR.TEXT_2
NOTE_COLOUR = "595959"
CHART_PT = 12
CHART_TITLE_PT = 14
_SAFE_LINK = ("http://", "https://", "mailto:")
# A locale tag in a number format makes LibreOffice group digits the document's way
# ("600 000 €" in French); PowerPoint accepts it and formats with the viewer's settings.
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


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
    """Append `inlines` to a python-pptx paragraph as runs of `size_pt` points."""
    for inline in inlines:
        if isinstance(inline, ir.LineBreak):
            paragraph.add_line_break()
            continue
        if not inline.text:
            continue
        run = paragraph.add_run()
        run.text = inline.text
        font = run.font
        font.size = Pt(size_pt)
        font.bold = inline.bold or bold or None
        font.italic = inline.italic or italic or None
        colour = inline.color or color
        if colour:
            font.color.rgb = RGBColor.from_string(colour)
        if inline.link and inline.link.startswith(_SAFE_LINK):
            run.hyperlink.address = inline.link


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
    for i, unit in enumerate(units):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_before = Pt(gap_pt if i else 0)
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
    shape = slide.shapes.add_textbox(Emu(placed.x), Emu(placed.y), Emu(placed.w), Emu(placed.h))
    fill_frame(shape.text_frame, placed.payload, placed.size_pt, gap_pt=placed.gap_pt)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    return shape


def small_text(
    slide: Any, x: int, y: int, w: int, h: int, text: str, size_pt: float, align: str = "left"
) -> Any:
    """Add a one-line text box (marking, slide number) in grey."""
    shape = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Emu(0)
    frame.margin_top = frame.margin_bottom = Emu(0)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = ALIGN[align]
    add_runs(paragraph, (ir.Text(text),), size_pt, color=NOTE_COLOUR)
    return shape


# --- tables ---------------------------------------------------------------------------------


def table(slide: Any, placed: Placed) -> Any:
    data: ir.Table = placed.payload
    columns = len(placed.widths)
    frame = slide.shapes.add_table(
        len(data.rows), columns, Emu(placed.x), Emu(placed.y), Emu(placed.w), Emu(placed.h)
    )
    grid = frame.table
    grid.first_row = data.header_rows > 0
    for j, width in enumerate(placed.widths):
        grid.columns[j].width = Emu(width)
    for i, (row, height) in enumerate(zip(data.rows, placed.heights, strict=True)):
        grid.rows[i].height = Emu(height)
        header = i < data.header_rows
        for j in range(columns):
            cell = grid.cell(i, j)
            source = row[j] if j < len(row) else ir.Cell(())
            # Cell margins stay at their defaults, INSET_X and INSET_Y, as `_slides` assumes.
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            if source.fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(source.fill)
            paragraph = cell.text_frame.paragraphs[0]
            if source.align in ALIGN:
                paragraph.alignment = ALIGN[source.align]
            add_runs(
                paragraph,
                source.inlines,
                placed.size_pt,
                bold=header or source.bold,
                color=source.color,
            )
    return frame


# --- charts ---------------------------------------------------------------------------------


def chart(slide: Any, placed: Placed, language: str) -> Any:
    """Add a native chart styled by the theme's accent colours; returns its graphic frame.

    Number formats get the locale tag of `language` ("fr", "en") unless they carry one.
    """
    data: ir.Chart = _chartxml.localised(placed.payload, language)
    if not (data.bubbles if data.kind == "bubble" else data.categories):
        # python-pptx draws no chart without data (an empty portfolio): its title stays
        height = int(Pt(CHART_TITLE_PT * 2))
        return small_text(slide, placed.x, placed.y, placed.w, height, data.title, CHART_TITLE_PT,
                          "center")  # fmt: skip
    frame = slide.shapes.add_chart(
        _chart.chart_type(data),
        Emu(placed.x),
        Emu(placed.y),
        Emu(placed.w),
        Emu(placed.h),
        _chart.chart_data(data),
    )
    target = frame.chart
    _chart.style_chart(target, data)
    target.font.size = Pt(CHART_PT)
    if data.title:
        for run in target.chart_title.text_frame.paragraphs[0].runs:
            run.font.size = Pt(CHART_TITLE_PT)
    line_series = [i for i, s in enumerate(data.series) if s.kind == "line"]
    if data.kind == "column" and 0 < len(line_series) < len(data.series):
        _columns_with_lines(target._chartSpace, line_series)
    if data.kind in ("bar", "stacked_bar"):
        target.category_axis.reverse_order = True  # first category on top, as in a table
    _theme_colours(target, data)
    if data.kind == "line":
        labels = _chart.show_values(target.plots[0], data.number_format)
        labels.font.size = Pt(CHART_PT - 1)
    return frame


def _theme_colours(target: Any, data: ir.Chart) -> None:
    """Colour every series with the theme's accents in order (explicit theme references, so
    that LibreOffice, which ignores the theme for automatic colours, shows them too)."""
    if data.kind in ("pie", "bubble"):
        return
    index = 0
    for plot in target.plots:
        for series in plot.series:
            accent = ACCENTS[index % len(ACCENTS)]
            index += 1
            if plot.__class__.__name__ == "LinePlot":
                series.format.line.color.theme_color = accent
                series.format.line.width = Pt(2.5)
                series.smooth = False
                series.marker.style = XL_MARKER_STYLE.CIRCLE
                series.marker.size = 7
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.theme_color = accent
                series.marker.format.line.color.theme_color = accent
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.theme_color = accent


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


def _columns_with_lines(chart_space: Any, line_indexes: Sequence[int]) -> None:
    """Move the series at `line_indexes` of a clustered column chart into a line chart that
    shares its axes (python-pptx writes one chart type per chart)."""
    plot_area = chart_space.find(f"{{{_C}}}chart/{{{_C}}}plotArea")
    bars = plot_area.find(f"{{{_C}}}barChart")
    series = bars.findall(f"{{{_C}}}ser")
    line = etree.Element(f"{{{_C}}}lineChart")
    etree.SubElement(line, f"{{{_C}}}grouping").set("val", "standard")
    etree.SubElement(line, f"{{{_C}}}varyColors").set("val", "0")
    for index in line_indexes:
        ser = series[index]
        bars.remove(ser)
        for name in ("invertIfNegative", "pictureOptions", "shape"):
            for found in ser.findall(f"{{{_C}}}{name}"):
                ser.remove(found)
        anchor = None
        for name in ("spPr", "tx", "order"):
            anchor = ser.find(f"{{{_C}}}{name}")
            if anchor is not None:
                break
        assert anchor is not None, "python-pptx writes c:order in every series"
        marker = etree.Element(f"{{{_C}}}marker")
        etree.SubElement(marker, f"{{{_C}}}symbol").set("val", "circle")
        anchor.addnext(marker)
        smooth = etree.Element(f"{{{_C}}}smooth")
        smooth.set("val", "0")
        extension = ser.find(f"{{{_C}}}extLst")
        if extension is not None:
            extension.addprevious(smooth)
        else:
            ser.append(smooth)
        line.append(ser)
    etree.SubElement(line, f"{{{_C}}}marker").set("val", "1")
    for axis in bars.findall(f"{{{_C}}}axId"):
        line.append(copy.deepcopy(axis))
    bars.addnext(line)


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
