"""Native chart XML (DrawingML `c:chartSpace`) and its embedded workbook, written directly.

The Word writer used to build charts through python-pptx's chart data and chart proxies:
about 4 ms per chart plus python-pptx and XlsxWriter imports (~130 ms, ~11 MiB) for every
plan. This module writes the same markup as that path (a test compares the two, element for
element) from plain strings, and the workbook that Word's "Edit data" opens as a minimal
SpreadsheetML package. Every text value is escaped; numbers are written with `str`.

Layout of the workbook, as PowerPoint and python-pptx lay it out: category charts put the
categories in column A from row 2 and one series per column from B, its name in row 1;
bubble charts give each series a block of rows (name and "Size" headings, then x, y and size
in columns A, B and C) followed by a spacer row.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from kamdocs import ir
from kamdocs.writers._zip import add_member

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
    """Return an axis id as the schema's xsd:unsignedInt: a negative 32-bit id read unsigned."""
    return str(int(value) % 2**32)


# Axis ids of python-pptx's templates, made unsigned as the schema types them (python-pptx
# writes "-2068027336"; `_chart.positive_axis_ids` rewrites the deck's the same way).
_AXES = {
    kind: (unsigned_axis_id(first), unsigned_axis_id(second))
    for kind, (first, second) in {
        "bar": ("-2068027336", "-2113994440"),
        "line": ("2118791784", "2140495176"),
        "bubble": ("-2115720072", "-2115723560"),
    }.items()
}
_SMOOTH_OFF = '<c:smooth val="0"/>'
_TEXT_PR = (
    '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr>'
    '<a:endParaRPr lang="en-US"/></a:p></c:txPr>'
)


def localised(chart: ir.Chart, language: str) -> ir.Chart:
    """Return `chart` with its number format tagged for `language` ("fr", "en")."""
    tag = NUMBER_LOCALES.get(language)
    if tag and not chart.number_format.startswith("[$"):
        return dataclasses.replace(chart, number_format=tag + chart.number_format)
    return chart


def chart_space_xml(chart: ir.Chart) -> str:
    """Return the `c:chartSpace` document of `chart`, series coloured from PALETTE.

    `chart.number_format` is used as given (see `_chart.localised` for the locale tag).
    """
    body = _PLOTS[chart.kind](chart)
    date1904 = "" if chart.kind in ("pie", "bubble") else '<c:date1904 val="0"/>'
    multi = len(chart.series) > 1 or chart.kind in ("pie", "bubble")
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
        f'{_title(chart.title, bold=True)}<c:autoTitleDeleted val="0"/>'
        if chart.title
        else '<c:autoTitleDeleted val="1"/>'
    )
    return (
        f"<c:chartSpace {_NS}>{date1904}<c:chart>{title}<c:plotArea>{body}</c:plotArea>"
        f"{legend}{tail}</c:chart>{_TEXT_PR}</c:chartSpace>"
    )


# --- plots --------------------------------------------------------------------------------


def _bar(chart: ir.Chart) -> str:
    """Bars or columns; in a column chart, series of kind "line" are drawn as lines over the
    columns, on the same axes (a bar + line combination, as the deck draws it)."""
    horizontal = chart.kind in ("bar", "stacked_bar")
    stacked = chart.kind == "stacked_bar"
    cat_id, val_id = _AXES["bar"]
    lines = [i for i, s in enumerate(chart.series) if s.kind == "line"]
    combined = chart.kind == "column" and 0 < len(lines) < len(chart.series)
    series = "".join(
        _category_series(chart, i, s, _fill(PALETTE[i % len(PALETTE)]))
        for i, s in enumerate(chart.series)
        if not (combined and i in lines)
    )
    overlap = '<c:overlap val="100"/>' if stacked else ""
    over = _line_plot(chart, lines, cat_id, val_id, '<c:symbol val="circle"/>') if combined else ""
    return (
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/>'
        f'<c:grouping val="{"stacked" if stacked else "clustered"}"/>{series}{overlap}'
        f'<c:axId val="{cat_id}"/><c:axId val="{val_id}"/></c:barChart>{over}'
        f"{_category_axis(chart, cat_id, val_id, 'l' if horizontal else 'b')}"
        f"{_value_axis(chart, val_id, cat_id, 'b' if horizontal else 'l')}"
    )


def _line(chart: ir.Chart) -> str:
    cat_id, val_id = _AXES["line"]
    plot = _line_plot(chart, range(len(chart.series)), cat_id, val_id, "", smooth=True)
    return (
        f"{plot}{_category_axis(chart, cat_id, val_id, 'b')}"
        f"{_value_axis(chart, val_id, cat_id, 'l')}"
    )


def _line_plot(
    chart: ir.Chart,
    indexes: Sequence[int],
    cat_id: str,
    val_id: str,
    symbol: str,
    *,
    smooth: bool = False,
) -> str:
    parts = []
    for i in indexes:
        colour = PALETTE[i % len(PALETTE)]
        sp_pr = (
            f'<c:spPr><a:ln w="28575">{_solid(colour)}</a:ln></c:spPr>'
            f"<c:marker>{symbol}{_fill(colour)}</c:marker>"
        )
        parts.append(_category_series(chart, i, chart.series[i], sp_pr, _SMOOTH_OFF))
    return (
        f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{"".join(parts)}'
        f'<c:marker val="1"/>{_SMOOTH_OFF if smooth else ""}'
        f'<c:axId val="{cat_id}"/><c:axId val="{val_id}"/></c:lineChart>'
    )


