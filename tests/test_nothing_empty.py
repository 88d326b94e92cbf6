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
