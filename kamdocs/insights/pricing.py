"""Exact proposal pricing (domain.md §5 "Pricing rules" and "Value"), in `Decimal` only.

Rounding is half-up to the cent, first on each line, then on each VAT base (design choice):
line total = round(quantity × unit price × (1 − line discount)); the overall discount is
computed per VAT base of the firm lines and rounded per base; VAT = round(discounted base ×
rate) per rate; TTC = HT + VAT. Optional lines are priced but never enter a total.
Amounts are excluding VAT (HT) unless their name says otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import (
    PriceScheduleLine,
    Pricing,
    PricingLine,
    Proposal,
    Recurrence,
    Roi,
)

CENT = Decimal("0.01")
_NO_MONEY = Decimal("0.00")  # start of every money sum, so that empty sums still show cents
_MONTHS_PER_YEAR = 12

# Where the buyer is established decides French VAT on services (B2B): "domestic" French VAT;
# "eu" reverse charge (another member state); "outside" outside the scope of French VAT.
VatCase = Literal["domestic", "eu", "outside"]
# Monaco is in the French VAT territory.
_FRENCH_VAT = frozenset({"FR", "MC"})
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def round_half_up(value: Decimal, step: Decimal = CENT) -> Decimal:
    """Return `value` rounded half-up (ties away from zero) to the exponent of `step`."""
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _money_sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, _NO_MONEY)


@valueclass(frozen=True)
class PricedLine:
    """One pricing line with its rates resolved; `total` is HT, rounded to the cent.

    `discount` and `vat_rate` are fractions (0 when the line has no discount).
    """

    label: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    discount: Decimal
    vat_rate: Decimal
    recurring: Recurrence | None
    optional: bool
    total: Decimal
    code: str | None = None


@valueclass(frozen=True)
class VatLine:
    """One VAT rate: `base` is the HT base after the overall discount, `amount` its VAT,
    `discount` the share of the overall discount taken at this rate (≤ 0)."""

    rate: Decimal
    base: Decimal
    amount: Decimal
    discount: Decimal = _NO_MONEY


@valueclass(frozen=True)
class PriceTotals:
    """A proposal's price table and totals (money, HT unless named otherwise).

    `lines` are the firm lines and `options` the optional ones (never in any total).
    `one_off_ht`, `recurring_yearly_ht` and `recurring_monthly_ht` split the firm line totals
    before the overall discount, and add up to `gross_ht`. `global_discount` is ≤ 0 (shown as
    its own line); `total_ht` = `gross_ht` + `global_discount`. `vat` lists one line per rate,
    highest rate first. `needs_vat_note` is True when a 0 % rate appears without a `vat_note`.
    """

    lines: tuple[PricedLine, ...]
    options: tuple[PricedLine, ...]
    one_off_ht: Decimal
    recurring_yearly_ht: Decimal
    recurring_monthly_ht: Decimal
    gross_ht: Decimal
    global_discount_rate: Decimal
    global_discount: Decimal
    total_ht: Decimal
    vat: tuple[VatLine, ...]
    total_vat: Decimal
    total_ttc: Decimal
    vat_note: str | None
    needs_vat_note: bool
    vat_case: VatCase = "domestic"
    over_term: bool = False


def line_total(quantity: Decimal, unit_price: Decimal, discount: Decimal | None = None) -> Decimal:
    """Return quantity × unit price × (1 − discount), rounded half-up to the cent."""
    return round_half_up(quantity * unit_price * (1 - (discount or 0)))


def price_line(line: PricingLine, vat_rate: Decimal) -> PricedLine:
    """Return the priced line; `vat_rate` applies unless the line sets its own."""
    discount = line.discount or Decimal(0)
    return PricedLine(
        label=line.label,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        discount=discount,
        vat_rate=vat_rate if line.vat_rate is None else line.vat_rate,
        recurring=line.recurring,
        optional=line.optional,
        total=line_total(line.quantity, line.unit_price, discount),
        code=line.code,
    )


def vat_case(country: str | None) -> VatCase:
    """Return the VAT case of a business client established in `country` (ISO alpha-2)."""
    code = (country or "FR").upper()
    if code in _FRENCH_VAT:
        return "domestic"
    return "eu" if code in EU_MEMBERS or code == "EL" else "outside"


def rate_is_set(proposal: Proposal) -> bool:
    """Return True when the proposal sets a VAT rate itself (on its pricing or a line)."""
    lines: list[PricingLine | PriceScheduleLine] = [
        *(proposal.pricing.lines if proposal.pricing else ()),
        *(proposal.tender.price_schedule if proposal.tender else ()),
    ]
    pricing_rate = proposal.pricing is not None and proposal.pricing.vat_rate is not None
    return pricing_rate or any(line.vat_rate is not None for line in lines)


def schedule_lines(proposal: Proposal) -> tuple[PricingLine, ...]:
    """Return the tender's price schedule as pricing lines, with the pricing's options (PSE)
    after them; () outside tender mode or without a schedule."""
    tender = proposal.tender if proposal.mode == "tender" else None
    if tender is None or not tender.price_schedule:
        return ()
    lines = [
        PricingLine(
            label=row.label, quantity=row.quantity, unit=row.unit, unit_price=row.unit_price,
            vat_rate=row.vat_rate, recurring=row.recurring, optional=row.optional, code=row.code,
        )
        for row in tender.price_schedule
    ]  # fmt: skip
    extra = [line for line in proposal.pricing.lines if line.optional] if proposal.pricing else []
    return (*lines, *extra)


def offer_totals(
    proposal: Proposal, default_vat: Decimal, country: str | None = "FR"
) -> PriceTotals | None:
    """Return the financial offer's totals: the buyer's price schedule when the tender has one
    (the pricing then adds only its options), else the pricing. VAT follows the client's
    country unless the proposal sets a rate: outside France, no VAT (rate 0) with
    `vat_case` saying which legal mention applies."""
    case = vat_case(country)
    forced = case != "domestic" and not rate_is_set(proposal)
    base = proposal.pricing or Pricing()
    lines = schedule_lines(proposal) or base.lines
    if forced:
        lines = tuple(line.model_copy(update={"vat_rate": Decimal(0)}) for line in lines)
    schedule = bool(schedule_lines(proposal))
    pricing = base.model_copy(
        update={"lines": lines, "global_discount": None if schedule else base.global_discount}
    )
    totals = price_proposal(pricing, default_vat)
    if totals is None:
        return None
    # A schedule line's quantity is the buyer's (a monthly line counts its months): its
    # amount, recurring or not, covers the whole contract.
    totals = dataclasses.replace(totals, over_term=schedule)
    if not forced:
        return totals
    return dataclasses.replace(totals, needs_vat_note=False, vat_case=case)


def price_proposal(pricing: Pricing | None, default_vat: Decimal) -> PriceTotals | None:
    """Return the priced proposal; None when there is no pricing or it has no line.

    The VAT rate of a line is its own, else the pricing's, else `default_vat` (the
    workspace's). The overall discount applies to each VAT base of the firm lines, one-off and
    recurring alike, rounded half-up per base.
    """
    if pricing is None or not pricing.lines:
        return None
    vat_rate = default_vat if pricing.vat_rate is None else pricing.vat_rate
    priced = [price_line(line, vat_rate) for line in pricing.lines]
    firm = tuple(p for p in priced if not p.optional)
    options = tuple(p for p in priced if p.optional)

    bases: dict[Decimal, Decimal] = {}
    for p in firm:
        bases[p.vat_rate] = bases.get(p.vat_rate, _NO_MONEY) + p.total

    discount_rate = pricing.global_discount or Decimal(0)
    vat_lines: list[VatLine] = []
    for rate in sorted(bases, reverse=True):
        discount = round_half_up(bases[rate] * discount_rate)
        net_base = bases[rate] - discount
        vat_lines.append(
            VatLine(rate, net_base, round_half_up(net_base * rate), _NO_MONEY - discount)
        )

    gross_ht = _money_sum(p.total for p in firm)
    global_discount = _money_sum(v.discount for v in vat_lines)
    total_ht = gross_ht + global_discount
    total_vat = _money_sum(v.amount for v in vat_lines)
    note = pricing.vat_note.strip() if pricing.vat_note and pricing.vat_note.strip() else None
    return PriceTotals(
        lines=firm,
        options=options,
        one_off_ht=_money_sum(p.total for p in firm if p.recurring is None),
        recurring_yearly_ht=_money_sum(p.total for p in firm if p.recurring == "yearly"),
        recurring_monthly_ht=_money_sum(p.total for p in firm if p.recurring == "monthly"),
        gross_ht=gross_ht,
        global_discount_rate=discount_rate,
        global_discount=global_discount,
        total_ht=total_ht,
        vat=tuple(vat_lines),
        total_vat=total_vat,
        total_ttc=total_ht + total_vat,
        vat_note=note,
        # Options are printed too, so a 0 % option also needs the legal mention.
        needs_vat_note=note is None and any(p.vat_rate == 0 for p in priced),
    )


# --- tender price schedule -----------------------------------------------------------------


def dqe_total(schedule: Sequence[PriceScheduleLine]) -> Decimal:
    """Return the estimated total of the buyer's schedule: Σ round(quantity × unit price)."""
    return _money_sum(round_half_up(line.quantity * line.unit_price) for line in schedule)


