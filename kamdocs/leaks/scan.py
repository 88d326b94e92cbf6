"""The leak scanner: proof that a client edition shows nothing internal.

The client view (`workspace.audience`) keeps internal fields away from templates; this is
the second line, which reads the finished file as the client would. It collects the values
only internal fields hold — texts (whole values and their sentences), competitors' names,
and distinctive numbers (amounts of money; other numbers of four significant digits or
more, years aside) — and looks for them in every paragraph, cell, chart and note of the
output. A value that a client-visible field of the same data also holds is not a leak. The
totals of a proposal that is not won (HT, TVA, TTC, the price schedule's total) are hunted
in every other client document whatever else holds them. "Holds" means as a whole value:
a number typed inside a client-visible sentence is exactly the leak to catch.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from kamdocs.errors import Problem
from kamdocs.insights.pricing import PriceTotals, dqe_total, price_proposal, round_half_up
from kamdocs.leaks.forms import (
    PrintedIndex,
    plain,
    printed_numbers,
    sentences,
    significant_digits,
    spaced,
    squeezed,
    unquoted,
)
from kamdocs.leaks.text import Spot, output_spots
from kamdocs.memo import kept_for
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.audience import Leaf, leaves
from kamdocs.workspace.loader import AccountFiles, Loaded
from kamdocs.workspace.parsed import Loc

MIN_TEXT = 15  # characters (spaces aside) of a text worth hunting: shorter ones are words
MIN_WORDS = 3
NAME_FIELDS = frozenset({"Competitor.name"})  # short values hunted as whole words


@valueclass(frozen=True)
class Needle:
    """One internal value to look for, and the field it comes from."""

    loaded: Loaded[Any]
    loc: Loc
    field: str
    text: str = ""  # squeezed text
    name: str = ""  # spaced text, matched as whole words
    number: Decimal | None = None
    currency_only: bool = False  # a small amount: only where a currency sign goes with it
    always: bool = False  # hunted even when a client-visible field holds the same value


@valueclass(frozen=True)
class Hunt:
    """The needles of one client document and the client-visible values that excuse them."""

    needles: tuple[Needle, ...]
    visible_text: str  # the squeezed texts of client-visible fields
    visible_numbers: frozenset[Decimal]  # values of client-visible number fields
    # our company's client-visible texts (its address, its legal mentions): every client
    # document may print them, and a number inside one (a postcode, a share capital) is
    # theirs, not an internal amount shown
    public_texts: tuple[str, ...] = ()

    def live(self) -> list[Needle]:
        """Return the needles no client-visible value excuses."""
        kept = []
        for needle in self.needles:
            if needle.always:
                kept.append(needle)
            elif needle.number is not None:
                if needle.number not in self.visible_numbers:
                    kept.append(needle)
            elif (needle.text or needle.name.replace(" ", "")) not in self.visible_text:
                kept.append(needle)
        return kept


def hunt_for(
    bundle: AccountFiles,
    vat_rate: Decimal,
    own_proposal: str | None = None,
    company: m.Company | None = None,
) -> Hunt:
    """Return what to hunt in a client document of `bundle`'s account: the proposal
    `own_proposal` when the document is that proposal (its own amounts are its to show).

    An account has several client documents (plan, deck, e-mail, agenda, proposals), built
    one after the other from the same load: their hunt is collected once, kept with the
    load, and found again by the very files it was collected from (models are frozen)."""
    files = bundle.files()
    held = (*files, *(loaded.model for loaded in files), company)

    def collect() -> Hunt:
        hunt = _collect(bundle, vat_rate, own_proposal)
        if company is None:
            return hunt
        return dataclasses.replace(hunt, public_texts=_company_texts(company))

    return kept_for(bundle.found, ("hunt", vat_rate, own_proposal), held, collect)


def _collect(bundle: AccountFiles, vat_rate: Decimal, own_proposal: str | None) -> Hunt:
    needles: list[Needle] = []
    texts: list[str] = []
    numbers: set[Decimal] = set()
    for loaded in bundle.files():
        if loaded.model is None:
            continue
        other_open = (
            isinstance(loaded.model, m.Proposal)
            and loaded.model.status != "won"
            and loaded.file != _proposal_file(bundle, own_proposal)
        )
        for leaf in leaves(loaded.model):
            hidden = leaf.internal or (other_open and leaf.money)
            if hidden:
                needles += _needles(loaded, leaf)
            else:
                _note_visible(leaf, texts, numbers)
        if other_open:
            needles += _totals(loaded, loaded.model, vat_rate)
    own = bundle.proposals.get(own_proposal) if own_proposal else None
    if own is not None and own.model is not None:  # a proposal shows its own figures
        numbers.update(_shown_amounts(own.model, vat_rate))
    return Hunt(tuple(needles), "\x00".join(texts), frozenset(numbers))


# Our company's identity as documents print it: the fields whose numbers are its own.
PUBLIC_FIELDS = frozenset({"Company.address", "Company.legal"})


def _company_texts(company: m.Company) -> tuple[str, ...]:
    """Return our company's address and legal mentions that hold a number, as documents
    print them (Markdown aside, spaces and quotes folded). Shorter texts (a year, a
    penalty) are not taken: a number like theirs inside a sentence is no proof of them."""
    return tuple(
        dict.fromkeys(
            unquoted(plain(leaf.value))
            for leaf in leaves(company)
            if leaf.field in PUBLIC_FIELDS
            and not leaf.internal
            and isinstance(leaf.value, str)
            and _has_digit(leaf.value)
            and len(squeezed(leaf.value)) >= MIN_TEXT
        )
    )


def _proposal_file(bundle: AccountFiles, proposal_id: str | None) -> str | None:
    loaded = bundle.proposals.get(proposal_id) if proposal_id else None
    return loaded.file if loaded else None


def _note_visible(leaf: Leaf, texts: list[str], numbers: set[Decimal]) -> None:
    """Note a client-visible value: an internal text that a client-visible text contains,
    or an internal number that a client-visible number field holds, is shown as theirs,
    not leaked. An amount typed inside a sentence is not a number field holding it: that
    is the leak to catch."""
    if isinstance(leaf.value, bool):
        return
    if isinstance(leaf.value, int | Decimal):
        numbers.add(Decimal(leaf.value))
    elif isinstance(leaf.value, str):
        texts.append(squeezed(plain(leaf.value)))


def _needles(loaded: Loaded[Any], leaf: Leaf) -> list[Needle]:
    value = leaf.value
    if isinstance(value, bool) or leaf.choice:
        return []
    if isinstance(value, int | Decimal):
        number = Decimal(value)
        if _distinctive(number, leaf.money):
            small = leaf.money and abs(number) < 1000
            return [Needle(loaded, leaf.loc, leaf.field, number=number, currency_only=small)]
        return []
    if not isinstance(value, str):
        return []
    text = plain(value)
    if leaf.field in NAME_FIELDS and len(text.strip()) >= 3:
        return [Needle(loaded, leaf.loc, leaf.field, name=spaced(text))]
    if not leaf.prose:
        return []  # names, labels and ids are words, not sentences to hunt
    found = {squeezed(s) for s in [text, *sentences(text)] if _worth_hunting(s)}
    return [Needle(loaded, leaf.loc, leaf.field, text=t) for t in sorted(found)]


def _distinctive(number: Decimal, money: bool) -> bool:
    if money:
        return abs(number) >= 100
    is_year = number == number.to_integral_value() and 1900 <= number <= 2100
    return abs(number) >= 1000 and significant_digits(number) >= 4 and not is_year


def _worth_hunting(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS and len(squeezed(text)) >= MIN_TEXT


def _priced(proposal: m.Proposal, vat_rate: Decimal) -> PriceTotals | None:
    if not proposal.pricing:
        return None
    return price_proposal(proposal.pricing, proposal.pricing.vat_rate or vat_rate)


def _total_amounts(proposal: m.Proposal, totals: PriceTotals | None) -> list[tuple[Loc, Decimal]]:
    """A proposal's totals (HT, TVA, TTC, the schedule's), each with the field it comes from."""
    found: list[tuple[Loc, Decimal]] = []
    if totals is not None:
        found += [(("pricing",), totals.total_ht), (("pricing",), totals.total_ttc),
                  (("pricing",), totals.total_vat), (("pricing",), totals.one_off_ht),
                  (("pricing",), totals.recurring_yearly_ht),
                  (("pricing",), totals.recurring_monthly_ht)]  # fmt: skip
        found += [(("pricing",), line.amount) for line in totals.vat]
    if proposal.tender and proposal.tender.price_schedule:
        found.append((("tender", "price_schedule"), dqe_total(proposal.tender.price_schedule)))
    return found


def _shown_amounts(proposal: m.Proposal, vat_rate: Decimal) -> set[Decimal]:
    """The amounts a proposal computes and prints: its totals, each priced line's total, the
    discounts and VAT bases, each line of the buyer's price schedule."""
    totals = _priced(proposal, vat_rate)
    found = {value for _, value in _total_amounts(proposal, totals)}
    if totals is not None:
        found.update(line.total for line in (*totals.lines, *totals.options))
        found.update((totals.gross_ht, totals.global_discount, -totals.global_discount))
        for vat in totals.vat:
            found.update((vat.base, vat.amount, vat.discount, -vat.discount))
    if proposal.tender and proposal.tender.price_schedule:
        found.update(
            round_half_up(line.quantity * line.unit_price)
            for line in proposal.tender.price_schedule
        )
    return found


