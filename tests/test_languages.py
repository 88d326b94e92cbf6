"""Every word in the document's language: company.yaml texts per language, counted phrases,
long dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import AS_OF, REPO, write
from docx_view import all_text, table_after

from kamdocs.building.driver import build_document
from kamdocs.building.request import DocumentKey, Options
from kamdocs.checks.workspace import workspace_problems
from kamdocs.workspace.loader import load_workspace

COMPANY = """name: {fr: Prévalis Data SAS (fictif), en: Prévalis Data SAS (fictitious)}
address: {fr: "27 rue des Cordiers, 44000 Nantes", en: "27 Cordiers Street, 44000 Nantes, France"}
legal: {fr: "SAS au capital de 820 000 €", en: "Simplified joint-stock company, capital €820,000"}
offerings:
  - {fr: Prévision de la demande, en: Demand forecasting}
  - {fr: Intégration de données, en: Data integration}
  - Maintenance prédictive
  - {fr: Formation, en: Training}
  - {fr: Support managé, en: Managed support}
"""
FRENCH_ONLY = """name: Prévalis Data SAS
legal: "SAS au capital de 820 000 €"
offerings: [Prévision de la demande, {fr: Formation, en: Training}]
"""


def _build(ws_root: Path, kind: str, key: DocumentKey, out: Path, lang: str | None) -> str:
    ws = load_workspace(ws_root)
    return all_text(build_document(kind, ws, key, Options(today=AS_OF, out=out, lang=lang)).path)


def test_an_english_plan_prints_the_english_legal_mention_and_offering_names(
    ws_copy: Path, tmp_path: Path
) -> None:
    write(ws_copy / "content" / "company.yaml", COMPANY)
    # Ondrelle's whitespace names the offerings in French, the workspace's language.
    key = DocumentKey("ondrelle-industrie", audience="internal")
    text = _build(ws_copy, "plan", key, tmp_path / "plan.docx", "en")
    assert "Simplified joint-stock company, capital €820,000" in text
    assert "SAS au capital" not in text
    assert "Prévalis Data SAS (fictitious)" in text
    assert "Prévalis Data SAS (fictif)" not in text
    assert "Demand forecasting" in text
    assert "Data integration" in text
    assert "Prévision de la demande" not in text
    assert "Intégration de données" not in text
    # An offering without its English name keeps the one it has.
    assert "Maintenance prédictive" in text
    french = _build(ws_copy, "plan", key, tmp_path / "plan-fr.docx", None)
    assert "SAS au capital de 820 000 €" in french
    assert "Prévision de la demande" in french
    assert "Demand forecasting" not in french
    assert "Simplified" not in french


def test_an_english_proposal_prints_the_english_legal_mention_and_address(
    ws_copy: Path, tmp_path: Path
) -> None:
    write(ws_copy / "content" / "company.yaml", COMPANY)
    key = DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance")
    text = _build(ws_copy, "proposal", key, tmp_path / "p.docx", "en")
    assert "Simplified joint-stock company, capital €820,000" in text
    assert "27 Cordiers Street, 44000 Nantes, France" in text
    assert "SAS au capital" not in text
    assert "27 rue des Cordiers" not in text


def test_check_warns_of_a_legal_mention_or_offering_without_the_text_of_an_english_account(
    ws_copy: Path,
) -> None:
    write(ws_copy / "content" / "company.yaml", FRENCH_ONLY)
    problems = [
        p for p in workspace_problems(load_workspace(ws_copy)) if p.key == "lang_text_missing"
    ]
    shown = sorted(p.format() for p in problems)
    assert len(shown) == 2
    assert shown[0].startswith("content/company.yaml:2:8: warning: legal: ")
    assert shown[1].startswith("content/company.yaml:3:13: warning: offerings[0]: ")
    assert all("{fr: ..., en: ...}" in line for line in shown)
    assert all(p.severity == "warning" for p in problems)


def test_a_text_per_language_in_an_unknown_language_is_an_error(ws_copy: Path) -> None:
    write(ws_copy / "content" / "company.yaml", "name: X\nlegal: {fr: SAS, de: GmbH}\n")
    problems = load_workspace(ws_copy).company.problems
    assert [p.key for p in problems if p.is_error] == ["lang_text_keys"]
    assert "de" in problems[0].format()


FIRST_OF_MONTH = dt.date(2026, 12, 1)


def _demo(ws, kind: str, key: DocumentKey, out: Path, lang: str | None = None) -> Path:  # type: ignore[no-untyped-def]
    options = Options(today=FIRST_OF_MONTH, out=out, lang=lang)
    return build_document(kind, ws, key, options).path


def test_a_unit_from_the_data_agrees_with_its_figure_in_the_plan(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Ondrelle's objective O2 counts "paire" from 1 to 5, O4 "point sur 10" from 4 to 6.5.
    path = _demo(
        demo_ws, "plan", DocumentKey("ondrelle-industrie", audience="internal"), tmp_path / "p.docx"
    )
    rows = {row[0]: row for row in table_after(path, "Objectifs à 12 mois")}
    assert rows["O2"][3:5] == ["1 paire", "5 paires"]
    assert rows["O4"][3:5] == ["4 points sur 10", "6,5 points sur 10"]
    assert "1 paires" not in all_text(path)


def test_a_unit_agrees_with_its_figure_in_a_proposal_in_both_languages(
    demo_ws, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    key = DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance")
    french = all_text(_demo(demo_ws, "proposal", key, tmp_path / "fr.docx"))
    # "Horizon de planification des révisions bogies", unit "semaine", from 1 to 4.
    assert "1 semaine" in french
    assert "4 semaines" in french
    assert "1 semaines" not in french
    assert "310 jours par an" in french
    english = all_text(
        _demo(
            demo_ws,
            "proposal",
            DocumentKey("nimbrook-software", proposal="nimbrook-renewal-2027"),
            tmp_path / "en.docx",
        )
    )
    assert "1,150 sites" in english
    assert "2,000 sites" in english


def test_french_long_dates_write_the_first_of_the_month_as_1er(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = DocumentKey("ondrelle-industrie", audience="internal")
    french = all_text(_demo(demo_ws, "plan", key, tmp_path / "fr.docx"))
    english = all_text(_demo(demo_ws, "plan", key, tmp_path / "en.docx", "en"))
    assert "1er décembre 2026" in french
    assert "1 décembre 2026" not in french
    assert "1 December 2026" in english
    assert "1er" not in english


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_built_documents_write_no_raw_iso_date(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    built = [
        _demo(
            demo_ws,
            "plan",
            DocumentKey("ondrelle-industrie", audience="internal"),
            tmp_path / "a.docx",
        ),
        _demo(
            demo_ws,
            "plan",
            DocumentKey("nimbrook-software", audience="client"),
            tmp_path / "b.docx",
        ),
        _demo(
            demo_ws,
            "proposal",
            DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance"),
            tmp_path / "c.docx",
        ),
        _demo(
            demo_ws,
            "proposal",
            DocumentKey("marches-vervelle", proposal="prev-frais-2027"),
            tmp_path / "d.docx",
        ),
    ]
    # An ISO date may only be one the user wrote in a free text ("remise des offres le
    # 2026-12-18 à 12 h"), copied with the words around it; kamdocs writes its dates in words.
    sources = "\n".join(
        p.read_text("utf-8")
        for p in (REPO / "content").rglob("*.*")
        if p.suffix in (".yaml", ".md")
    )
    for path in built:
        text = all_text(path)
        for found in ISO_DATE.finditer(text):
            phrase = text[max(found.start() - 12, 0) : found.end()].split("\n")[-1]
            assert " " in phrase.strip(), (path.name, phrase)
            assert phrase in sources, (path.name, phrase)
