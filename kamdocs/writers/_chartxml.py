"""Native chart XML (DrawingML `c:chartSpace`) and its embedded workbook, written directly.

Both writers draw their charts here: the Word documents (PALETTE colours, 9 pt) and the
decks (the theme's accents, 12 pt), each through a `ChartStyle`. python-pptx's chart data
objects and chart proxies cost about 4-7 ms per chart plus the XlsxWriter import (~40 ms);
this module writes the markup that path writes (a test styles charts through python-pptx's
API and compares the two, element for element) from plain strings, and the workbook that
"Edit data" opens as a minimal SpreadsheetML package. Every text value is escaped; numbers
are written with `str`.

What the reader sees: a value axis starts at zero unless a value is negative or the chart
sets its own bounds; category labels sit at the low end of the value axis when values go
negative; a bubble chart with `quadrants` is the portfolio matrix, its two axes crossing at
the split (`c:crossesAt`, so the axis lines are the quadrant lines in Word, PowerPoint and
LibreOffice alike, without helper series that would show in the legend and the data), the
quadrants' names carried by invisible points, every label placed by `_chartlabels` in a
plot area fixed by a manual layout, and bubbles in one neutral colour.

Layout of the workbook, as PowerPoint and python-pptx lay it out: category charts put the
categories in column A from row 2 and one series per column from B, its name in row 1;
bubble charts give each series a block of rows (name and "Size" headings, then x, y and size
in columns A, B and C) followed by a spacer row.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import zipfile
from collections.abc import Callable, Sequence

from kamdocs import ir
from kamdocs.valueclass import valueclass
from kamdocs.writers._chartlabels import (
    LINE_EM,
    Bubble,
    Frame,
    Rect,
    place,
    quadrant_boxes,
    radii,
    text_size,
)
from kamdocs.writers._measure import text_em
from kamdocs.writers._zip import add_member

# XML's three markup characters, as xml.sax.saxutils escapes them (that module would import
# urllib and the e-mail package with it, 9 ms of every run).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Return `text` with XML's markup characters escaped, for element content."""
    return text.translate(_ESCAPES)


