"""Native charts on PowerPoint slides, through python-pptx.

python-pptx's chart data objects write both the DrawingML chart part and the Excel workbook
that "Edit data" opens; its chart proxy (`pptx.chart.chart.Chart`) then styles the chart
through the public API. The Word writer does not import python-pptx: it writes the same
markup with `_chartxml` (tests/test_chartxml.py compares the two).
"""

from __future__ import annotations

from typing import Any

from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import BubbleChartData, CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Pt

from kamdocs import ir
from kamdocs.writers._chartxml import unsigned_axis_id

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"

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


def show_values(plot: Any, number_format: str) -> Any:
    """Label each point of `plot` with its value in `number_format`; return the labels."""
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    return plot.data_labels


def style_chart(target: PptxChart, chart: ir.Chart) -> None:
    """Apply title, legend, axis formats and font size to a python-pptx chart (series take
    the theme's accent colours)."""
    positive_axis_ids(target._chartSpace)
    target.font.size = Pt(9)
    _title_and_legend(target, chart)
    if chart.kind == "pie":
        show_values(target.plots[0], chart.number_format)
        return
    _value_axis(target, chart)
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


def positive_axis_ids(chart_space: Any) -> None:
    """Rewrite python-pptx's negative axis ids (`c:axId`, `c:crossAx`) as unsigned ones.

    python-pptx's chart templates number axes with negative values; the schema types them as
    xsd:unsignedInt, and a validator of Office's rules reports every one. The id read as an
    unsigned 32-bit number keeps each axis distinct and its cross references intact.
    """
    for name in ("axId", "crossAx"):
        for element in chart_space.iter(f"{{{_C}}}{name}"):
            element.set("val", unsigned_axis_id(element.get("val")))


def _title_and_legend(target: PptxChart, chart: ir.Chart) -> None:
    """Set the chart's title (11 pt bold) and a bottom legend when it has several series."""
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


def _value_axis(target: PptxChart, chart: ir.Chart) -> None:
    """Set the value axis: number format, gridlines, bounds and the axis titles."""
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
