"""Runs on slides are written as lxml markup, not through python-pptx's run API; the markup
must be exactly what the API writes, links (related to the slide) and all."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pptx
import pytest
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from kamdocs import ir
from kamdocs.errors import KamdocsError
from kamdocs.writers._slide_shapes import ALIGN, add_runs, small_text, table
from kamdocs.writers._slides import Placed
from kamdocs.writers.pptx import write_pptx

REPO = Path(__file__).resolve().parent.parent
INLINES: tuple[ir.Inline, ...] = (
    ir.Text("Plain "),
    ir.Text("bold", bold=True),
    ir.LineBreak(),
    ir.Text("italic and red", italic=True, color="c00000"),
    ir.Text(""),
    ir.Text("a bell\x07 and a tab\t"),
    ir.Text("the site", link="https://example.com/a?b=1"),
    ir.Text("not a link", link="javascript:alert(1)"),
)


def api_runs(paragraph: Any, inlines: tuple[ir.Inline, ...], size_pt: float, **style: Any) -> None:
    """The runs as python-pptx's API writes them (what kamdocs wrote before)."""
    for inline in inlines:
        if isinstance(inline, ir.LineBreak):
            paragraph.add_line_break()
            continue
        if not inline.text:
            continue
        run = paragraph.add_run()
        run.text = inline.text
        run.font.size = Pt(size_pt)
        run.font.bold = inline.bold or style.get("bold") or None
        run.font.italic = inline.italic or style.get("italic") or None
        colour = inline.color or style.get("color")
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
        if inline.link and inline.link.startswith(("http://", "https://", "mailto:")):
            run.hyperlink.address = inline.link


def slide_with_paragraph(end_properties: bool) -> tuple[Any, Any]:
    deck = pptx.Presentation(str(REPO / "templates/pptx/reference.pptx"))
    slide = deck.slides.add_slide(deck.slide_layouts[-1])
    paragraph = slide.shapes.add_textbox(
        Emu(0), Emu(0), Emu(10**6), Emu(10**6)
    ).text_frame.paragraphs[0]
    if end_properties:
        paragraph._p.get_or_add_endParaRPr()
    return slide, paragraph


def test_the_runs_are_the_markup_and_links_of_the_python_pptx_api() -> None:
    for end_properties in (False, True):
        for style in ({}, {"bold": True, "color": "595959"}, {"italic": True}):
            ours, mine = slide_with_paragraph(end_properties)
            theirs, api = slide_with_paragraph(end_properties)
            add_runs(mine, INLINES, 13.5, **style)
            api_runs(api, INLINES, 13.5, **style)
            assert etree.tostring(mine._p) == etree.tostring(api._p)
            links = [r.target_ref for r in ours.part.rels.values() if r.is_external]
            assert links == ["https://example.com/a?b=1"]
            assert links == [r.target_ref for r in theirs.part.rels.values() if r.is_external]


def test_a_slide_reference_in_text_or_in_a_table_becomes_that_slides_number() -> None:
    reference = (REPO / "templates/pptx/reference.pptx").read_bytes()
    cell = ir.Cell((ir.Text("voir diapositive {slide#risks}"),))
    blocks: tuple[ir.Block, ...] = (
        ir.SlideBreak(title="Sommaire"),
        ir.Paragraph((ir.Text("Les risques : diapositive {slide#risks}"),)),
        ir.Table(((ir.Cell((ir.Text("Sujet"),)),), (cell,))),
        ir.SlideBreak(title="Autre"),
        ir.SlideBreak(title="Risques", anchor="risks"),
    )
    deck = pptx.Presentation(io.BytesIO(write_pptx(ir.Document(ir.Meta("t"), blocks), reference)))
    texts = [
        run.text
        for shape in deck.slides[0].shapes
        for frame in (
            [shape.text_frame]
            if shape.has_text_frame
            else [c.text_frame for row in shape.table.rows for c in row.cells]
            if shape.has_table
            else []
        )  # fmt: skip
        for paragraph in frame.paragraphs
        for run in paragraph.runs
    ]
    assert "Les risques : diapositive 3" in texts
    assert "voir diapositive 3" in texts
    assert not any("{slide#" in text for text in texts)
    unknown = (ir.SlideBreak(title="Sommaire"), ir.Paragraph((ir.Text("{slide#nowhere}"),)))
    with pytest.raises(KamdocsError, match="no slide with anchor 'nowhere'"):
        write_pptx(ir.Document(ir.Meta("t"), unknown), reference)


def api_table(slide: Any, placed: Placed) -> Any:
    """A slide table as python-pptx's cell API fills it (what kamdocs wrote before)."""
    data: ir.Table = placed.payload
    frame = slide.shapes.add_table(
        len(data.rows), len(placed.widths), Emu(placed.x), Emu(placed.y), Emu(placed.w),
        Emu(placed.h),
    )  # fmt: skip
    grid = frame.table
    grid.first_row = data.header_rows > 0
    for j, width in enumerate(placed.widths):
        grid.columns[j].width = Emu(width)
    for i, (row, height) in enumerate(zip(data.rows, placed.heights, strict=True)):
        grid.rows[i].height = Emu(height)
        for j in range(len(placed.widths)):
            cell = grid.cell(i, j)
            source = row[j] if j < len(row) else ir.Cell(())
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            if source.fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(source.fill)
            paragraph = cell.text_frame.paragraphs[0]
            if source.align in ALIGN:
                paragraph.alignment = ALIGN[source.align]
            api_runs(paragraph, source.inlines, placed.size_pt, bold=i < data.header_rows
                     or source.bold, color=source.color)  # fmt: skip
    return frame


