"""The quarterly business review deck, opened as a user would: slides, tables, charts, notes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import corporate_templates
import ooxml_schema
import pptx
import pytest
from conftest import AS_OF, write

from kamdocs import ir
from kamdocs.building.driver import (
    DocumentKey,
    Options,
    build_document,
)
from kamdocs.errors import ContentError, KamdocsError
from kamdocs.memo import Memo
from kamdocs.workspace.loader import load_workspace
from kamdocs.writers import _measure, _slides
from kamdocs.writers import pptx as pptx_writer
from kamdocs.writers.pptx import write_pptx

REFERENCE = Path(__file__).resolve().parent.parent / "templates" / "pptx" / "reference.pptx"
FR_CLIENT_TITLES = [
    "Revue trimestrielle T3 2026",
    "Ordre du jour",
    "Synthèse",
    "Ce que nous avions prévu",
    "Décisions attendues",
    "Indicateurs vs objectifs",
    "Évolution du chiffre d'affaires",
    "Projets en discussion",
    "Succès, obstacles, nouvelles opportunités",
    "Avancement du plan d'actions",
    "Satisfaction",
    "Évolutions chez nos interlocuteurs",
    "Priorités du prochain trimestre",
    "Prochaine revue",
    "Annexes",
    "Annexe — Indicateurs : détail",
    "Annexe — Plan d'actions : détail",
]
EN_INTERNAL_TITLES = [
    "Quarterly business review Q3 2026",
    "Agenda",
    "Executive summary",
    "What we committed to",
    "Decisions requested",
    "KPIs vs target",
    "Revenue trend",
    "Opportunity pipeline by stage",
    "Successes, obstacles, new opportunities",
    "Action plan status",
    "Satisfaction and account health",
    "Stakeholder changes",
    "Next-quarter priorities",
    "Next review",
    "Appendix",
    "Appendix — KPIs: detail",
    "Appendix — Action plan: detail",
    "Appendix — Open deals: detail",
]
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice and poppler-utils are not installed",
)


# --- helpers --------------------------------------------------------------------------------


def build(
    ws, slug: str, tmp_path: Path, audience: str = "client", quarter: str | None = None, **kw: Any
) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{slug}-{quarter or 'latest'}-{audience}.pptx"
    return build_document(
        "review",
        ws,
        DocumentKey(slug, audience=audience, quarter=quarter),
        Options(today=AS_OF, out=out, **kw),
    ).path


def kicker(slide: Any) -> str:
    """The slide's topic, in small type above a title that states its message."""
    return next((s.text_frame.text for s in slide.shapes if s.name == "Kicker"), "")


def topic(slide: Any) -> str:
    """The topic of a slide: its kicker, else its title (title, agenda and divider slides)."""
    title = slide.shapes.title.text if slide.shapes.title is not None else ""
    return kicker(slide) or title


def titles(deck: Any) -> list[str]:
    """The topic of every slide, continuations marked by their title's suffix."""
    found = []
    for slide in deck.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        suffix = title[title.rfind(" (") :] if title.endswith(")") and kicker(slide) else ""
        found.append(topic(slide) + (suffix if suffix in (" (suite)", " (cont.)") else ""))
    return found


def without_continuations(names: list[str], suffix: str) -> list[str]:
    return [t for t in names if not t.endswith(suffix)]


def slides_titled(deck: Any, title: str) -> list[Any]:
    """The slides whose topic (kicker, else title) starts with `title`."""
    return [s for s in deck.slides if topic(s).startswith(title)]


def tables(slide: Any) -> list[Any]:
    return [s.table for s in slide.shapes if s.has_table]


def charts(deck: Any) -> list[Any]:
    return [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]


def cell_text(cell: Any) -> str:
    return cell.text_frame.text


def rows(table: Any) -> list[list[str]]:
    return [[cell_text(c) for c in row.cells] for row in table.rows]


def fill(cell: Any) -> str | None:
    return str(cell.fill.fore_color.rgb) if cell.fill.type is not None else None


def slide_text(slide: Any) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell_text(c) for row in shape.table.rows for c in row.cells)
    return "\n".join(parts)


