"""The commercial proposal, opened as a reader would: order of the parts, exact prices,
options kept out of the totals, the tender layout and its compliance matrix (in the .docx and
in the .xlsx beside it), data printed verbatim, and byte-identical rebuilds.

Every amount below is worked out by hand in the comments from the demo proposal files.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import docx
import ooxml_schema
import pytest
from conftest import AS_OF
from docx.oxml.ns import qn
from docx_view import all_text, cell_fills, headings, norm, run_text, table_after
from lxml import etree

from kamdocs.building.driver import (
    Built,
    DocumentKey,
    Options,
    build_document,
)
from kamdocs.workspace.loader import load_workspace

STANDARD = ("marches-vervelle", "prev-frais-2027")
TENDER = ("ondrelle-industrie", "ao-2026-maintenance")
ENGLISH = ("nimbrook-software", "nimbrook-renewal-2027")

FR_STANDARD = [
    "Synthèse décisionnelle",
    "Contexte et reformulation du besoin",
    "Objectifs et résultats attendus",
    "Solution, méthodologie, planning, équipe",
    "Valeur, ROI et offre financière",
    "Garanties, SLA, références, risques",
    "Prochaines étapes, validité, signature",
    "Annexes",
]
EN_STANDARD = [
    "Decision summary",
    "Context and understanding of your needs",
    "Objectives and expected results",
    "Solution, approach, timeline, team",
    "Value, ROI and pricing",
    "Guarantees, SLAs, references, risks",
    "Next steps, validity, signature",
    "Appendices",
]
FR_TENDER = [
    "Synthèse décisionnelle",
    "C1 · Valeur technique — 60 points",
    "C2 · Prix — 40 points",
    "Compléments",
    "Prochaines étapes, validité, signature",
    "Annexes",
]


def build(ws, which: tuple[str, str], tmp_path: Path, **kw) -> Built:  # type: ignore[no-untyped-def]
    slug, pid = which
    out = tmp_path / f"{pid}.docx"
    return build_document(
        "proposal",
        ws,
        DocumentKey(slug, proposal=pid),
        dataclasses.replace(Options(today=AS_OF, out=out), **kw),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, demo_ws) -> dict[str, Built]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("proposals")
    return {which[1]: build(demo_ws, which, folder) for which in (STANDARD, TENDER, ENGLISH)}


def unnumbered(titles: list[str]) -> list[str]:
    return [re.sub(r"^\d+(\.\d+)*\.? ", "", t) for t in titles]


def rows_with(table: list[list[str]], first_cell: str) -> list[str]:
    """Return the row whose first cell is `first_cell`, or starts with it when none is."""
    exact = [row for row in table if row[0] == first_cell]
    return exact[0] if exact else next(row for row in table if row[0].startswith(first_cell))


def row_labelled(table: list[list[str]], label: str) -> list[str]:
    """Return the first row with a cell that starts with `label` (subtotal rows of a price
    schedule have an empty code cell)."""
    return next(row for row in table if any(cell.startswith(label) for cell in row))


# --- structure ---------------------------------------------------------------------------


def test_the_french_proposal_follows_the_domain_outline(built) -> None:  # type: ignore[no-untyped-def]
    path = built["prev-frais-2027"].path
    assert unnumbered(headings(path, 1)) == FR_STANDARD
    assert headings(path, 1)[0] == "1. Synthèse décisionnelle"
    assert unnumbered(headings(path, 2))[3:12] == [
        "Une solution conçue pour Marchés Vervelle SA",
        "Une méthode qui sécurise chaque étape",
        "Un planning de mise en service maîtrisé",
        "Une équipe nommée et engagée",
        "Ce que gagne Marchés Vervelle SA",
        "Offre financière",
        "Des engagements de service mesurables",
        "Des résultats déjà obtenus ailleurs",
        "Des risques identifiés et maîtrisés",
    ]


def test_the_english_proposal_follows_the_same_outline(built) -> None:  # type: ignore[no-untyped-def]
    path = built["nimbrook-renewal-2027"].path
    assert unnumbered(headings(path, 1)) == EN_STANDARD
    assert "Nimbrook Software's situation" in unnumbered(headings(path, 2))


def test_the_tender_follows_the_award_criteria_in_the_rc_order(built) -> None:  # type: ignore[no-untyped-def]
    path = built["ao-2026-maintenance"].path
    assert unnumbered(headings(path, 1)) == FR_TENDER
    level2 = unnumbered(headings(path, 2))
    start = level2.index("Le contexte et les besoins d'Ondrelle Industrie SAS")
    assert level2[start : start + 9] == [
        "Le contexte et les besoins d'Ondrelle Industrie SAS",
        "Une solution conçue pour Ondrelle Industrie SAS",
        "C1.1 · Méthodologie et organisation du projet — 30 points",
        "C1.2 · Moyens humains et références — 15 points",
        "C1.3 · Planning de déploiement — 10 points",
        "C1.4 · Engagements environnementaux — 5 points",
        "Bordereau des prix (BPU / DQE)",
        "Les résultats attendus pour Ondrelle Industrie SAS",
        "Ce que gagne Ondrelle Industrie SAS",
    ]
    # Parts named by a sub-criterion sit under it, one level down.
    assert unnumbered(headings(path, 3))[:7] == [
        "La situation d'Ondrelle Industrie SAS",
        "Les besoins, reformulés",
        "Une méthode qui sécurise chaque étape",
        "Des risques identifiés et maîtrisés",
        # no part names them: the requirements they answer feed C1.1, so they go there
        "Des engagements de service mesurables",
        "Une équipe nommée et engagée",
        "Des résultats déjà obtenus ailleurs",
    ]
    assert headings(path, 2)[-1].endswith("Matrice de conformité")


def test_each_section_lists_the_requirements_it_answers(built) -> None:  # type: ignore[no-untyped-def]
    text = all_text(built["ao-2026-maintenance"].path)
    assert "Exigences traitées ici : R-02, R-04, R-06" in text  # solution
    assert "Exigences traitées ici : R-15" in text  # criterion C1.4 itself
    assert "Exigences traitées ici : R-14" in text  # pricing, under the price criterion


def test_a_note_under_a_heading_stays_with_the_heading_and_what_follows(built) -> None:  # type: ignore[no-untyped-def]
    body = docx.Document(str(built["ao-2026-maintenance"].path)).element.body
    paragraphs = list(body.iter(qn("w:p")))
    notes = 0
    for before, p in zip(paragraphs, paragraphs[1:], strict=False):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        heading = before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is None or heading is None or not heading.get(qn("w:val")).startswith("Heading"):
            continue
        if style.get(qn("w:val")) == "Note":
            notes += 1
            assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, run_text(p)
    assert notes >= 10  # "Exigences traitées ici" under each answering section


@pytest.mark.parametrize(
    ("months", "horizon", "said"),
    [("24", "3", "(24 mois) ; sur 3 ans"), ("6", "1", "(6 mois) ; sur 1 an")],
)
def test_the_roi_over_the_value_studys_horizon_agrees_with_its_counts(
    ws_copy: Path, tmp_path: Path, months: str, horizon: str, said: str
) -> None:
    path = ws_copy / "content/accounts/ondrelle-industrie/proposals/ao-2026-maintenance.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("  horizon_years: 3\n", f"  horizon_years: {horizon}\n"),
                     ("  contract_months: 24\n", f"  contract_months: {months}\n")):  # fmt: skip
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    made = build(load_workspace(ws_copy), TENDER, tmp_path)
    assert f"Calculé sur la durée du marché {said}, l'horizon de l'étude" in all_text(made.path)


def test_the_cover_letter_is_addressed_to_the_contact(built) -> None:  # type: ignore[no-untyped-def]
    document = docx.Document(str(built["prev-frais-2027"].path))
    texts = [norm(p.text) for p in document.paragraphs]
    assert "Bertrand Quéméner\nDirecteur supply chain\nMarchés Vervelle SA" in texts
    assert texts[
        texts.index("Bertrand Quéméner\nDirecteur supply chain\nMarchés Vervelle SA") + 2
    ].startswith("Objet : Prévision de la demande")


def test_every_page_carries_the_client_marking(built) -> None:  # type: ignore[no-untyped-def]
    document = docx.Document(str(built["prev-frais-2027"].path))
    header = norm(document.sections[0].header.paragraphs[0].text)
    assert header == "Confidentiel · Marchés Vervelle SA · 16 novembre 2026 · v2"
    english = docx.Document(str(built["nimbrook-renewal-2027"].path))
    assert norm(english.sections[0].header.paragraphs[0].text) == (
        "Confidential · Nimbrook Software · 20 November 2026 · v1"
    )


def test_no_internal_stakeholder_data_reaches_the_proposal(built, demo_ws) -> None:  # type: ignore[no-untyped-def]
    for which in (STANDARD, TENDER, ENGLISH):
        text = all_text(built[which[1]].path)
        account = demo_ws.accounts[which[0]].account.model
        private = [t for p in account.stakeholders for t in (p.notes, p.stake) if t]
        assert private, which  # the demo accounts note something about their stakeholders
        for note in private:
            assert note not in text
        for word in ("champion", "détracteur", "detractor", "Stratégique", "Étoile"):
            assert word not in text


def test_the_timeline_is_a_table_and_a_month_grid(built) -> None:  # type: ignore[no-untyped-def]
    path = built["prev-frais-2027"].path
    grid = table_after(path, "Un planning de mise en service maîtrisé")
    assert grid[0][:3] == ["Phase", "Début", "Fin"]
    document = docx.Document(str(path))
    month_grid = next(t for t in document.tables if t.rows[0].cells[1].text == "01/27")
    # Vague 1 runs from 2027-02-15 to 2027-04-16: February, March and April are filled.
    wave = month_grid.rows[2]
    filled = [c._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None for c in wave.cells[1:]]
    assert filled == [False, True, True, True, False, False, False, False, False, False]


# --- pricing -------------------------------------------------------------------------------


def test_french_prices_are_exact_to_the_cent(built) -> None:  # type: ignore[no-untyped-def]
    table = table_after(built["prev-frais-2027"].path, "Offre financière")
    # 12 × 1 333,33 = 15 999,96; × (1 − 7,5 %) = 14 799,963 -> 14 799,96
    assert rows_with(table, "Paramétrage")[1:] == [
        "12",
        "jour",
        "1 333,33 €",
        "7,5 %",
        "14 799,96 €",
    ]
    # one-off: 14 799,96 + 25 × 1 050 + 18 × 1 150 + 6 × 1 200 = 68 949,96
    assert rows_with(table, "Sous-total prestations ponctuelles")[-1] == "68 949,96 €"
    assert rows_with(table, "Sous-total abonnements, par an")[-1] == "86 400,00 €"
    # gross 155 349,96; overall discount 3 % = 4 660,4988 -> 4 660,50
    assert rows_with(table, "Total HT avant remise globale")[-1] == "155 349,96 €"
    assert rows_with(table, "Remise globale (3 %)")[-1] == "-4 660,50 €"
    assert rows_with(table, "Total HT")[-1] == "150 689,46 €"
    # VAT 20 % of 150 689,46 = 30 137,892 -> 30 137,89; TTC = 180 827,35
    assert rows_with(table, "TVA 20 %")[-1] == "30 137,89 €"
    assert rows_with(table, "Total TTC")[-1] == "180 827,35 €"


def test_options_are_marked_and_never_in_a_total(built) -> None:  # type: ignore[no-untyped-def]
    path = built["prev-frais-2027"].path
    options = table_after(path, "Options (non comprises dans le total)")
    assert [row[0] for row in options[1:]] == [
        "Option — données météo locales et événements — en option",
        "Option — support managé étendu 7 j/7 — en option",
    ]
    assert [row[-1] for row in options[1:]] == ["14 400,00 €", "18 000,00 €"]
    prices = table_after(path, "Offre financière")
    assert not any("en option" in row[0] for row in prices)
    # With the options the total HT would be 150 689,46 + 32 400 × 0,97 = 182 117,46.
    assert "182 117,46" not in all_text(path)


def test_the_decision_summary_shows_total_roi_and_payback(built) -> None:  # type: ignore[no-untyped-def]
    figures = table_after(built["prev-frais-2027"].path, "Les chiffres clés pour")
    values = {row[0]: row[1] for row in figures}
    assert values["Total HT (première année)"] == "150 689,46 €"
    # investment = 68 949,96 + 86 400 × 3 = 328 149,96; ROI = (1 260 000 − 328 149,96)
    # ÷ 328 149,96 = 2,8397 -> 284 %; payback = 328 149,96 × 12 ÷ 420 000 = 9,38 -> 9,4 mois
    assert values["Retour sur investissement sur 3 ans"] == "284 %"
    assert values["Délai de retour sur investissement"] == "9,4 mois"
    assert values["Offre valable jusqu'au"] == "14 février 2027"  # 2026-11-16 + 90 days
    assert values["Démarrage"] == "4 janvier 2027"


def test_english_prices_use_the_english_format(built) -> None:  # type: ignore[no-untyped-def]
    table = table_after(built["nimbrook-renewal-2027"].path, "Pricing")
    # 1 × 1 020 000 × (1 − 5 %) = 969 000
    assert rows_with(table, "Forecasting engine subscription")[-1] == "€969,000.00"
    # one-off: 20 × 1 100 + 8 × 1 100 + 2 × 1 200 = 33 200; yearly: 969 000 + 168 000
    assert rows_with(table, "Subtotal, one-off services")[-1] == "€33,200.00"
    assert rows_with(table, "Subtotal, subscriptions per year")[-1] == "€1,137,000.00"
    assert rows_with(table, "Total excl. VAT")[-1] == "€1,170,200.00"
    assert rows_with(table, "VAT 20%")[-1] == "€234,040.00"
    assert rows_with(table, "Total incl. VAT")[-1] == "€1,404,240.00"
    options = table_after(built["nimbrook-renewal-2027"].path, "Options (not included")
    assert options[1][0].endswith("— optional")
    assert options[1][-1] == "€24,000.00"


def test_the_tender_reproduces_the_buyer_schedule_and_checks_its_total(built) -> None:  # type: ignore[no-untyped-def]
    path = built["ao-2026-maintenance"].path
    schedule = table_after(path, "Bordereau des prix (BPU / DQE)")
    assert schedule[0] == ["Code", "Désignation", "Unité", "Qté", "Prix unitaire HT", "Montant HT"]
    # the buyer's lines once, in the buyer's order, then the subtotals and totals
    assert [row[0] for row in schedule[1:9]] == [f"1.{i}" for i in range(1, 9)]
    assert all(row[0] == "" for row in schedule[9:])
    # 40 × 1 080 = 43 200
    assert rows_with(schedule, "1.2")[-1] == "43 200,00 €"
    # one-off: 18 500 + 43 200 + 40 250 + 11 760 + 9 900 + 9 800 = 133 410, whatever the
    # position of the monthly lines 1.4 (58 800) and 1.7 (31 680) = 90 480
    assert row_labelled(schedule, "Sous-total prestations ponctuelles")[-1] == "133 410,00 €"
    assert row_labelled(schedule, "Sous-total prestations récurrentes")[-1] == "90 480,00 €"
    assert row_labelled(schedule, "Total HT")[-1] == "223 890,00 €"
    assert row_labelled(schedule, "TVA 20 %")[-1] == "44 778,00 €"
    assert row_labelled(schedule, "Total TTC")[-1] == "268 668,00 €"  # 223 890 × 1,2
    text = all_text(path)
    assert "Offre financière" not in unnumbered(headings(path, 2))  # one price table only
    options = table_after(path, "Options (non comprises")
    assert options[1][1].endswith("— en option")  # its code cell is empty
    assert options[1][-1] == "23 000,00 €"  # PSE: 20 × 1 150
    assert "Offre valable jusqu'au 17 avril 2027." in text  # 2026-12-18 + 120 days


# --- compliance matrix ---------------------------------------------------------------------


def test_the_compliance_matrix_lists_every_requirement_with_its_colour(built, demo_ws) -> None:  # type: ignore[no-untyped-def]
    path = built["ao-2026-maintenance"].path
    matrix = table_after(path, "Matrice de conformité")
    requirements = (
        demo_ws.accounts["ondrelle-industrie"]
        .proposals["ao-2026-maintenance"]
        .model.tender.requirements
    )
    assert len(matrix) == 1 + len(requirements) == 17
    assert matrix[0] == [
        "ID et source",
        "Exigence (texte de l'acheteur)",
        "Élim. / critère",
        "Conformité",
        "Section de réponse",
        "Preuve",
    ]  # our internal owners stay out of what the buyer receives
    for row, req in zip(matrix[1:], requirements, strict=True):
        assert row[0] == f"{req.id}{req.source}"
        assert row[1] == req.text  # verbatim
    # The answering section, then its page ("p. 7"), a PAGEREF field (test_submission_pack).
    section = {
        r: re.sub(r"p\. \d+$", "", rows_with(matrix, r)[4])
        for r in ("R-02", "R-05", "R-15", "R-16")
    }
    assert rows_with(matrix, "R-02")[2:4] == ["ouiC1.1", "Conforme"]
    assert rows_with(matrix, "R-05")[3] == "Partiellement conforme"
    assert section == {
        "R-02": "Solution (C1)",
        "R-05": "Risques (C1.1)",
        "R-15": "C1.4 · Engagements environnementaux",
        "R-16": "Annexes",
    }
    fills = cell_fills(path)
    assert fills["Conforme"] == {"00B050"}
    assert fills["Partiellement conforme"] == {"FFC000"}


def xlsx_rows(path: Path) -> list[list[tuple[str, str | None]]]:
    """Return the sheet's rows as (text, fill) pairs, reading the package's XML."""
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as package:
        strings = [
            "".join(si.itertext())
            for si in etree.fromstring(package.read("xl/sharedStrings.xml")).iterfind("s:si", ns)
        ]
        styles = etree.fromstring(package.read("xl/styles.xml"))
        sheet = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    fills = [
        (
            f.find("s:patternFill/s:fgColor", ns).get("rgb")
            if f.find("s:patternFill/s:fgColor", ns) is not None
            else None
        )
        for f in styles.iterfind("s:fills/s:fill", ns)
    ]
    xfs = [int(xf.get("fillId", 0)) for xf in styles.iterfind("s:cellXfs/s:xf", ns)]
    rows = []
    for row in sheet.iterfind("s:sheetData/s:row", ns):
        cells = []
        for c in row.iterfind("s:c", ns):
            assert c.get("t") == "s"  # every cell is text, never a formula
            fill = fills[xfs[int(c.get("s", 0))]]
            cells.append((strings[int(c.find("s:v", ns).text)], fill))
        rows.append(cells)
    return rows


def test_the_compliance_grid_is_written_beside_the_document(built) -> None:  # type: ignore[no-untyped-def]
    result = built["ao-2026-maintenance"]
    (grid,) = result.companions
    assert grid.name == "ao-2026-maintenance-compliance.xlsx"
    assert grid.parent == result.path.parent
    rows = xlsx_rows(grid)
    assert len(rows) == 17
    assert [text for text, _ in rows[0]][:6] == [
        "ID",
        "Source",
        "Exigence (texte de l'acheteur)",
        "Éliminatoire",
        "Critère",
        "Conformité",
    ]
    r05 = next(r for r in rows if r[0][0] == "R-05")
    assert r05[5] == ("Partiellement conforme", "FFFFC000")
    assert r05[6][0].startswith("Horizon de 21 jours garanti pour les portes")
    r02 = next(r for r in rows if r[0][0] == "R-02")
    assert r02[3][0] == "oui"
    assert r02[5] == ("Conforme", "FF00B050")
    assert built["prev-frais-2027"].companions == []


# --- robustness ----------------------------------------------------------------------------


def test_special_characters_and_template_syntax_are_printed_verbatim(ws_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = ws_copy / "content/accounts/marches-vervelle/proposals/prev-frais-2027.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: Prévision de la demande sur le rayon frais — généralisation 2027",
        'title: "Prévision {{ 7*7 }} {% if x %}oui{% endif %} <b>Smith & Sons</b> | # *x*"',
    )
    text = text.replace(
        "context: |\n",
        "context: |\n  # pas un titre {{ config }} | a | b | <script>&amp; ::: pagebreak\n\n",
    )
    text = text.replace(
        "{label: Formation des chefs de rayon (14 sessions),",
        '{label: "=SUM(A1) {{ L.total }} | 50 % <i>",',
    )
    path.write_text(text, encoding="utf-8")
    ws = load_workspace(ws_copy)
    result = build(ws, STANDARD, tmp_path)
    out = all_text(result.path)
    assert "Prévision {{ 7*7 }} {% if x %}oui{% endif %} <b>Smith & Sons</b> | # *x*" in out
    assert "# pas un titre {{ config }} | a | b | <script>&amp; ::: pagebreak" in out
    assert "=SUM(A1) {{ L.total }} | 50 % <i>" in out
    assert "Prévision 49" not in out  # the expression was not evaluated


def test_two_builds_are_byte_identical(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = build(demo_ws, TENDER, tmp_path / "a")
    second = build(demo_ws, TENDER, tmp_path / "b")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.companions[0].read_bytes() == second.companions[0].read_bytes()


def test_core_properties_come_from_the_data_and_the_as_of_date(built) -> None:  # type: ignore[no-untyped-def]
    props = docx.Document(str(built["prev-frais-2027"].path)).core_properties
    assert props.title == "Prévision de la demande sur le rayon frais — généralisation 2027"
    assert props.created.date() == AS_OF


def test_the_outputs_are_valid_against_the_ooxml_schemas(built) -> None:  # type: ignore[no-untyped-def]
    for result in built.values():
        assert ooxml_schema.validate_package(result.path) == []
        for companion in result.companions:
            assert ooxml_schema.validate_package(companion) == []


def test_the_xlsx_writer_keeps_formulas_as_text_and_is_deterministic(tmp_path: Path) -> None:
    import datetime as dt

    from kamdocs.writers.xlsx import SheetTable, sheet_name, write_xlsx

    table = SheetTable(
        title="Matrice: [v1] / 2026?",
        header=["A", "B"],
        rows=[["=SUM(A1:A2)", "ligne 1\nligne 2"], ["+33 1 23", "@x"]],
        fills=[["00B050", None]],
    )
    created = dt.datetime(2026, 11, 23)
    blob = write_xlsx(table, created=created, title="T")
    assert blob == write_xlsx(table, created=created, title="T")
    path = tmp_path / "grid.xlsx"
    path.write_bytes(blob)
    rows = xlsx_rows(path)
    assert rows[1] == [("=SUM(A1:A2)", "FF00B050"), ("ligne 1\nligne 2", None)]
    assert rows[2] == [("+33 1 23", None), ("@x", None)]
    assert sheet_name("Matrice: [v1] / 2026?") == "Matrice   v1    2026"
    with zipfile.ZipFile(path) as package:
        assert b"2026-11-23T00:00:00Z" in package.read("docProps/core.xml")
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_workspace_template_overrides_one_part(ws_copy: Path, tmp_path: Path) -> None:
    override = ws_copy / "templates" / "docx" / "proposal" / "risks.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text(
        "{% for r in proposal.risks %}\n- {{ r.text }} => {{ r.mitigation }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    result = build(load_workspace(ws_copy), STANDARD, tmp_path)
    text = all_text(result.path)
    assert "Chefs de rayon qui corrigent systématiquement les propositions => Référents" in text
    assert unnumbered(headings(result.path, 1)) == FR_STANDARD