# Excel locale tags: a number format carrying one is shown with that locale's separators
# (1 234 567 in French) whatever the reader's system locale.
NUMBER_LOCALES = {"fr": "[$-40C]", "en": "[$-809]"}
# Series colours where no theme supplies them (a Word document's lean reference has none).
PALETTE = ("1F3864", "ED7D31", "70AD47", "FFC000", "2E75B6", "7F7F7F", "C00000", "5B9BD5")
_NS = (
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def unsigned_axis_id(value: str) -> str:
    """Return an axis id between 0 and 2**31 - 1 for python-pptx's template id `value`.

    The schema types axis ids as xsd:unsignedInt, and python-pptx's negative ids are errors
    to a validator of Office's rules; LibreOffice reads them as signed 32-bit numbers, so an
    id above 2**31 - 1 is clipped and the two value axes of a bubble chart become one (both
    show the second axis's title). The id modulo 2**31 keeps each axis distinct.
    """
    return str(int(value) % 2**31)


# Axis ids of python-pptx's templates, brought into the range above.
_AXES = {
    kind: (unsigned_axis_id(first), unsigned_axis_id(second))
    for kind, (first, second) in {
        "bar": ("-2068027336", "-2113994440"),
        "line": ("2118791784", "2140495176"),
        "bubble": ("-2115720072", "-2115723560"),
    }.items()
}
_SMOOTH_OFF = '<c:smooth val="0"/>'


def localised(chart: ir.Chart, language: str) -> ir.Chart:
    """Return `chart` with its number format tagged for `language` ("fr", "en")."""
    tag = NUMBER_LOCALES.get(language)
    if tag and not chart.number_format.startswith("[$"):
        return dataclasses.replace(chart, number_format=tag + chart.number_format)
    return chart


# --- styles -------------------------------------------------------------------------------


@valueclass(frozen=True)
class ChartStyle:
    """How a chart looks where it is drawn: its frame in points (the matrix places its
    labels in it), font sizes, and colours from PALETTE (Word) or from the theme's accents
    (a deck, whose theme is the company's)."""

    width_pt: float
    height_pt: float
    font_pt: float = 9
    title_pt: float = 11
    label_pt: float = 9  # the names on a bubble chart
    theme: bool = False
    bars_top_down: bool = False  # first category on top in horizontal bars, as in a table
    line_values: bool = False  # each point of a line chart labelled with its value


CM_PER_PT = 2.54 / 72
WORD_CHART_CM = (16.0, 7.5)
WORD_MATRIX_CM = (17.0, 11.0)  # the matrix needs height to keep its quadrants square-ish


def word_size_cm(chart: ir.Chart) -> tuple[float, float]:
    """Return the width and height of `chart` in a Word document, in centimetres."""
    return WORD_MATRIX_CM if chart.quadrants is not None else WORD_CHART_CM


def word_style(chart: ir.Chart) -> ChartStyle:
    """Return the style of `chart` in a Word document."""
    width, height = word_size_cm(chart)
    return ChartStyle(width / CM_PER_PT, height / CM_PER_PT, bars_top_down=True)


def deck_style(width_emu: int, height_emu: int) -> ChartStyle:
    """Return the style of a chart drawn on a slide in a box of the given size."""
    return ChartStyle(
        width_emu / EMU_PER_PT,
        height_emu / EMU_PER_PT,
        font_pt=12,
        title_pt=14,
        label_pt=11,
        theme=True,
        bars_top_down=True,
        line_values=True,
    )


EMU_PER_PT = 12700
WORD_STYLE = ChartStyle(
    WORD_CHART_CM[0] / CM_PER_PT, WORD_CHART_CM[1] / CM_PER_PT, bars_top_down=True
)


def chart_space_xml(chart: ir.Chart, style: ChartStyle = WORD_STYLE) -> str:
    """Return the `c:chartSpace` document of `chart` drawn in `style`.

    `chart.number_format` is used as given (see `localised` for the locale tag).
    """
    body = _PLOTS[chart.kind](chart, style)
    date1904 = "" if chart.kind in ("pie", "bubble") else '<c:date1904 val="0"/>'
    # A bubble chart names its bubbles on the chart itself: no legend to look up.
    multi = len(chart.series) > 1 or chart.kind == "pie"
    roomy = chart.kind in ("line", "bubble")  # python-pptx's templates for these two
    legend = ""
    if multi:
        layout = "<c:layout/>" if roomy else ""
        legend = f'<c:legend><c:legendPos val="b"/>{layout}<c:overlay val="0"/></c:legend>'
    tail = (
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/><c:showDLblsOverMax val="0"/>'
        if roomy
        else '<c:dispBlanksAs val="gap"/>'
    )
    title = (
        f'{_title(chart.title, size=style.title_pt)}<c:autoTitleDeleted val="0"/>'
        if chart.title
        else '<c:autoTitleDeleted val="1"/>'
    )
    return (
        f"<c:chartSpace {_NS}>{date1904}<c:chart>{title}<c:plotArea>{body}</c:plotArea>"
        f"{legend}{tail}</c:chart>{_text_pr(style.font_pt, end=True)}</c:chartSpace>"
    )


def chart_parts(chart: ir.Chart, style: ChartStyle) -> tuple[str, bytes]:
    """Return the chart's markup and the workbook behind it ("Edit data")."""
    return chart_space_xml(chart, style), chart_workbook(chart, style)


def with_workbook(markup: str, rel_id: str) -> bytes:
    """Return the chart part's bytes: `markup` pointing at its embedded workbook, related
    from the chart part as `rel_id` (`c:externalData`, last child of `c:chartSpace` here)."""
    link = f'<c:externalData r:id={_attr(rel_id)}><c:autoUpdate val="0"/></c:externalData>'
    body = markup.removesuffix("</c:chartSpace>") + link + "</c:chartSpace>"
    return (_DECL + body).encode("utf-8")


# --- plots --------------------------------------------------------------------------------


def _bar(chart: ir.Chart, style: ChartStyle) -> str:
    """Bars or columns; in a column chart, series of kind "line" are drawn as lines over the
    columns, on the same axes (a bar + line combination)."""
    horizontal = chart.kind in ("bar", "stacked_bar")
    stacked = chart.kind == "stacked_bar"
    cat_id, val_id = _AXES["bar"]
    lines = [i for i, s in enumerate(chart.series) if s.kind == "line"]
    combined = chart.kind == "column" and 0 < len(lines) < len(chart.series)
    series = "".join(
        _category_series(chart, i, s, _fill(_colour(style, i)))
        for i, s in enumerate(chart.series)
        if not (combined and i in lines)
    )
    overlap = '<c:overlap val="100"/>' if stacked else ""
    over = (
        _line_plot(chart, style, lines, cat_id, val_id, '<c:symbol val="circle"/>')
        if combined
        else ""
    )
    reverse = horizontal and style.bars_top_down
    return (
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/>'
        f'<c:grouping val="{"stacked" if stacked else "clustered"}"/>{series}{overlap}'
        f'<c:axId val="{cat_id}"/><c:axId val="{val_id}"/></c:barChart>{over}'
        f"{_category_axis(chart, cat_id, val_id, 'l' if horizontal else 'b', reverse)}"
        f"{_value_axis(chart, val_id, cat_id, 'b' if horizontal else 'l', reverse)}"
    )


def _line(chart: ir.Chart, style: ChartStyle) -> str:
    cat_id, val_id = _AXES["line"]
    labels = _value_labels(chart, style) if style.line_values else ""
    plot = _line_plot(chart, style, range(len(chart.series)), cat_id, val_id, "", labels, True)
    return (
        f"{plot}{_category_axis(chart, cat_id, val_id, 'b')}"
        f"{_value_axis(chart, val_id, cat_id, 'l')}"
    )


def _line_plot(
    chart: ir.Chart,
    style: ChartStyle,
    indexes: Sequence[int],
    cat_id: str,
    val_id: str,
    symbol: str,
    labels: str = "",
    smooth: bool = False,
) -> str:
    parts = []
    for i in indexes:
        colour = _colour(style, i)
        if style.theme:  # a deck: thicker lines and round markers outlined in their colour
            sp_pr = (
                f'<c:spPr><a:ln w="31750">{_solid(colour)}</a:ln></c:spPr>'
                '<c:marker><c:symbol val="circle"/><c:size val="7"/>'
                f"<c:spPr>{_solid(colour)}<a:ln>{_solid(colour)}</a:ln></c:spPr></c:marker>"
            )
        else:
            sp_pr = (
                f'<c:spPr><a:ln w="28575">{_solid(colour)}</a:ln></c:spPr>'
                f"<c:marker>{symbol}{_fill(colour)}</c:marker>"
            )
        parts.append(_category_series(chart, i, chart.series[i], sp_pr, _SMOOTH_OFF))
    return (
        f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{"".join(parts)}'
        f'{labels}<c:marker val="1"/>{_SMOOTH_OFF if smooth else ""}'
        f'<c:axId val="{cat_id}"/><c:axId val="{val_id}"/></c:lineChart>'
    )


def _value_labels(chart: ir.Chart, style: ChartStyle) -> str:
    return (
        f"<c:dLbls>{_num_fmt(chart.number_format)}{_text_pr(style.font_pt - 1)}"
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        '<c:showLeaderLines val="1"/></c:dLbls>'
    )


def _pie(chart: ir.Chart, style: ChartStyle) -> str:
    points = "".join(
        f'<c:dPt><c:idx val="{i}"/>{_fill(_colour(style, i))}</c:dPt>'
        for i in range(len(chart.categories))
    )
    series = "".join(_category_series(chart, i, s, points) for i, s in enumerate(chart.series[:1]))
    return (
        f'<c:pieChart><c:varyColors val="1"/>{series}<c:dLbls>{_num_fmt(chart.number_format)}'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        '<c:showLeaderLines val="1"/></c:dLbls></c:pieChart>'
    )


# --- bubbles: the portfolio matrix ---------------------------------------------------------

# Bubbles in one neutral blue-grey, half transparent so that overlapping ones stay visible:
# their place on the matrix is the message, and red, amber and green mean a status elsewhere.
BUBBLE_FILL = "5B7FA6"
BUBBLE_ALPHA = 70  # per cent opacity
BUBBLE_LINE = "3D5A7A"
LABEL_COLOUR = "262626"
QUADRANT_COLOUR = "7F7F7F"
SPLIT_LINE = "595959"  # the quadrant lines, darker and thicker than the gridlines
GRID_LINE = "D9D9D9"
SPLIT_LINE_EMU = 22225  # 1.75 pt
QUADRANT_INSET_PT = 4


@valueclass(frozen=True)
class _Bubble:
    """One series of the bubble chart: an account, or the invisible point carrying the name
    of a quadrant."""

    label: str
    x: float
    y: float
    size: float
    position: str
    quadrant: bool = False


def _frame(chart: ir.Chart, style: ChartStyle) -> Frame:
    """Return where the plot's inner area goes (the chart's manual layout), in points."""
    font = style.font_pt
    top = style.title_pt * 1.3 + 12 if chart.title else 8
    left = font * LINE_EM * (1 if chart.y_title else 0) + text_em("100") * font + 14
    bottom = font * LINE_EM * (2 if chart.x_title else 1) + 14
    right = 10
    x_min, x_max = _bounds(chart, [b.x for b in chart.bubbles])
    y_min, y_max = _bounds(chart, [b.y for b in chart.bubbles])
    return Frame(
        left,
        top,
        style.width_pt - left - right,
        style.height_pt - top - bottom,
        x_min,
        x_max,
        y_min,
        y_max,
    )


def _bounds(chart: ir.Chart, values: Sequence[float]) -> tuple[float, float]:
    low = chart.axis_min if chart.axis_min is not None else min([0.0, *values])
    high = chart.axis_max if chart.axis_max is not None else max([1.0, *values])
    return float(low), float(high) if high > low else float(low) + 1


@functools.lru_cache(maxsize=8)  # the chart's markup and its workbook both need them
def _bubbles(chart: ir.Chart, style: ChartStyle) -> tuple[Frame, tuple[_Bubble, ...]]:
    """Return the frame and every series of the bubble chart, labels placed: the accounts,
    then the quadrants' names in their corners (none without `chart.quadrants`)."""
    frame = _frame(chart, style)
    sizes = [b.size for b in chart.bubbles]
    drawn = [
        Bubble(*frame.point(b.x, b.y), r)
        for b, r in zip(chart.bubbles, radii(sizes, frame), strict=True)
    ]
    names: list[_Bubble] = []
    fixed: list[Rect] = []
    tiny = max(sizes, default=1.0) / 10000  # an invisible point: its size must not count
    if chart.quadrants is not None:
        quadrants = chart.quadrants
        measured = [text_size(n, style.label_pt, bold=True) for n in quadrants.names]
        boxes = quadrant_boxes(frame, quadrants.split, measured, drawn, QUADRANT_INSET_PT)
        plot = Rect(frame.left, frame.top, frame.left + frame.width, frame.top + frame.height)
        # The quadrant lines: a label across one would read as two.
        sx, sy = frame.point(quadrants.split, quadrants.split)
        fixed += [Rect(sx - 1, plot.y0, sx + 1, plot.y1), Rect(plot.x0, sy - 1, plot.x1, sy + 1)]
        for name, box in zip(quadrants.names, boxes, strict=True):
            if box.outside(plot) > 0 or not name:
                continue  # a split at an end of the axis leaves this quadrant no room
            fixed.append(box)
            x, y = frame.data((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            names.append(_Bubble(name, round(x, 2), round(y, 2), tiny, "ctr", quadrant=True))
    label_sizes = [text_size(b.label, style.label_pt) for b in chart.bubbles]
    bounds = Rect(2, 2, style.width_pt - 2, style.height_pt - 2)
    positions = place(drawn, label_sizes, bounds, fixed)
    accounts = [
        _Bubble(b.label, b.x, b.y, b.size, p) for b, p in zip(chart.bubbles, positions, strict=True)
    ]
    return frame, tuple(accounts + names)


def bubble_frame(chart: ir.Chart, style: ChartStyle) -> Frame:
    """Return the frame the bubble chart's labels were placed in (for tests and checks)."""
    return _frame(chart, style)


def _bubble(chart: ir.Chart, style: ChartStyle) -> str:
    x_id, y_id = _AXES["bubble"]
    fmt = chart.number_format
    frame, bubbles = _bubbles(chart, style)
    parts = []
    for i, point in enumerate(bubbles):
        row = 3 * i + 2  # one heading row, one data row and one spacer row per series

        def ref(col: str, row: int = row) -> str:
            return f"Sheet1!${col}${row}:${col}${row}"

        if point.quadrant:
            sp_pr = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
            text = _text_pr(style.label_pt, QUADRANT_COLOUR, bold=True, wrap=False)
        else:
            alpha = f'<a:alpha val="{BUBBLE_ALPHA * 1000}"/>'
            sp_pr = (
                f'<c:spPr><a:solidFill><a:srgbClr val="{BUBBLE_FILL}">{alpha}</a:srgbClr>'
                "</a:solidFill>"
                f'<a:ln w="9525">{_solid(_rgb(BUBBLE_LINE))}</a:ln></c:spPr>'
            )
            text = _text_pr(style.label_pt, LABEL_COLOUR, wrap=False)
        parts.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
            f'{_tx(f"Sheet1!$B${row - 1}", point.label)}{sp_pr}<c:invertIfNegative val="0"/>'
            f'<c:dLbls>{text}<c:dLblPos val="{point.position}"/><c:showLegendKey val="0"/>'
            '<c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="1"/>'
            '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
            f"<c:xVal>{_num_ref(ref('A'), fmt, (point.x,))}</c:xVal>"
            f"<c:yVal>{_num_ref(ref('B'), fmt, (point.y,))}</c:yVal>"
            f"<c:bubbleSize>{_num_ref(ref('C'), fmt, (point.size,))}</c:bubbleSize>"
            '<c:bubble3D val="0"/></c:ser>'
        )
    layout = (
        '<c:layout><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
        f'<c:yMode val="edge"/><c:x val="{_share(frame.left, style.width_pt)}"/>'
        f'<c:y val="{_share(frame.top, style.height_pt)}"/>'
        f'<c:w val="{_share(frame.width, style.width_pt)}"/>'
        f'<c:h val="{_share(frame.height, style.height_pt)}"/></c:manualLayout></c:layout>'
    )
    x_axis = _bubble_axis(chart, x_id, y_id, "b", chart.x_title, frame.x_max - frame.x_min)
    y_axis = _bubble_axis(chart, y_id, x_id, "l", chart.y_title, frame.y_max - frame.y_min)
    return (
        f'{layout}<c:bubbleChart><c:varyColors val="0"/>{"".join(parts)}'
        '<c:bubbleScale val="100"/><c:showNegBubbles val="0"/>'
        f'<c:axId val="{x_id}"/><c:axId val="{y_id}"/></c:bubbleChart>'
        f"{x_axis}{y_axis}"
    )


def _bubble_axis(
    chart: ir.Chart, ax_id: str, cross: str, position: str, title: str | None, span: float
) -> str:
    """One value axis of the bubble chart. With quadrants, each axis crosses the other at
    the split (`c:crossesAt`): the two axis lines are the quadrant lines, drawn over the
    plot, and their numbers stay at the plot's edge (`c:tickLblPos` low)."""
    scaling = _scaling(chart, orientation=True)
    grid = (
        f'<c:majorGridlines><c:spPr><a:ln w="6350">{_solid(_rgb(GRID_LINE))}</a:ln></c:spPr>'
        "</c:majorGridlines>"
    )
    fmt = _num_fmt(chart.number_format)
    if chart.quadrants is None:
        return (
            f'<c:valAx><c:axId val="{ax_id}"/>{scaling}<c:delete val="0"/>'
            f'<c:axPos val="{position}"/>{grid}{_axis_title(title, position)}{fmt}'
            f'{_ticks(cross)}<c:crossBetween val="midCat"/></c:valAx>'
        )
    line = f'<c:spPr><a:ln w="{SPLIT_LINE_EMU}">{_solid(_rgb(SPLIT_LINE))}</a:ln></c:spPr>'
    return (
        f'<c:valAx><c:axId val="{ax_id}"/>{scaling}<c:delete val="0"/>'
        f'<c:axPos val="{position}"/>{grid}{_axis_title(title, position)}{fmt}'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
        f'{line}<c:crossAx val="{cross}"/><c:crossesAt val="{float(chart.quadrants.split)}"/>'
        f'<c:crossBetween val="midCat"/><c:majorUnit val="{span / 10}"/></c:valAx>'
    )


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.4f}"


_PLOTS: dict[str, Callable[[ir.Chart, ChartStyle], str]] = {
    "column": _bar,
    "bar": _bar,
    "stacked_bar": _bar,
    "line": _line,
    "pie": _pie,
    "bubble": _bubble,
}


# --- pieces -------------------------------------------------------------------------------


def _category_series(
    chart: ir.Chart, index: int, series: ir.Series, styling: str, tail: str = ""
) -> str:
    col = _column(index + 1)
    rows = len(chart.categories) + 1
    values_ref = f"Sheet1!${col}$2:${col}${len(series.values) + 1}"
    cats = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>' for i, c in enumerate(chart.categories)
    )
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f"{_tx(f'Sheet1!${col}$1', series.name)}{styling}"
        f"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${rows}</c:f><c:strCache>"
        f'<c:ptCount val="{len(chart.categories)}"/>{cats}</c:strCache></c:strRef></c:cat>'
        f"<c:val>{_num_ref(values_ref, chart.number_format, series.values)}</c:val>"
        f"{tail}</c:ser>"
    )


