"""Numbers that make sense: ratios in their range, amounts never negative where the content
format allows none, a total excl. VAT never below zero. Run as the user runs kamdocs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli.commands import main

AS_OF = ["--as-of", "2026-11-23"]
TENDER = Path("content", "accounts", "ondrelle-industrie", "proposals", "ao-2026-maintenance.yaml")
# A standard proposal: its price table is the offer (a tender's price schedule wins over
# firm pricing lines).
OFFER = Path("content", "accounts", "marches-vervelle", "proposals", "prev-frais-2027.yaml")
ACCOUNT = Path("content", "accounts", "braise-textiles", "account.yaml")


def _edit(ws: Path, relative: Path, old: str, new: str) -> bytes:
    """Replace `old` by `new` once in a workspace file; return the file's new bytes."""
    path = ws / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_bytes()


def _proposal(
    ws: Path, out: Path, which: tuple[str, str] = ("ondrelle-industrie", "ao-2026-maintenance")
) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["proposal", *which, "-C", str(ws), "--out", str(out)] + AS_OF
    )
    return result.exit_code, result.stderr


STANDARD = ("marches-vervelle", "prev-frais-2027")


def test_a_vat_rate_written_without_its_percent_sign_is_an_error_saying_what_to_write(
    ws_copy: Path, tmp_path: Path
) -> None:
    before = _edit(ws_copy, TENDER, "vat_rate: 20%", "vat_rate: 20")
    out = tmp_path / "offer.docx"
    code, stderr = _proposal(ws_copy, out)
    assert code == 1
    assert "ao-2026-maintenance.yaml:" in stderr
    # The demo workspace writes language: fr, so its messages are French.
    assert "20 n'est pas une fraction entre 0 et 1 ; écrivez 20% pour un pourcentage" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    assert (ws_copy / TENDER).read_bytes() == before


@pytest.mark.parametrize("written", ["150%", "-5%", "101"])
def test_a_vat_rate_outside_0_to_100_percent_is_an_error(
    ws_copy: Path, tmp_path: Path, written: str
) -> None:
    _edit(ws_copy, TENDER, "vat_rate: 20%", f"vat_rate: {written}")
    out = tmp_path / "offer.docx"
    code, stderr = _proposal(ws_copy, out)
    assert code == 1
    assert f"doit être entre 0% et 100%, et vaut {written}" in stderr
    assert not out.exists()


def test_a_line_discount_of_150_percent_is_refused_by_check(ws_copy: Path) -> None:
    _edit(
        ws_copy,
        TENDER,
        "unit_price: 1150, optional: true}",
        "unit_price: 1150, optional: true, discount: 150%}",
    )
    result = CliRunner().invoke(main, ["check", "-C", str(ws_copy)] + AS_OF)
    assert result.exit_code == 1
    assert "doit être entre 0% et 100%, et vaut 150%" in result.stderr


def test_a_margin_accepts_a_loss_but_not_more_than_100_percent(ws_copy: Path) -> None:
    _edit(ws_copy, ACCOUNT, "margin: 0.22}", "margin: -12%}")
    ok = CliRunner().invoke(main, ["check", "-C", str(ws_copy)] + AS_OF)
    assert ok.exit_code == 0, ok.output
    _edit(ws_copy, ACCOUNT, "margin: 0.24}", "margin: 24}")
    bad = CliRunner().invoke(main, ["check", "-C", str(ws_copy)] + AS_OF)
    assert bad.exit_code == 1
    assert "braise-textiles/account.yaml:" in bad.stderr
    assert "écrivez 24% pour un pourcentage, ou 0.24 en fraction" in bad.stderr


def test_a_negative_revenue_amount_is_an_error(ws_copy: Path) -> None:
    _edit(ws_copy, ACCOUNT, "amount: 140000", "amount: -140000")
    result = CliRunner().invoke(main, ["check", "-C", str(ws_copy)] + AS_OF)
    assert result.exit_code == 1
    assert "un montant ne peut pas être négatif ici, et vaut -140000" in result.stderr


def test_a_credit_line_is_allowed_but_not_a_negative_total(ws_copy: Path, tmp_path: Path) -> None:
    # A credit line and a line of the same amount: the total (typed in the summary) holds.
    credit = (
        "    - {label: Avoir, quantity: 1, unit: forfait, unit_price: -5000}\n"
        "    - {label: Atelier de lancement, quantity: 1, unit: forfait, unit_price: 5000}\n"
    )
    first = "    - {label: Paramétrage"
    _edit(ws_copy, OFFER, first, credit + first)
    code, stderr = _proposal(ws_copy, tmp_path / "with-credit.docx", STANDARD)
    assert code == 0, stderr
    _edit(ws_copy, OFFER, "unit_price: -5000}", "unit_price: -900000}")
    out = tmp_path / "negative.docx"
    code, stderr = _proposal(ws_copy, out, STANDARD)
    assert code == 1
    assert "le total HT du tableau de prix vaut -" in stderr
    assert "sous zéro ; vérifiez les prix unitaires des lignes d'avoir" in stderr
    assert not out.exists()


def test_a_price_finer_than_cents_is_a_warning(ws_copy: Path, tmp_path: Path) -> None:
    # The summary quotes the total, which the finer price changes: it is no longer typed
    # there (else the leak scanner rightly sees the opportunity's amount in it).
    _edit(ws_copy, OFFER, "**Les chiffres** : 150 689,46 € HT", "**Les chiffres** : le total HT")
    _edit(ws_copy, OFFER, "unit_price: 1050}", "unit_price: 1050.125}")
    code, stderr = _proposal(ws_copy, tmp_path / "offer.docx", STANDARD)
    assert code == 0, stderr
    assert "1050.125 a plus de décimales que les 2 de la devise" in stderr
