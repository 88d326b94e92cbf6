"""Nothing drawn or headed over no data: no chart without values, no bare heading."""

from __future__ import annotations

from pathlib import Path

from conftest import AS_OF
from docx_view import all_text, chart_series

from kamdocs.building.driver import build_document
from kamdocs.building.request import DocumentKey, Options


def _plan(ws, account: str, audience: str, out: Path) -> Path:  # type: ignore[no-untyped-def]
    key = DocumentKey(account, audience=audience)
    return build_document("plan", ws, key, Options(today=AS_OF, out=out)).path


def test_an_account_without_quarterly_revenue_gets_no_revenue_chart_but_the_todo_line(
    demo_ws, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Braise Textiles has a yearly revenue but no quarter of it: nothing to chart.
    path = _plan(demo_ws, "braise-textiles", "internal", tmp_path / "plan.docx")
    assert all("Réel" not in chart for chart in chart_series(path))
    text = all_text(path)
    after = text.split("Historique et santé de la relation")[-1]
    assert after.splitlines()[1] == "à compléter"
    assert "T1 2025" not in after.split("Concurrence")[0]  # no table of empty quarters


def test_an_account_with_quarterly_revenue_keeps_its_chart(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _plan(demo_ws, "ondrelle-industrie", "internal", tmp_path / "plan.docx")
    revenue = [c for c in chart_series(path) if "Réel" in c]
    assert len(revenue) == 1
    assert any(value for value in revenue[0]["Réel"])


def test_a_likelihood_agrees_with_probabilite_and_an_impact_stays_masculine(
    demo_ws, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from docx_view import table_after

    rows = table_after(
        _plan(demo_ws, "ondrelle-industrie", "internal", tmp_path / "p.docx"), "Risques"
    )
    assert rows[0][1:3] == ["Probabilité", "Impact"]
    likelihoods = {row[1] for row in rows[1:]}
    impacts = {row[2] for row in rows[1:]}
    assert "élevée" in likelihoods
    assert "élevé" not in likelihoods
    assert "moyen" not in likelihoods
    assert "élevé" in impacts


def test_the_portfolio_drops_the_pipeline_updated_column_when_no_opportunity_has_the_date(
    ws_copy: Path, tmp_path: Path
) -> None:
    import datetime as dt

    import yaml
    from docx_view import table_after

    from kamdocs.workspace.loader import load_workspace

    def freshness(name: str) -> list[list[str]]:
        out = tmp_path / f"{name}.docx"
        ws = load_workspace(ws_copy)
        build_document("portfolio", ws, DocumentKey(""), Options(today=AS_OF, out=out))
        return table_after(out, "fraîcheur")

    # No opportunity of the demo says when it last changed.
    ws = load_workspace(ws_copy)
    assert not any(
        o.updated_on for b in ws.accounts.values() for o in b.account.model.opportunities
    )
    without = freshness("without")
    assert without[0] == ["Compte", "Sections renseignées", "Dernier contact", "Dernière revue"]
    assert all(len(row) == 4 for row in without)
    path = ws_copy / "content" / "accounts" / "marches-vervelle" / "account.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["opportunities"][0]["updated_on"] = dt.date(2026, 11, 18)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with_date = {row[0]: row for row in freshness("with")}
    assert with_date["Compte"][3] == "Pipeline mis à jour"
    assert with_date["Marchés Vervelle SA"][3] == "18/11/2026"
    assert with_date["Lumen Optique SAS"][3] == "—"


def test_the_plan_pipeline_drops_unit_and_offering_when_no_opportunity_names_them(
    ws_copy: Path, tmp_path: Path
) -> None:
    import yaml
    from docx_view import table_after

    from kamdocs.workspace.loader import load_workspace

    path = ws_copy / "content" / "accounts" / "ondrelle-industrie" / "account.yaml"
    before = _plan(load_workspace(ws_copy), "ondrelle-industrie", "internal", tmp_path / "a.docx")
    assert table_after(before, "Opportunités")[0][1:3] == ["Entité", "Offre"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for opportunity in data["opportunities"]:
        opportunity.pop("unit", None)
        opportunity.pop("offering", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = table_after(
        _plan(load_workspace(ws_copy), "ondrelle-industrie", "internal", tmp_path / "b.docx"),
        "Opportunités",
    )
    assert after[0] == ["Opportunité", "Statut", "Montant", "Probabilité", "Clôture", "Responsable"]
    assert len(after) == 1 + len(data["opportunities"])
    assert all(len(row) == 6 for row in after)


def test_a_column_not_marked_optional_stays_even_when_empty() -> None:
    from kamdocs import ir
    from kamdocs.ir.columns import without_empty_columns

    def row(*texts: str) -> tuple[ir.Cell, ...]:
        return tuple(ir.Cell((ir.Text(t),) if t else ()) for t in texts)

    table = ir.Table((row("Code", "Libellé", "Remise"), row("", "A", "—"), row("", "B", "")),
                     widths=(ir.nodes.Decimal(1), ir.nodes.Decimal(3), ir.nodes.Decimal(2)),
                     optional=(2,))  # fmt: skip
    trimmed = without_empty_columns(table)
    assert [[c.inlines[0].text if c.inlines else "" for c in r] for r in trimmed.rows] == [
        ["Code", "Libellé"], ["", "A"], ["", "B"],
    ]  # fmt: skip
    assert len(trimmed.widths) == 2
