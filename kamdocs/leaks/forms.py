"""How values look once a document prints them: normalised text, and the numbers a text
holds in any of the forms kamdocs (or a person) writes them.

Text is compared without case, spaces, typographic quotes or dashes, so the no-break spaces
of French typography, a curly apostrophe or a line break inside a cell change nothing.
Numbers are read with either language's separators (`223 890,50`, `223,890.50`, with
no-break or thin spaces) and in short forms (`35 k€`, `1,95 M€`).

The foldings and the numbers read are kept for the process by text (`FOLDS_KEPT` of each):
the same texts come back in every client document of an account, and in every rebuild of a
watch session.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kamdocs.valueclass import valueclass

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-", "‑": "-", "…": "...", "\u00ad": None})  # fmt: skip
FOLDS_KEPT = 8192  # texts whose foldings (and numbers) are kept, each (a count, not a size)
_MARKDOWN = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*`]")
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=FOLDS_KEPT)
def plain(text: str) -> str:
    """Return `text` as a document shows it: Markdown marks dropped, links as their text."""
    return _MARKDOWN.sub(lambda m: m.group(1) or "", text)


@functools.lru_cache(maxsize=FOLDS_KEPT)
def squeezed(text: str) -> str:
    """Return `text` folded for comparison: no case, no spaces, plain quotes and dashes."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub("", folded)


@functools.lru_cache(maxsize=FOLDS_KEPT)
def unquoted(text: str) -> str:
    """Return `text` folded like `spaced`, case kept (a short form's "M" is a unit)."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", folded).strip()


@functools.lru_cache(maxsize=FOLDS_KEPT)
def spaced(text: str) -> str:
    """Return `text` folded like `squeezed`, keeping one space between words."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", folded).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def sentences(text: str) -> list[str]:
    """Return the sentences of `text` (split at . ! ? ; and line breaks)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


# A number as printed: digits in groups of three (space, no-break or thin space, comma or
# dot between them), or plain digits, then an optional decimal part, then an optional
# short-form unit (k, M, Md, with or without the currency sign).
_NUMBER = re.compile(
    r"(?<![\d.,])(?P<int>\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:[.,](?P<dec>\d+))?(?![\d])"
    r"(?:\s?(?P<unit>k|K|M|Md|Mds|Mrd)(?=\s?(?:€|EUR|\$|£|\b)))?(?P<cur>\s?(?:€|EUR|\$|£))?"
)
_SCALE = {"k": 1000, "K": 1000, "M": 10**6, "Md": 10**9, "Mds": 10**9, "Mrd": 10**9}


@valueclass(frozen=True)
class Printed:
    """A number found in a text: its possible values (a `1,950` may be either language's),
    the scale of a short form (1 when none) with the digits shown, and whether a currency
    sign goes with it."""

    values: frozenset[Decimal]
    scale: int
    digits: int
    currency: bool
    text: str


@functools.lru_cache(maxsize=FOLDS_KEPT)
def printed_numbers(text: str) -> tuple[Printed, ...]:
    """Return every number that `text` prints, in every reading its separators allow."""
    return tuple(_read_numbers(text))


def _read_numbers(text: str) -> Iterator[Printed]:
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", text))
    for found in _NUMBER.finditer(text):
        whole, decimals = found.group("int"), found.group("dec")
        readings: set[Decimal] = set()
        grouped = re.sub(r"[ ,.]", "", whole)
        readings.add(_decimal(grouped, decimals))
        separators = set(re.findall(r"[ ,.]", whole))
        if (
            decimals is None
            and len(separators) == 1
            and separators != {" "}
            and whole.count(next(iter(separators))) == 1
        ):
            # "1,950" or "1.950": thousands in one language, a decimal part in the other.
            head, tail = re.split(r"[,.]", whole)
            readings.add(_decimal(head, tail))
        unit = found.group("unit")
        scale = _SCALE[unit] if unit else 1
        digits = len((grouped + (decimals or "")).lstrip("0"))
        before = text[max(0, found.start() - 2) : found.start()]
        currency = bool(found.group("cur")) or bool(re.search(r"[€$£]\s?$", before))
        yield Printed(frozenset(readings), scale, digits, currency, found.group())


def _decimal(whole: str, decimals: str | None) -> Decimal:
    try:
        return Decimal(f"{whole}.{decimals}" if decimals else whole)
    except InvalidOperation:
        return Decimal(-1)


def shows(printed: Printed, value: Decimal) -> bool:
    """Return whether `printed` is a way of writing `value`: exactly, or rounded to the
    digits a short form shows when it shows three or more."""
    if printed.scale == 1:
        # Exactly, or rounded to the decimals shown (an amount printed without its cents).
        return value in printed.values or any(
            _rounded(value, reading) == reading for reading in printed.values
        )
    if printed.digits < 2:
        return False
    if printed.digits == 2:  # "35 k€": only an exact amount; "1.4M" is any of a hundred
        return any(reading * printed.scale == value for reading in printed.values)
    for reading in printed.values:
        exponent = reading.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if (value / printed.scale).quantize(Decimal(1).scaleb(-places)) == reading:
            return True
    return False


class PrintedIndex:
    """The numbers printed in a document's spots, indexed by the values they show, so that
    finding where a value shows costs a few lookups, not a pass over every number: the
    same answers as `shows` for each printed number."""

    def __init__(self, printed: Iterable[tuple[int, Printed]]):
        # (scale, places) -> reading -> [(spot, currency)], for the readings `shows`
        # compares with the value rounded to the reading's places; and exact products.
        self._rounded: dict[tuple[int, int], dict[Decimal, list[tuple[int, bool]]]] = {}
        self._exact: dict[Decimal, list[tuple[int, bool]]] = {}
        for spot, number in printed:
            entry = (spot, number.currency)
            if number.scale != 1 and number.digits < 2:
                continue
            for reading in number.values:
                if number.scale != 1 and number.digits == 2:
                    self._exact.setdefault(reading * number.scale, []).append(entry)
                    continue
                key = (number.scale, _places(reading))
                self._rounded.setdefault(key, {}).setdefault(reading, []).append(entry)

    def spots(self, value: Decimal, currency_only: bool) -> list[int]:
        """Return, in order, the spots printing a number that shows `value` (with a
        currency sign, when `currency_only`)."""
        found = list(self._exact.get(value, ()))
        for (scale, places), readings in self._rounded.items():
            exponent = Decimal(1).scaleb(-places)
            if scale == 1:
                shown = value.quantize(exponent, rounding=ROUND_HALF_UP)
            else:
                shown = (value / scale).quantize(exponent)
            found += readings.get(shown, ())
        return sorted({spot for spot, currency in found if currency or not currency_only})


def _places(reading: Decimal) -> int:
    exponent = reading.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _rounded(value: Decimal, reading: Decimal) -> Decimal:
    exponent = reading.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def significant_digits(value: Decimal) -> int:
    """Return the number of significant digits of `value` (40 000 has one, 223 890 five)."""
    digits = value.normalize().as_tuple().digits
    return len(digits)