def package_text(path: Path) -> str:
    """Every XML part of the package (slides, notes, charts, properties) as one string."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )


def assert_shapes_inside_and_apart(deck: Any) -> None:
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        boxes = []
        for shape in slide.shapes:
            bottom = shape.top + (
                sum(r.height for r in shape.table.rows) if shape.has_table else shape.height
            )
            box = (shape.left, shape.top, shape.left + shape.width, bottom)
            assert min(box[0], box[1]) >= 0, (number, shape.name)
            assert box[2] <= width, (number, shape.name, box)
            assert box[3] <= height, (number, shape.name, box)
            boxes.append((shape.name, box))
        for i, (name, a) in enumerate(boxes):
            for other, b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (number, name, other)


def synthetic_workspace(
    root: Path, *, kpis: int = 3, changes: int = 2, name: str = "Acme SA", decisions: bool = True
) -> Path:
    write(root / "content" / "company.yaml", "name: Nous SAS (fictif)\n")
    write(
        root / "content" / "accounts" / "acme" / "account.yaml",
        f"""\
name: {name!r}
language: fr
owner: {{name: Alice Martin}}
revenue:
  history:
    - {{period: 2026-Q1, amount: 100000}}
    - {{period: 2026-Q2, amount: 120000}}
  targets: {{2026-Q1: 95000, 2026-Q2: 110000}}
actions:
  - {{id: A1, action: Installer le comité, owner: Alice Martin, due: 2026-12-01,
     expected_result: 2 comités tenus, status: on_track}}
""",
    )
    kpi_lines = "\n".join(
        f"  - {{name: Indicateur numéro {i} de la disponibilité en rayon des magasins pilotes"
        f" de la région, unit: '%', target: 90, actual: {80 + i}, previous: 80, "
        f"last_year: 75}}"
        for i in range(1, kpis + 1)
    )
    change_lines = "\n".join(
        f"  - Changement numéro {i} chez nos interlocuteurs du client, "
        f"nouveau responsable des achats de la région {i}"
        for i in range(1, changes + 1)
    )
    decision_lines = (
        "decisions_needed:\n  - {decision: Valider le périmètre, by: Bob, date: 2026-12-15}\n"
        if decisions
        else ""
    )
    write(
        root / "content" / "accounts" / "acme" / "reviews" / "2026-Q2.yaml",
        f"""\
quarter: 2026-Q2
date: 2026-07-10
attendees: [Bob, Alice Martin]
kpis:
{kpi_lines}
stakeholder_changes:
{change_lines}
{decision_lines}satisfaction: {{nps: 30, previous_nps: 25}}
""",
    )
    return root


# --- the demo decks -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_decks(demo_ws, tmp_path_factory) -> list[Path]:  # type: ignore[no-untyped-def]
    """Every demo review deck: each account's reviews, both audiences."""
    out = tmp_path_factory.mktemp("decks")
    return [
        build(demo_ws, slug, out, audience, quarter)
        for slug, bundle in demo_ws.accounts.items()
        for quarter in bundle.reviews
        for audience in ("client", "internal")
    ]


def test_the_client_deck_has_the_slides_of_the_domain_in_order(demo_ws, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path)))
    assert without_continuations(titles(deck), "(suite)") == FR_CLIENT_TITLES
    assert deck.slides[0].slide_layout.name == "Title Slide"


def test_the_english_internal_deck_has_its_own_titles(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "nimbrook-software", tmp_path, "internal")
    deck = pptx.Presentation(str(path))
    assert without_continuations(titles(deck), "(cont.)") == EN_INTERNAL_TITLES


def test_the_agenda_lists_the_slides_present(demo_ws, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path)))
    agenda = slides_titled(deck, "Ordre du jour")[0]
    grid = rows(tables(agenda)[0])
    assert grid[0] == ["#", "Sujet", "Durée"]
    assert [r[1] for r in grid[1:]] == FR_CLIENT_TITLES[2:-3]  # the appendix is not a topic
    assert [r[0] for r in grid[1:]] == [str(i) for i in range(1, len(grid))]
    minutes = [int(r[2].removesuffix("\u00a0min")) for r in grid[1:]]
    assert sum(minutes) == 60
    assert min(minutes) > 0


