"""Render a Jinja template into Markdown-flavoured text where every value is a token.

Data is never spliced into the template's text: each `{{ value }}` becomes an opaque token
(a private-use character pair around an index), and the value itself travels beside the text
in a `Tokens` table. `markup.parse` then puts the value back as literal text, a Markdown
fragment parsed on its own, a coloured cell or a ready-made IR block. So `{{`, `|`, a leading
`#` or `<` inside the data can never change the document's structure or be evaluated.

One `Templates` serves a process: it holds the template loader and the compiled code of every
template it has met. Each rendering gets a fresh Jinja environment over them with that
document's filters, so nothing one document binds (its language, its client's name) can
leak into the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import SandboxedEnvironment

from kamdocs import ir
from kamdocs.errors import KamdocsError
from kamdocs.templating import markup
from kamdocs.templating.values import SOURCE_CLOSE, SOURCE_OPEN, SOURCE_SEP, TOKEN_OPEN, Tokens
from kamdocs.workspace.audience import internal_field

# Bump when the compiled form of templates changes (for instance `_SourceMarks`), so that
# code compiled by an earlier kamdocs is not reused from the cache folder.
CODE_VERSION = 2

Filters = Mapping[str, Callable[..., Any]]


class _SourceMarks(Extension):
    """Put a source mark before each line of template text that starts a directive (`:::`)
    or a heading (`#`), so that the Markdown parser can say which template line a block
    came from. The marks are template text, never data, and the parser removes them."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        name = stream.filename or stream.name or "?"
        for token in stream:
            if token.type == "data" and (":::" in token.value or "#" in token.value):
                yield Token(token.lineno, "data", _mark_lines(token.value, token.lineno, name))
            else:
                yield token


def _mark_lines(text: str, first_line: int, name: str) -> str:
    out = []
    for offset, line in enumerate(text.split("\n")):
        body = line.lstrip(" \t")
        if body.startswith((":::", "#")):
            indent = line[: len(line) - len(body)]
            mark = f"{SOURCE_OPEN}{name}{SOURCE_SEP}{first_line + offset}{SOURCE_CLOSE}"
            line = f"{indent}{mark}{body}"
        out.append(line)
    return "\n".join(out)


class Withheld(jinja2.exceptions.SecurityError):
    """A client edition's template asked for a field that is internal by nature."""


