"""Tender answers a public buyer can score (issue 16), on tenders of our own: criteria naming
no parts, sub-criteria fed by requirements, a criterion nothing can fill, the buyer's words,
a price schedule with recurring and optional lines, and the VAT of a UK and a German client.
Each test builds the .docx (or .xlsx) and reads it as the buyer would."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import AS_OF, write

from kamdocs import DocumentKey, Options, build_document, load_workspace
from kamdocs.cli.commands import main
from kamdocs.errors import ContentError

ACCOUNT = """\
name: Syndicat des Eaux du Val (fictif)
language: fr
country: {country}
owner: {{name: Julien Marchand, email: julien.marchand@example.com}}
"""

# Criteria that name no parts: the default mapping must fill every one of them.
NO_PARTS = """\
title: Supervision des réseaux d'eau
date: 2026-11-20
mode: tender
context: Le syndicat exploite 40 stations de pompage et veut anticiper les pannes.
solution: Une supervision des stations de pompage avec alertes et tableaux de bord.
methodology: Une démarche en quatre phases, du cadrage au transfert.
planning:
  - {phase: Cadrage, start: 2027-01-04, end: 2027-01-29, deliverable: Note de cadrage}
team:
  - {name: Nadia Benali, role: Cheffe de projet}
guarantees:
  - {metric: Disponibilité de la supervision, commitment: 99.5%, measurement: mensuelle}
pricing:
  payment_terms: 30 jours
  lines:
    - {label: Capteur supplémentaire, quantity: 10, unit: unité, unit_price: 300, optional: true}
tender:
  buyer: Syndicat des Eaux du Val (fictif)
  reference: SEV-2026-12
  lot: "2"
  deadline: 2026-12-18T12:00
  validity_days: 120
  contract_months: 24
  signatory: {name: Élise Fontaine, title: Directrice générale}
  price_columns: [code, label, unit, quantity, unit_price, total]
  criteria:
    - {id: C1, name: Méthodologie proposée, weight: 30}
    - {id: C2, name: Moyens humains affectés, weight: 20}
    - {id: C3, name: Délais et planning, weight: 10}
    - {id: C4, name: Qualité du service et maintenance, weight: 10}
    - {id: C5, name: Prix des prestations, weight: 30}
  price_schedule:
    - {code: "1", label: Installation des capteurs, unit: forfait, quantity: 1, unit_price: 12000}
    - {code: "2", label: Abonnement à la supervision, unit: mois, quantity: 24, unit_price: 800,
       recurring: monthly}
    - {code: "3", label: Formation des agents, unit: session, quantity: 2, unit_price: 1500}
    - {code: "4", label: Astreinte renforcée, unit: mois, quantity: 24, unit_price: 100,
       recurring: monthly, optional: true}
"""

# Sub-criteria, requirements feeding them, and one criterion (C2) nothing can fill.
SUBS = """\
title: Supervision des réseaux d'eau
date: 2026-11-20
mode: tender
solution: Une supervision des stations de pompage.
methodology: Une démarche en quatre phases.
team:
  - {name: Nadia Benali, role: Cheffe de projet}
tender:
  reference: SEV-2026-13
  signatory: {name: Élise Fontaine, title: Directrice générale}
  criteria:
    - id: C1
      name: Valeur technique
      weight: 70
      subcriteria:
        - {id: C1.1, name: Méthodologie, weight: 40}
        - {id: C1.2, name: Équipe projet, weight: 30}
    - {id: C2, name: Performance énergétique, weight: 30}
  requirements:
    - {id: R-1, text: Le titulaire décrit sa démarche de reprise des données., criterion: C1.1,
       compliance: compliant, section: methodology, owner: Hugo Petit}
    - {id: R-2, text: Le chef de projet est nommé., criterion: C1.2, compliance: compliant,
       section: team, owner: Léa Moreau}
