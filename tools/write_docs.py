"""Write the generated pages of docs/ from the model (run after changing the model)."""

from __future__ import annotations

from pathlib import Path

from kamdocs.insights import AccountInsights
from kamdocs.workspace.audience import audience_table, internal_figures

DOCS = Path(__file__).resolve().parents[1] / "docs"


def audience_page() -> str:
    """The page docs/audience.md: every key's audience, and the figures kept internal."""
    return audience_table(internal_figures(AccountInsights))


if __name__ == "__main__":
    (DOCS / "audience.md").write_text(audience_page(), encoding="utf-8")
    print(f"wrote {DOCS / 'audience.md'}")
