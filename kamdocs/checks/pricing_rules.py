"""The price table's rules, and its totals excl. VAT that the other proposal checks compare."""

from __future__ import annotations

from decimal import Decimal

from kamdocs.checks.locate import Unplaced, unplaced
from kamdocs.insights import pricing
from kamdocs.workspace.model import Proposal


def ht_totals(proposal: Proposal) -> pricing.PriceTotals | None:
    """Return the financial offer for its amounts excl. VAT, which no VAT rate changes: the
    buyer's price schedule in tender mode when there is one, else the price table."""
    return pricing.offer_totals(proposal, Decimal(0))


def pricing_problems(
    proposal: Proposal, default_vat: Decimal, country: str | None = "FR"
) -> list[Unplaced]:
    """Return the price table's problems: a 0 % VAT rate needs its legal mention; a rate
    set on the proposal that contradicts the client's country is a warning."""
    totals = pricing.offer_totals(proposal, default_vat, country)
    problems: list[Unplaced] = []
    if totals is not None and totals.needs_vat_note:
        problems.append(unplaced(("pricing", "vat_note"), "vat_note_missing"))
    if totals is None or not pricing.rate_is_set(proposal):
        return problems
    case = pricing.vat_case(country)
    rates = {v.rate for v in totals.vat}
    # In France a 0 % rate with its mention is an exemption, not a contradiction.
    wrong = sorted(r for r in rates if r > 0) if case != "domestic" else []
    if wrong:
        expected = {
            "eu": "no French VAT applies (reverse charge)",
            "outside": "no French VAT applies (outside its scope)",
        }[case]
        problems.append(
            unplaced(
                ("pricing", "vat_rate"),
                "vat_rate_contradicts_country",
                "warning",
                rate=f"{wrong[0] * 100:f}%",
                country=(country or "FR").upper(),
                expected=expected,
            )
        )
    return problems
