"""Render a Jinja template into Markdown-flavoured text where every value is a token.

Data is never spliced into the template's text: each `{{ value }}` becomes an opaque token
(a private-use character pair around an index), and the value itself travels beside the text
in a `Tokens` table. `markup.parse` then puts the value back as literal text, a Markdown
fragment parsed on its own, a coloured cell or a ready-made IR block. So `{{`, `|`, a leading
`#` or `<` inside the data can never change the document's structure or be evaluated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from kamdocs.errors import KamdocsError
from kamdocs.workspace.cachedir import cache_root

TOKEN_OPEN = "\ue000"
TOKEN_CLOSE = "\ue001"


@dataclass(frozen=True)
class Md:
    """A Markdown fragment from the data (content-format fields marked (md))."""

    text: str


@dataclass(frozen=True)
class Styled:
    """Text with cell styling: a table cell holding it takes its fill, colour and alignment."""

    text: str
    fill: str | None = None
    color: str | None = None
    align: str | None = None
    bold: bool = False


class Tokens:
    """The values behind the tokens of one rendering, in order of appearance."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"{TOKEN_OPEN}{len(self.values) - 1}{TOKEN_CLOSE}"

    def __getitem__(self, index: int) -> Any:
        return self.values[index]


class Renderer:
    """A sandboxed Jinja environment over template folders, earliest folder first."""

    def __init__(
        self,
        folders: list[Path],
        filters: Mapping[str, Callable[..., Any]],
        bytecode_dir: Path | None = None,
    ):
        self.folders = [f for f in folders if f.is_dir()]
        self._tokens = Tokens()
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            undefined=jinja2.StrictUndefined,
            finalize=self._make_finalize(),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(bytecode_dir),
        )
        self.env.filters.update(filters)

    def _make_finalize(self) -> Callable[..., str]:
        # Marked as needing the evaluation context so that Jinja never calls it while
        # compiling: constant outputs ({{ "x" }}) would otherwise become tokens baked into
        # the compiled template, pointing into the token table of that first rendering.
        @jinja2.pass_eval_context
        def finalize(_eval_ctx: Any, value: Any) -> str:
            return self._finalize(value)

        return finalize

    def _finalize(self, value: Any) -> str:
        if isinstance(value, str) and TOKEN_OPEN in value:
            return value  # output of a macro or a nested rendering: already tokens
        if value is None:
            return ""
        if isinstance(value, jinja2.Undefined):
            str(value)  # StrictUndefined raises here, inside the template's frame
        return self._tokens.add(value)

    def render(self, name: str, context: Mapping[str, Any]) -> tuple[str, Tokens]:
        """Return the rendered text of template `name` and the values behind its tokens."""
        self._tokens = Tokens()
        try:
            template = self.env.get_template(name)
            text = template.render(**context)
        except jinja2.TemplateNotFound as exc:
            where = ", ".join(str(f) for f in self.folders) or "(no template folder)"
            raise KamdocsError(f"template '{exc.name}' not found in {where}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise KamdocsError(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from None
        except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError) as exc:
            raise KamdocsError(f"{_template_location(exc)}template error: {exc}") from None
        return text, self._tokens


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Return a compiled-template cache in `folder`, or None when it cannot be written.

    Jinja keys each entry by template name and a checksum of its source, so an edited
    template is compiled again; the cache only saves compile time between processes.
    """
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def default_cache_dir() -> Path | None:
    """Return the compiled-template folder of kamdocs' cache (see cachedir.py), if any."""
    root = cache_root()
    return None if root is None else root / f"jinja-{jinja2.__version__}"


@functools.lru_cache(maxsize=16)
def _cached(folders: tuple[Path, ...]) -> Renderer:
    return Renderer(list(folders), {}, default_cache_dir())


def renderer_for(folders: list[Path]) -> Renderer:
    """Return a renderer over `folders`, shared within a process so templates compile once.

    Documents set their language's filters before each rendering; Jinja's loader still
    reloads a template whose file changed.
    """
    return _cached(tuple(folders))


def _template_location(exc: BaseException) -> str:
    """Return `file:line: ` of the innermost template frame of a rendering error."""
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        frame = tb.tb_frame
        filename = frame.f_code.co_filename
        if filename.endswith(".j2") or "templates" in filename:
            where = f"{filename}:{tb.tb_lineno}: "
            template = frame.f_globals.get("__jinja_template__")
            if template is not None:
                line = template.get_corresponding_lineno(tb.tb_lineno)
                where = f"{template.filename}:{line}: "
        tb = tb.tb_next
    return where
