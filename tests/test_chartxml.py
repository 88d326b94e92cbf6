"""Word and deck charts are written by `_chartxml`, without python-pptx's chart machinery: a
category chart's markup must be what python-pptx writes when styled through its API the way
Word documents and decks show charts, the embedded workbook must hold the data where the
chart's references point, and both must be valid against the OOXML schemas."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kamdocs import ir
from kamdocs.writers import _chartxml

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

CATS = ("T1 2026", "T2 2026", "T3 2026")
CHARTS = {
    "column": ir.Chart(
        kind="column",
        title="CA & <marge>",
        categories=CATS,
        series=(ir.Series("Réel", (118000.0, None, 97000.5)), ir.Series("Objectif", (1, 2, 3))),
        number_format='#,##0 "€"',
        y_title="k€",
        x_title="Trimestre",
        axis_min=0,
        axis_max=200000,
    ),
    "bar": ir.Chart(
        kind="bar", title="", categories=CATS, series=(ir.Series("x", (1, 2, 3)),), axis_min=0
    ),
    "stacked_bar": ir.Chart(
        kind="stacked_bar",
        title="Statuts",
        categories=CATS,
        series=(ir.Series("a", (1, 2, 3)), ir.Series("b", (0, 5, None))),
        number_format="0",
    ),
    "line": ir.Chart(
        kind="line",
        title="NPS",
        categories=CATS,
        series=(ir.Series("NPS", (-10, None, 35)),),
        number_format="0",
        axis_min=-100,
        axis_max=100,
    ),
    "pie": ir.Chart(
        kind="pie",
        title="Mix",
        categories=CATS,
        series=(ir.Series("Part", (0.2, 0.3, 0.5)),),
        number_format="0%",
    ),
    "bubble": ir.Chart(
        kind="bubble",
        title="Portefeuille",
        bubbles=(ir.BubblePoint("Vervelle", 62, 71, 900), ir.BubblePoint("A&B", 30, 40, 6)),
        number_format="0",
        axis_min=0,
        axis_max=100,
        x_title="Attrait",
        y_title="Position",
    ),
}


TYPES = {
    "column": "COLUMN_CLUSTERED",
    "bar": "BAR_CLUSTERED",
    "stacked_bar": "BAR_STACKED",
    "line": "LINE_MARKERS",
    "pie": "PIE",
}
STYLES = {"word": _chartxml.WORD_STYLE, "deck": _chartxml.deck_style(8 * 914400, 4 * 914400)}


def _python_pptx_chart_space(chart: ir.Chart, language: str, style: str = "word") -> object:
    """The reference: python-pptx's chart markup for `chart`, styled through python-pptx's
    API as the Word documents (PALETTE colours, 9 pt) or the decks (theme accents, 12 pt,
    line points labelled) show their charts; both list horizontal bars top down."""
    from pptx.chart.chart import Chart
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    deck = style == "deck"
    chart = _chartxml.localised(chart, language)
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = list(chart.categories)
    for one in chart.series:
        data.add_series(one.name, list(one.values))
    element = parse_xml(data.xml_bytes(getattr(XL_CHART_TYPE, TYPES[chart.kind])))
    for name in ("axId", "crossAx"):  # the chart writer's ids: python-pptx's modulo 2**31
        for found in element.iter(f"{C}{name}"):
            found.set("val", str(int(found.get("val")) % 2**31))
    target = Chart(element, None)
    target.font.size = Pt(12 if deck else 9)
    target.has_title = bool(chart.title)
    if chart.title:
        target.chart_title.text_frame.text = chart.title
        run = target.chart_title.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(14 if deck else 11), True
    target.has_legend = len(chart.series) > 1 or chart.kind == "pie"
    if target.has_legend:
        target.legend.position = XL_LEGEND_POSITION.BOTTOM
        target.legend.include_in_layout = False
    if chart.kind == "pie":
        _show_values(target.plots[0], chart.number_format)
    else:
        _reference_axes(target, element, chart, deck)
    _reference_colours(target, chart, deck)
    if chart.kind == "line" and deck:
        _show_values(target.plots[0], chart.number_format).font.size = Pt(11)
    return element


def _show_values(plot: Any, number_format: str) -> Any:
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    return plot.data_labels


def _reference_axes(target: Any, element: Any, chart: ir.Chart, deck: bool) -> None:
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    values = [v for one in chart.series for v in one.values if v is not None]
    axis = target.value_axis
    axis.tick_labels.number_format = chart.number_format
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    if chart.axis_max is not None:
        axis.maximum_scale = chart.axis_max
    if chart.axis_min is not None:
        axis.minimum_scale = chart.axis_min
    elif values and min(values) >= 0:
        axis.minimum_scale = 0  # a value axis starts at zero
    if chart.y_title:
        axis.has_title = True
        axis.axis_title.text_frame.text = chart.y_title
    if chart.x_title:
        target.category_axis.has_title = True
        target.category_axis.axis_title.text_frame.text = chart.x_title
    if values and min(values) < 0:
        target.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.kind in ("bar", "stacked_bar"):  # first category on top, as in a table
        target.category_axis.reverse_order = True
        # The value axis crosses the categories at the last one, the bottom (python-pptx
        # has `crosses` on value axes only: the value axis's element holds it).
        axis._element.find(f"{C}crosses").set("val", "max")
    for ax in element.iter(f"{C}catAx", f"{C}valAx"):
        body = ax.find(f"{C}title/{C}tx/{C}rich/{A}bodyPr")
        if body is not None and ax.find(f"{C}axPos").get("val") == "l":
            body.set("rot", "-5400000")  # a vertical axis's title reads upwards
            body.set("vert", "horz")


def _reference_colours(target: Any, chart: ir.Chart, deck: bool) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_MARKER_STYLE
    from pptx.enum.dml import MSO_THEME_COLOR
    from pptx.util import Pt

    accents = [getattr(MSO_THEME_COLOR, f"ACCENT_{n}") for n in range(1, 7)]
    palette = [RGBColor.from_string(c) for c in _chartxml.PALETTE]

    def paint(colour_format: Any, i: int) -> None:
        if deck:
            colour_format.theme_color = accents[i % 6]
        else:
            colour_format.rgb = palette[i % len(palette)]

    plot = target.plots[0]
    if chart.kind == "pie":
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            paint(point.format.fill.fore_color, i)
        return
    for i, series in enumerate(plot.series):
        if chart.kind != "line":
            series.format.fill.solid()
            paint(series.format.fill.fore_color, i)
            continue
        paint(series.format.line.color, i)
        series.format.line.width = Pt(2.5 if deck else 2.25)
        if deck:
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
        series.marker.format.fill.solid()
        paint(series.marker.format.fill.fore_color, i)
        if deck:
            paint(series.marker.format.line.color, i)


def _canonical(xml: bytes | str) -> bytes:
    element = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    return etree.tostring(element, method="c14n")


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", sorted(TYPES))
def test_the_chart_markup_is_what_python_pptx_writes(kind: str, lang: str, style: str) -> None:
    chart = CHARTS[kind]
    reference = _python_pptx_chart_space(chart, lang, style)
    mine = _chartxml.chart_space_xml(_chartxml.localised(chart, lang), STYLES[style])
    assert _canonical(mine) == etree.tostring(reference, method="c14n")


@settings(max_examples=40, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    names=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
        min_size=1,
        max_size=3,
    ),  # fmt: skip
    values=st.lists(
        st.one_of(st.none(), st.floats(-1e12, 1e12), st.integers(-(10**9), 10**9)),
        min_size=3,
        max_size=3,
    ),  # fmt: skip
    style=st.sampled_from(sorted(STYLES)),
)
def test_any_text_and_numbers_give_the_same_markup(
    title: str, names: list[str], values: list[float | int | None], style: str
) -> None:
    chart = ir.Chart(
        kind="column",
        title=title,
        categories=tuple(f"{n}!" for n in names[:1]) + CATS[1:],
        series=tuple(ir.Series(n, tuple(values)) for n in names),
        number_format='#,##0 "€"',
    )
    reference = _python_pptx_chart_space(chart, "fr", style)
    mine = _chartxml.chart_space_xml(_chartxml.localised(chart, "fr"), STYLES[style])
    assert _canonical(mine) == etree.tostring(reference, method="c14n")


def _sheet_cells(workbook: bytes) -> dict[str, str]:
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        sheet = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for cell in sheet.iterfind(".//s:c", ns):
        cells[cell.get("r")] = "".join(cell.itertext())
    return cells


def _ranges(chart_xml: str) -> list[str]:
    return re.findall(r"<c:f>Sheet1!(.*?)</c:f>", chart_xml)


def _cells_of(reference: str) -> list[str]:
    first, _, last = reference.replace("$", "").partition(":")
    last = last or first
    col, row1, row2 = first[0], int(first[1:]), int(last[1:])
    return [f"{col}{r}" for r in range(row1, row2 + 1)]


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_the_workbook_holds_each_value_where_the_chart_points(kind: str) -> None:
    chart = CHARTS[kind]
    xml = _chartxml.chart_space_xml(chart)
    cells = _sheet_cells(_chartxml.chart_workbook(chart))
    root = etree.fromstring(xml.encode())
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    for ref_element in root.iter(f"{c}strRef", f"{c}numRef"):
        reference = ref_element.findtext(f"{c}f").removeprefix("Sheet1!")
        cached = {int(pt.get("idx")): pt.findtext(f"{c}v") for pt in ref_element.iter(f"{c}pt")}
        for i, cell in enumerate(_cells_of(reference)):
            if i in cached:
                expected = cached[i]
                got = cells.get(cell)
                if ref_element.tag == f"{c}numRef":
                    assert float(got) == float(expected), (cell, got, expected)
                else:
                    assert got == expected, (cell, got, expected)
            else:
                assert cell not in cells  # a missing value is an empty cell, not a zero
    assert _ranges(xml)


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_the_chart_and_its_workbook_are_schema_valid(kind: str, style: str, tmp_path: Path) -> None:
    from ooxml_schema import validate_package, validate_part

    chart = _chartxml.localised(CHARTS[kind], "fr")
    markup, book = _chartxml.chart_parts(chart, STYLES[style])
    workbook = tmp_path / "chart.xlsx"
    workbook.write_bytes(book)
    errors = validate_package(workbook)
    errors += validate_part("word/charts/chart1.xml", markup.encode())
    assert errors == []


def test_the_workbook_bytes_do_not_depend_on_the_clock() -> None:
    chart = CHARTS["column"]
    assert _chartxml.chart_workbook(chart) == _chartxml.chart_workbook(chart)
    with zipfile.ZipFile(io.BytesIO(_chartxml.chart_workbook(chart))) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_column_names_go_past_z() -> None:
    assert [_chartxml._column(n) for n in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_a_line_series_of_a_column_chart_is_drawn_as_a_line_on_the_same_axes(
    tmp_path: Path,
) -> None:
    chart = ir.Chart(
        kind="column",
        title="CA",
        categories=CATS,
        series=(ir.Series("Réel", (1, 2, 3)), ir.Series("Objectif", (2, 2, 2), kind="line")),
        number_format="0",
    )
    root = etree.fromstring(_chartxml.chart_space_xml(chart).encode())
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    bars, line = (
        root.find(f"{c}chart/{c}plotArea/{c}barChart"),
        root.find(f"{c}chart/{c}plotArea/{c}lineChart"),
    )
    assert [s.findtext(f".//{c}v") for s in bars.iter(f"{c}ser")] == ["Réel"]
    assert [s.findtext(f".//{c}v") for s in line.iter(f"{c}ser")] == ["Objectif"]
    assert [a.get("val") for a in line.iter(f"{c}axId")] == [
        a.get("val") for a in bars.iter(f"{c}axId")
    ]
    # The line keeps its series index, hence the second palette colour, and its data column.
    (ser,) = line.iter(f"{c}ser")
    assert ser.find(f"{c}idx").get("val") == "1"
    assert ser.find(f"{c}spPr//{{*}}srgbClr").get("val") == _chartxml.PALETTE[1]
    assert ser.findtext(f"{c}val/{c}numRef/{c}f") == "Sheet1!$C$2:$C$4"
    from ooxml_schema import validate_part

    errors = validate_part("word/charts/chart1.xml", etree.tostring(root))
    assert errors == []


def test_a_chart_of_lines_only_or_bars_only_is_not_split() -> None:
    lines_only = ir.Chart(
        kind="column", title="", categories=CATS, series=(ir.Series("a", (1, 2, 3), "line"),)
    )
    xml = _chartxml.chart_space_xml(lines_only)
    assert "<c:lineChart>" not in xml
    assert xml.count("<c:ser>") == 1


def _axes(chart: ir.Chart) -> tuple[etree._Element, etree._Element]:
    root = etree.fromstring(_chartxml.chart_space_xml(chart).encode())
    return root.find(f".//{C}catAx"), root.find(f".//{C}valAx")


@pytest.mark.parametrize("kind", ["column", "bar", "line"])
def test_category_labels_go_to_the_bottom_when_values_go_negative(kind: str) -> None:
    negative = ir.Chart(kind, "NPS", CATS, (ir.Series("NPS", (-12, 5, 30)),))  # type: ignore[arg-type]
    categories, values = _axes(negative)
    assert categories.find(f"{C}tickLblPos").get("val") == "low"
    assert values.find(f"{C}scaling/{C}min") is None  # the renderer fits the negative range
    positive = dataclasses.replace(negative, series=(ir.Series("NPS", (12, 5, 30)),))
    categories, _ = _axes(positive)
    assert categories.find(f"{C}tickLblPos").get("val") == "nextTo"


@pytest.mark.parametrize("kind", ["column", "bar", "stacked_bar", "line"])
def test_a_value_axis_starts_at_zero_when_no_value_is_negative(kind: str) -> None:
    # Attainments of 92 to 104 %: a renderer's automatic axis would start near 85.
    chart = ir.Chart(kind, "", CATS, (ir.Series("a", (92.0, None, 104.0)),))  # type: ignore[arg-type]
    _, values = _axes(chart)
    assert values.find(f"{C}scaling/{C}min").get("val") == "0.0"
    own = dataclasses.replace(chart, axis_min=50.0)  # a chart that asks for its own floor
    assert _axes(own)[1].find(f"{C}scaling/{C}min").get("val") == "50.0"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_bars_read_top_down_with_the_value_axis_at_the_bottom(style: str) -> None:
    chart = ir.Chart("bar", "", CATS, (ir.Series("a", (1, 2, 3)),))
    root = etree.fromstring(_chartxml.chart_space_xml(chart, STYLES[style]).encode())
    assert root.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"
    assert root.find(f".//{C}valAx/{C}crosses").get("val") == "max"
    columns = dataclasses.replace(chart, kind="column")  # columns read left to right
    root = etree.fromstring(_chartxml.chart_space_xml(columns, STYLES[style]).encode())
    assert root.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "minMax"
