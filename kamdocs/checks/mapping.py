"""Which proposal parts answer each award criterion, and the buyer's words (tender mode).

A criterion that names no `parts` and no `answer` gets parts by the default mapping below,
matched on the words of its name and of its sub-criteria's names, in French and English;
`kamdocs.yaml`'s `tender_mapping` adds words to it. Words are compared folded: lower case,
accents removed, stop words dropped, each reduced to its stem (snowballstemmer, French and
English) so that plurals and derived forms meet ("délais" and "délai", "resources" and
"ressources").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import Criterion, Tender

# The default mapping of content-format.md "Tender layout": {part: words of a criterion's
# name that call for it}. "pricing" marks the price criterion when none says `price: true`.
# Environment / CSR commitments are part of the described solution (no part of their own).
DEFAULT_MAPPING: dict[str, tuple[str, ...]] = {
    "methodology": ("méthodologie", "méthode", "démarche", "approche", "organisation",
                    "methodology", "method", "approach", "organization"),
    "team": ("équipe", "moyens", "humains", "personnel", "ressources", "compétences",
             "intervenants", "encadrement", "team", "staff", "resources", "skills", "people"),
    "planning": ("planning", "calendrier", "délais", "phasage", "schedule", "timeline",
                 "timetable", "deadlines"),
    "solution": ("technique", "solution", "qualité", "prestation", "fonctionnel",
                 "environnement", "environnemental", "rse", "développement", "durable",
                 "technical", "quality", "functional", "environment", "environmental", "csr",
                 "sustainability"),
    "guarantees": ("service", "maintenance", "garantie", "engagement", "disponibilité",
                   "support", "assistance", "sav", "sla", "guarantee", "warranty",
                   "availability", "commitment"),
    "references": ("références", "expérience", "references", "experience"),
    "risks": ("risques", "réversibilité", "continuité", "risks", "reversibility",
              "continuity"),
    "context": ("compréhension", "besoin", "contexte", "understanding", "needs", "context"),
    "pricing": ("prix", "tarif", "coût", "financier", "financière", "price", "cost",
                "financial", "pricing"),
}  # fmt: skip

STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "il",
        "ils",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "m",
        "n",
        "s",
        "t",
        "y",
        "est",
        "sont",
        "etre",
        "a",
        "ete",
        "cette",
        "cet",
        "tout",
        "tous",
        "toute",
        "toutes",
        "plus",
        "moins",
        "afin",
        "ainsi",
        "lors",
        "sous",
        "entre",
        "chaque",
        "doit",
        "doivent",
        "peut",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "which",
        "shall",
        "must",
        "should",
        "can",
        "each",
        "all",
        "any",
        "not",
        "no",
        "per",
        "into",
        "than",
        "their",
        "our",
        "your",
        "ci",
        "celle",
        "celui",
        "ceux",
        "celles",
        "dont",
        "sans",
        "selon",
        "vers",
        "chez",
        "apres",
        "avant",
        "depuis",
        "pendant",
        "jusqu",
        "aussi",
        "si",
        "non",
        "tres",
        "etc",
        "leur",
        "lesquels",
        "laquelle",
        "lequel",
        "sera",
        "seront",
        "ont",
        "avoir",
        "fait",
        "faire",
        "un",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "douze",
        "vingt",
        "trente",
        "cent",
        "mille",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twelve",
        "twenty",
        "hundred",
        "thousand",
        "candidat",
        "candidats",
        "titulaire",
        "soumissionnaire",
        "acheteur",
        "pouvoir",
        "adjudicateur",
        "marche",
        "present",
        "critere",
        "criteres",
        "sous",
        "bidder",
        "tenderer",
        "contractor",
        "buyer",
        "contract",
        "criterion",
        "criteria",
        "sub",
    ]
)

# `tender_mapping` of kamdocs.yaml: {part: words}.
PartWords = Mapping[Any, Iterable[str]] | None

_WORD = re.compile(r"[0-9a-z]+")


@lru_cache(maxsize=1)
def _stemmers() -> tuple[Any, Any]:
    """Return the French and English stemmers, imported on first use: a plan or a deck never
    maps a tender's parts, and snowballstemmer's import costs as much as a small document."""
    import snowballstemmer

    return snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Return `text` in lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def stems(word: str) -> frozenset[str]:
    """Return the French and English stems of a folded word."""
    return frozenset(s.stemWord(word) for s in _stemmers())


STEMS_KEPT = 16_384  # folded words whose French stem is kept


@lru_cache(maxsize=STEMS_KEPT)
def french_stem(word: str) -> str:
    """Return the French stem of a folded word (the pure-Python snowballstemmer keeps none: a
    tender's requirements, and the proposal's text they are looked for in, repeat their
    words, and a proposal is mapped again at each build of a batch or a `watch` session)."""
    stem: str = _stemmers()[0].stemWord(word)
    return stem


def terms(text: str) -> dict[str, str]:
    """Return {French stem: the first word that has it} for the key terms of `text`: stop
    words and one-letter words dropped."""
    found: dict[str, str] = {}
    for word in _WORD.findall(fold(text)):
        if len(word) > 1 and word not in STOP_WORDS and not word.isdigit():
            found.setdefault(french_stem(word), word)
    return found


def _matches(words: Iterable[str], vocabulary: Iterable[str]) -> bool:
    wanted = set().union(*(stems(w) for w in _WORD.findall(fold(" ".join(vocabulary)))))
    return any(stems(w) & wanted for w in words)


def mapping_table(extra: PartWords = None) -> dict[str, tuple[str, ...]]:
    """Return the default mapping extended by `tender_mapping` (words added per part)."""
    table = dict(DEFAULT_MAPPING)
    for part, words in (extra or {}).items():
        table[part] = (*table.get(part, ()), *words)
    return table


def suggested_parts(names: Iterable[str], table: Mapping[str, Iterable[str]]) -> list[str]:
    """Return the parts whose words appear in `names`, in the table's order."""
    words = [w for name in names for w in _WORD.findall(fold(name))]
    return [part for part, vocabulary in table.items() if _matches(words, vocabulary)]