class _ClientSandbox(SandboxedEnvironment):
    """The sandbox of a client edition: a field the model marks internal by nature is not
    there to print, and asking for it is an error located on the template's line, whatever
    the template (the client view already left it empty; this says so instead of printing
    nothing)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        _refuse_internal(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str):
            _refuse_internal(obj, argument)
        return super().getitem(obj, argument)


def _refuse_internal(obj: Any, name: str) -> None:
    field = internal_field(obj, name)
    if field is not None:
        raise Withheld(
            f"{field} is internal and a client edition never shows it: leave it out of this "
            "template, or put it under {% if internal %} for the internal edition"
        )


class _CompiledCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process, in front of an optional folder
    that keeps them between processes. Entries are keyed by template and source checksum,
    so an edited template is compiled again."""

    def __init__(self, folder: jinja2.BytecodeCache | None):
        self._memory: dict[str, tuple[str, CodeType]] = {}
        self._folder = folder

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        key = self.get_cache_key(name, filename)
        checksum = self.get_source_checksum(source)
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        kept = self._memory.get(key)
        if kept is not None and kept[0] == checksum:
            bucket.code = kept[1]
        elif self._folder is not None:
            self._folder.load_bytecode(bucket)
            if bucket.code is not None:  # the next environment finds it in memory
                self._memory[key] = (checksum, bucket.code)
        return bucket

    def set_bucket(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self._memory[bucket.key] = (bucket.checksum, bucket.code)
        if self._folder is not None:
            self._folder.dump_bytecode(bucket)


def _folder_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Return a compiled-template cache in `folder`, or None when it cannot be written."""
    if folder is None:
        return None
    folder = folder / f"jinja-{jinja2.__version__}-k{CODE_VERSION}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


class Templates:
    """The templates of one process: a loader, where it looks, and the compiled code.

    `shown` turns a template's file name into the form error messages print (the driver
    makes it relative to the workspace).
    """

    def __init__(
        self,
        loader: jinja2.BaseLoader,
        where: str,
        *,
        cache_dir: Path | None = None,
        shown: Callable[[str], str] = str,
    ):
        self.loader = loader
        self.where = where
        self.shown = shown
        self._code = _CompiledCode(_folder_cache(cache_dir))

    def environment(
        self, filters: Filters, tokens: Tokens, *, client: bool = False
    ) -> SandboxedEnvironment:
        """Return a fresh sandboxed environment whose output values go into `tokens`; for a
        `client` edition, one that refuses fields internal by nature."""

        # Marked as needing the evaluation context so that Jinja never calls it while
        # compiling: constant outputs ({{ "x" }}) would otherwise become tokens baked into
        # the compiled template, pointing into the token table of that first rendering.
        @jinja2.pass_eval_context
        def finalize(_eval_ctx: Any, value: Any) -> str:
            if isinstance(value, str) and TOKEN_OPEN in value:
                return value  # output of a macro or a nested rendering: already tokens
            if value is None:
                return ""
            if isinstance(value, jinja2.Undefined):
                str(value)  # StrictUndefined raises here, inside the template's frame
            return tokens.add(value)

        sandbox = _ClientSandbox if client else SandboxedEnvironment
        env = sandbox(
            loader=self.loader,
            undefined=jinja2.StrictUndefined,
            finalize=finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=self._code,
            extensions=[_SourceMarks],
            auto_reload=False,
        )
        env.filters.update(filters)
        return env

    def render(
        self, name: str, context: Mapping[str, Any], filters: Filters, *, client: bool = False
    ) -> tuple[str, Tokens]:
        """Return the rendered text of template `name` and the values behind its tokens."""
        tokens = Tokens()
        env = self.environment(filters, tokens, client=client)
        try:
            text = env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise KamdocsError(f"template '{exc.name}' not found in {self.where}") from None
        except jinja2.TemplateSyntaxError as exc:
            where = self.shown(exc.filename or exc.name or name)
            raise KamdocsError(
                f"{where}:{exc.lineno}: template syntax error: {exc.message}"
            ) from None
        except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError) as exc:
            raise KamdocsError(f"{self._location(exc)}template error: {exc}") from None
        return text, tokens

    def render_blocks(
        self,
        name: str,
        context: Mapping[str, Any],
        filters: Filters,
        *,
        number_headings: bool = False,
        client: bool = False,
    ) -> tuple[ir.Block, ...]:
        """Return the IR blocks of template `name`; a block the dialect does not know, or
        one left open, is an error located on its template line. A `client` edition refuses
        fields internal by nature (`Withheld`)."""
        text, tokens = self.render(name, context, filters, client=client)
        return markup.parse(text, tokens, number_headings=number_headings, shown=self.shown)

    def _location(self, exc: BaseException) -> str:
        """Return `file:line: ` of the innermost template frame of a rendering error.

        Jinja rewrites template frames into frames of the template file at the template's
        line (their globals hold `__jinja_exception__`); a frame it left alone still knows
        its template, which maps the Python line back.
        """
        tb = exc.__traceback__
        where = ""
        while tb is not None:
            frame = tb.tb_frame
            template = frame.f_globals.get("__jinja_template__")
            if "__jinja_exception__" in frame.f_globals:
                where = f"{self.shown(frame.f_code.co_filename)}:{tb.tb_lineno}: "
            elif template is not None:
                line = template.get_corresponding_lineno(tb.tb_lineno)
                where = f"{self.shown(template.filename or template.name)}:{line}: "
            tb = tb.tb_next
        return where
