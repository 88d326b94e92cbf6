"""The templates and reference documents a build reads: where they are, and their bytes.

Template roots come in precedence order: `--template DIR`, the workspace's `templates/`, then
the templates shipped with kamdocs. Each root has the layout `docx/<document>/…`,
`pptx/<document>/…` and the reference files `docx/reference.docx`, `pptx/reference.pptx`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2

from kamdocs.errors import KamdocsError
from kamdocs.valueclass import valueclass


def template_loader(folders: list[Path]) -> jinja2.BaseLoader:
    """Return the Jinja loader over `folders`, which exist (the first holding a template
    wins)."""
    return _KeptSources(jinja2.FileSystemLoader([str(f) for f in folders]))


class _KeptSources(jinja2.BaseLoader):
    """A loader that keeps each template's source for the process and reads it again only
    when its file's modification time changes. Every document renders in a fresh Jinja
    environment, whose own cache starts empty: without this, each would read every template
    file again."""

    def __init__(self, files: jinja2.FileSystemLoader):
        self._files = files
        self._kept: dict[str, tuple[str, str, int]] = {}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        kept = self._kept.get(template)
        if kept is not None and _modified(kept[1]) == kept[2]:
            source, filename, _ = kept
            return source, filename, lambda: _modified(filename) == kept[2]
        source, filename, uptodate = self._files.get_source(environment, template)
        if filename is not None:
            self._kept[template] = (source, filename, _modified(filename))
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self._files.list_templates()


def _modified(filename: str) -> int:
    """Return the file's modification time in nanoseconds (-1 when it is gone)."""
    try:
        return os.stat(filename).st_mtime_ns
    except OSError:
        return -1


@valueclass(frozen=True)
class Reference:
    """A reference document (styles, page setup or slide layouts): its bytes, and its path
    as messages print it."""

    name: str
    data: bytes


def read_reference(roots: list[Path], relative: str, chosen: Path | None = None) -> Reference:
    """Return the reference document: `chosen` (--reference), else the first root holding
    `relative` (e.g. `docx/reference.docx`)."""
    if chosen is not None:
        if not chosen.is_file():
            raise KamdocsError.of("reference_not_found", path=chosen)
        return _read(chosen)
    for root in roots:
        if (root / relative).is_file():
            return _read(root / relative)
    raise KamdocsError.of("no_template_file", path=relative)


def _read(path: Path) -> Reference:
    try:
        return Reference(str(path), path.read_bytes())
    except OSError as exc:
        raise KamdocsError.of("reference_unreadable", path=path, error=exc.strerror) from None
