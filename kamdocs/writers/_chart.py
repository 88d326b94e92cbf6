"""Native charts on PowerPoint slides, through python-pptx.

python-pptx's chart data objects write both the DrawingML chart part and the Excel workbook
that "Edit data" opens; its chart proxy (`pptx.chart.chart.Chart`) then styles the chart
through the public API. The Word writer does not import python-pptx: it writes the same
markup with `_chartxml`, and `chart_space` here is the reference a test compares it with.
"""

from __future__ import annotations

from typing import Any

from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import BubbleChartData, CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.util import Pt

from .. import ir
from ._chartxml import PALETTE, localised

CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
    "bubble": XL_CHART_TYPE.BUBBLE,
}


def chart_type(chart: ir.Chart) -> Any:
    return CHART_TYPES[chart.kind]


def chart_data(chart: ir.Chart) -> CategoryChartData | BubbleChartData:
    """Return python-pptx chart data (values, categories, number format) for `chart`."""
    if chart.kind == "bubble":
        bubbles = BubbleChartData(number_format=chart.number_format)
        for point in chart.bubbles:
            series = bubbles.add_series(point.label)
            series.add_data_point(point.x, point.y, point.size)
        return bubbles
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    return data


def chart_space(chart: ir.Chart, language: str = "") -> tuple[Any, bytes]:
    """Return (styled `c:chartSpace` element, workbook bytes) for a chart outside PowerPoint."""
    chart = localised(chart, language)
    data = chart_data(chart)
    element = parse_xml(data.xml_bytes(chart_type(chart)))
    style_chart(PptxChart(element, None), chart, explicit_colours=True)
    return element, data.xlsx_blob


def _colour_series(target: PptxChart, chart: ir.Chart) -> None:
    plot = target.plots[0]
    if chart.kind == "pie":
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(PALETTE[i % len(PALETTE)])
        return
    for i, series in enumerate(plot.series):
        colour = RGBColor.from_string(PALETTE[i % len(PALETTE)])
        if chart.kind == "line":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.25)
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour


def style_chart(target: PptxChart, chart: ir.Chart, *, explicit_colours: bool = False) -> None:
    """Apply title, legend, axis formats and font size to a python-pptx chart.

    `explicit_colours` writes series colours from PALETTE; otherwise the theme's accents apply.
    """
    target.font.size = Pt(9)
    if explicit_colours:
        _colour_series(target, chart)
    if chart.title:
        target.has_title = True
        target.chart_title.text_frame.text = chart.title
        target.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        target.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    else:
        target.has_title = False
    multi = len(chart.series) > 1 or chart.kind in ("pie", "bubble")
    target.has_legend = multi
    if multi:
        target.legend.position = XL_LEGEND_POSITION.BOTTOM
        target.legend.include_in_layout = False
    if chart.kind == "pie":
        plot = target.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = chart.number_format
        plot.data_labels.number_format_is_linked = False
        return
    axis = target.value_axis
    axis.tick_labels.number_format = chart.number_format
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    if chart.axis_max is not None:
        axis.maximum_scale = chart.axis_max
    if chart.axis_min is not None:
        axis.minimum_scale = chart.axis_min
    if chart.y_title:
        axis.has_title = True
        axis.axis_title.text_frame.text = chart.y_title
    if chart.x_title:
        target.category_axis.has_title = True
        target.category_axis.axis_title.text_frame.text = chart.x_title
    if chart.kind == "bubble":
        # Both axes of a bubble chart are value axes; the portfolio matrix wants 0-100 on each.
        x_axis = target.category_axis
        if chart.axis_max is not None:
            x_axis.maximum_scale = chart.axis_max
        if chart.axis_min is not None:
            x_axis.minimum_scale = chart.axis_min
        plot = target.plots[0]
        plot.has_data_labels = True
        plot.data_labels.show_series_name = True
        plot.data_labels.show_value = False
        plot.bubble_scale = 60
