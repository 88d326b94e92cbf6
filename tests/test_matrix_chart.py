"""Charts a reader understands, read from the files kamdocs writes: the portfolio matrix
(quadrant lines at `matrix_split`, the quadrants' names, labels apart, neutral bubbles, the
same chart in the Word summary and the deck), value axes from zero, and category labels
below a chart whose values go negative."""

from __future__ import annotations

import colorsys
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import ooxml_schema
import pytest
from conftest import AS_OF
from lxml import etree
from openxml_audit import OpenXmlValidator

from kamdocs import ir
from kamdocs.building.driver import DocumentKey, Options, build_document
from kamdocs.documents.review_figures import BAD, GOOD
from kamdocs.templating.catalog import labels
from kamdocs.templating.filters import RAG_FILL, RELATIONSHIP_FILL
from kamdocs.workspace.loader import load_workspace
from kamdocs.writers import _chartlabels as geo
from kamdocs.writers import _chartxml

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
EMU_PER_PT = 12700
STATUS_COLOURS = {*RAG_FILL.values(), *RELATIONSHIP_FILL.values(), GOOD, BAD}
QUADRANTS = ("strategic", "star", "status", "streamline")


# --- reading a chart back -------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    x: float
    y: float
    size: float
    position: str
    font_pt: float
    bold: bool
    fill: str | None  # srgb colour, None for an invisible point (a quadrant's name)


@dataclass(frozen=True)
class Matrix:
    series: tuple[Series, ...]
    crosses: tuple[float, float]  # where the x axis and the y axis cross the other
    label_positions: tuple[str, str]  # tick labels of the x and y axes
    frame: geo.Frame
    size_pt: tuple[float, float]

    @property
    def accounts(self) -> list[Series]:
        return [s for s in self.series if s.fill is not None]

    @property
    def names(self) -> list[Series]:
        return [s for s in self.series if s.fill is None]


