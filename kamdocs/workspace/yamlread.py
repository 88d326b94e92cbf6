"""Parse one YAML file into plain data plus an index from field path to line and column.

libyaml (through PyYAML's C composer) builds the node tree, which is several times faster
than a pure-Python parser; the construction below applies YAML 1.2 core-schema rules itself
(`no`, `on`, `off` stay text; dates stay text for the model to parse; decimals become
`Decimal`), rejects duplicate keys and refuses alias bombs, so nothing depends on YAML 1.1.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from kamdocs.errors import Problem, Severity, make_args
from kamdocs.workspace.parsed import XML_ILLEGAL, Loc, Parsed, dotted

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAG = "tag:kamdocs,2026:plain"  # an untagged plain scalar, resolved by _resolve_plain


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's loader without its YAML 1.1 tag resolution, which the builder does not use.

    The composer asks `resolve` for the tag of every node; PyYAML's answer runs a list of
    regular expressions per scalar (a fifth of the parse time of a large file).
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


def compose(text: str) -> yaml.Node | None:
    """Return the node tree of `text` (which parsed cleanly before)."""
    return yaml.compose(text, Loader=_Loader)


def node_position(root: yaml.Node, loc: Loc, *, key: bool = False) -> tuple[int, int]:
    """Return the 1-based (line, column) of `loc` in the tree `root` (see `Parsed.position`)."""
    found: yaml.Node = root
    for i, part in enumerate(loc):
        child, key_node = _child(found, part)
        if child is None:
            break
        if key and i == len(loc) - 1 and key_node is not None:
            found = key_node
            break
        found = child
    return (found.start_mark.line + 1, found.start_mark.column + 1)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
    """Return (value node, key node) of `part` inside `node`, or (None, None)."""
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return (node.value[part], None) if 0 <= part < len(node.value) else (None, None)
    if isinstance(node, yaml.MappingNode):
        wanted = str(part)
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == wanted:
                return value_node, key_node
    return None, None


class _Builder:
    """Plain data from a node tree; positions stay in the nodes and are looked up on demand."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def problem(self, node: yaml.Node, loc: Loc, key: str, severity: Severity = "error") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem.at(
                self.file,
                key,
                line=mark.line + 1,
                column=mark.column + 1,
                field=dotted(loc),
                severity=severity,
            )
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, yaml.SequenceNode):
            build = self.build
            return [build(child, (*loc, i)) for i, child in enumerate(node.value)]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "key_not_plain")
                continue
            key = self.scalar(key_node, loc)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                self.problem(key_node, (*loc, key), "duplicate_key")
                continue
            result[key] = self.build(value_node, (*loc, key))
        return result

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        text: str = node.value
        style = node.style
        if not style and node.tag != _STR_TAG:  # plain style: None (Python) or "" (libyaml)
            value = _resolve_plain(text)
            if not isinstance(value, str):
                return value
        # Raw control characters were removed before parsing; only the escapes of a
        # double-quoted scalar ("\x01") can bring them back.
        if style == '"' and XML_ILLEGAL.search(text):
            self.problem(node, loc, "removed_control_characters", "warning")
            text = XML_ILLEGAL.sub("", text)
        return text


