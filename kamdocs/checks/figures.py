"""Domain rule 2, figures over adjectives: a statement should hold at least one digit."""

from __future__ import annotations


def has_figure(text: str) -> bool:
    """Return whether `text` holds a figure (at least one digit)."""
    return any(c.isdigit() for c in text)