def _tx(ref: str, name: str) -> str:
    return (
        f'<c:tx><c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
    )


def _num_ref(ref: str, number_format: str, values: Sequence[float | None]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values) if v is not None
    )
    return (
        f"<c:numRef><c:f>{ref}</c:f><c:numCache>"
        f"<c:formatCode>{escape(number_format)}</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>'
    )


def _values(chart: ir.Chart) -> list[float]:
    return [v for s in chart.series for v in s.values if v is not None]


def _category_axis(
    chart: ir.Chart, ax_id: str, cross: str, position: str, reverse: bool = False
) -> str:
    """The category axis; its labels go to the low end of the value axis when values go
    negative (`c:tickLblPos` low), so that they never sit among the bars or points."""
    negative = any(v < 0 for v in _values(chart))
    orientation = "maxMin" if reverse else "minMax"
    return (
        f'<c:catAx><c:axId val="{ax_id}"/><c:scaling><c:orientation val="{orientation}"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="{position}"/>'
        f"{_axis_title(chart.x_title, position)}{_ticks(cross, 'low' if negative else 'nextTo')}"
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
    )


def _value_axis(
    chart: ir.Chart, ax_id: str, cross: str, position: str, reversed_bars: bool = False
) -> str:
    """The value axis; it starts at zero when no value is negative, whatever the renderer
    would pick (an attainment axis from 70 % would exaggerate every gap), unless the chart
    asks for its own minimum. Under bars listed top down it crosses the category axis at
    its last category, the bottom, instead of moving to the top."""
    values = _values(chart)
    if chart.axis_min is None and values and min(values) >= 0:
        chart = dataclasses.replace(chart, axis_min=0.0)
    return (
        f'<c:valAx><c:axId val="{ax_id}"/>{_scaling(chart, orientation=False)}'
        f'<c:delete val="0"/><c:axPos val="{position}"/><c:majorGridlines/>'
        f"{_axis_title(chart.y_title, position)}{_num_fmt(chart.number_format)}"
        f"{_ticks(cross, crosses='max' if reversed_bars else 'autoZero')}</c:valAx>"
    )