def test_the_default_quarter_is_the_latest_review(demo_ws, tmp_path: Path) -> None:
    latest = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path)))
    earlier = pptx.Presentation(
        str(build(demo_ws, "marches-vervelle", tmp_path, quarter="2026-Q2"))
    )
    assert titles(latest)[0] == "Revue trimestrielle T3 2026"
    assert titles(earlier)[0] == "Revue trimestrielle T2 2026"


def test_an_unknown_quarter_lists_the_available_ones(demo_ws, tmp_path: Path) -> None:
    with pytest.raises(KamdocsError) as caught:
        build(demo_ws, "marches-vervelle", tmp_path, quarter="2025-Q1")
    assert str(caught.value) == (
        "no review for quarter '2025-Q1' in account 'marches-vervelle'; "
        "quarters available: 2026-Q2, 2026-Q3"
    )


def test_the_client_deck_carries_three_native_charts(demo_ws, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path)))
    found = {c.chart_title.text_frame.text: c for c in charts(deck)}
    revenue = found["Chiffre d'affaires par trimestre : réel et objectif"]
    assert [type(p).__name__ for p in revenue.plots] == ["BarPlot", "LinePlot"]
    assert list(revenue.plots[0].categories) == [
        "T4 2024",
        "T1 2025",
        "T2 2025",
        "T3 2025",
        "T4 2025",
        "T1 2026",
        "T2 2026",
        "T3 2026",
    ]
    assert list(revenue.plots[0].series[0].values) == [
        462000,
        431000,
        448000,
        419000,
        497000,
        455000,
        478000,
        446000,
    ]
    assert list(revenue.plots[1].series[0].values)[-3:] == [460000, 475000, 470000]
    kpis = found["Atteinte des objectifs (100 = objectif atteint)"]
    assert kpis.plots[0].categories[2] == "Erreur de prévision frais (MAPE)"
    assert [type(p).__name__ for p in kpis.plots] == ["BarPlot", "LinePlot"]
    assert list(kpis.plots[0].series[0].values) == [99.4, 103.2, 83.7, 100.4, 93.0]
    assert list(kpis.plots[1].series[0].values) == [100.0] * 5  # the target, a line at 100
    assert kpis.value_axis.minimum_scale == 0
    nps = found["NPS par trimestre"]
    assert type(nps.plots[0]).__name__ == "LinePlot"
    assert list(nps.plots[0].categories) == ["T1 2026", "T2 2026", "T3 2026"]
    assert list(nps.plots[0].series[0].values) == [25, 32, 38]


def test_charts_use_theme_colours_and_the_deck_number_format(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    with zipfile.ZipFile(path) as archive:
        chart_xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/charts/chart")
        )
    assert '<a:schemeClr val="accent1"/>' in chart_xml
    assert 'formatCode="[$-40C]#,##0\\ &quot;€&quot;"' in chart_xml


def test_the_kpi_table_shows_values_arrows_and_status_colours(demo_ws, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path)))
    main = tables(slides_titled(deck, "Indicateurs vs objectifs")[0])[0]
    assert rows(main)[0] == ["Indicateur", "Réel", "Objectif", "Écart", "Statut"]
    table = tables(slides_titled(deck, "Annexe — Indicateurs")[0])[0]
    assert [r[0] for r in rows(main)] == [r[0] for r in rows(table)]
    assert rows(table)[0] == [
        "Indicateur",
        "Réel",
        "Objectif",
        "Écart",
        "T2 2026",
        "T3 2025",
        "Tendance",
        "Statut",
    ]
    mape = rows(table)[3]
    assert mape[:6] == [
        "Erreur de prévision frais (MAPE)",
        "21,5\u202f%",
        "18\u202f%",
        "+3,5\u00a0pt",
        "22,4\u202f%",
        "27\u202f%",
    ]
    assert [mape[6], mape[7]] == ["↓", "✕ En retard"]
    assert [r[7] for r in rows(table)[1:]] == [
        "▲ À surveiller",
        "✓ Atteint",
        "✕ En retard",
        "✓ Atteint",
        "▲ À surveiller",
    ]
    assert fill(table.cell(3, 7)) == "C00000"
    assert str(table.cell(3, 6).text_frame.paragraphs[0].runs[0].font.color.rgb) == "00B050"
    assert [fill(table.cell(i, 7)) for i in range(1, 6)] == [
        "FFC000",
        "00B050",
        "C00000",
        "00B050",
        "FFC000",
    ]


