"""The account plan, opened as a user would: sections, tables, colours, charts, audience."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import AS_OF, write
from docx_view import all_text, cell_fills, chart_series, headings, table_after

from kamdocs.building.driver import (
    DocumentKey,
    Options,
    build_document,
)
from kamdocs.workspace.loader import load_workspace

FR_SECTIONS = [
    "Gouvernance du compte",
    "Synthèse du plan",
    "Présentation générale",
    "Objectifs et enjeux du client",
    "Marché et environnement",
    "Faits marquants",
    "Analyse SWOT",
    "Cartographie des parties prenantes",
    "Processus d'achat",
    "Historique et santé de la relation",
    "Concurrence",
    "Notre offre et potentiel",
    "Opportunités",
    "Stratégie et objectifs à 12 mois",
    "Plan d'actions",
    "Risques",
    "Suivi",
    "Validation client",
    "Données à compléter",
]
EN_CLIENT_SECTIONS = [
    "Account governance",
    "Account overview",
    "Client's goals and challenges",
    "Market and environment",
    "Key news",
    "Our offering and whitespace",
    "Strategy and 12-month objectives",
    "Action plan",
    "Follow-up cadence",
    "Client validation",
]


def build(ws, slug: str, tmp_path: Path, audience: str = "internal", **kw) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{slug}-{audience}.docx"
    return build_document(
        "plan", ws, DocumentKey(slug, audience=audience), Options(today=AS_OF, out=out, **kw)
    ).path


def strip_numbers(titles: list[str]) -> list[str]:
    return [t.split(" ", 1)[1] for t in titles]


def test_the_internal_plan_has_every_section_in_domain_order(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    assert strip_numbers(headings(path, 1)) == FR_SECTIONS
    assert headings(path, 1)[0] == "1. Gouvernance du compte"


def test_the_english_client_plan_keeps_only_shareable_sections(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "nimbrook-software", tmp_path, "client")
    assert strip_numbers(headings(path, 1)) == EN_CLIENT_SECTIONS


def test_the_client_plan_holds_no_stakeholder_data(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path, "client")
    text = all_text(path)
    account = demo_ws.accounts["marches-vervelle"].account.model
    # Names may appear in the user's own shareable text (news, validation); the map may not.
    assert "Cartographie des parties prenantes" not in text
    for stakeholder in account.stakeholders:
        if stakeholder.stake:
            assert stakeholder.stake not in text
        if stakeholder.notes:
            assert stakeholder.notes not in text
    for competitor in account.competitors:
        assert competitor.name not in text
    for word in (
        "détracteur",
        "champion",
        "Santé du compte",
        "Part de portefeuille",
        "Stratégique",
        "Matrice des espaces blancs",
    ):
        assert word not in text
    assert "Confidentiel — usage interne" not in text
    assert "Confidentiel · Marchés Vervelle" in text


def test_the_internal_header_carries_the_marking(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "ondrelle-industrie", tmp_path)
    header = docx.Document(str(path)).sections[0].header.paragraphs
    text = " ".join(p.text for p in header)
    assert text.startswith("BROUILLON · Confidentiel — usage interne · Ondrelle Industrie")
    assert "23 novembre 2026" in text


def test_the_stakeholder_map_colours_relationships(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    rows = table_after(path, "Cartographie des parties prenantes")
    assert rows[0][:3] == ["Personne", "Fonction / entité", "Rôles"]
    fills = cell_fills(path)
    assert fills["forte"] == {"00B050"}
    assert fills["bonne"] == {"FFC000"}
    assert fills["faible"] == {"C00000"}


def test_the_swot_has_one_row_per_marketing_mix_dimension(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    rows = table_after(path, "Analyse SWOT")
    assert rows[0] == ["Dimension", "Forces", "Faiblesses", "Opportunités", "Menaces"]
    dimensions = [r[0] for r in rows[1:]]
    assert dimensions[:3] == ["Gamme de produits", "Qualité", "Marque"]


def test_an_overdue_action_is_red_whatever_its_status(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    rows = table_after(path, "Plan d'actions")
    overdue = [r for r in rows if "(échue)" in r[-1]]
    assert len(overdue) == 1
    fills = cell_fills(path)
    assert fills[overdue[0][-1]] == {"C00000"}
    assert rows[1] == overdue[0]  # late actions come first


def test_the_revenue_chart_is_native_with_the_history_values(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    assert "word/charts/chart1.xml" in names
    assert any(n.startswith("word/embeddings/") and n.endswith(".xlsx") for n in names)
    account = demo_ws.accounts["marches-vervelle"].account.model
    amounts = {e.period: e.amount for e in account.revenue.history}
    revenue = chart_series(path)[0]
    assert [float(v) for v in revenue["Réel"]] == [
        float(amounts[q])
        for q in (
            "2024-Q4",
            "2025-Q1",
            "2025-Q2",
            "2025-Q3",
            "2025-Q4",
            "2026-Q1",
            "2026-Q2",
            "2026-Q3",
        )
    ]


def test_money_and_dates_follow_the_language(demo_ws, tmp_path: Path) -> None:
    fr = all_text(build(demo_ws, "marches-vervelle", tmp_path))
    assert "1 795 000 €" in fr
    en = all_text(build(demo_ws, "nimbrook-software", tmp_path))
    assert "€1,243,000" in en
    assert "23 November 2026" in en


def test_markdown_in_data_becomes_bold_and_italic_runs(ws_copy: Path, tmp_path: Path) -> None:
    account = ws_copy / "content" / "accounts" / "marches-vervelle" / "account.yaml"
    text = account.read_text(encoding="utf-8")
    text = text.replace("purchasing_process:", "purchasing_process_old:", 1)
    text += '\npurchasing_process: "Le **comité** décide, *vite*."\n'
    account.write_text(text.replace("purchasing_process_old:", "x_unused:", 1), encoding="utf-8")
    # Keep the file valid: drop the renamed key's block by rebuilding from scratch.
    write(account, _without_key(text, "purchasing_process_old"))
    path = build(load_workspace(ws_copy), "marches-vervelle", tmp_path)
    runs = [(r.text, r.bold, r.italic) for p in docx.Document(str(path)).paragraphs for r in p.runs]
    assert ("comité", True, None) in runs
    assert ("vite", None, True) in runs
    assert "**" not in all_text(path)


def _without_key(text: str, key: str) -> str:
    lines = text.split("\n")
    out, skipping = [], False
    for line in lines:
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)


def test_template_syntax_and_xml_characters_in_data_are_printed_verbatim(tmp_path: Path) -> None:
    nasty = "{{ 7*7 }} {% raw %} <b>&amp; | # A&B \U0001f680"
    ws = tmp_path / "ws"
    write(ws / "content" / "company.yaml", "name: Nous\n")
    write(
        ws / "content" / "accounts" / "x" / "account.yaml",
        f"name: '{nasty}'\ngoals:\n  - '# {nasty}'\nsector: '| a | b |'\n",
    )
    path = build(load_workspace(ws), "x", tmp_path)
    text = all_text(path)
    assert nasty in text
    assert f"# {nasty}" in text
    assert "| a | b |" in text
    assert "49" not in text


def test_a_minimal_account_builds_with_placeholders(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    write(ws / "content" / "accounts" / "mini" / "account.yaml", "name: Mini SA\n")
    path = build(load_workspace(ws), "mini", tmp_path)
    text = all_text(path)
    assert text.count("à compléter") >= 10
    assert headings(path, 1)[-1].endswith("Données à compléter")
    client = build(load_workspace(ws), "mini", tmp_path, "client")
    # The client edition leaves out the sections without data: here, every one of them.
    assert headings(client, 1) == []


def test_an_account_with_300_actions_builds_every_row(ws_copy: Path, tmp_path: Path) -> None:
    account = ws_copy / "content" / "accounts" / "braise-textiles" / "account.yaml"
    actions = "".join(
        f"  - {{id: A{i}, action: 'Action {i}', owner: Julien Marchand, "
        f"due: 2027-01-{i % 28 + 1:02d},"
        f" expected_result: '{i} k€', status: on_track}}\n"
        for i in range(300)
    )
    account.write_text(
        account.read_text(encoding="utf-8") + "actions:\n" + actions, encoding="utf-8"
    )
    path = build(load_workspace(ws_copy), "braise-textiles", tmp_path)
    rows = table_after(path, "Plan d'actions")
    assert len(rows) == 301


def test_header_rows_repeat_and_rows_do_not_split(demo_ws, tmp_path: Path) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "<w:tblHeader/>" in xml
    assert xml.count("<w:cantSplit/>") == xml.count("<w:tr>")


def test_identical_inputs_give_identical_bytes(demo_ws, tmp_path: Path) -> None:
    first = build(demo_ws, "marches-vervelle", tmp_path / "a").read_bytes()
    second = build(demo_ws, "marches-vervelle", tmp_path / "b").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "marches-vervelle-internal.docx") as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "2026-11-23T00:00:00Z" in core


def test_a_corporate_reference_document_gives_its_look(demo_ws, tmp_path: Path) -> None:
    from corporate_templates import make_corporate_docx

    reference = make_corporate_docx(tmp_path / "corp.docx")
    path = build(demo_ws, "marches-vervelle", tmp_path, reference=reference)
    document = docx.Document(str(path))
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert strip_numbers(headings(path, 1)) == FR_SECTIONS


def test_a_reference_without_heading_styles_is_refused_with_the_list(
    demo_ws, tmp_path: Path
) -> None:
    from kamdocs.errors import KamdocsError

    bare = docx.Document()
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = bare.styles[name]
        style._element.getparent().remove(style._element)
    bare.save(str(tmp_path / "bare.docx"))
    with pytest.raises(KamdocsError, match="missing style 'Heading 1'.*available"):
        build(demo_ws, "marches-vervelle", tmp_path, reference=tmp_path / "bare.docx")


def test_a_failed_build_keeps_the_previous_file(demo_ws, tmp_path: Path, monkeypatch) -> None:
    path = build(demo_ws, "marches-vervelle", tmp_path)
    before = path.read_bytes()
    import kamdocs.writers.docx as writer

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(writer, "write_docx", explode)
    with pytest.raises(RuntimeError):
        build(demo_ws, "marches-vervelle", tmp_path)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kamdocs-tmp")]


def test_every_plan_is_schema_valid(demo_ws, tmp_path: Path) -> None:
    from ooxml_schema import validate_package

    for slug in demo_ws.accounts:
        for audience in ("internal", "client"):
            path = build(demo_ws, slug, tmp_path, audience)
            errors = validate_package(path)
            assert errors == [], (slug, audience, errors[:5])


def test_options_are_not_mutated(demo_ws) -> None:
    options = Options(today=AS_OF)
    assert replace(options, lang="en").lang == "en"
    assert options.lang is None


def test_a_workspace_template_overrides_one_section(ws_copy: Path, tmp_path: Path) -> None:
    write(
        ws_copy / "templates" / "docx" / "plan" / "goals.md.j2",
        "Nos objectifs pour {{ account.name }} :\n\n{% for g in account.goals %}\n"
        "1. {{ g | md }}\n{% endfor %}\n",
    )
    path = build(load_workspace(ws_copy), "marches-vervelle", tmp_path)
    assert "Nos objectifs pour Marchés Vervelle SA :" in all_text(path)
    assert strip_numbers(headings(path, 1)) == FR_SECTIONS


def test_a_template_dir_option_wins_over_the_workspace(ws_copy: Path, tmp_path: Path) -> None:
    write(ws_copy / "templates" / "docx" / "plan" / "goals.md.j2", "workspace\n")
    option_dir = tmp_path / "tpl"
    write(option_dir / "docx" / "plan" / "goals.md.j2", "from the option\n")
    path = build(load_workspace(ws_copy), "marches-vervelle", tmp_path, template=option_dir)
    text = all_text(path)
    assert "from the option" in text
    assert "workspace" not in text


def test_a_template_naming_a_missing_field_fails_with_file_and_line(
    ws_copy: Path, tmp_path: Path
) -> None:
    from kamdocs.errors import KamdocsError

    write(
        ws_copy / "templates" / "docx" / "plan" / "goals.md.j2",
        "line one\n{{ account.no_such_field }}\n",
    )
    with pytest.raises(KamdocsError, match=r"goals\.md\.j2:2: template error"):
        build(load_workspace(ws_copy), "marches-vervelle", tmp_path)


def test_templates_cannot_reach_python_internals(ws_copy: Path, tmp_path: Path) -> None:
    from kamdocs.errors import KamdocsError

    write(
        ws_copy / "templates" / "docx" / "plan" / "goals.md.j2",
        "{{ account.__class__.__mro__[1].__subclasses__() }}\n",
    )
    with pytest.raises(KamdocsError, match="template error"):
        build(load_workspace(ws_copy), "marches-vervelle", tmp_path)


def test_constant_outputs_stay_right_when_templates_are_reused(tmp_path: Path) -> None:
    from kamdocs.templating.environment import Templates
    from kamdocs.workspace.templates import template_loader

    write(tmp_path / "t.md.j2", '{{ "constant" }} and {{ value }}\n')
    templates = Templates(template_loader([tmp_path]), str(tmp_path))
    for value in ("first", "second", "third"):
        blocks = templates.render_blocks("t.md.j2", {"value": value}, {})
        assert blocks[0].inlines[0].text == f"constant and {value}"
