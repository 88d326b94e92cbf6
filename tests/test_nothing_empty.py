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