def test_the_action_plan_puts_late_actions_first(demo_ws, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path)))
    grid = [
        row
        for s in slides_titled(deck, "Annexe — Plan d'actions")
        for table in tables(s)
        for row in list(table.rows)[1:]
    ]
    main = tables(slides_titled(deck, "Avancement du plan d'actions")[0])[0]
    assert [r[0] for r in rows(main)[1:]] == [cell_text(r.cells[0]) for r in grid[:5]]
    ids = [cell_text(r.cells[0]) for r in grid]
    assert ids[:2] == ["A2", "A7"]
    assert ids[-2:] == ["A1", "A4"]
    assert cell_text(grid[0].cells[4]) == "✕ En bonne voie (échue)"
    assert fill(grid[0].cells[4]) == "C00000"
    # French spacing: no line break before "h" or ";" (typography.py).
    assert (
        cell_text(grid[1].cells[5]) == "Délai P2 à 8,6\u00a0h\u00a0; objectif de 8\u00a0h non tenu"
    )


def test_every_slide_has_speaker_notes_and_the_marking(demo_ws, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(build(demo_ws, "marches-vervelle", tmp_path, "internal")))
    for number, slide in enumerate(deck.slides, 1):
        assert slide.has_notes_slide, number
        assert slide.notes_slide.notes_text_frame.text.strip(), number
        text = slide_text(slide)
        assert "Confidentiel — usage interne · Marchés Vervelle SA · 13 octobre 2026" in text
        assert f"{number} / {len(deck.slides)}" in text
    kpi_notes = slides_titled(deck, "Indicateurs vs objectifs")[0].notes_slide
    assert "Erreur de prévision frais (MAPE)\u00a0: 21,5\u202f% pour un objectif de 18\u202f%" in (
        kpi_notes.notes_text_frame.text
    )


def test_the_client_deck_never_shows_internal_data(demo_ws, tmp_path: Path) -> None:
    account = demo_ws.accounts["marches-vervelle"].account.model
    internal_only = [r.text[:40] for r in account.risks] + [
        "Santé du compte",
        "Pipeline pondéré",
        "Pondéré",
        "Probabilité",
        "Stratégique",
        "Investir",
        "Risque principal",
        "150\u202f689\u00a0€",
    ]
    client = package_text(build(demo_ws, "marches-vervelle", tmp_path, "client"))
    internal = package_text(build(demo_ws, "marches-vervelle", tmp_path, "internal"))
    assert [t for t in internal_only if t in client] == []
    assert "Santé du compte" in internal
    assert "Pipeline pondéré" in internal
    assert "Risque principal" in internal


def test_every_demo_deck_keeps_its_shapes_inside_the_slide_and_apart(
    demo_ws, demo_decks: list[Path]
) -> None:
    assert len(demo_decks) == 2 * sum(len(b.reviews) for b in demo_ws.accounts.values()) >= 8
    for path in demo_decks:
        assert_shapes_inside_and_apart(pptx.Presentation(str(path)))


def test_identical_inputs_give_identical_bytes(demo_ws, tmp_path: Path) -> None:
    first = build(demo_ws, "nimbrook-software", tmp_path / "a", "internal").read_bytes()
    second = build(demo_ws, "nimbrook-software", tmp_path / "b", "internal").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        workbook = archive.read("ppt/embeddings/Microsoft_Excel_Sheet1.xlsx")
        core = archive.read("docProps/core.xml").decode()
    with zipfile.ZipFile(io.BytesIO(workbook)) as inner:
        assert {i.date_time for i in inner.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        # Written by the chart writer, not XlsxWriter: no document properties, no clock.
        assert "docProps/core.xml" not in inner.namelist()
    assert "2026-11-23T00:00:00Z" in core


def test_a_corporate_template_with_french_layout_names_gives_a_valid_deck(
    demo_ws, tmp_path: Path
) -> None:
    reference = corporate_templates.make_corporate_pptx(tmp_path / "corporate.pptx")
    path = build(demo_ws, "marches-vervelle", tmp_path, "internal", reference=reference)
    deck = pptx.Presentation(str(path))
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)
    layouts = {s.slide_layout.name for s in deck.slides}
    assert layouts == {"Titre", "Titre et contenu", "Section"}  # the appendix's divider
    assert without_continuations(titles(deck), "(suite)")[:3] == [
        "Revue trimestrielle T3 2026",
        "Ordre du jour",
        "Synthèse",
    ]
    assert_shapes_inside_and_apart(deck)
    assert ooxml_schema.validate_package(path) == []


