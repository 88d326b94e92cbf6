"""The price table's rules, and its totals excl. VAT that the other proposal checks compare."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_precision

from kamdocs.checks.locate import Unplaced, unplaced
from kamdocs.insights import pricing
from kamdocs.workspace.model import Proposal


def ht_totals(proposal: Proposal) -> pricing.PriceTotals | None:
    """Return the price table for its amounts excl. VAT, which no VAT rate changes."""
    return pricing.price_proposal(proposal.pricing, Decimal(0))


def pricing_problems(
    proposal: Proposal, default_vat: Decimal, currency: str = "EUR"
) -> list[Unplaced]:
    """Return the price table's problems: a 0 % VAT rate needs its legal mention, the total
    excl. VAT cannot fall below zero, and a price finer than the currency's cents is a warning."""
    found = []
    totals = pricing.price_proposal(proposal.pricing, default_vat)
    if totals is not None and totals.needs_vat_note:
        found.append(unplaced(("pricing", "vat_note"), "vat_note_missing"))
    if totals is not None and totals.total_ht < 0:
        found.append(unplaced(("pricing", "lines"), "negative_total", total=str(totals.total_ht)))
    decimals = get_currency_precision(currency)
    lines = proposal.pricing.lines if proposal.pricing else ()
    for i, line in enumerate(lines):
        if _decimals(line.unit_price) > decimals:
            found.append(
                unplaced(
                    ("pricing", "lines", i, "unit_price"), "too_many_decimals", "warning",
                    value=str(line.unit_price), decimals=str(decimals),
                )
            )  # fmt: skip
    return found


def _decimals(value: Decimal) -> int:
    """Return how many decimals `value` is written with, trailing zeros left out."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