def _pie(chart: ir.Chart) -> str:
    points = "".join(
        f'<c:dPt><c:idx val="{i}"/>{_fill(PALETTE[i % len(PALETTE)])}</c:dPt>'
        for i in range(len(chart.categories))
    )
    series = "".join(_category_series(chart, i, s, points) for i, s in enumerate(chart.series[:1]))
    return (
        f'<c:pieChart><c:varyColors val="1"/>{series}<c:dLbls>{_num_fmt(chart.number_format)}'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        '<c:showLeaderLines val="1"/></c:dLbls></c:pieChart>'
    )


def _bubble(chart: ir.Chart) -> str:
    x_id, y_id = _AXES["bubble"]
    fmt = chart.number_format
    parts = []
    for i, point in enumerate(chart.bubbles):
        row = 3 * i + 2  # one heading row, one data row and one spacer row per series

        def ref(col: str, row: int = row) -> str:
            return f"Sheet1!${col}${row}:${col}${row}"

        parts.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
            f"{_tx(f'Sheet1!$B${row - 1}', point.label)}"
            f'{_fill(PALETTE[i % len(PALETTE)])}<c:invertIfNegative val="0"/>'
            f"<c:xVal>{_num_ref(ref('A'), fmt, (point.x,))}</c:xVal>"
            f"<c:yVal>{_num_ref(ref('B'), fmt, (point.y,))}</c:yVal>"
            f"<c:bubbleSize>{_num_ref(ref('C'), fmt, (point.size,))}</c:bubbleSize>"
            '<c:bubble3D val="0"/></c:ser>'
        )
    scaling = _scaling(chart, orientation=True)
    return (
        f'<c:layout/><c:bubbleChart><c:varyColors val="0"/>{"".join(parts)}'
        '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/>'
        '<c:showSerName val="1"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        '<c:bubbleScale val="60"/><c:showNegBubbles val="0"/>'
        f'<c:axId val="{x_id}"/><c:axId val="{y_id}"/></c:bubbleChart>'
        f'<c:valAx><c:axId val="{x_id}"/>{scaling}<c:delete val="0"/><c:axPos val="b"/>'
        f'{_axis_title(chart.x_title)}<c:numFmt formatCode="General" sourceLinked="1"/>'
        f'{_ticks(y_id)}<c:crossBetween val="midCat"/></c:valAx>'
        f'<c:valAx><c:axId val="{y_id}"/>{scaling}<c:delete val="0"/><c:axPos val="l"/>'
        f"<c:majorGridlines/>{_axis_title(chart.y_title)}{_num_fmt(fmt)}"
        f'{_ticks(x_id)}<c:crossBetween val="midCat"/></c:valAx>'
    )


_PLOTS = {
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


def _category_axis(chart: ir.Chart, ax_id: str, cross: str, position: str) -> str:
    return (
        f'<c:catAx><c:axId val="{ax_id}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{position}"/>{_axis_title(chart.x_title)}'
        f'{_ticks(cross)}<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
    )


def _value_axis(chart: ir.Chart, ax_id: str, cross: str, position: str) -> str:
    return (
        f'<c:valAx><c:axId val="{ax_id}"/>{_scaling(chart, orientation=False)}'
        f'<c:delete val="0"/><c:axPos val="{position}"/><c:majorGridlines/>'
        f"{_axis_title(chart.y_title)}{_num_fmt(chart.number_format)}{_ticks(cross)}</c:valAx>"
    )


def _scaling(chart: ir.Chart, *, orientation: bool) -> str:
    inner = '<c:orientation val="minMax"/>' if orientation else ""
    if chart.axis_max is not None:
        inner += f'<c:max val="{float(chart.axis_max)}"/>'
    if chart.axis_min is not None:
        inner += f'<c:min val="{float(chart.axis_min)}"/>'
    return f"<c:scaling>{inner}</c:scaling>" if inner else "<c:scaling/>"


def _ticks(cross: str) -> str:
    return (
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{cross}"/><c:crosses val="autoZero"/>'
    )


def _num_fmt(number_format: str) -> str:
    return f'<c:numFmt formatCode={quoteattr(number_format)} sourceLinked="0"/>'


def _title(text: str, *, bold: bool = False) -> str:
    props = '<a:rPr sz="1100" b="1"/>' if bold else ""
    return (
        "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>"
        f"<a:p><a:r>{props}<a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:layout/><c:overlay val="0"/></c:title>'
    )


def _axis_title(text: str | None) -> str:
    return _title(text) if text else ""


def _solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


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


def chart_workbook(chart: ir.Chart) -> bytes:
    """Return a one-sheet .xlsx ("Sheet1") holding the chart's data where its refs point."""
    cells: dict[tuple[int, int], str | float] = {}  # (row, col), 1-based row, 0-based col
    if chart.kind == "bubble":
        for i, point in enumerate(chart.bubbles):
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
        "xl/styles.xml": _XLSX_STYLES.format(code=quoteattr(chart.number_format)),
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
