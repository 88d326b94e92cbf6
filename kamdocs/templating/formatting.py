"""Locale formatting of money, numbers, percentages, dates and quarters (through Babel).

French: `1 234 567,89 €` (narrow no-break spaces), `12,5 %`, `15 mars 2026`, `T3 2026`.
English: `€1,234,567.89`, `12.5%`, `15 March 2026`, `Q3 2026`.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from kamdocs.templating import plurals
from kamdocs.valueclass import valueclass

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_QUARTER = {"fr": "T{n} {year}", "en": "Q{n} {year}"}


@valueclass(frozen=True)
class Formatter:
    """Formats values for one document language and currency."""

    lang: str
    currency: str = "EUR"

    @property
    def locale(self) -> Locale:
        return _locale(_LOCALES.get(self.lang, "fr_FR"))

    def money(self, amount: Decimal | int | None, *, cents: bool = True) -> str:
        """Return `1 234,50 €` / `€1,234.50`; whole euros when `cents` is False."""
        if amount is None:
            return ""
        value = Decimal(amount)
        if not cents:
            return self._money_whole(value.quantize(Decimal(1), ROUND_HALF_UP))
        return format_currency(
            value.quantize(Decimal("0.01"), ROUND_HALF_UP), self.currency, locale=self.locale
        )

    def _money_whole(self, value: Decimal) -> str:
        number = format_decimal(value, format="#,##0", locale=self.locale)
        symbol = "€" if self.currency == "EUR" else self.currency
        if self.lang == "fr":
            return f"{number}\u00a0{symbol}"
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        return f"{sign}{symbol}{digits}"

    def number(self, value: Decimal | int | float | None, decimals: int | None = None) -> str:
        """Return a grouped number; `decimals` fixes the fraction digits (None: as needed)."""
        if value is None:
            return ""
        value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if decimals is not None:
            value = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            return format_decimal(value, format=pattern, locale=self.locale)
        return format_decimal(
            value.normalize() if value == value.to_integral() else value,
            format="#,##0.###",
            locale=self.locale,
        )

    def percent(self, ratio: Decimal | None, *, signed: bool = False) -> str:
        """Return `12,5 %` for Decimal("0.125"); `+12,5 %` when signed and positive."""
        if ratio is None:
            return ""
        value = (Decimal(ratio) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        text = format_decimal(value, format="#,##0.#", locale=self.locale)
        suffix = "\u202f%" if self.lang == "fr" else "%"
        sign = "+" if signed and value > 0 else ""
        return f"{sign}{text}{suffix}"

    def measure(self, value: Decimal | int | str | None, unit: str | None) -> str | None:
        """Return a KPI figure with its unit: money for EUR, `12 %` / `12%`, `1 150 sites`.

        Text that is not a number (a KPI may be "1 marché") is returned as written.
        """
        if value is None:
            return None
        try:
            number = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            return f"{value} {unit}" if unit else str(value)
        if unit in ("EUR", "€"):
            return self.money(number, cents=False)
        text = self.number(number)
        if unit == "%":
            return f"{text}\u202f%" if self.lang == "fr" else f"{text}%"
        return f"{text} {plurals.unit_for(number, unit, self.lang)}" if unit else text

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return ""
        if self.lang == "fr" and value.day == 1:  # « le 1er mars 2027 », the French ordinal
            return "1er " + _format_date(value, "MMMM y", self.lang)
        return _format_date(value, "d MMMM y", self.lang)

    def short_date(self, value: dt.date | None) -> str:
        if value is None:
            return ""
        return _format_date(value, "dd/MM/y" if self.lang == "fr" else "d MMM y", self.lang)

    def quarter(self, quarter: str) -> str:
        """Return `T3 2026` / `Q3 2026` for the data's `2026-Q3`; a year is returned as is."""
        if "-Q" not in quarter:
            return quarter
        year, n = quarter.split("-Q")
        return _QUARTER[self.lang].format(n=n, year=year)


@functools.cache
def _locale(name: str) -> Locale:
    """Return Babel's locale `name`, parsed once: given by its name, Babel parses it and looks
    its data up again on every call (27 ms for the 260 dates of a 300-action plan)."""
    return Locale.parse(name)


@functools.lru_cache(maxsize=4096)
def _format_date(value: dt.date, pattern: str, lang: str) -> str:
    """Return the date in `pattern`; an action plan repeats dates."""
    return format_date(value, pattern, locale=_locale(lang))