def test_new_parts_get_the_names_python_pptx_would_give_them(
    demo_ws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reference that holds slides with notes (removed before the deck is written, leaving
    # a notes master and its theme) and one without, each with the demo's charts and notes.
    holding = pptx.Presentation(str(corporate_templates.make_corporate_pptx(tmp_path / "c.pptx")))
    for n in range(3):
        slide = holding.slides.add_slide(holding.slide_layouts[1])
        slide.notes_slide.notes_text_frame.text = f"sample {n}"
    holding.save(str(tmp_path / "holding.pptx"))
    decks = {}
    for naming in ("kamdocs", "python-pptx"):
        if naming == "python-pptx":
            monkeypatch.setattr(pptx_writer, "name_parts_from_a_list", lambda _package: None)
        for reference in (REFERENCE, tmp_path / "holding.pptx"):
            path = build(demo_ws, "ondrelle-industrie", tmp_path, reference=reference)
            decks[naming, reference.name] = path.read_bytes()
            names = zipfile.ZipFile(path).namelist()
            assert {"ppt/slides/slide12.xml", "ppt/notesSlides/notesSlide2.xml"} <= set(names)
            assert "ppt/charts/chart3.xml" in names
    for reference in (REFERENCE, tmp_path / "holding.pptx"):
        assert decks["kamdocs", reference.name] == decks["python-pptx", reference.name]


ROLE_LAYOUTS = {
    "title": ("Title Slide", "Titre"),
    "section": ("Section Header", "Section"),
    "content": ("Title and Content", "Titre et contenu"),
    "two": ("Two Content", "Deux contenus"),
    "comparison": ("Comparison", "Comparaison"),
    "title_only": ("Title Only", "Titre seul"),
    "blank": ("Blank", "Vide"),
}


def test_each_role_finds_its_layout_by_name_or_by_placeholders(tmp_path: Path) -> None:
    blocks: list[ir.Block] = []
    for role in ROLE_LAYOUTS:
        blocks += [
            ir.SlideBreak(role, f"{role} slide", "sub", "notes"),
            ir.Paragraph((ir.Text("body"),)),
        ]
    document = ir.Document(ir.Meta("t", header="mark"), tuple(blocks))
    corporate = corporate_templates.make_corporate_pptx(tmp_path / "corporate.pptx")
    for index, reference in enumerate((REFERENCE, corporate)):
        deck = pptx.Presentation(io.BytesIO(write_pptx(document, reference.read_bytes())))
        assert [s.slide_layout.name for s in deck.slides] == [
            names[index] for names in ROLE_LAYOUTS.values()
        ]
        assert_shapes_inside_and_apart(deck)
        assert all("mark" in slide_text(s) for s in deck.slides)


def test_a_reference_without_a_usable_layout_is_refused_with_its_layouts(tmp_path: Path) -> None:
    source = pptx.Presentation()
    for layout in list(source.slide_layouts):
        if layout.name != "Blank":
            source.slide_layouts.remove(layout)
    source.save(str(tmp_path / "blank-only.pptx"))
    document = ir.Document(ir.Meta("t"), (ir.SlideBreak("content", "Slide"),))
    with pytest.raises(KamdocsError) as caught:
        write_pptx(document, (tmp_path / "blank-only.pptx").read_bytes())
    assert str(caught.value).endswith("layouts in this file: 'Blank'")
    assert "no slide layout for content slides" in str(caught.value)


def test_every_demo_deck_is_schema_valid(demo_decks: list[Path]) -> None:
    for path in demo_decks:
        assert ooxml_schema.validate_package(path) == [], path.name


@needs_soffice
def test_libreoffice_prints_one_page_per_slide(demo_decks: list[Path], tmp_path: Path) -> None:
    decks = demo_decks
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, decks),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for path in decks:
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / "pdf" / f"{path.stem}.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pages = int(
            next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
        )
        assert pages == len(pptx.Presentation(str(path)).slides), path.name


