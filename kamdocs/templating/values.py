"""The values a rendering hands the Markdown parser: tokens and the data wrappers.

A template's output is text in which every value is a token (a private-use character pair
around an index into `Tokens`), and in which each directive or heading line carries a source
mark (file and line of the template). Both kinds of marker use private-use characters that
never reach a document.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from kamdocs.valueclass import valueclass

TOKEN_OPEN = "\ue000"
TOKEN_CLOSE = "\ue001"
# Marks where a directive or heading line came from: SOURCE_OPEN file SOURCE_SEP line
# SOURCE_CLOSE, put in front of the line in the template's text by `_SourceMarks`.
SOURCE_OPEN = "\ue002"
SOURCE_SEP = "\ue003"
SOURCE_CLOSE = "\ue004"


@valueclass(frozen=True)
class Md:
    """A Markdown fragment from the data (content-format fields marked (md))."""

    text: str


@valueclass(frozen=True)
class Styled:
    """Text with cell styling: a table cell holding it takes its fill, colour and alignment."""

    text: str
    fill: str | None = None
    color: str | None = None
    align: Literal["left", "center", "right"] | None = None
    bold: bool = False


@valueclass
class Tokens:
    """The values behind the tokens of one rendering, in order of appearance."""

    values: list[Any] = field(default_factory=list)

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"{TOKEN_OPEN}{len(self.values) - 1}{TOKEN_CLOSE}"

    def __getitem__(self, index: int) -> Any:
        return self.values[index]