def _charts(path: Path) -> list[tuple[etree._Element, tuple[float, float]]]:
    """Return each chart of a .docx or .pptx with its drawn size in points."""
    found = []
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        hosts = [n for n in names if re.fullmatch(r"(word/document|ppt/slides/slide\d+)\.xml", n)]
        for host in hosts:
            folder, file = host.rsplit("/", 1)
            rels = etree.fromstring(package.read(f"{folder}/_rels/{file}.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            root = etree.fromstring(package.read(host))
            for ref in root.iter(f"{C}chart"):
                rel_id = ref.get(
                    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
                )
                frame = next(
                    e
                    for e in ref.iterancestors()
                    if e.tag.endswith("}inline") or e.tag.endswith("}graphicFrame")
                )
                extent = next(
                    e for e in frame.iter() if e.tag.endswith("}extent") or e.tag == f"{A}ext"
                )
                size = (int(extent.get("cx")) / EMU_PER_PT, int(extent.get("cy")) / EMU_PER_PT)
                part = re.sub(r"[^/]+/\.\./", "", f"{folder}/{targets[rel_id]}")
                found.append((etree.fromstring(package.read(part)), size))
    return found


def _number(series: etree._Element, name: str) -> float:
    return float(series.findtext(f"{C}{name}/{C}numRef/{C}numCache/{C}pt/{C}v"))


def _matrix(path: Path) -> Matrix:
    (root, size), *others = [
        c for c in _charts(path) if c[0].find(f".//{C}bubbleChart") is not None
    ]
    assert others == []
    series = []
    for ser in root.iter(f"{C}ser"):
        props = ser.find(f"{C}dLbls/{C}txPr/{A}p/{A}pPr/{A}defRPr")
        colour = ser.find(f"{C}spPr/{A}solidFill/{A}srgbClr")
        series.append(
            Series(
                ser.findtext(f"{C}tx/{C}strRef/{C}strCache/{C}pt/{C}v"),
                _number(ser, "xVal"),
                _number(ser, "yVal"),
                _number(ser, "bubbleSize"),
                ser.find(f"{C}dLbls/{C}dLblPos").get("val"),
                int(props.get("sz")) / 100,
                props.get("b") == "1",
                colour.get("val") if colour is not None else None,
            )
        )
    x_axis, y_axis = root.iter(f"{C}valAx")
    layout = root.find(f"{C}chart/{C}plotArea/{C}layout/{C}manualLayout")
    assert layout.find(f"{C}layoutTarget").get("val") == "inner"
    share = {k: float(layout.find(f"{C}{k}").get("val")) for k in ("x", "y", "w", "h")}

    def bounds(axis: etree._Element) -> tuple[float, float]:
        scaling = axis.find(f"{C}scaling")
        return float(scaling.find(f"{C}min").get("val")), float(scaling.find(f"{C}max").get("val"))

    frame = geo.Frame(
        share["x"] * size[0],
        share["y"] * size[1],
        share["w"] * size[0],
        share["h"] * size[1],
        *bounds(x_axis),
        *bounds(y_axis),
    )
    return Matrix(
        tuple(series),
        (
            float(x_axis.find(f"{C}crossesAt").get("val")),
            float(y_axis.find(f"{C}crossesAt").get("val")),
        ),
        (x_axis.find(f"{C}tickLblPos").get("val"), y_axis.find(f"{C}tickLblPos").get("val")),
        frame,
        size,
    )


def _label_boxes(matrix: Matrix) -> list[tuple[str, geo.Rect]]:
    """Return where each label is drawn, from the chart's own markup: the frame of its
    manual layout, each bubble's size and each label's position, font and text."""
    accounts = matrix.accounts
    radii = geo.radii([s.size for s in accounts], matrix.frame)
    boxes = []
    for s, r in [*zip(accounts, radii, strict=True), *((n, 0.0) for n in matrix.names)]:
        bubble = geo.Bubble(*matrix.frame.point(s.x, s.y), r)
        w, h = geo.text_size(s.name, s.font_pt, bold=s.bold)
        boxes.append((s.name, geo.label_box(s.position, bubble, w, h)))
    return boxes


def _overlaps(boxes: list[tuple[str, geo.Rect]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for i, (a, box) in enumerate(boxes)
        for b, other in boxes[i + 1 :]
        if box.overlap(other) > 0
    ]


# --- outputs --------------------------------------------------------------------------------


def _workspace(ws_copy: Path, settings: str = "") -> Path:
    if settings:
        with (ws_copy / "kamdocs.yaml").open("a", encoding="utf-8") as handle:
            handle.write(settings)
    return ws_copy


def _portfolio(root: Path, out: Path, lang: str | None = None) -> tuple[Path, Path]:
    ws = load_workspace(root)
    opts = {"today": AS_OF, "lang": lang}
    summary = build_document(
        "portfolio", ws, DocumentKey(), Options(out=out / "summary.docx", **opts)
    )
    deck = build_document(
        "portfolio-deck", ws, DocumentKey(), Options(out=out / "deck.pptx", **opts)
    )
    return summary.path, deck.path


@pytest.fixture(scope="module")
def demo_portfolio(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _portfolio(demo_root, tmp_path_factory.mktemp("portfolio"))


def test_the_quadrant_lines_cross_at_the_default_split(demo_portfolio: tuple[Path, Path]) -> None:
    for path in demo_portfolio:
        matrix = _matrix(path)
        assert matrix.crosses == (50.0, 50.0)
        # The axes' numbers stay at the plot's edges, away from the lines.
        assert matrix.label_positions == ("low", "low")
        assert (matrix.frame.x_min, matrix.frame.x_max) == (0.0, 100.0)
        assert (matrix.frame.y_min, matrix.frame.y_max) == (0.0, 100.0)


def test_the_quadrant_lines_and_names_move_with_matrix_split(ws_copy: Path, tmp_path: Path) -> None:
    root = _workspace(ws_copy, "matrix_split: 65\n")
    for path in _portfolio(root, tmp_path):
        matrix = _matrix(path)
        assert matrix.crosses == (65.0, 65.0)
        french = labels("fr", "common")
        where = {n.name: (n.x, n.y) for n in matrix.names}
        # Each name sits in its quadrant of the split at 65: strategic (high, high) top right...
        strategic = where[french["quadrant_strategic"]]
        streamline = where[french["quadrant_streamline"]]
        assert strategic[0] > 65
        assert strategic[1] > 65
        assert streamline[0] < 65
        assert streamline[1] < 65
        assert _findings(path) == []
        assert ooxml_schema.validate_package(path) == []


def _findings(path: Path) -> list[str]:
    result = OpenXmlValidator(max_errors=0, strict=True).validate(path)
    return sorted(f"{error.part_uri}: {error.description}" for error in result.errors)


def test_the_four_quadrants_are_named_in_the_documents_language(
    demo_portfolio: tuple[Path, Path], demo_root: Path, tmp_path: Path
) -> None:
    french = labels("fr", "common")
    for path in demo_portfolio:
        names = sorted(n.name for n in _matrix(path).names)
        assert names == sorted(french[f"quadrant_{q}"] for q in QUADRANTS)
        assert "Stratégique" in names
    english = labels("en", "common")
    for path in _portfolio(demo_root, tmp_path, "en"):
        names = sorted(n.name for n in _matrix(path).names)
        assert names == sorted(english[f"quadrant_{q}"] for q in QUADRANTS)
        assert "Strategic" in names


def test_no_two_labels_overlap(demo_portfolio: tuple[Path, Path]) -> None:
    for path in demo_portfolio:
        matrix = _matrix(path)
        boxes = _label_boxes(matrix)
        assert len(boxes) == len(matrix.accounts) + 4 >= 9
        assert _overlaps(boxes) == []
        chart = geo.Rect(0, 0, *matrix.size_pt)
        assert [name for name, box in boxes if box.outside(chart) > 0] == []


def test_crowded_accounts_get_labels_apart() -> None:
    # Six accounts close together: every label on the right would overlap its neighbours.
    near = [(60, 60), (63, 57), (66, 62), (61, 66), (57, 63), (64, 66)]
    chart = ir.Chart(
        "bubble",
        "Matrice",
        bubbles=tuple(
            ir.BubblePoint(f"Compte numéro {i}", x, y, 100 + 10 * i)
            for i, (x, y) in enumerate(near)
        ),
        number_format="0",
        x_title="Force",
        y_title="Attrait",
        axis_min=0,
        axis_max=100,
        quadrants=ir.Quadrants(50, ("Étoile", "Stratégique", "Rationalisation", "Statut")),
    )
    style = _chartxml.ChartStyle(17 / 2.54 * 72, 11 / 2.54 * 72)
    frame = _chartxml.bubble_frame(chart, style)
    sizes = [b.size for b in chart.bubbles]
    bubbles = [
        geo.Bubble(*frame.point(b.x, b.y), r)
        for b, r in zip(chart.bubbles, geo.radii(sizes, frame), strict=True)
    ]
    measured = [geo.text_size(b.label, style.label_pt) for b in chart.bubbles]
    naive = [
        (b.label, box)
        for b, box in zip(chart.bubbles, geo.label_boxes(["r"] * 6, bubbles, measured), strict=True)
    ]
    assert _overlaps(naive)
    root = etree.fromstring(_chartxml.chart_space_xml(chart, style).encode())
    positions = [s.find(f"{C}dLbls/{C}dLblPos").get("val") for s in root.iter(f"{C}ser")][:6]
    placed = [
        (b.label, box)
        for b, box in zip(chart.bubbles, geo.label_boxes(positions, bubbles, measured), strict=True)
    ]
    assert _overlaps(placed) == []
    # Deterministic: the same chart gets the same labels.
    assert _chartxml.chart_space_xml(chart, style) == _chartxml.chart_space_xml(chart, style)


def test_bubbles_are_neutral_not_status_colours(demo_portfolio: tuple[Path, Path]) -> None:
    for path in demo_portfolio:
        fills = {s.fill for s in _matrix(path).accounts}
        assert fills
        assert fills.isdisjoint(STATUS_COLOURS)
        for fill in fills:
            assert fill is not None
            hue, _, saturation = colorsys.rgb_to_hls(
                *(int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
            )
            # A blue-grey: far from red (0°), amber (45°) and green (120°).
            assert 180 <= hue * 360 <= 240, fill
            assert saturation < 0.5, fill


def test_the_summary_and_the_deck_show_the_same_matrix(demo_portfolio: tuple[Path, Path]) -> None:
    summary, deck = (_matrix(p) for p in demo_portfolio)

    def content(matrix: Matrix) -> list[tuple[str, float, float, str | None]]:
        return [(s.name, s.x, s.y, s.fill) for s in matrix.accounts]

    assert content(summary) == content(deck)
    assert [s.size for s in summary.accounts] == [s.size for s in deck.accounts]
    assert sorted(n.name for n in summary.names) == sorted(n.name for n in deck.names)
    assert summary.crosses == deck.crosses


# --- axes -----------------------------------------------------------------------------------


def _category_charts(path: Path) -> list[etree._Element]:
    return [root for root, _ in _charts(path) if root.find(f".//{C}catAx") is not None]


def _values(root: etree._Element) -> list[float]:
    return [float(v.text) for v in root.iterfind(f".//{C}val/{C}numRef/{C}numCache/{C}pt/{C}v")]


def test_every_value_axis_of_the_demo_starts_at_zero(
    demo_root: Path, demo_portfolio: tuple[Path, Path], tmp_path: Path
) -> None:
    ws = load_workspace(demo_root)
    paths = list(demo_portfolio)
    for kind, audience in (
        ("plan", "internal"),
        ("plan", "client"),
        ("review", "internal"),
        ("review", "client"),
    ):
        key = DocumentKey("marches-vervelle", audience=audience)
        paths.append(
            build_document(
                kind,
                ws,
                key,
                Options(
                    today=AS_OF,
                    out=tmp_path / f"{kind}-{audience}.{'docx' if kind == 'plan' else 'pptx'}",
                ),
            ).path
        )
    checked = 0
    for path in paths:
        for root, _ in _charts(path):
            if root.find(f".//{C}pieChart") is not None:
                continue
            for axis in root.iter(f"{C}valAx"):
                assert axis.find(f"{C}scaling/{C}min").get("val") == "0.0", path.name
                checked += 1
    assert checked >= 12


def test_category_labels_sit_at_the_bottom_when_nps_goes_negative(
    ws_copy: Path, tmp_path: Path
) -> None:
    reviews = ws_copy / "content" / "accounts" / "marches-vervelle" / "reviews"
    for name, old, new in (
        ("2026-Q2.yaml", "{nps: 32, previous_nps: 25}", "{nps: -15, previous_nps: -22}"),
        ("2026-Q3.yaml", "{nps: 38, previous_nps: 32}", "{nps: 8, previous_nps: -15}"),
    ):
        path = reviews / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    ws = load_workspace(ws_copy)
    key = DocumentKey("marches-vervelle", audience="internal")
    outputs = [
        build_document("review", ws, key, Options(today=AS_OF, out=tmp_path / "qbr.pptx")).path,
        build_document("plan", ws, key, Options(today=AS_OF, out=tmp_path / "plan.docx")).path,
    ]
    for path in outputs:
        charts = _category_charts(path)
        negative = [root for root in charts if min(_values(root), default=0) < 0]
        assert len(negative) == 1, path.name  # the NPS chart
        (nps,) = negative
        assert sorted(v for v in _values(nps) if v < 0) == [-22.0, -15.0]
        assert nps.find(f".//{C}catAx/{C}tickLblPos").get("val") == "low"
        assert nps.find(f".//{C}valAx/{C}scaling/{C}min") is None  # room for the negatives
        others = [root for root in charts if root is not nps]
        assert {r.find(f".//{C}catAx/{C}tickLblPos").get("val") for r in others} == {"nextTo"}
        assert _findings(path) == []


def test_a_split_off_the_axis_is_an_error_of_the_settings(ws_copy: Path) -> None:
    root = _workspace(ws_copy, "matrix_split: 150\n")
    settings = load_workspace(root).settings
    assert not settings.ok
    (problem,) = [p for p in settings.problems if p.is_error]
    assert problem.file == "kamdocs.yaml"
    assert "matrix_split" in str(problem)
    assert "100" in str(problem)
