"""Word charts are written without python-pptx: the markup must be what python-pptx writes, the
embedded workbook must hold the data where the chart's references point, and both must be
valid against the OOXML schemas."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kamdocs import ir
from kamdocs.writers import _chart, _chartxml

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


def _python_pptx_chart_space(chart: ir.Chart, language: str) -> object:
    """The reference: python-pptx's chart markup for `chart`, styled as the deck styles its
    charts and coloured from the Word palette through python-pptx's API."""
    from pptx.chart.chart import Chart
    from pptx.dml.color import RGBColor
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    chart = _chartxml.localised(chart, language)
    element = parse_xml(_chart.chart_data(chart).xml_bytes(_chart.chart_type(chart)))
    target = Chart(element, None)
    _chart.style_chart(target, chart)
    colours = [RGBColor.from_string(c) for c in _chartxml.PALETTE]
    plot = target.plots[0]
    if chart.kind == "pie":
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = colours[i % len(colours)]
        return element
    for i, series in enumerate(plot.series):
        colour = colours[i % len(colours)]
        if chart.kind == "line":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.25)
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    return element


def _canonical(xml: bytes | str) -> bytes:
    element = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    return etree.tostring(element, method="c14n")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_the_chart_markup_is_what_python_pptx_writes(kind: str, lang: str) -> None:
    chart = CHARTS[kind]
    reference = _python_pptx_chart_space(chart, lang)
    mine = _chartxml.chart_space_xml(_chartxml.localised(chart, lang))
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
)
def test_any_text_and_numbers_give_the_same_markup(
    title: str, names: list[str], values: list[float | int | None]
) -> None:
    chart = ir.Chart(
        kind="column",
        title=title,
        categories=tuple(f"{n}!" for n in names[:1]) + CATS[1:],
        series=tuple(ir.Series(n, tuple(values)) for n in names),
        number_format='#,##0 "€"',
    )
    reference = _python_pptx_chart_space(chart, "fr")
    mine = _chartxml.chart_space_xml(_chartxml.localised(chart, "fr"))
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


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_the_chart_and_its_workbook_are_schema_valid(kind: str, tmp_path: Path) -> None:
    from ooxml_schema import validate_package, validate_part

    chart = _chartxml.localised(CHARTS[kind], "fr")
    workbook = tmp_path / "chart.xlsx"
    workbook.write_bytes(_chartxml.chart_workbook(chart))
    errors = validate_package(workbook)
    errors += validate_part("word/charts/chart1.xml", _chartxml.chart_space_xml(chart).encode())
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
