"""The leak scanner finds where a value shows through an index of the printed numbers (it
must find exactly what asking `shows` of every printed number finds), and collects an
account's hunt once per load."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.insights.pricing import round_half_up
from kamdocs.leaks.forms import PrintedIndex, printed_numbers, shows, squeezed
from kamdocs.leaks.scan import Needle, _company_texts, _search, hunt_for
from kamdocs.leaks.text import Spot
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import load_workspace

# Numbers as documents print them: both languages' separators, short forms, currencies.
NUMBER = st.one_of(
    st.integers(0, 10**7).map(str),
    st.builds(lambda a, b: f"{a},{b:02d}", st.integers(0, 99_999), st.integers(0, 99)),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 9_999), st.integers(0, 999)),
    st.builds(lambda a, b: f"{a}\u202f{b:03d}", st.integers(1, 999), st.integers(0, 999)),
    st.builds(lambda a, b: f"{a} {b:03d},50", st.integers(1, 999), st.integers(0, 999)),
)
UNIT = st.sampled_from(["", " k€", "k€", " M€", " €", " EUR", "$", " Md€", " %"])
SPOT = st.lists(st.tuples(NUMBER, UNIT).map("".join), min_size=0, max_size=4).map(" et ".join)
VALUE = st.one_of(
    st.integers(0, 10**7).map(Decimal),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(SPOT, min_size=1, max_size=5), st.lists(VALUE, min_size=1, max_size=6), st.booleans()
)
def test_the_index_finds_the_spots_every_printed_number_would_name(
    spots: list[str], values: list[Decimal], currency_only: bool
) -> None:
    printed = [list(printed_numbers(text)) for text in spots]
    index = PrintedIndex((i, n) for i, numbers in enumerate(printed) for n in numbers)
    for value in values:
        expected = [
            i
            for i, numbers in enumerate(printed)
            if any((n.currency or not currency_only) and shows(n, value) for n in numbers)
        ]
        assert index.spots(value, currency_only) == expected


def test_a_rounded_amount_and_a_short_form_are_found_where_they_are_printed() -> None:
    spots = ["Budget : 223 890 €", "soit 1,95 M€ sur trois ans", "35 k€ de frais", "rien"]
    printed = [list(printed_numbers(text)) for text in spots]
    index = PrintedIndex((i, n) for i, numbers in enumerate(printed) for n in numbers)
    assert index.spots(Decimal("223890.40"), True) == [0]
    assert index.spots(Decimal("1953000"), True) == [1]
    assert index.spots(Decimal("35000"), True) == [2]
    assert index.spots(Decimal("36000"), True) == []


def test_a_reloaded_account_is_hunted_anew_not_from_the_previous_load(ws_copy: Path) -> None:
    slug = "ondrelle-industrie"
    bundle = load_workspace(ws_copy, [slug]).accounts[slug]
    first = hunt_for(bundle, Decimal("0.20"))
    assert hunt_for(bundle, Decimal("0.20")) is first  # the same load: collected once
    assert hunt_for(bundle, Decimal("0.20"), "ao-2026-maintenance") is not first
    assert hunt_for(bundle, Decimal("0.20"), company=m.Company(name="Autre SAS")) is not first
    proposal = next(iter(bundle.proposals.values()))
    bundle.proposals["copie"] = proposal  # one more file held: collected again
    assert hunt_for(bundle, Decimal("0.20")) is not first
    del bundle.proposals["copie"]
    assert hunt_for(bundle, Decimal("0.20")).needles == first.needles
    account = ws_copy / "content/accounts" / slug / "account.yaml"
    secret = "Nous visons une marge brute de quarante pour cent sur ce compte"
    text = account.read_text(encoding="utf-8")
    account.write_text(
        text.replace("  choices:\n", f"  choices:\n    - {secret}\n", 1), encoding="utf-8"
    )
    again = hunt_for(load_workspace(ws_copy, [slug]).accounts[slug], Decimal("0.20"))
    assert squeezed(secret) in {n.text for n in again.needles}
    assert squeezed(secret) not in {n.text for n in first.needles}


def test_a_number_of_our_address_or_legal_mention_is_ours_not_an_internal_amount() -> None:
    company = m.Company(
        name="Prévalis Data SAS",
        address="27 rue des Cordiers, 44000 Nantes",
        legal="SAS au capital de 820 000 € — RCS Nantes",
    )
    public = _company_texts(company)
    needles = [
        Needle(None, ("opportunities", 4, "amount"), "Opportunity.amount", number=Decimal(v))  # type: ignore[arg-type]
        for v in (44000, 820000)
    ]
    cover = Spot("cover", "Prévalis Data SAS\u00a0: 27 rue des Cordiers, 44000 Nantes")
    footer = Spot("footer", "SAS au capital de 820\u202f000\u00a0€ — RCS Nantes")
    assert _search([cover, footer], needles, public) == []
    # the same amounts typed anywhere else are leaks, even beside our address
    typed = Spot("body", "27 rue des Cordiers, 44000 Nantes : budget de 44\u202f000\u00a0€")
    elsewhere = Spot("table", "820 000 €")
    found = _search([cover, footer, typed, elsewhere], needles, public)
    assert [(leak.needle.number, leak.spot.where) for leak in found] == [
        (Decimal(44000), "body"),
        (Decimal(820000), "table"),
    ]
    assert _search([cover, footer], needles, ()) != []  # without knowing them: reported


def test_a_proposal_shows_its_own_line_and_schedule_amounts_as_its_own(ws_copy: Path) -> None:
    slug, proposal_id = "ondrelle-industrie", "ao-2026-maintenance"
    bundle = load_workspace(ws_copy, [slug]).accounts[slug]
    proposal = bundle.proposals[proposal_id].model
    assert proposal is not None
    assert proposal.tender is not None
    schedule = proposal.tender.price_schedule
    assert schedule
    amounts = {round_half_up(line.quantity * line.unit_price) for line in schedule}
    own = hunt_for(bundle, Decimal("0.20"), proposal_id)
    assert amounts <= own.visible_numbers
    # in the account's other client documents they are not excused as shown figures
    assert not amounts <= hunt_for(bundle, Decimal("0.20")).visible_numbers


def test_our_public_texts_never_hide_a_longer_number_of_the_document() -> None:
    def needle(value: int) -> Needle:
        return Needle(
            None, ("opportunities", 0, "amount"), "Opportunity.amount", number=Decimal(value)
        )  # type: ignore[arg-type]

    found = _search([Spot("body", "Budget : 21 000 €")], [needle(21000)], ("1 000 €",))
    assert [leak.spot.where for leak in found] == ["body"]
    found = _search([Spot("body", "Montant 120195 €")], [needle(120195)], ("2019",))
    assert [leak.spot.where for leak in found] == ["body"]


def test_only_our_address_and_legal_mentions_count_as_our_public_texts(demo_ws) -> None:  # type: ignore[no-untyped-def]
    company = demo_ws.our_company
    public = _company_texts(company)
    assert public
    assert any("44000 Nantes" in text for text in public)
    assert all(len(text) >= 15 for text in public)
    assert not any(text.strip() in {"2019", "2024", "2025"} for text in public)
