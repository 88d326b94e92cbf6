"""French documents keep numbers, units and French punctuation on one line."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import AS_OF

from kamdocs import ir
from kamdocs.building.driver import (
    DocumentKey,
    Options,
    build_document,
)
from kamdocs.ir.typography import NBSP, french_spaces, typeset


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("environ 15 000 €", f"environ 15{NBSP}000{NBSP}€"),
        ("1 234 567 clients", f"1{NBSP}234{NBSP}567 clients"),
        ("98,4 % des flux", f"98,4{NBSP}% des flux"),
        ("3,8 h (objectif 4 h)", f"3,8{NBSP}h (objectif 4{NBSP}h)"),
        ("Santé : 50 ; NPS ?", f"Santé{NBSP}: 50{NBSP}; NPS{NBSP}?"),
        ("« oui »", f"«{NBSP}oui{NBSP}»"),
        # Left alone: years side by side, words after numbers, dates, phone-like groups.
        ("T1 2026 et 2027", "T1 2026 et 2027"),
        ("11 heures", "11 heures"),
        ("le 2026-09-30", "le 2026-09-30"),
        ("01 23 45 67", "01 23 45 67"),
    ],
)
def test_french_spaces(typed: str, expected: str) -> None:
    assert french_spaces(typed) == expected


def test_only_french_documents_are_touched() -> None:
    blocks = (ir.Paragraph((ir.Text("15 000 € : ok"),)),)
    english = ir.Document(ir.Meta("t", language="en"), blocks)
    assert typeset(english) is english
    french = typeset(ir.Document(ir.Meta("t", language="fr"), blocks))
    assert french.blocks[0].inlines[0].text == f"15{NBSP}000{NBSP}€{NBSP}: ok"  # type: ignore[union-attr]


def test_a_french_plan_carries_no_break_spaces_from_typed_data(
    ws_copy: Path, tmp_path: Path
) -> None:
    from kamdocs.workspace.loader import load_workspace

    account = ws_copy / "content/accounts/ondrelle-industrie/account.yaml"
    text = account.read_text(encoding="utf-8")
    account.write_text(
        text.replace("goals:\n", "goals:\n  - Réduire le budget de 15 000 € par an\n", 1),
        encoding="utf-8",
    )
    ws = load_workspace(ws_copy, ["ondrelle-industrie"])
    out = build_document(
        "plan",
        ws,
        DocumentKey("ondrelle-industrie", audience="internal"),
        Options(today=AS_OF, out=tmp_path / "p.docx"),
    )
    paragraphs = [p.text for p in docx.Document(str(out.path)).paragraphs]
    assert f"Réduire le budget de 15{NBSP}000{NBSP}€ par an" in paragraphs


@pytest.mark.parametrize(
    ("lang", "value", "unit", "expected"),
    [
        ("fr", "99.7", "%", "99,7\u202f%"),
        ("en", "99.7", "%", "99.7%"),
        ("en", 2000, "sites", "2,000 sites"),
        ("fr", 2000, "sites", "2\u202f000 sites"),
        ("fr", 520000, "EUR", "520\u202f000\u00a0€"),
        ("en", "1 marché", None, "1 marché"),
        ("en", None, "%", None),
    ],
)
def test_kpi_figures_carry_their_unit_in_the_documents_language(
    lang: str, value: object, unit: str | None, expected: str | None
) -> None:
    from kamdocs.templating.formatting import Formatter

    assert Formatter(lang).measure(value, unit) == expected  # type: ignore[arg-type]
