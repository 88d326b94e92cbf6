"""Whether an account is a key account (selection score against the threshold, or the KAM's
override), and its position, quadrant and posture in the portfolio matrix."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from kamdocs.valueclass import valueclass
from kamdocs.workspace.model import Account, Classification, Selection, SelectionWeights, Settings

Quadrant = Literal["strategic", "star", "status", "streamline"]
Posture = Literal["invest", "invest_selectively", "maintain", "harvest"]
SelectionReason = Literal["override", "at_or_above_threshold", "below_threshold", "no_score"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
POSTURES: dict[Quadrant, Posture] = {
    "strategic": "invest",
    "star": "invest_selectively",
    "status": "maintain",
    "streamline": "harvest",
}


# --- key-account selection -----------------------------------------------------------------


@valueclass(frozen=True)
class SelectionVerdict:
    """Whether an account is a key account, and why.

    `score` is 0-100 (None without a complete selection), `reason` a code: "override" (the
    KAM's written judgement, in `override_reason`), "at_or_above_threshold",
    "below_threshold" or "no_score" (not key until scored or overridden).
    """

    score: Decimal | None
    threshold: Decimal
    key_account: bool
    reason: SelectionReason
    override_reason: str | None = None


def selection_score(sel: Selection | None, weights: SelectionWeights) -> Decimal | None:
    """Return the selection score 0-100, Σ weight × score × 10; None when a score is missing."""
    if sel is None:
        return None
    parts = (
        (weights.financial, sel.financial),
        (weights.strategic, sel.strategic),
        (weights.maturity, sel.maturity),
    )
    total = _ZERO
    for weight, score in parts:
        if score is None:
            return None
        total += weight * score * 10
    return total


def selection_verdict(account: Account, settings: Settings) -> SelectionVerdict:
    """Return the key-account verdict: the score against the threshold, unless overridden."""
    score = selection_score(account.selection, settings.selection_weights)
    threshold = settings.selection_threshold
    override = account.selection_override
    if override is not None:
        return SelectionVerdict(score, threshold, override.key_account, "override", override.reason)
    if score is None:
        return SelectionVerdict(None, threshold, False, "no_score")
    if score >= threshold:
        return SelectionVerdict(score, threshold, True, "at_or_above_threshold")
    return SelectionVerdict(score, threshold, False, "below_threshold")


# --- portfolio matrix ----------------------------------------------------------------------


@valueclass(frozen=True)
class Position:
    """An account's place in the portfolio matrix; both axes 0-100.

    `strength_vs_competitor` is the variant of domain.md §6 (50 = parity with the best
    competitor), None without `classification.competitor_strength`.
    """

    attractiveness: Decimal
    strength: Decimal
    quadrant: Quadrant
    posture: Posture
    strength_vs_competitor: Decimal | None = None


def _factor_weight(name: str, weights: Mapping[str, Decimal]) -> Decimal:
    # With explicit weights, a factor they do not name does not count (weight 0).
    return weights.get(name, _ZERO) if weights else Decimal(1)


def axis_score(
    factors: Mapping[str, Decimal], weights: Mapping[str, Decimal] | None = None
) -> Decimal | None:
    """Return the weighted mean of 0-10 factor scores × 10 (0-100).

    Equal weights when `weights` is empty; otherwise factors it does not name weigh 0.
    None when there is no factor or the weights of the factors present add up to 0.
    """
    weights = weights or {}
    total_weight = _ZERO
    total = _ZERO
    for name, score in factors.items():
        weight = _factor_weight(name, weights)
        total_weight += weight
        total += weight * score
    if not factors or total_weight <= 0:
        return None
    return total * 10 / total_weight


def strength_vs_competitor(classification: Classification) -> Decimal | None:
    """Return Σw·ours ÷ (Σw·ours + Σw·best competitor) × 100 (50 = parity).

    Only factors scored for both sides count; None when there is none or both sums are 0.
    """
    ours = classification.strength
    theirs = classification.competitor_strength
    weights = classification.weights.strength
    ours_total = _ZERO
    theirs_total = _ZERO
    for name, score in ours.items():
        if name in theirs:
            weight = _factor_weight(name, weights)
            ours_total += weight * score
            theirs_total += weight * theirs[name]
    if ours_total + theirs_total <= 0:
        return None
    return ours_total * _HUNDRED / (ours_total + theirs_total)


def quadrant_of(attractiveness: Decimal, strength: Decimal, split: Decimal) -> Quadrant:
    """Return the quadrant; a score equal to `split` counts as high."""
    high_attractiveness = attractiveness >= split
    high_strength = strength >= split
    if high_attractiveness:
        return "strategic" if high_strength else "star"
    return "status" if high_strength else "streamline"


def portfolio_position(account: Account, settings: Settings) -> Position | None:
    """Return the account's position, quadrant and posture; None when an axis has no score."""
    classification = account.classification
    if classification is None:
        return None
    attractiveness = axis_score(
        classification.attractiveness, classification.weights.attractiveness
    )
    strength = axis_score(classification.strength, classification.weights.strength)
    if attractiveness is None or strength is None:
        return None
    quadrant = quadrant_of(attractiveness, strength, settings.matrix_split)
    return Position(
        attractiveness,
        strength,
        quadrant,
        POSTURES[quadrant],
        strength_vs_competitor(classification),
    )
