"""User-facing errors: the problems a user can fix, with where they are.

Anything that is not a `KamdocsError` is a bug in kamdocs and keeps its traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a content, template or settings file.

    `line` and `column` count from 1; 0 means the position is unknown (the file as a whole).
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        """Return the problem as `path:line:column: [warning: ]field: message`."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        label = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{field}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class KamdocsError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with 1."""


class ContentError(KamdocsError):
    """Content problems that block a document; carries every located problem at once."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that block a document (warnings left out)."""
    return [p for p in problems if p.is_error]