# --- synthetic accounts ---------------------------------------------------------------------


def test_a_24_item_list_shows_six_and_continues_in_the_appendix(tmp_path: Path) -> None:
    ws = load_workspace(synthetic_workspace(tmp_path / "ws", changes=24))
    deck = pptx.Presentation(str(build(ws, "acme", tmp_path)))
    main = slides_titled(deck, "Évolutions chez nos interlocuteurs")
    assert len(main) == 1
    assert main[0].shapes.title.text == "24 changements chez nos interlocuteurs"
    parts = slides_titled(deck, "Annexe — Évolutions chez nos interlocuteurs")
    assert len(parts) >= 2
    first = deck.slides.index(parts[0]) + 1
    assert f"+ 18 autres\u00a0: détail en annexe, p.\u00a0{first}" in slide_text(main[0])
    assert [s.shapes.title.text for s in parts[1:]] == [
        "Les 24 changements chez nos interlocuteurs (suite)"
    ] * (len(parts) - 1)
    shown = [
        line
        for s in parts
        for line in slide_text(s).split("\n")
        if line.startswith("Changement numéro")
    ]
    assert [int(line.split()[2]) for line in shown] == list(range(1, 25))
    assert_shapes_inside_and_apart(deck)


def test_a_14_kpi_table_repeats_its_header_on_suite_slides(tmp_path: Path) -> None:
    ws = load_workspace(synthetic_workspace(tmp_path / "ws", kpis=14))
    deck = pptx.Presentation(str(build(ws, "acme", tmp_path)))
    main = slides_titled(deck, "Indicateurs vs objectifs")
    assert len(main) == 1
    assert tables(main[0]) == []  # the main slide shows the chart
    parts = [s for s in slides_titled(deck, "Annexe — Indicateurs") if tables(s)]
    assert len(parts) >= 2
    assert parts[1].shapes.title.text == "Les 14 indicateurs du trimestre (suite)"
    first = deck.slides.index(parts[0]) + 1
    assert f"Détail en annexe, p.\u00a0{first}" in slide_text(main[0])
    names = []
    for slide in parts:
        grid = rows(tables(slide)[0])
        assert grid[0][0] == "Indicateur"
        names += [int(r[0].split()[2]) for r in grid[1:]]
    assert names == list(range(1, 15))
    kpi_chart = [
        c
        for c in charts(deck)
        if c.chart_type is not None and "Atteinte" in c.chart_title.text_frame.text
    ][0]
    assert len(list(kpi_chart.plots[0].categories)) == 14
    assert_shapes_inside_and_apart(deck)


def test_template_syntax_and_special_characters_are_printed_verbatim(tmp_path: Path) -> None:
    name = "Acme & Fils <b>{{ 7*7 }}</b> | #1 *x* {% raw %}"
    ws = load_workspace(synthetic_workspace(tmp_path / "ws", name=name))
    deck = pptx.Presentation(str(build(ws, "acme", tmp_path)))
    opening = slide_text(deck.slides[0])
    assert name in opening
    assert f"Confidentiel · {name} · 10 juillet 2026" in slide_text(deck.slides[3])
    assert "49" not in opening


def test_a_slide_without_data_is_left_out_for_the_client_and_flagged_internally(
    tmp_path: Path,
) -> None:
    ws = load_workspace(synthetic_workspace(tmp_path / "ws", decisions=False))
    client = pptx.Presentation(str(build(ws, "acme", tmp_path, "client")))
    internal = pptx.Presentation(str(build(ws, "acme", tmp_path, "internal")))
    assert "Décisions attendues" not in titles(client)
    assert "Projets en discussion" not in titles(client)
    agenda = slide_text(slides_titled(client, "Ordre du jour")[0])
    assert "Décisions attendues" not in agenda
    assert "Synthèse" in agenda
    todo = slides_titled(internal, "Décisions attendues")[0]
    assert "à compléter" in slide_text(todo)
    assert "compléter le fichier de revue" in todo.notes_slide.notes_text_frame.text


