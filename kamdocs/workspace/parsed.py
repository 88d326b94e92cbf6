"""What reading a content file gives the rest of kamdocs: its plain data and the way back
from a field to its line and column, without PyYAML.

A file served from a cache (parsed data or a validated model) is never parsed in that run;
PyYAML is imported only when the file is parsed (`yamlread`), or when a problem asks for a
position and the text is parsed again to find it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kamdocs.errors import Problem
from kamdocs.valueclass import valueclass

if TYPE_CHECKING:
    import yaml

Loc = tuple[str | int, ...]

# Characters XML 1.0 cannot hold: C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF;
# plus U+E000 to U+E004, the private-use characters kamdocs reserves for the value tokens and
# source marks of rendered templates (templating/values.py).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\ue000-\ue004]")


@valueclass
class Parsed:
    """Plain data of one file and its YAML node tree, which knows where everything is.

    The node tree takes several times the memory of the data, and positions are only needed
    to report a problem: `release()` drops it, and `position()` parses `text` again if ever
    asked afterwards.
    """

    data: Any
    root: yaml.Node | None = None
    text: str = ""

    def release(self) -> None:
        """Forget the node tree (it is rebuilt from `text` when a position is asked for)."""
        self.root = None

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of `loc` (of its key when `key` is True).

        A path that does not exist in the file (a missing field) gives its nearest parent.
        """
        from kamdocs.workspace import yamlread

        if self.root is None and self.text:
            self.root = yamlread.compose(self.text)
        if self.root is None:
            return (1, 1)
        return yamlread.node_position(self.root, loc, key=key)


def dotted(loc: Loc) -> str:
    """Return `stakeholders[2].attitude` for ('stakeholders', 2, 'attitude')."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Return the text of a UTF-8 file, or None with a located problem."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = f"{raw[exc.start]:02x}"
        return None, [Problem.at(file, "not_utf8", line=line, column=column, byte=byte)]
