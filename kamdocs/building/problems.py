"""The one rule of the driver about problems: errors stop the document, warnings go on."""

from __future__ import annotations

from kamdocs.errors import ContentError, Problem


def fail_on_errors(problems: list[Problem]) -> list[Problem]:
    """Raise `ContentError` with the errors among `problems`, sorted; else return them
    (warnings only)."""
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentError(sorted(errors))
    return [p for p in problems if not p.is_error]
