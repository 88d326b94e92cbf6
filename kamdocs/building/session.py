"""What a document needs once its inputs are chosen: the templates of its format, its
reference document, and the run record (language, as-of date, currency, logo)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kamdocs.building.request import Options
from kamdocs.documents.common import Run
from kamdocs.templating.environment import Templates
from kamdocs.workspace.cachedir import cache_root
from kamdocs.workspace.library import read_picture
from kamdocs.workspace.loader import Workspace
from kamdocs.workspace.model import Settings
from kamdocs.workspace.templates import Reference, read_reference, template_loader, template_roots

Format = Literal["docx", "pptx"]


@dataclass(frozen=True)
class Session:
    """The settings, run record, templates and reference document of one document."""

    settings: Settings
    run: Run
    templates: Templates
    reference: Reference


def open_session(ws: Workspace, fmt: Format, lang: str, opts: Options) -> Session:
    """Return the session of a `fmt` document in `lang`: the templates of every root (the
    `--template` folder first) and the reference file `<fmt>/reference.<fmt>`."""
    settings = ws.settings.model
    assert settings is not None, "documents are built only from valid settings"
    roots = template_roots(ws.root, opts.template)
    reference = read_reference(roots, f"{fmt}/reference.{fmt}", opts.reference)
    logo = read_picture(ws.content, ws.company.model.logo if ws.company.model else None)
    run = Run(lang, opts.today, settings.currency, logo)
    return Session(settings, run, _templates(tuple(r / fmt for r in roots), ws.root), reference)


@functools.lru_cache(maxsize=16)
def _templates(folders: tuple[Path, ...], root: Path) -> Templates:
    """Return the templates of `folders`, kept for the process so that each one compiles
    once however many documents use it (the documents' filters are theirs alone)."""
    found = [f for f in folders if f.is_dir()]
    where = ", ".join(str(f) for f in found) or "(no template folder)"
    cache = cache_root()
    return Templates(
        template_loader(found),
        where,
        cache_dir=None if cache is None else cache,
        shown=functools.partial(_shown, root),
    )


def _shown(root: Path, filename: str) -> str:
    """Return a template's path relative to the workspace when it is inside it."""
    path = Path(filename)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else filename
