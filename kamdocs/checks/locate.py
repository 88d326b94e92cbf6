"""Where a check's problem is: the field path it is about, and the line that field is on."""

from __future__ import annotations

from typing import Any

from kamdocs.errors import Args, Problem, Severity, Worded, make_args
from kamdocs.valueclass import valueclass
from kamdocs.workspace.loader import Loaded
from kamdocs.workspace.parsed import Loc


@valueclass(frozen=True)
class Unplaced(Worded):
    """A problem not yet placed in its file: the field it is about, its message key and
    arguments, its severity and hint. The pure checks of a proposal's model return these."""

    loc: Loc
    key: str
    args: Args = ()
    severity: Severity = "error"
    hint: str = ""


def unplaced(
    loc: Loc, key: str, severity: Severity = "error", *, hint: str = "", **args: Any
) -> Unplaced:
    """Return the problem `key` about the field at `loc`, to be placed by `place`."""
    return Unplaced(loc, key, make_args(args), severity, hint)


def located(
    loaded: Loaded[Any],
    loc: Loc,
    key: str,
    severity: Severity = "error",
    *,
    hint: str = "",
    **args: Any,
) -> Problem:
    """Return the problem `key` (of `kamdocs.errors.MESSAGES`) about the field at `loc` of
    `loaded`, placed on that field's line."""
    return loaded.problem(loc, key, severity, hint=hint, **args)


def place(loaded: Loaded[Any], found: Unplaced) -> Problem:
    """Return `found` placed on the line of its field in `loaded`."""
    return located(
        loaded, found.loc, found.key, found.severity, hint=found.hint, **dict(found.args)
    )