def _totals(loaded: Loaded[Any], proposal: m.Proposal, vat_rate: Decimal) -> list[Needle]:
    """The computed totals of a proposal that is not won, hunted in every other client
    document."""
    return [
        Needle(loaded, loc, "Proposal.total", number=value, always=True)
        for loc, value in dict.fromkeys(_total_amounts(proposal, _priced(proposal, vat_rate)))
        if abs(value) >= 100
    ]


# --- looking -----------------------------------------------------------------------------------


@valueclass(frozen=True)
class Leak:
    needle: Needle
    spot: Spot


def find_leaks(outputs: Iterable[tuple[str, bytes]], hunt: Hunt) -> list[Leak]:
    """Return the first place each live needle shows in the outputs (name, bytes)."""
    needles = hunt.live()
    if not needles:
        return []
    spots = [spot for name, data in outputs for spot in output_spots(data, _suffix(name))]
    return _search(spots, needles, hunt.public_texts)


def _suffix(name: str) -> str:
    return name[name.rfind(".") :]


def _search(
    spots: Sequence[Spot], needles: Sequence[Needle], public: Sequence[str] = ()
) -> list[Leak]:
    squeezed_spots = [squeezed(s.text) for s in spots]
    starts, offset = [], 0
    for text in squeezed_spots:
        starts.append(offset)
        offset += len(text) + 1
    joined = "\x00".join(squeezed_spots)
    # Names and numbers are read from the spots only when some needle needs them.
    names = any(n.name for n in needles)
    spaced_spots = [spaced(s.text) for s in spots] if names else []
    numbers = any(n.number is not None for n in needles)
    printed = PrintedIndex(
        (i, number)
        for i, s in enumerate(spots) if numbers and _has_digit(s.text)
        for number in printed_numbers(_without(s.text, public))
    )  # fmt: skip
    leaks = []
    for needle in needles:
        places: dict[str, Spot] = {}
        for index in _where(needle, joined, starts, spaced_spots, printed):
            places.setdefault(spots[index].where, spots[index])
            if len(places) == PLACES_SHOWN:
                break
        leaks += [Leak(needle, spot) for spot in places.values()]
    return leaks


