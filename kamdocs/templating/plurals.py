"""Counted phrases in the document's language: "1 semaine" / "2 semaines", "1 year" / "2 years".

Catalogue labels that count are written `singular|plural` (`"{n} an|{n} ans"`); `form` picks
one. French takes the singular below 2 (`0 jour`, `1,5 jour`), English only for exactly 1.

A unit from the data (a KPI's `unit: semaine`) is written in the singular; `unit_for` makes it
plural by the language's simple rule, word by word up to the first preposition:
French makes every word plural (`s`; `x` after `au`, `eau`, `eu`; nothing after `s`, `x`,
`z`): `heure ouvrée` -> `heures ouvrées`, `jour-rame` -> `jours-rames`, `jour par an` ->
`jours par an`; English only the last word before the first preposition (`s`; `es` after `x`,
`ch`, `sh`; `ies` after a consonant and `y`): `customer company` -> `customer companies`,
`day per year` -> `days per year`.
Symbols and abbreviations (`%`, `h`, `ms`, `EUR`, `kWh`) and words already plural stay as
written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_STOP = {
    "fr": {"par", "de", "d", "du", "des", "à", "au", "aux", "en", "sur", "pour"},
    "en": {"per", "of", "a", "an", "in", "on", "for", "to"},
}
# Symbols of units, which take no plural (other abbreviations are written in capitals).
_SYMBOLS = {"h", "min", "s", "ms", "j", "t", "kg", "g", "km", "m", "l", "pt", "pts", "k€", "m€"}
_WORD = re.compile(r"[^\W\d_]+")


def is_singular(n: object, lang: str) -> bool:
    """Whether the count `n` (a number, or a number as formatted) takes the singular."""
    text = str(n).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        value = abs(Decimal(text.replace(",", ".") if lang == "fr" else text.replace(",", "")))
    except InvalidOperation:
        return False
    return value < 2 if lang == "fr" else value == 1


def form(label: str, n: object, lang: str) -> str:
    """Return the singular or plural form of a `singular|plural` label for the count `n`."""
    if "|" not in label:
        return label
    one, many = label.split("|", 1)
    return one if is_singular(n, lang) else many


def _plural_word(word: str, lang: str) -> str:
    lower = word.lower()
    if lower in _SYMBOLS or word.upper() == word or word[1:].lower() != word[1:]:
        return word  # a symbol or an abbreviation: h, ms, EUR, kWh
    if lang == "fr":
        if lower.endswith(("s", "x", "z")):
            return word
        return word + ("x" if lower.endswith(("au", "eu")) else "s")
    if lower.endswith(("s", "x", "ch", "sh")):
        return word if lower.endswith("s") else word + "es"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def plural_unit(unit: str, lang: str) -> str:
    """Return `unit` in the plural by the language's simple rule (see the module)."""
    stop = _STOP.get(lang, set())
    words = []
    for match in _WORD.finditer(unit):
        if match.group(0).lower() in stop:
            break
        words.append(match)
    if lang != "fr":
        words = words[-1:]  # English: the head noun, last before any preposition
    out, last = [], 0
    for match in words:
        out += [unit[last : match.start()], _plural_word(match.group(0), lang)]
        last = match.end()
    out.append(unit[last:])
    return "".join(out)


def unit_for(n: object, unit: str, lang: str) -> str:
    """Return `unit` (written in the singular) agreeing with the count `n`."""
    return unit if is_singular(n, lang) else plural_unit(unit, lang)
