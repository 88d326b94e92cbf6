"""Exact proposal pricing: every expected value is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kamdocs.insights.pricing import (
    PriceTotals,
    VatLine,
    default_investment,
    dqe_total,
    line_total,
    price_proposal,
    reconcile,
    roi,
    round_half_up,
)
from kamdocs.workspace.model import PriceScheduleLine, Pricing, Roi

D = Decimal
VAT_20 = D("0.20")


def pricing(**data: Any) -> Pricing:
    return Pricing.model_validate(data)


def schedule(*rows: tuple[str, str, str]) -> list[PriceScheduleLine]:
    return [
        PriceScheduleLine.model_validate(
            {"code": code, "label": f"Poste {code}", "quantity": q, "unit_price": p}
        )
        for code, q, p in rows
    ]


# A proposal with two VAT rates, a discounted line, both kinds of recurring line, an option
# and an overall discount of 3 %.
MIXED = pricing(
    vat_rate="20%",
    global_discount="3%",
    payment_terms="30 jours fin de mois",
    lines=[
        # 3 × 1333.33 × (1 − 0.075) = 3999.99 × 0.925 = 3699.990750 -> 3699.99
        {"label": "Étude", "quantity": 3, "unit": "jour", "unit_price": "1333.33",
         "discount": "7.5%"},
        # 1 × 24000 × (1 − 0.10) = 21600.00, per year
        {"label": "Licence", "unit": "an", "unit_price": 24000, "discount": "10%",
         "recurring": "yearly"},
        # 1 × 150.50 = 150.50, per month
        {"label": "Hébergement", "unit": "mois", "unit_price": "150.50",
         "recurring": "monthly"},
        # 7 × 28.49 = 199.43, at 10 %
        {"label": "Restauration sur site", "quantity": 7, "unit_price": "28.49",
         "vat_rate": "10%"},
        # optional: 2 × 1200 = 2400.00, in no total
        {"label": "Formation avancée", "quantity": 2, "unit": "jour", "unit_price": 1200,
         "optional": True},
    ],
)  # fmt: skip


@pytest.fixture
def mixed() -> PriceTotals:
    totals = price_proposal(MIXED, VAT_20)
    assert totals is not None
    return totals


def test_round_half_up_rounds_ties_away_from_zero() -> None:
    # Banker's rounding would give 1.00 and 0.2; half-up gives 1.01 and 0.3.
    assert round_half_up(D("1.005")) == D("1.01")
    assert round_half_up(D("0.25"), D("0.1")) == D("0.3")
    assert round_half_up(D("-1.005")) == D("-1.01")
    assert round_half_up(D("1.00499")) == D("1.00")


def test_a_discounted_line_with_more_than_two_decimals_is_rounded_to_the_cent() -> None:
    # 3 × 1333.33 = 3999.99; × (1 − 0.075) = × 0.925 = 3699.990750 -> 3699.99
    assert line_total(D(3), D("1333.33"), D("0.075")) == D("3699.99")


def test_a_line_total_ending_in_half_a_cent_rounds_up() -> None:
    # 3 × 0.335 = 1.005 -> 1.01 (half-even would give 1.00)
    assert line_total(D(3), D("0.335")) == D("1.01")


def test_firm_lines_and_options_are_priced_apart(mixed: PriceTotals) -> None:
    assert [line.label for line in mixed.lines] == [
        "Étude", "Licence", "Hébergement", "Restauration sur site",
    ]  # fmt: skip
    assert [line.total for line in mixed.lines] == [
        D("3699.99"), D("21600.00"), D("150.50"), D("199.43"),
    ]  # fmt: skip
    assert [line.label for line in mixed.options] == ["Formation avancée"]
    # 2 × 1200 = 2400.00, its own HT total
    assert mixed.options[0].total == D("2400.00")
    assert mixed.options[0].optional is True


def test_options_are_in_no_total(mixed: PriceTotals) -> None:
    # gross HT = 3699.99 + 21600.00 + 150.50 + 199.43 = 25649.92 (the 2400.00 option is out)
    assert mixed.gross_ht == D("25649.92")
    without_option = price_proposal(MIXED.model_copy(update={"lines": MIXED.lines[:4]}), VAT_20)
    assert without_option is not None
    assert without_option.total_ttc == mixed.total_ttc


def test_one_off_and_recurring_amounts_have_their_own_subtotals(mixed: PriceTotals) -> None:
    # one-off = 3699.99 + 199.43 = 3899.42; per year = 21600.00; per month = 150.50
    assert mixed.one_off_ht == D("3899.42")
    assert mixed.recurring_yearly_ht == D("21600.00")
    assert mixed.recurring_monthly_ht == D("150.50")
    # each recurring line is counted once in the gross HT: 3899.42 + 21600.00 + 150.50
    assert mixed.one_off_ht + mixed.recurring_yearly_ht + mixed.recurring_monthly_ht == (
        mixed.gross_ht
    )


def test_the_overall_discount_is_rounded_half_up_on_each_vat_base(mixed: PriceTotals) -> None:
    # 20 % base = 3699.99 + 21600.00 + 150.50 = 25450.49; × 0.03 = 763.5147 -> 763.51
    # 10 % base = 199.43;                                × 0.03 =   5.9829 ->   5.98
    # overall discount = −(763.51 + 5.98) = −769.49
    assert mixed.global_discount_rate == D("0.03")
    assert mixed.global_discount == D("-769.49")
    assert [v.discount for v in mixed.vat] == [D("-763.51"), D("-5.98")]
    # total HT = 25649.92 − 769.49 = 24880.43
    assert mixed.total_ht == D("24880.43")


def test_vat_is_computed_per_rate_on_the_discounted_base(mixed: PriceTotals) -> None:
    # 20 %: (25450.49 − 763.51) = 24686.98; × 0.20 = 4937.396 -> 4937.40
    # 10 %: (199.43 − 5.98) = 193.45; × 0.10 = 19.345 -> 19.35 (half-even would give 19.34)
    assert mixed.vat == (
        VatLine(D("0.20"), D("24686.98"), D("4937.40"), D("-763.51")),
        VatLine(D("0.10"), D("193.45"), D("19.35"), D("-5.98")),
    )
    # total VAT = 4937.40 + 19.35 = 4956.75; TTC = 24880.43 + 4956.75 = 29837.18
    assert mixed.total_vat == D("4956.75")
    assert mixed.total_ttc == D("29837.18")
    assert mixed.needs_vat_note is False


def test_lines_take_the_workspace_rate_when_the_pricing_sets_none() -> None:
    totals = price_proposal(pricing(lines=[{"label": "Audit", "unit_price": 1000}]), D("0.085"))
    assert totals is not None
    # 1000.00 × 0.085 = 85.00; TTC = 1085.00
    assert totals.lines[0].vat_rate == D("0.085")
    assert totals.total_vat == D("85.00")
    assert totals.total_ttc == D("1085.00")


def test_without_an_overall_discount_the_discount_is_a_plain_zero() -> None:
    totals = price_proposal(pricing(lines=[{"label": "Audit", "unit_price": 1000}]), VAT_20)
    assert totals is not None
    # 0.00, not −0.00, so that no "-0,00 €" is ever printed
    assert str(totals.global_discount) == "0.00"
    assert str(totals.vat[0].discount) == "0.00"
    assert totals.total_ht == D("1000.00")


def test_a_zero_rate_without_a_legal_mention_needs_a_vat_note() -> None:
    lines = [
        {"label": "Conseil", "quantity": 2, "unit_price": 900},
        {"label": "Prestation intracommunautaire", "unit_price": 500, "vat_rate": "0%"},
    ]
    totals = price_proposal(pricing(lines=lines), VAT_20)
    assert totals is not None
    # 20 %: 1800.00 × 0.20 = 360.00; 0 %: 500.00 × 0 = 0.00
    assert totals.vat == (
        VatLine(D("0.20"), D("1800.00"), D("360.00")),
        VatLine(D("0"), D("500.00"), D("0.00")),
    )
    assert totals.needs_vat_note is True
    assert totals.vat_note is None

    noted = price_proposal(
        pricing(lines=lines, vat_note="Autoliquidation — article 283-2 du CGI"), VAT_20
    )
    assert noted is not None
    assert noted.needs_vat_note is False
    assert noted.vat_note == "Autoliquidation — article 283-2 du CGI"


def test_a_zero_rate_option_also_needs_a_vat_note() -> None:
    lines = [
        {"label": "Conseil", "unit_price": 900},
        {"label": "Option export", "unit_price": 300, "vat_rate": 0, "optional": True},
    ]
    totals = price_proposal(pricing(lines=lines), VAT_20)
    assert totals is not None
    assert totals.needs_vat_note is True
    # the option stays out of the VAT table: one rate only
    assert [v.rate for v in totals.vat] == [D("0.20")]


def test_no_pricing_or_no_line_gives_no_totals() -> None:
    assert price_proposal(None, VAT_20) is None
    assert price_proposal(pricing(lines=[]), VAT_20) is None


def test_the_dqe_total_rounds_each_schedule_line_half_up() -> None:
    rows = schedule(("1.1", "12000", "4.85"), ("1.2", "3", "0.335"))
    # 12000 × 4.85 = 58200.00; 3 × 0.335 = 1.005 -> 1.01; total = 58201.01
    assert dqe_total(rows) == D("58201.01")


def test_a_price_table_matching_the_buyers_schedule_reconciles_to_zero() -> None:
    rows = schedule(("1.1", "12000", "4.85"), ("1.2", "3", "0.335"))
    ours = price_proposal(
        pricing(
            lines=[
                {"label": "Poste 1.1", "code": "1.1", "quantity": 12000, "unit_price": "4.85"},
                {"label": "Poste 1.2", "code": "1.2", "quantity": 3, "unit_price": "0.335"},
            ]
        ),
        VAT_20,
    )
    assert ours is not None
    assert ours.lines[0].code == "1.1"
    # 58201.01 − (58200.00 + 1.01) = 0.00
    assert reconcile(rows, ours) == D("0.00")


def test_a_price_table_differing_from_the_buyers_schedule_shows_the_difference() -> None:
    rows = schedule(("1.1", "12000", "4.85"))
    ours = price_proposal(
        pricing(lines=[{"label": "Poste 1.1", "quantity": 12000, "unit_price": "4.80"}]), VAT_20
    )
    # 58200.00 − 12000 × 4.80 = 58200.00 − 57600.00 = 600.00
    assert reconcile(rows, ours) == D("600.00")
    # without a price table the whole DQE total is the difference
    assert reconcile(rows, None) == D("58200.00")


def test_roi_uses_the_stated_investment() -> None:
    figures = roi(
        Roi(
            investment=D(120000),
            annual_gain=D(310000),
            horizon_years=D(3),
            assumptions="Baisse de 2 points des ruptures",
            source="Pilote 2025",
        ),
        None,
    )
    assert figures is not None
    # gain over 3 years = 310000 × 3 = 930000
    assert figures.gain_over_horizon == D(930000)
    # ROI = (930000 − 120000) ÷ 120000 = 810000 ÷ 120000 = 6.75 (675 %)
    assert figures.roi_ratio == D("6.75")
    # payback = 120000 ÷ (310000 ÷ 12) = 1440000 ÷ 310000 = 4.645… -> 4.6 months
    assert figures.payback_months == D("4.6")
    assert figures.investment_from_pricing is False
    assert figures.source == "Pilote 2025"


def test_roi_derives_the_investment_from_the_price_table(mixed: PriceTotals) -> None:
    figures = roi(
        Roi(annual_gain=D(24000), horizon_years=D(3), assumptions="2 ETP économisés"), mixed
    )
    assert figures is not None
    # investment = one-off 3899.42 + 21600.00 × 3 + 150.50 × 12 × 3
    #            = 3899.42 + 64800.00 + 5418.00 = 74117.42
    assert figures.investment == D("74117.42")
    assert figures.investment_from_pricing is True
    # ROI = (24000 × 3 − 74117.42) ÷ 74117.42 = −2117.42 ÷ 74117.42 (negative: a loss)
    assert figures.roi_ratio == D("-2117.42") / D("74117.42")
    # payback = 74117.42 × 12 ÷ 24000 = 889409.04 ÷ 24000 = 37.0587… -> 37.1 months
    assert figures.payback_months == D("37.1")


def test_payback_is_rounded_half_up_to_a_tenth_of_a_month() -> None:
    figures = roi(Roi(investment=D(105), annual_gain=D(1200), assumptions="Hypothèse"), None)
    assert figures is not None
    # 105 × 12 ÷ 1200 = 1.05 -> 1.1 (half-even would give 1.0)
    assert figures.payback_months == D("1.1")
    # no horizon: no gain over the horizon, hence no ROI
    assert figures.gain_over_horizon is None
    assert figures.roi_ratio is None


def test_a_gain_without_assumptions_is_not_shown() -> None:
    assert roi(Roi(investment=D(1000), annual_gain=D(5000), horizon_years=D(1)), None) is None
    blank = Roi(investment=D(1000), annual_gain=D(5000), assumptions="  ")
    assert roi(blank, None) is None
    assert roi(Roi(investment=D(1000), assumptions="Hypothèse"), None) is None
    assert roi(None, None) is None


def test_recurring_costs_without_a_horizon_give_no_investment(mixed: PriceTotals) -> None:
    figures = roi(Roi(annual_gain=D(24000), assumptions="Hypothèse"), mixed)
    assert figures is not None
    assert figures.investment is None
    assert figures.payback_months is None
    assert figures.roi_ratio is None


def test_one_off_costs_alone_need_no_horizon() -> None:
    totals = price_proposal(pricing(lines=[{"label": "Audit", "unit_price": 6000}]), VAT_20)
    # only one-off lines: the investment is the one-off HT 6000.00 whatever the horizon
    assert default_investment(totals, None) == D("6000.00")
    figures = roi(Roi(annual_gain=D(24000), assumptions="Hypothèse"), totals)
    assert figures is not None
    # 6000.00 × 12 ÷ 24000 = 3.0 months
    assert figures.payback_months == D("3.0")
    assert default_investment(None, D(3)) is None