def _scaling(chart: ir.Chart, *, orientation: bool) -> str:
    inner = '<c:orientation val="minMax"/>' if orientation else ""
    if chart.axis_max is not None:
        inner += f'<c:max val="{float(chart.axis_max)}"/>'
    if chart.axis_min is not None:
        inner += f'<c:min val="{float(chart.axis_min)}"/>'
    return f"<c:scaling>{inner}</c:scaling>" if inner else "<c:scaling/>"


def _ticks(cross: str, labels: str = "nextTo", crosses: str = "autoZero") -> str:
    return (
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="{labels}"/><c:crossAx val="{cross}"/><c:crosses val="{crosses}"/>'
    )


def _num_fmt(number_format: str) -> str:
    return f'<c:numFmt formatCode={_attr(number_format)} sourceLinked="0"/>'


def _text_pr(
    size_pt: float,
    colour: str | None = None,
    *,
    bold: bool = False,
    wrap: bool = True,
    end: bool = False,
) -> str:
    """Return a `c:txPr` of `size_pt` points; `wrap` False keeps a label on one line."""
    props = f' sz="{round(size_pt * 100)}"' + (' b="1"' if bold else "")
    fill = _solid(_rgb(colour)) if colour else ""
    body = "<a:bodyPr/>" if wrap else '<a:bodyPr wrap="none"/>'
    closing = '<a:endParaRPr lang="en-US"/>' if end else ""
    return (
        f"<c:txPr>{body}<a:lstStyle/><a:p><a:pPr><a:defRPr{props}>{fill}</a:defRPr>"
        f"</a:pPr>{closing}</a:p></c:txPr>"
        if fill
        else f"<c:txPr>{body}<a:lstStyle/><a:p><a:pPr><a:defRPr{props}/></a:pPr>"
        f"{closing}</a:p></c:txPr>"
    )