def test_a_workspace_deck_template_sets_the_slides_and_the_agenda_follows(tmp_path: Path) -> None:
    root = synthetic_workspace(tmp_path / "ws")
    packaged = REFERENCE.parent / "review" / "deck.md.j2"
    text = packaged.read_text(encoding="utf-8")
    start, end = text.index("{% set order"), text.index("%}", text.index("{% set order")) + 2
    write(
        root / "templates" / "pptx" / "review" / "deck.md.j2",
        text[:start] + '{% set order = ["kpis", "summary"] %}' + text[end:],
    )
    write(
        root / "templates" / "pptx" / "review" / "summary.md.j2",
        '::: slide title="Notre synthèse" notes="n"\nTexte {{ "du modèle" }}\n',
    )
    deck = pptx.Presentation(str(build(load_workspace(root), "acme", tmp_path)))
    assert without_continuations(titles(deck), "(suite)") == [
        "Revue trimestrielle T2 2026",
        "Ordre du jour",
        "Indicateurs vs objectifs",
        "Notre synthèse",
        "Annexes",
        "Annexe — Indicateurs : détail",
    ]
    agenda = [r[1] for r in rows(tables(deck.slides[1])[0])[1:]]
    assert agenda == ["Indicateurs vs objectifs", "Synthèse"]  # the agenda lists topics
    assert "Texte du modèle" in slide_text(slides_titled(deck, "Notre synthèse")[0])


def test_the_default_output_name_follows_the_cli_contract(tmp_path: Path) -> None:
    ws = load_workspace(synthetic_workspace(tmp_path / "ws"))
    built = build_document(
        "review", ws, DocumentKey("acme", audience="internal", quarter=None), Options(today=AS_OF)
    )
    assert built.path == ws.root / "build" / "acme" / "acme-review-2026-Q2-internal-fr.pptx"


def test_a_review_file_with_errors_blocks_the_deck(tmp_path: Path) -> None:
    root = synthetic_workspace(tmp_path / "ws")
    review = root / "content" / "accounts" / "acme" / "reviews" / "2026-Q2.yaml"
    write(review, review.read_text(encoding="utf-8") + "satisfaction_score: 3\n")
    with pytest.raises(ContentError) as caught:
        build(load_workspace(root), "acme", tmp_path)
    assert "satisfaction_score" in str(caught.value)
    assert "2026-Q2.yaml" in str(caught.value)


def test_an_unknown_audience_is_refused(demo_ws, tmp_path: Path) -> None:
    with pytest.raises(KamdocsError, match="audiences: client, internal"):
        build(demo_ws, "marches-vervelle", tmp_path, "board")


# --- the layout engine ----------------------------------------------------------------------


def test_text_wraps_on_words_and_breaks_overlong_ones() -> None:
    word = _measure.text_em("aaaa")
    assert word > 4 * 0.6
    assert _measure.count_lines("", 10) == 1
    assert _measure.count_lines("aaaa aaaa", 10) == 1
    assert _measure.count_lines("aaaa aaaa aaaa aaaa", word * 1.5) == 4
    assert _measure.count_lines("a\nb", 10) == 2
    assert _measure.count_lines("m" * 30, _measure.text_em("m" * 10)) == 3
    assert _measure.text_em("Écart", bold=True) > _measure.text_em("Ecart")


def test_measured_widths_kept_are_the_widths_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_measure, "_KNOWN_EM", Memo(3))
    texts = ["Écart", "mW%", "", "Disponibilité des données", "Écart", "中文"]
    for text in texts * 2:  # served from the kept sums, some after the set was emptied
        for bold in (False, True):
            summed = sum(_measure.char_em(c) for c in text) * _measure.SAFETY
            assert _measure.text_em(text, bold) == (
                summed * _measure.BOLD_FACTOR if bold else summed
            )
    assert 1 <= len(_measure._KNOWN_EM) <= 3