def reconcile(schedule: Sequence[PriceScheduleLine], totals: PriceTotals | None) -> Decimal:
    """Return the DQE total − our total HT of firm lines (0.00 when they agree).

    Without pricing our total counts as 0, so the whole DQE total shows as the difference.
    """
    ours = totals.total_ht if totals is not None else _NO_MONEY
    return dqe_total(schedule) - ours


# --- value -------------------------------------------------------------------------------


@valueclass(frozen=True)
class RoiFigures:
    """Return on investment of an offer (domain.md §5 "Value"); money HT.

    `roi_ratio` = (gain over the horizon − investment) ÷ investment, a fraction (1.5 = 150 %).
    `payback_months` = investment ÷ monthly gain, rounded half-up to 0.1. A figure is None when
    its inputs are missing: no horizon (no gain over the horizon, no ROI), no investment, or a
    gain ≤ 0 (no payback). `investment_from_pricing` says the investment was derived from the
    price table rather than written in the data.
    """

    investment: Decimal | None
    annual_gain: Decimal
    gain_over_horizon: Decimal | None
    roi_ratio: Decimal | None
    payback_months: Decimal | None
    horizon_years: Decimal | None
    assumptions: str
    source: str | None = None
    investment_from_pricing: bool = False
    stated_horizon_years: Decimal | None = None


