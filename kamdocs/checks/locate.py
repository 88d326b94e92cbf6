"""Where a check's problem is: the field path it is about, and the line that field is on."""

from __future__ import annotations

from typing import Any

from kamdocs.errors import Problem, Severity
from kamdocs.workspace.loader import Loaded
from kamdocs.workspace.yamlread import Loc, dotted

# A problem not yet placed in its file: the field it is about, the message, the severity.
Unplaced = tuple[Loc, str, Severity]


def located(loaded: Loaded[Any], loc: Loc, message: str, severity: Severity) -> Problem:
    """Return `message` about the field at `loc` of `loaded`, placed on that field's line."""
    line, column = loaded.position(loc)
    return Problem(loaded.file, line, column, dotted(loc), message, severity)