def _without(text: str, public: Sequence[str]) -> str:
    """Return `text` with our company's public texts taken out, so that the numbers they
    hold are not read as the document's."""
    folded = unquoted(text)
    for piece in public:
        if piece in folded:
            # whole: never the end of a longer number before it or the start of one after
            pattern = rf"(?<![\d.,]){re.escape(piece)}(?![\d])"
            folded = re.sub(pattern, " ", folded)
    return folded


PLACES_SHOWN = 3  # places reported per leaking value
_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _where(
    needle: Needle,
    joined: str,
    starts: list[int],
    spaced_spots: list[str],
    printed: PrintedIndex,
) -> Iterator[int]:
    """Yield the index of every spot that shows `needle`."""
    if needle.text:
        at = joined.find(needle.text)
        while at >= 0:
            yield bisect.bisect_right(starts, at) - 1
            at = joined.find(needle.text, at + 1)
    elif needle.name:
        pattern = _words(needle.name)
        yield from (i for i, t in enumerate(spaced_spots) if pattern in _words(t))
    else:
        assert needle.number is not None
        yield from printed.spots(needle.number, needle.currency_only)


def _words(text: str) -> str:
    """Return `text` as its words between single spaces, so names match as whole words."""
    return " " + " ".join(_WORD.findall(text)) + " "


_WORD = re.compile(r"\w+")


def leak_problems(leaks: Iterable[Leak], document: str) -> list[Problem]:
    """Return one error per leak, on the internal field, naming where the document shows it."""
    return [
        leak.needle.loaded.problem(
            leak.needle.loc,
            "leak",
            document=document,
            where=leak.spot.where,
            excerpt=_excerpt(leak.spot.text),
        )
        for leak in leaks
    ]


def _excerpt(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