def test_a_table_split_over_pages_repeats_its_header() -> None:
    header = (ir.Cell((ir.Text("Name"),)), ir.Cell((ir.Text("Value"),)))
    body = tuple((ir.Cell((ir.Text(f"row {i}"),)), ir.Cell((ir.Text(str(i)),))) for i in range(60))
    box = _slides.Box(0, 0, 9 * 914400, 4 * 914400)
    pages = _slides.lay_out((ir.Table((header, *body), 1),), box)
    assert len(pages) > 1
    seen = []
    for page in pages:
        (placed,) = page
        assert placed.payload.rows[0] == header
        assert placed.y + placed.h <= box.bottom
        seen += [r[0].inlines[0].text for r in placed.payload.rows[1:]]
    assert seen == [f"row {i}" for i in range(60)]


@pytest.mark.parametrize("body_rows", [1, 2, 3])
def test_a_sparse_table_is_aired_out_but_a_row_grows_to_twice_its_height_at_most(
    body_rows: int,
) -> None:
    def cell(text: str) -> ir.Cell:
        return ir.Cell((ir.Text(text),))

    body = tuple((cell(f"row {i}"), cell(str(i))) for i in range(body_rows))
    box = _slides.Box(0, 0, 9 * 914400, 5 * 914400)
    (page,) = _slides.lay_out((ir.Table(((cell("Name"), cell("Value")), *body), 1),), box)
    (placed,) = page
    header, *rows = placed.heights  # a header row and a body row hold one line each
    assert all(header < row <= 2 * header for row in rows)
    assert placed.y + placed.h <= box.bottom


def test_a_page_still_sparse_once_its_table_is_aired_spaces_out_its_paragraphs() -> None:
    def cell(text: str) -> ir.Cell:
        return ir.Cell((ir.Text(text),))

    def paragraph(text: str) -> ir.Paragraph:
        return ir.Paragraph((ir.Text(text),))

    table = ir.Table(((cell("Name"), cell("Value")), (cell("a"), cell("1"))), 1)
    blocks = (paragraph("one"), paragraph("two"), table, paragraph("three"), paragraph("four"))
    box = _slides.Box(0, 0, 12 * 914400, 12 * 914400)
    (page,) = _slides.lay_out(blocks, box)
    assert [p.kind for p in page] == ["text", "table", "text"]
    header, row = page[1].heights
    assert row <= 2 * header  # the table took what it may, the text the rest
    assert all(p.gap_pt > _slides.PARA_GAP_PT for p in page if p.kind == "text")
    assert all(a.y + a.h <= b.y for a, b in zip(page, page[1:], strict=False))
    assert page[-1].y + page[-1].h <= box.bottom


def test_a_chart_takes_the_height_its_page_has_left() -> None:
    chart = ir.Chart("line", "t", ("a", "b"), (ir.Series("s", (1.0, 2.0), "line"),))
    box = _slides.Box(0, 0, 9 * 914400, 5 * 914400)
    (page,) = _slides.lay_out((ir.Paragraph((ir.Text("intro"),)), chart), box)
    text, placed = page
    assert placed.kind == "chart"
    assert placed.y > text.y + text.h - 1
    assert placed.y + placed.h == box.bottom


def test_a_long_action_plan_shows_the_most_urgent_and_points_to_the_plan(tmp_path: Path) -> None:
    root = synthetic_workspace(tmp_path / "ws")
    account = root / "content" / "accounts" / "acme" / "account.yaml"
    actions = "".join(
        f"  - {{id: B{i}, action: Action {i}, owner: Alice Martin, due: 2027-0{1 + i % 9}-10,"
        f" expected_result: '{i} k€', status: {'at_risk' if i < 3 else 'planned'}}}\n"
        for i in range(40)
    )
    account.write_text(account.read_text(encoding="utf-8") + actions, encoding="utf-8")
    deck = pptx.Presentation(str(build(load_workspace(root), "acme", tmp_path)))
    main = slides_titled(deck, "Avancement du plan d'actions")
    assert len(main) == 1
    body = rows(tables(main[0])[0])[1:]
    assert [r[0] for r in body] == ["B0", "B1", "B2", "A1", "B9"]  # at risk, on track first
    parts = slides_titled(deck, "Annexe — Plan d'actions")
    detail = [r[0] for s in parts for t in tables(s) for r in rows(t)[1:]]
    assert sorted(detail) == sorted(["A1", *(f"B{i}" for i in range(40))])
    first = deck.slides.index(parts[0]) + 1
    assert f"+ 36 autres\u00a0: détail en annexe, p.\u00a0{first}" in slide_text(main[0])
