"""The price table's rules, and its totals excl. VAT that the other proposal checks compare."""

from __future__ import annotations

from decimal import Decimal

from kamdocs.checks.locate import Unplaced, unplaced
from kamdocs.insights import pricing
from kamdocs.workspace.model import Proposal


def ht_totals(proposal: Proposal) -> pricing.PriceTotals | None:
    """Return the price table for its amounts excl. VAT, which no VAT rate changes."""
    return pricing.price_proposal(proposal.pricing, Decimal(0))


def pricing_problems(proposal: Proposal, default_vat: Decimal) -> list[Unplaced]:
    """Return the price table's problems: a 0 % VAT rate needs its legal mention."""
    totals = pricing.price_proposal(proposal.pricing, default_vat)
    if totals is not None and totals.needs_vat_note:
        return [unplaced(("pricing", "vat_note"), "vat_note_missing")]
    return []