"""


def workspace(root: Path, proposals: dict[str, str], country: str = "FR") -> Path:
    write(root / "kamdocs.yaml", "format: 1\nlanguage: fr\ncurrency: EUR\nvat_rate: 20%\n")
    write(root / "content/company.yaml", "name: Prévalis Data SAS (fictif)\n")
    write(root / "content/accounts/sev/account.yaml", ACCOUNT.format(country=country))
    for pid, text in proposals.items():
        write(root / f"content/accounts/sev/proposals/{pid}.yaml", text)
    return root


def build(root: Path, pid: str, **kw: object) -> Path:
    ws = load_workspace(root)
    out = root / "build" / f"{pid}.docx"
    return build_document(
        "proposal", ws, DocumentKey("sev", proposal=pid), Options(today=AS_OF, out=out, **kw)
    ).path


def sections(path: Path) -> dict[str, str]:
    """Return {heading text: the text under it until the next heading of the same or a
    higher level}, numbers removed; what a buyer reads criterion by criterion."""
    paragraphs = list(docx.Document(str(path)).paragraphs)
    heads = [(i, int(p.style.name.split()[-1]), re.sub(r"^[\d.]+ ", "", p.text))
             for i, p in enumerate(paragraphs)
             if p.style.name.startswith(("Heading", "Titre"))]  # fmt: skip
    found = {}
    for n, (i, level, text) in enumerate(heads):
        end = next((j for j, lv, _ in heads[n + 1 :] if lv <= level), len(paragraphs))
        found[text] = money("\n".join(p.text for p in paragraphs[i + 1 : end]))
    return found


def tables_text(path: Path) -> list[list[list[str]]]:
    return [
        [[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables
    ]


def all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n")))


def money(text: str) -> str:
    return re.sub(r"[\u00a0\u202f ]", " ", text)


def test_criteria_naming_no_parts_each_hold_content(tmp_path: Path) -> None:
    path = build(workspace(tmp_path, {"t": NO_PARTS}), "t")
    found = sections(path)
    c1 = found["C1 · Méthodologie proposée — 30 points"]
    assert "quatre phases" in c1
    assert "Une équipe nommée et engagée" in found["C2 · Moyens humains affectés — 20 points"]
    assert "Un planning de mise en service maîtrisé" in found["C3 · Délais et planning — 10 points"]
    assert (
        "Des engagements de service mesurables"
        in found["C4 · Qualité du service et maintenance — 10 points"]
    )
    assert "Bordereau des prix (BPU / DQE)" in found["C5 · Prix des prestations — 30 points"]
    # the context maps to no criterion here: only it is in "Compléments"
    extras = found["Compléments"]
    assert "veut anticiper les pannes" in extras
    assert "quatre phases" not in extras
    assert "Une équipe nommée" not in extras


def test_it_reads_as_a_tender_answer(tmp_path: Path) -> None:
    path = build(workspace(tmp_path, {"t": NO_PARTS}), "t")
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paragraphs[0] == "Mémoire technique"
    assert paragraphs[1] == "Supervision des réseaux d'eau — SEV-2026-12, lot 2"
    text = all_text(path)
    assert "Bon pour accord" not in text
    signature = next(t for t in tables_text(path) if "acte d'engagement" in t[0][0])
    assert money(signature[1][0]) == "Nom : Élise Fontaine"
    assert money(signature[2][0]) == "Fonction : Directrice générale"


def test_one_price_schedule_with_recurring_and_optional_lines(tmp_path: Path) -> None:
    path = build(workspace(tmp_path, {"t": NO_PARTS}), "t")
    schedules = [t for t in tables_text(path) if t[0][:2] == ["Code", "Désignation"]]
    firm, options = schedules  # the offer, then its options; no second price table
    assert [row[0] for row in firm[1:4]] == ["1", "2", "3"]  # the buyer's order
    by_label = {money(row[1]): money(row[-1]) for row in firm}
    # one-off: 12 000 + 2 × 1 500 = 15 000; recurring: 24 × 800 = 19 200
    assert by_label["Sous-total prestations ponctuelles"] == "15 000,00 €"
    assert (
        by_label["Sous-total prestations récurrentes (mensuelles), sur la durée du marché"]
        == "19 200,00 €"
    )
    assert by_label["Total HT"] == "34 200,00 €"
    assert by_label["TVA 20 %"] == "6 840,00 €"
    assert by_label["Total TTC"] == "41 040,00 €"
    # options: the schedule's (24 × 100) and the pricing's (10 × 300), never in the totals
    assert [money(row[-1]) for row in options[1:]] == ["2 400,00 €", "3 000,00 €"]


def test_empty_columns_are_dropped_and_the_buyer_column_order_kept(tmp_path: Path) -> None:
    text = NO_PARTS.replace(
        "price_columns: [code, label, unit, quantity, unit_price, total]",
        "price_columns: [label, code, quantity, unit_price, total]",
    )
    text = re.sub(r"unit: (forfait|mois|session), ", "", text)
    path = build(workspace(tmp_path, {"t": text}), "t")
    firm = next(t for t in tables_text(path) if t[0][0] == "Désignation")
    assert firm[0] == ["Désignation", "Code", "Qté", "Prix unitaire HT", "Montant HT"]


def test_roi_beyond_the_contract_is_computed_over_its_term(tmp_path: Path) -> None:
    text = NO_PARTS + "roi: {annual_gain: 30000, horizon_years: 3, assumptions: Pannes évitées}\n"
    path = build(workspace(tmp_path, {"t": text}), "t")
    found = money(all_text(path))
    # investment over 24 months = 34 200; (2 × 30 000 − 34 200) ÷ 34 200 = 75,4 %
    assert "Retour sur investissement sur 2 ans 75,4 %" in found
    # over the value study's 3 years: (90 000 − 34 200) ÷ 34 200 = 163,2 %, said beside it
    assert "163,2 % sur 3 ans" in found


def test_requirements_are_listed_under_the_criterion_they_feed(tmp_path: Path) -> None:
    path = build(workspace(tmp_path, {"s": SUBS}), "s", allow_empty_criteria=True)
    found = sections(path)
    c11 = found["C1.1 · Méthodologie — 40 points"]
    assert "Exigences du DCE rattachées à ce critère : R-1" in c11
    assert "quatre phases" in c11
    assert "Une équipe nommée et engagée" in found["C1.2 · Équipe projet — 30 points"]


def test_a_criterion_nothing_can_fill_is_an_error_naming_it(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"s": SUBS})
    with pytest.raises(ContentError) as caught:
        build(root, "s")
    message = str(caught.value)
    assert "criterion C2 'Performance énergétique' (30 points) gets no content" in message
    assert "--allow-empty-criteria" in message
    result = CliRunner().invoke(main, ["check", "-C", str(root), "--as-of", "2026-11-23"])
    assert result.exit_code == 1
    assert "ne reçoit aucun contenu" in result.output  # the workspace writes language: fr


def test_allowed_empty_criterion_says_no_answer_visibly(tmp_path: Path) -> None:
    path = build(workspace(tmp_path, {"s": SUBS}), "s", allow_empty_criteria=True)
    found = sections(path)
    assert (
        "Aucune réponse n'est apportée à ce critère"
        in found["C2 · Performance énergétique — 30 points"]
    )
    assert "Aucune réponse" not in found["C1.1 · Méthodologie — 40 points"]


def test_check_prints_the_mapping_and_the_missing_buyer_terms(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"s": SUBS})
    result = CliRunner().invoke(
        main, ["proposal", "sev", "s", "-C", str(root), "--check", "--as-of", "2026-11-23"]
    )
    lines = result.output.splitlines()
    assert "    C1.1 Méthodologie: methodology (default mapping)" in lines
    assert "  C2 Performance énergétique: NO CONTENT" in lines
    # R-1 speaks of "reprise des données"; our methodology never says it
    gaps = next(line for line in lines if line.startswith("  C1.1: "))
    assert "reprise" in gaps
    assert "donnees" in gaps
    assert "demarche" not in gaps  # "démarche" is in our text: accents and case folded


def test_the_compliance_grid_leaves_owners_out(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"s": SUBS})
    build(root, "s", allow_empty_criteria=True)
    grid = root / "build" / "s-compliance.xlsx"
    with zipfile.ZipFile(grid) as z:
        strings = (
            z.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in z.namelist()
            else ""
        )
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    content = strings + sheet
    assert "R-1" in content
    assert "Hugo Petit" not in content
    assert "Léa Moreau" not in content


@pytest.mark.parametrize(
    ("country", "mention"),
    [
        (
            "GB",
            "TVA non applicable : prestation de services à un preneur établi hors de l'Union",
        ),
        ("DE", "Autoliquidation : TVA due par le preneur"),
    ],
)
def test_a_foreign_business_client_pays_no_french_vat(
    tmp_path: Path, country: str, mention: str
) -> None:
    path = build(workspace(tmp_path, {"t": NO_PARTS}, country=country), "t")
    firm = next(t for t in tables_text(path) if t[0][:2] == ["Code", "Désignation"])
    by_label = {money(row[1]): money(row[-1]) for row in firm}
    assert by_label["TVA 0 %"] == "0,00 €"
    assert by_label["Total TTC"] == "34 200,00 €"
    assert mention in all_text(path)