def default_investment(
    totals: PriceTotals | None, horizon_years: Decimal | None, contract_months: int | None = None
) -> Decimal | None:
    """Return one-off HT + yearly HT × horizon + monthly HT × 12 × horizon; for a price
    schedule (amounts over the contract), one-off HT + recurring HT × the horizon's share of
    the contract term (the whole recurring amount without a term or beyond it).

    Uses the subtotals before the overall discount (the discount may not recur, so the ROI is
    never overstated). None without pricing, or without a horizon when a line recurs.
    """
    if totals is None:
        return None
    if totals.over_term:
        recurring = totals.recurring_yearly_ht + totals.recurring_monthly_ht
        share = Decimal(1)
        if contract_months and horizon_years is not None:
            share = min(share, horizon_years * _MONTHS_PER_YEAR / contract_months)
        return round_half_up(totals.one_off_ht + recurring * share)
    recurring_yearly = totals.recurring_yearly_ht + totals.recurring_monthly_ht * _MONTHS_PER_YEAR
    if horizon_years is None:
        return totals.one_off_ht if recurring_yearly == 0 else None
    return totals.one_off_ht + recurring_yearly * horizon_years


def roi(
    roi: Roi | None, totals: PriceTotals | None, contract_months: int | None = None
) -> RoiFigures | None:
    """Return the ROI figures; None without an annual gain or without its assumptions
    (a gain without an assumption is not shown). A horizon longer than the contract's term
    (`contract_months`) is cut to the term; `stated_horizon_years` then keeps the longer one."""
    if roi is None or roi.annual_gain is None:
        return None
    assumptions = roi.assumptions.strip() if roi.assumptions else ""
    if not assumptions:
        return None
    gain = roi.annual_gain
    horizon = roi.horizon_years
    stated = None
    if contract_months and horizon is not None and horizon * _MONTHS_PER_YEAR > contract_months:
        stated, horizon = horizon, Decimal(contract_months) / _MONTHS_PER_YEAR
    investment = roi.investment
    from_pricing = investment is None
    if investment is None:
        investment = default_investment(totals, horizon, contract_months)
    gain_over_horizon = None if horizon is None else gain * horizon
    roi_ratio = None
    payback = None
    if investment is not None and investment > 0:
        if gain_over_horizon is not None:
            roi_ratio = (gain_over_horizon - investment) / investment
        if gain > 0:
            payback = round_half_up(investment * _MONTHS_PER_YEAR / gain, Decimal("0.1"))
    return RoiFigures(
        investment=investment,
        annual_gain=gain,
        gain_over_horizon=gain_over_horizon,
        roi_ratio=roi_ratio,
        payback_months=payback,
        horizon_years=horizon,
        assumptions=assumptions,
        source=roi.source,
        investment_from_pricing=from_pricing and investment is not None,
        stated_horizon_years=stated,
    )
