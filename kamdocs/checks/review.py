"""Checks of a quarterly review beyond its schema: figures, priorities, wording, action ids."""

from __future__ import annotations

from kamdocs.checks.figures import has_figure
from kamdocs.checks.locate import located
from kamdocs.checks.wording import internal_word_problems
from kamdocs.errors import Problem, did_you_mean
from kamdocs.workspace.audience import client_strings
from kamdocs.workspace.loader import AccountFiles
from kamdocs.workspace.model import REVIEW_SLIDES, item_text


def review_problems(bundle: AccountFiles, quarter: str) -> list[Problem]:
    """Return cross-file problems of one review (action ids it updates)."""
    loaded = bundle.reviews[quarter]
    review, account = loaded.model, bundle.account.model
    problems: list[Problem] = []
    if review is None or account is None:
        return problems
    for i, success in enumerate(review.successes):
        if not has_figure(item_text(success)):
            problems.append(located(loaded, ("successes", i), "success_without_figure", "warning"))
    for i, priority in enumerate(review.priorities):
        if priority.owner is None or priority.due is None:
            problems.append(located(loaded, ("priorities", i), "incomplete_priority", "warning"))
    for name in review.slide_titles:
        if name not in REVIEW_SLIDES:
            problems.append(
                located(
                    loaded,
                    ("slide_titles", name),
                    "unknown_slide",
                    "warning",
                    hint=did_you_mean(name, REVIEW_SLIDES),
                    name=name,
                    known=", ".join(REVIEW_SLIDES),
                )
            )
    problems += internal_word_problems(loaded, client_strings(review), account)
    ids = {a.id for a in account.actions if a.id}
    for i, update in enumerate(review.action_updates):
        if update.id not in ids:
            problems.append(
                located(
                    loaded,
                    ("action_updates", i, "id"),
                    "unknown_action_id",
                    "warning",
                    id=update.id,
                )
            )
    return problems