def _node_sizes(root: yaml.Node) -> int:
    """Return how many nodes `root` stands for once every alias is expanded."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _Recursive(node)
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        sizes[key] = total
        return total

    return size(root)


class _Recursive(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")


def _resolve_plain(text: str) -> Any:
    """Return the YAML 1.2 core-schema value of a plain scalar (text when nothing else fits)."""
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text  # most plain scalars are words: no number, boolean or null starts so
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


def _strip_illegal(text: str, file: str, problems: list[Problem]) -> str:
    """Remove raw characters XML cannot hold (YAML refuses them too), warning at each place."""
    if not XML_ILLEGAL.search(text):
        return text
    for match in XML_ILLEGAL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        reserved = "\ue000" <= match.group() <= "\ue004"
        key = "removed_reserved_character" if reserved else "removed_character"
        code = f"{ord(match.group()):04X}"
        problems.append(
            Problem.at(file, key, line=line, column=column, severity="warning", code=code)
        )
    return XML_ILLEGAL.sub("", text)


_CLOSING = {"{": "}", "[": "]"}


def _last_open_bracket(text: str) -> tuple[str, yaml.Mark] | None:
    """Return the last '[' or '{' of `text` left open (outside quotes and comments)."""
    stack: list[tuple[str, yaml.Mark]] = []
    for number, line in enumerate(text.splitlines()):
        quote = ""
        for column, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (column == 0 or line[column - 1] in " [{,:"):
                quote = char
            elif char == "#" and (column == 0 or line[column - 1] == " "):
                break
            elif char in _CLOSING:
                stack.append((char, yaml.Mark("", 0, number, column, "", 0)))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """Return the parser's refusal as a problem in words a non-programmer can act on, placed
    where the fix goes (a bracket or a quote never closed: where it was opened)."""
    problem, context = exc.problem or "", exc.context or ""
    at, opened = exc.problem_mark, exc.context_mark
    args: dict[str, str] = {"problem": problem or context or "invalid YAML"}
    key, mark = "yaml_syntax", at
    char = text[at.index] if at is not None and at.index < len(text) else ""
    if "tab character" in problem:
        key, args = "yaml_tab", {}
    elif "cannot start any token" in problem:
        key, args = ("yaml_tab", {}) if char == "\t" else ("yaml_bad_start", {"char": char})
    elif "mapping values are not allowed" in problem:
        key, args = "yaml_colon_in_value", {}
    elif "flow mapping" in context or "flow sequence" in context:
        opening = "{" if "mapping" in context else "["
        args = {"opening": opening, "closing": _CLOSING[opening]}
        if at is not None and opened is not None and at.line == opened.line:
            key = "yaml_in_braces"  # closed on its line: a text in it holds ': ' or ','
        else:
            key, mark = "yaml_unclosed", opened
    elif "flow node" in context and (found := _last_open_bracket(text)) is not None:
        opening, mark = found
        key, args = "yaml_unclosed", {"opening": opening, "closing": _CLOSING[opening]}
    elif "quoted scalar" in context and "end of stream" in problem:
        key, args, mark = "yaml_unclosed_quote", {}, opened
    elif "expected key" in problem or "'-' indicator" in problem:
        key, args = "yaml_structure", {}
    elif "undefined alias" in problem:
        key, args = "yaml_unknown_alias", {}
    mark = mark or at or opened
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, column, "", key, make_args(args))


def parse_yaml(text: str, file: str) -> tuple[Parsed | None, list[Problem]]:
    """Return the file's data with positions, or None and the problems that stop reading it."""
    problems: list[Problem] = []
    if len(text) > MAX_FILE_BYTES:
        size, limit = len(text) // 1024, MAX_FILE_BYTES // 1024
        return None, [Problem.at(file, "file_too_large", line=1, column=1, size=size, limit=limit)]
    text = _strip_illegal(text, file, problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_problem(exc, text, file)]
    except yaml.YAMLError as exc:
        return None, [Problem.at(file, "yaml_error", line=1, column=1, error=exc)]
    parsed = Parsed(data=None, root=node, text=text)
    if node is None:
        return parsed, problems
    builder = _Builder(file, problems)
    try:
        # Without an anchor ('&') there can be no alias, so no expansion to measure.
        if "&" in text and _node_sizes(node) > MAX_EXPANDED_NODES:
            bomb = Problem.at(file, "yaml_bomb", line=1, column=1, limit=MAX_EXPANDED_NODES)
            return None, [bomb]
    except _Recursive as exc:
        mark = exc.node.start_mark
        line, column = mark.line + 1, mark.column + 1
        return None, [Problem.at(file, "recursive_alias", line=line, column=column)]
    parsed.data = builder.build(node, ())
    return parsed, problems
