"""Tests of the shipped reference templates, the schema validator and the corporate fixtures."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import corporate_templates
import docx
import ooxml_schema
import pptx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import RGBColor
from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from kamdocs import ir
from kamdocs.writers import _chartxml, _slide_shapes
from kamdocs.writers._slides import Placed

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DOCX = REPO_ROOT / "templates" / "docx" / "reference.docx"
REFERENCE_PPTX = REPO_ROOT / "templates" / "pptx" / "reference.pptx"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"

# Names as python-docx shows them: it maps Word's internal "heading 1", "caption", "header"
# and "footer" to these UI names, but not "toc 1" and "toc 2".
REQUIRED_DOCX_STYLES = {
    "Normal": WD_STYLE_TYPE.PARAGRAPH,
    "Title": WD_STYLE_TYPE.PARAGRAPH,
    "Subtitle": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 1": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 2": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 3": WD_STYLE_TYPE.PARAGRAPH,
    "Caption": WD_STYLE_TYPE.PARAGRAPH,
    "Header": WD_STYLE_TYPE.PARAGRAPH,
    "Footer": WD_STYLE_TYPE.PARAGRAPH,
    "List Bullet": WD_STYLE_TYPE.PARAGRAPH,
    "List Number": WD_STYLE_TYPE.PARAGRAPH,
    "Note": WD_STYLE_TYPE.PARAGRAPH,
    "TOC Heading": WD_STYLE_TYPE.PARAGRAPH,
    "toc 1": WD_STYLE_TYPE.PARAGRAPH,
    "toc 2": WD_STYLE_TYPE.PARAGRAPH,
    "Hyperlink": WD_STYLE_TYPE.CHARACTER,
    "Table Grid": WD_STYLE_TYPE.TABLE,
    "KAM Table": WD_STYLE_TYPE.TABLE,
}
STANDARD_LAYOUTS = [
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
]


def _load_make_references() -> ModuleType:
    path = REPO_ROOT / "tools" / "make_references.py"
    spec = importlib.util.spec_from_file_location("make_references", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _members(package: Path | bytes) -> dict[str, bytes]:
    source = io.BytesIO(package) if isinstance(package, bytes) else package
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _chart_data() -> CategoryChartData:
    data = CategoryChartData()
    data.categories = ["T1", "T2", "T3", "T4"]
    data.add_series("2024", (1.0, 2.5, 3.0, 4.2))
    data.add_series("2025", (2.0, 3.1, 1.4, 5.0))
    return data


# --- reference.docx ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), sorted(REQUIRED_DOCX_STYLES.items()))
def test_reference_docx_resolves_each_style_kamdocs_uses(name: str, kind: WD_STYLE_TYPE) -> None:
    style = docx.Document(str(REFERENCE_DOCX)).styles[name]
    assert (style.name, style.type) == (name, kind)


def test_reference_docx_holds_no_other_style() -> None:
    names = {style.name for style in docx.Document(str(REFERENCE_DOCX)).styles}
    assert names == set(REQUIRED_DOCX_STYLES)


def test_reference_docx_is_under_40_kb() -> None:
    assert REFERENCE_DOCX.stat().st_size < 40 * 1024


def test_reference_docx_page_is_a4_portrait_with_2_cm_margins() -> None:
    section = docx.Document(str(REFERENCE_DOCX)).sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert [margin.twips if margin is not None else None for margin in margins] == [1134] * 4


def test_reference_docx_body_is_empty_and_header_and_footer_use_their_styles() -> None:
    document = docx.Document(str(REFERENCE_DOCX))
    section = document.sections[0]
    assert document.paragraphs == []
    assert [p.style.name for p in section.header.paragraphs if p.style] == ["Header"]
    assert [p.style.name for p in section.footer.paragraphs if p.style] == ["Footer"]
    assert not section.header.is_linked_to_previous


@pytest.mark.parametrize("level", [1, 2, 3])
def test_reference_docx_headings_are_corporate_blue_outline_levels(level: int) -> None:
    style = docx.Document(str(REFERENCE_DOCX)).styles[f"Heading {level}"]
    assert style.font.color.rgb == RGBColor(0x1F, 0x38, 0x64)
    assert style.paragraph_format.keep_with_next is True
    assert style.element.xpath("./w:pPr/w:outlineLvl/@w:val") == [str(level - 1)]


def test_reference_docx_list_styles_point_at_a_bullet_and_a_decimal_list() -> None:
    document = docx.Document(str(REFERENCE_DOCX))
    numbering = document.part.numbering_part.element
    formats = {}
    for style_name in ("List Bullet", "List Number"):
        (num_id,) = document.styles[style_name].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        (abstract_id,) = numbering.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        formats[style_name] = numbering.xpath(
            f"./w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='0']/w:numFmt/@w:val"
        )
    assert formats == {"List Bullet": ["bullet"], "List Number": ["decimal"]}


def test_reference_docx_kam_table_header_row_is_bold_white_on_dark_blue() -> None:
    style = docx.Document(str(REFERENCE_DOCX)).styles["KAM Table"]
    first_row = "./w:tblStylePr[@w:type='firstRow']"
    assert style.element.xpath(f"{first_row}/w:tcPr/w:shd/@w:fill") == ["1F3864"]
    assert style.element.xpath(f"{first_row}/w:rPr/w:color/@w:val") == ["FFFFFF"]
    assert style.element.xpath(f"{first_row}/w:rPr/w:b") != []


def test_reference_docx_core_properties_are_fixed() -> None:
    properties = docx.Document(str(REFERENCE_DOCX)).core_properties
    assert properties.title == ""
    assert properties.created == datetime(2000, 1, 1, tzinfo=UTC)
    assert properties.modified == datetime(2000, 1, 1, tzinfo=UTC)


def test_reference_docx_leaves_update_fields_and_zoom_to_the_writer() -> None:
    settings = _members(REFERENCE_DOCX)["word/settings.xml"]
    assert b"updateFields" not in settings
    assert b"zoom" not in settings


def test_reference_docx_is_schema_valid() -> None:
    assert ooxml_schema.validate_package(REFERENCE_DOCX) == []


def test_document_built_on_reference_docx_is_schema_valid(tmp_path: Path) -> None:
    document = docx.Document(str(REFERENCE_DOCX))
    document.add_paragraph("Plan de compte", style="Title")
    document.add_heading("Synthèse", 1)
    document.add_paragraph("Dupré & fils <SA>", style="List Bullet")
    document.add_paragraph("Étape", style="List Number")
    table = document.add_table(rows=2, cols=3)
    table.style = document.styles["KAM Table"]
    table.cell(0, 0).text = "Client"
    document.add_paragraph("Tableau 1", style="Caption")
    document.sections[0].header.paragraphs[0].text = "ACME"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert ooxml_schema.validate_package(path) == []


# --- the validator ----------------------------------------------------------------------------


def test_python_docx_default_document_fails_only_on_its_known_w_zoom(tmp_path: Path) -> None:
    path = tmp_path / "default.docx"
    docx.Document().save(str(path))
    assert ooxml_schema.validate_package(path) == [
        "word/settings.xml: 2: Element 'w:zoom': The attribute 'w:percent' is required but missing."
    ]


def test_validator_reports_cell_properties_out_of_schema_order() -> None:
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:tcPr>"
        b'<w:vAlign w:val="top"/><w:shd w:val="clear" w:fill="FF0000"/>'
        b"</w:tcPr><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    (error,) = ooxml_schema.validate_part("word/document.xml", xml)
    assert error.startswith("word/document.xml: 1: Element 'w:shd': This element is not expected.")


def test_validator_drops_ignorable_markup_and_keeps_the_fallback() -> None:
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        b' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
        b'<w:body><w:p w14:paraId="1A2B3C4D"><w:r><mc:AlternateContent>'
        b'<mc:Choice Requires="w14"><w14:unknown/></mc:Choice>'
        b"<mc:Fallback><w:t>x</w:t></mc:Fallback>"
        b"</mc:AlternateContent></w:r><w14:unknown/></w:p></w:body></w:document>"
    )
    assert ooxml_schema.validate_part("word/document.xml", xml) == []


def test_validator_still_reports_the_fallback_content() -> None:
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        b"<w:body><w:p><mc:AlternateContent><mc:Fallback><w:bogus/></mc:Fallback>"
        b"</mc:AlternateContent></w:p></w:body></w:document>"
    )
    (error,) = ooxml_schema.validate_part("word/document.xml", xml)
    assert "Element 'w:bogus': This element is not expected." in error


CHART = ir.Chart(
    "column",
    "CA",
    ("T1", "T2", "T3", "T4"),
    (ir.Series("2024", (1.0, 2.5, 3.0, 4.2)), ir.Series("2025", (2.0, 3.1, 1.4, 5.0))),
)


def test_python_pptx_negative_axis_ids_are_reported_and_the_chart_writers_are_not() -> None:
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, 0, 0, Inches(4), Inches(3), _chart_data()
    ).chart
    chart_xml = etree.tostring(chart._chartSpace)
    assert b'axId val="-' in chart_xml  # python-pptx still writes negative axis ids
    errors = ooxml_schema.validate_part("ppt/charts/chart1.xml", chart_xml)
    assert errors
    assert all("is not a valid value of the atomic type 'xs:unsignedInt'" in e for e in errors)
    ours = _chartxml.chart_space_xml(CHART).encode()
    assert ooxml_schema.validate_part("ppt/charts/chart1.xml", ours) == []
    ids = [int(e.get("val")) for e in etree.fromstring(ours).iter(f"{{{C_NS}}}axId")]
    # Distinct, and within the signed 32-bit range that LibreOffice reads them in.
    assert len(set(ids)) == 2
    assert all(0 < i < 2**31 for i in ids)


def test_validator_leaves_unlisted_parts_alone() -> None:
    assert ooxml_schema.validate_part("docProps/core.xml", b"<not-checked/>") == []


# --- reference.pptx ---------------------------------------------------------------------------


def test_reference_pptx_is_16_by_9_without_slides() -> None:
    deck = pptx.Presentation(str(REFERENCE_PPTX))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)
    assert len(deck.slides) == 0


def test_reference_pptx_has_the_seven_standard_layouts() -> None:
    deck = pptx.Presentation(str(REFERENCE_PPTX))
    assert [layout.name for layout in deck.slide_layouts] == STANDARD_LAYOUTS


def test_reference_pptx_placeholders_stay_on_the_slide() -> None:
    deck = pptx.Presentation(str(REFERENCE_PPTX))
    width, height = deck.slide_width or 0, deck.slide_height or 0
    owners = [("master", deck.slide_master), *((lay.name, lay) for lay in deck.slide_layouts)]
    off_slide = [
        (owner_name, shape.name)
        for owner_name, owner in owners
        for shape in owner.placeholders
        if not (
            (shape.left or 0) >= 0
            and (shape.top or 0) >= 0
            and (shape.left or 0) + (shape.width or 0) <= width
            and (shape.top or 0) + (shape.height or 0) <= height
        )
    ]
    assert off_slide == []


def test_reference_pptx_body_placeholder_spans_the_wide_slide() -> None:
    deck = pptx.Presentation(str(REFERENCE_PPTX))
    body = deck.slide_layouts.get_by_name("Title and Content").placeholders[1]
    assert (body.width or 0) > 0.8 * (deck.slide_width or 0)


def test_reference_pptx_theme_has_the_corporate_accents() -> None:
    theme = etree.fromstring(_members(REFERENCE_PPTX)["ppt/theme/theme1.xml"])
    accents = [
        theme.xpath(f"string(.//a:clrScheme/a:accent{i}/a:srgbClr/@val)", namespaces={"a": A_NS})
        for i in range(1, 7)
    ]
    assert accents == ["1F3864", "2E75B6", "70AD47", "FFC000", "C00000", "7F7F7F"]


def test_reference_pptx_titles_are_28_pt() -> None:
    master = pptx.Presentation(str(REFERENCE_PPTX)).slide_master
    sizes = master.element.xpath("./p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr/@sz")
    assert sizes == ["2800"]


def test_reference_pptx_core_properties_are_fixed() -> None:
    properties = pptx.Presentation(str(REFERENCE_PPTX)).core_properties
    assert properties.title == ""
    assert properties.created == datetime(2000, 1, 1)
    assert properties.modified == datetime(2000, 1, 1)


def test_reference_pptx_is_schema_valid() -> None:
    assert ooxml_schema.validate_package(REFERENCE_PPTX) == []


def test_deck_with_a_chart_built_on_reference_pptx_is_schema_valid(tmp_path: Path) -> None:
    deck = pptx.Presentation(str(REFERENCE_PPTX))
    for layout in deck.slide_layouts:
        slide = deck.slides.add_slide(layout)
        if slide.shapes.title is not None:
            slide.shapes.title.text = layout.name
    chart_slide = deck.slides.add_slide(deck.slide_layouts.get_by_name("Title Only"))
    box = Placed("chart", CHART, Inches(1), Inches(1.5), Inches(8), Inches(5))
    _slide_shapes.chart(chart_slide, box, "fr")  # as the deck writer draws its charts
    path = tmp_path / "review.pptx"
    deck.save(str(path))
    assert ooxml_schema.validate_package(path) == []
    reread = pptx.Presentation(str(path)).slides[-1].shapes[-1].chart
    assert [s.name for s in reread.plots[0].series] == ["2024", "2025"]


# --- regeneration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "committed"),
    [("build_reference_docx", REFERENCE_DOCX), ("build_reference_pptx", REFERENCE_PPTX)],
)
def test_committed_reference_matches_what_the_script_builds(builder: str, committed: Path) -> None:
    built = dict(getattr(_load_make_references(), builder)())
    assert built == _members(committed), "run: python tools/make_references.py"


def test_make_references_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    make_references = _load_make_references()
    first = make_references.build_all(tmp_path / "first")
    second = make_references.build_all(tmp_path / "second")
    for first_path, second_path in zip(first, second, strict=True):
        assert first_path.read_bytes() == second_path.read_bytes()


# --- corporate fixtures -----------------------------------------------------------------------


def test_corporate_pptx_fixture_is_4_3_with_french_layout_names(tmp_path: Path) -> None:
    path = corporate_templates.make_corporate_pptx(tmp_path / "corporate.pptx")
    deck = pptx.Presentation(str(path))
    names = [layout.name for layout in deck.slide_layouts]
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)
    assert set(corporate_templates.CORPORATE_LAYOUT_NAMES.values()) <= set(names)
    assert not set(STANDARD_LAYOUTS) & set(names)


def test_corporate_pptx_fixture_has_its_own_accent_colour(tmp_path: Path) -> None:
    path = corporate_templates.make_corporate_pptx(tmp_path / "corporate.pptx")
    theme = etree.fromstring(_members(path)["ppt/theme/theme1.xml"])
    accent = theme.xpath("string(.//a:clrScheme/a:accent1/a:srgbClr/@val)", namespaces={"a": A_NS})
    assert accent == corporate_templates.CORPORATE_ACCENT1


def test_corporate_docx_fixture_has_its_own_heading_and_a_header_text(tmp_path: Path) -> None:
    path = corporate_templates.make_corporate_docx(tmp_path / "corporate.docx")
    document = docx.Document(str(path))
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor.from_string(
        corporate_templates.CORPORATE_HEADING_COLOR
    )
    assert heading.font.name == corporate_templates.CORPORATE_HEADING_FONT
    assert heading.element.xpath("./w:rPr/w:rFonts/@w:asciiTheme") == []
    header_text = [p.text for p in document.sections[0].header.paragraphs]
    assert header_text == [corporate_templates.CORPORATE_HEADER_TEXT]