@valueclass(frozen=True)
class CriterionMap:
    """Where the proposal's parts go: `parts[criterion id]` the present parts placed under
    it (each part once), `mapped` the ids whose parts came from the default mapping,
    `price_id` the criterion that holds the financial offer (None without one)."""

    parts: dict[str, tuple[str, ...]]
    mapped: frozenset[str]
    price_id: str | None


def _post_order(criteria: Iterable[Criterion]) -> list[Criterion]:
    out: list[Criterion] = []
    for c in criteria:
        out += _post_order(c.subcriteria)
        out.append(c)
    return out


def _pre_order(criteria: Iterable[Criterion]) -> list[Criterion]:
    out: list[Criterion] = []
    for c in criteria:
        out.append(c)
        out += _pre_order(c.subcriteria)
    return out


def _names(c: Criterion) -> list[str]:
    return [c.name, *(n for s in c.subcriteria for n in _names(s))]


def map_criteria(
    tender: Tender | None,
    present: Mapping[str, bool],
    extra: PartWords = None,
) -> CriterionMap:
    """Place the present parts under the criteria: the parts a criterion names first (the
    first mention wins, in the RC's order), then, for each criterion naming neither parts
    nor an answer, the parts the mapping finds in its words — sub-criteria before their
    parent, so that the narrower criterion takes the part. The price criterion (`price:
    true`, else the first whose words are the price's) holds the pricing part. A part left
    over that answers requirements goes under the criterion they feed."""
    criteria = tender.criteria if tender else ()
    table = mapping_table(extra)
    pricing_words = table.get("pricing", ())
    flagged = [c.id for c in _pre_order(criteria) if c.price]
    worded = [c.id for c in _pre_order(criteria)
              if not c.parts and not c.answer and not c.subcriteria
              and _matches(_WORD.findall(fold(c.name)), pricing_words)]  # fmt: skip
    price_id = next(iter(flagged or worded), None)
    placed: set[str] = {"pricing"} if price_id else set()
    parts: dict[str, list[str]] = {c.id: [] for c in _pre_order(criteria)}
    for c in _pre_order(criteria):
        for part in c.parts:
            if present.get(part) and part not in placed and part != "annexes":
                parts[c.id].append(part)
                placed.add(part)
    mapped: set[str] = set()
    for c in _post_order(criteria):
        if c.parts or c.answer or c.id == price_id:
            continue
        for found in suggested_parts(_names(c), table):
            if found != "pricing" and present.get(found) and found not in placed:
                parts[c.id].append(found)
                placed.add(found)
                mapped.add(c.id)
    # A part still unplaced goes under the criterion fed by the requirements it answers (the
    # one most of them feed): "additional information" is never scored.
    for left in present:
        if not present[left] or left in placed or left in ("annexes", "pricing"):
            continue
        fed = [r.criterion for r in (tender.requirements if tender else ())
               if r.section == left and r.criterion in parts]  # fmt: skip
        if fed:
            target = max(dict.fromkeys(fed), key=fed.count)
            parts[target].append(left)
            placed.add(left)
            mapped.add(target)
    return CriterionMap({k: tuple(v) for k, v in parts.items()}, frozenset(mapped), price_id)