def _title(text: str, *, size: float | None = None) -> str:
    props = f'<a:rPr sz="{round(size * 100)}" b="1"/>' if size else ""
    return (
        "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>"
        f"<a:p><a:r>{props}<a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:layout/><c:overlay val="0"/></c:title>'
    )


def _axis_title(text: str | None, position: str = "b") -> str:
    """Return an axis title; a vertical axis's reads upwards, as Office draws it by default
    and LibreOffice only when told."""
    if not text:
        return ""
    title = _title(text)
    if position in ("l", "r"):
        title = title.replace("<a:bodyPr/>", '<a:bodyPr rot="-5400000" vert="horz"/>', 1)
    return title


def _attr(value: str) -> str:
    """Return `value` as a double-quoted attribute value, as lxml writes it."""
    return '"' + value.translate(_ATTR_ESCAPES) + '"'


def _rgb(colour: str) -> str:
    return f'<a:srgbClr val="{colour}"/>'


def _colour(style: ChartStyle, index: int) -> str:
    """Return the colour element of series `index`: a theme accent in a deck (explicit, so
    that LibreOffice, which ignores the theme for automatic colours, shows it too), else
    the PALETTE colour."""
    if style.theme:
        return f'<a:schemeClr val="accent{index % 6 + 1}"/>'
    return _rgb(PALETTE[index % len(PALETTE)])