@pytest.mark.parametrize("header_rows", [1, 0])
def test_a_table_is_the_markup_of_the_python_pptx_cell_api(header_rows: int) -> None:
    rows = (
        (ir.Cell((ir.Text("Action"),)), ir.Cell((ir.Text("Statut"),), align="center")),
        (ir.Cell((ir.Text("A1 "), ir.Text("site", link="https://example.com")), fill="f2f2f2"),
         ir.Cell((ir.Text("En retard"),), align="right", bold=True, color="c00000")),
        (ir.Cell((ir.Text("seule"),), align="left"),),
    )  # fmt: skip
    # The frame's box is not the sum of the columns and rows: both must size it again.
    placed = Placed("table", ir.Table(rows, header_rows), 7, 9, 6000, 900, 12, widths=(4000, 2500),
                    heights=(300, 350, 300))  # fmt: skip
    ours, _ = slide_with_paragraph(False)
    theirs, _ = slide_with_paragraph(False)
    mine, api = table(ours, placed), api_table(theirs, placed)
    assert etree.tostring(mine._element) == etree.tostring(api._element)
    assert (mine.width, mine.height) == (6500, 950)
    assert [r.target_ref for r in ours.part.rels.values() if r.is_external] == [
        "https://example.com"
    ]


def test_a_small_text_box_is_the_markup_of_the_python_pptx_text_box_api() -> None:
    ours, _ = slide_with_paragraph(False)
    theirs, _ = slide_with_paragraph(False)
    for align in ("left", "right", "center"):
        mine = small_text(ours, 10, 20, 3000, 400, "3 / 17 & <b>", 9, align)
        api = theirs.shapes.add_textbox(Emu(10), Emu(20), Emu(3000), Emu(400))
        frame = api.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Emu(0)
        frame.margin_top = frame.margin_bottom = Emu(0)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.paragraphs[0].alignment = ALIGN[align]
        api_runs(frame.paragraphs[0], (ir.Text("3 / 17 & <b>"),), 9, color="595959")
        assert etree.tostring(mine._element) == etree.tostring(api._element)
        assert type(mine) is type(api)
        assert mine.part is ours.part


BEFORE = (
    "",
    "<a:lnSpc><a:spcPct val='90000'/></a:lnSpc>",
    "<a:spcBef><a:spcPts val='600'/></a:spcBef><a:buChar char='•'/>",
)


@pytest.mark.parametrize("before", BEFORE)
def test_the_space_before_a_paragraph_is_the_markup_of_python_pptx(before: str) -> None:
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls
    from pptx.text.text import _Paragraph

    from kamdocs.writers._slide_shapes import _space_before

    markup = f"<a:p {nsdecls('a')}><a:pPr algn='r'>{before}</a:pPr><a:r><a:t>x</a:t></a:r></a:p>"
    for space in (Pt(0), Pt(6), Pt(7.5)):
        ours, theirs = parse_xml(markup), parse_xml(markup)
        _space_before(ours, space)
        _Paragraph(theirs, None).space_before = space
        assert etree.tostring(ours) == etree.tostring(theirs)
    bare, api = parse_xml(f"<a:p {nsdecls('a')}/>"), parse_xml(f"<a:p {nsdecls('a')}/>")
    _space_before(bare, Pt(6))
    _Paragraph(api, None).space_before = Pt(6)
    assert etree.tostring(bare) == etree.tostring(api)


def test_a_text_box_is_the_markup_of_the_python_pptx_text_box_api() -> None:
    from kamdocs.writers._measure import INSET_X, INSET_Y, TextUnit, unit_size
    from kamdocs.writers._slide_shapes import HEADING_COLOUR, NOTE_COLOUR, _bullet, text_box

    units = (
        TextUnit((ir.Text("Titre "), ir.Text("en rouge", color="C00000")), "heading"),
        TextUnit((ir.Text("un point "), ir.Text("gras", bold=True)), "bullet"),
        TextUnit((ir.Text("deux"),), "number", number=2),
        TextUnit((ir.Text("une note"),), "note", align="right"),
        TextUnit(INLINES),
    )
    placed = Placed("text", units, 10, 20, 3000, 900, 12)
    ours, _ = slide_with_paragraph(False)
    theirs, _ = slide_with_paragraph(False)
    mine = text_box(ours, placed)
    api = theirs.shapes.add_textbox(Emu(10), Emu(20), Emu(3000), Emu(900))
    frame = api.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Emu(INSET_X)
    frame.margin_top = frame.margin_bottom = Emu(INSET_Y)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, unit in enumerate(units):  # as python-pptx's paragraph and run API writes them
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_before = Pt(placed.gap_pt if i else 0)
        if unit.align in ALIGN:
            paragraph.alignment = ALIGN[unit.align]
        if unit.kind in ("bullet", "number"):
            _bullet(paragraph, unit.kind, unit.number)  # python-pptx has no bullet API
        size = unit_size(unit, 12)
        if unit.kind == "heading":  # in the heading colour, unless coloured already
            api_runs(paragraph, unit.inlines, size, bold=True)
            for run, inline in zip(paragraph.runs, unit.inlines, strict=True):
                if not inline.color:
                    run.font.color.theme_color = HEADING_COLOUR
        elif unit.kind == "note":
            api_runs(paragraph, unit.inlines, size, italic=True, color=NOTE_COLOUR)
        else:
            api_runs(paragraph, unit.inlines, size)
    assert etree.tostring(mine._element) == etree.tostring(api._element)
    assert type(mine) is type(api)
    assert [r.target_ref for r in ours.part.rels.values() if r.is_external] == [
        r.target_ref for r in theirs.part.rels.values() if r.is_external
    ]
