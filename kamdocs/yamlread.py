"""Parse one YAML file into plain data plus an index from field path to line and column.

libyaml (through PyYAML's C composer) builds the node tree, which is several times faster
than a pure-Python parser; the construction below applies YAML 1.2 core-schema rules itself
(`no`, `on`, `off` stay text; dates stay text for the model to parse; decimals become
`Decimal`), rejects duplicate keys and refuses alias bombs, so nothing depends on YAML 1.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from .errors import ContentProblem

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
# Characters XML 1.0 cannot hold: C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Parsed:
    """Plain data of one file, with the position of every value and key (1-based)."""

    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of `loc`, or of its nearest located parent; (0, 0) if none."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


def dotted(loc: Loc) -> str:
    """Return `stakeholders[2].attitude` for ('stakeholders', 2, 'attitude')."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def decode(raw: bytes, file: str) -> tuple[str | None, list[ContentProblem]]:
    """Return the text of a UTF-8 file, or None with a located problem."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return None, [ContentProblem(file, line, column, "", msg)]


class _Builder:
    def __init__(self, file: str, parsed: Parsed, problems: list[ContentProblem]):
        self.file = file
        self.parsed = parsed
        self.problems = problems
        self.expanded = 0
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()

    def problem(self, node: yaml.Node, loc: Loc, message: str, severity: str = "error") -> None:
        mark = node.start_mark
        self.problems.append(
            ContentProblem(
                self.file, mark.line + 1, mark.column + 1, dotted(loc), message, severity
            )  # type: ignore[arg-type]
        )

    def size(self, node: yaml.Node) -> int:
        """Return how many nodes `node` stands for once every alias is expanded."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.active:
            raise _Recursive(node)
        self.active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(self.size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(self.size(k) + self.size(v) for k, v in node.value)
        self.active.discard(key)
        self.sizes[key] = total
        return total

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.parsed.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "a key must be a plain name, not a list or mapping")
                continue
            key = self.scalar(key_node, loc)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                self.problem(key_node, (*loc, key), "duplicate key: remove or rename one of them")
                continue
            self.parsed.keys[(*loc, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, (*loc, key))
        return result

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        text: str = node.value
        if not node.style and node.tag != _STR_TAG:  # plain style: None (Python) or "" (libyaml)
            value = _resolve_plain(text)
            if not isinstance(value, str):
                return value
        if XML_ILLEGAL.search(text):
            self.problem(
                node,
                loc,
                "removed characters that documents cannot hold (control characters)",
                "warning",
            )
            text = XML_ILLEGAL.sub("", text)
        return text


class _Recursive(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _resolve_plain(text: str) -> Any:
    """Return the YAML 1.2 core-schema value of a plain scalar (text when nothing else fits)."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return Decimal(text)
    if _SPECIAL_FLOAT.match(text):
        sign = "-" if text.startswith("-") else ""
        return Decimal("NaN") if "nan" in text.lower() else Decimal(f"{sign}Infinity")
    return text


def _strip_illegal(text: str, file: str, problems: list[ContentProblem]) -> str:
    """Remove raw characters XML cannot hold (YAML refuses them too), warning at each place."""
    if not XML_ILLEGAL.search(text):
        return text
    for match in XML_ILLEGAL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        msg = f"removed character U+{ord(match.group()):04X} that documents cannot hold"
        problems.append(ContentProblem(file, line, column, "", msg, "warning"))
    return XML_ILLEGAL.sub("", text)


def parse_yaml(text: str, file: str) -> tuple[Parsed | None, list[ContentProblem]]:
    """Return the file's data with positions, or None and the problems that stop reading it."""
    problems: list[ContentProblem] = []
    if len(text) > MAX_FILE_BYTES:
        msg = (
            f"the file is too large ({len(text) // 1024} KB, limit "
            f"{MAX_FILE_BYTES // 1024} KB); move long text into Markdown includes"
        )
        return None, [ContentProblem(file, 1, 1, "", msg)]
    text = _strip_illegal(text, file, problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        msg = f"YAML syntax error: {what} (check indentation, colons and quotes)"
        return None, [ContentProblem(file, line, column, "", msg)]
    except yaml.YAMLError as exc:
        return None, [ContentProblem(file, 1, 1, "", f"YAML error: {exc}")]
    parsed = Parsed(data=None)
    if node is None:
        return parsed, problems
    builder = _Builder(file, parsed, problems)
    try:
        if builder.size(node) > MAX_EXPANDED_NODES:
            msg = (
                f"aliases expand to more than {MAX_EXPANDED_NODES} values; "
                "this looks like a YAML bomb and is refused"
            )
            return None, [ContentProblem(file, 1, 1, "", msg)]
    except _Recursive as exc:
        mark = exc.node.start_mark
        return None, [
            ContentProblem(
                file,
                mark.line + 1,
                mark.column + 1,
                "",
                "an alias refers to itself; recursive data is refused",
            )
        ]
    parsed.data = builder.build(node, ())
    return parsed, problems