def _solid(colour: str) -> str:
    return f"<a:solidFill>{colour}</a:solidFill>"


def _fill(colour: str) -> str:
    return f"<c:spPr>{_solid(colour)}</c:spPr>"


def _column(number: int) -> str:
    """Return the spreadsheet column name of 0-based `number` (0 -> A, 26 -> AA)."""
    name = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


# --- the embedded workbook ----------------------------------------------------------------


def chart_workbook(chart: ir.Chart, style: ChartStyle = WORD_STYLE) -> bytes:
    """Return a one-sheet .xlsx ("Sheet1") holding the chart's data where its refs point
    (a bubble chart's series, the quadrants' names included, depend on `style`)."""
    cells: dict[tuple[int, int], str | float] = {}  # (row, col), 1-based row, 0-based col
    if chart.kind == "bubble":
        for i, point in enumerate(_bubbles(chart, style)[1]):
            top = 3 * i + 1
            cells[(top, 1)] = point.label
            cells[(top, 2)] = "Size"
            for col, value in enumerate((point.x, point.y, point.size)):
                cells[(top + 1, col)] = value
    else:
        for r, category in enumerate(chart.categories, start=2):
            cells[(r, 0)] = category
        for c, series in enumerate(chart.series, start=1):
            cells[(1, c)] = series.name
            for r, number in enumerate(series.values, start=2):
                if number is not None:
                    cells[(r, c)] = number
    rows: dict[int, list[str]] = {}
    for (row, col), content in sorted(cells.items()):
        ref = f"{_column(col)}{row}"
        if isinstance(content, str):
            xml = f'<c r="{ref}" t="inlineStr"><is><t>{escape(content)}</t></is></c>'
        else:
            xml = f'<c r="{ref}" s="1"><v>{content}</v></c>'
        rows.setdefault(row, []).append(xml)
    sheet_data = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(rows.items()))
    parts = {
        "[Content_Types].xml": _XLSX_TYPES,
        "_rels/.rels": _XLSX_ROOT_RELS,
        "xl/workbook.xml": _XLSX_WORKBOOK,
        "xl/_rels/workbook.xml.rels": _XLSX_WORKBOOK_RELS,
        "xl/styles.xml": _XLSX_STYLES.format(code=_attr(chart.number_format)),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_SML}">'
            f"<sheetData>{sheet_data}</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            add_member(package, name, text.encode("utf-8"))
    return out.getvalue()


_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_XLSX_TYPES = (
    _DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_ROOT_RELS = (
    _DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_XLSX_WORKBOOK = (
    _DECL + f'<workbook xmlns="{_SML}" xmlns:r="{_REL}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_XLSX_WORKBOOK_RELS = (
    _DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_XLSX_STYLES = (
    _DECL + f'<styleSheet xmlns="{_SML}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode={code}/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)
