"""The price table's rules, and its totals excl. VAT that the other proposal checks compare."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_precision

from kamdocs.checks.locate import Unplaced, unplaced
from kamdocs.insights import pricing
from kamdocs.workspace.model import Proposal


def ht_totals(proposal: Proposal) -> pricing.PriceTotals | None:
    """Return the financial offer for its amounts excl. VAT, which no VAT rate changes: the
    buyer's price schedule in tender mode when there is one, else the price table."""
    return pricing.offer_totals(proposal, Decimal(0))


def pricing_problems(
    proposal: Proposal, default_vat: Decimal, country: str | None = "FR", currency: str = "EUR"
) -> list[Unplaced]:
    """Return the price table's problems: a 0 % VAT rate needs its legal mention; a rate set
    on the proposal that contradicts the client's country is a warning; the total excl. VAT
    cannot fall below zero; a price finer than the currency's cents is a warning."""
    totals = pricing.offer_totals(proposal, default_vat, country)
    problems: list[Unplaced] = []
    if totals is not None and totals.needs_vat_note:
        problems.append(unplaced(("pricing", "vat_note"), "vat_note_missing"))
    if totals is not None and totals.total_ht < 0:
        problems.append(
            unplaced(("pricing", "lines"), "negative_total", total=str(totals.total_ht))
        )
    problems += _precision_problems(proposal, currency)
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


def _precision_problems(proposal: Proposal, currency: str) -> list[Unplaced]:
    """A unit price with more decimals than the currency has is a warning."""
    decimals = get_currency_precision(currency)
    lines = proposal.pricing.lines if proposal.pricing else ()
    return [
        unplaced(
            ("pricing", "lines", i, "unit_price"), "too_many_decimals", "warning",
            value=str(line.unit_price), decimals=str(decimals),
        )
        for i, line in enumerate(lines)
        if _decimals(line.unit_price) > decimals
    ]  # fmt: skip


def _decimals(value: Decimal) -> int:
    """Return how many decimals `value` is written with, trailing zeros left out."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
