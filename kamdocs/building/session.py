"""What a document needs once its inputs are chosen: the templates of its format, its
reference document, and the run record (language, as-of date, currency, logo)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from kamdocs import ir
from kamdocs.building.request import Options
from kamdocs.documents.common import Run
from kamdocs.ir.columns import drop_empty_columns
from kamdocs.templating.environment import Templates
from kamdocs.valueclass import valueclass
from kamdocs.workspace.cachedir import cache_root
from kamdocs.workspace.library import read_picture
from kamdocs.workspace.loader import Workspace
from kamdocs.workspace.model import Settings
from kamdocs.workspace.templateroots import template_roots
from kamdocs.workspace.templates import Reference, read_reference, template_loader

Format = Literal["docx", "pptx", "eml"]


@valueclass(frozen=True)
class Session:
    """The format, settings, run record and templates of one document, and its reference
    document, read when first asked for (an estimate of pages needs none)."""

    format: Format
    settings: Settings
    run: Run
    templates: Templates
    roots: tuple[Path, ...]
    chosen_reference: Path | None = None

    @functools.cached_property
    def reference(self) -> Reference:
        """The reference file: --reference, else `<format>/reference.<format>` of the first
        template root holding one."""
        name = f"{self.format}/reference.{self.format}"
        return read_reference(list(self.roots), name, self.chosen_reference)


def open_session(
    ws: Workspace, fmt: Format, lang: str, opts: Options, *, logo: bool = False
) -> Session:
    """Return the session of a `fmt` document in `lang` over every template root (the
    `--template` folder first); with `logo`, the run holds our logo."""
    settings = ws.settings.model
    assert settings is not None, "documents are built only from valid settings"
    roots = tuple(template_roots(ws.root, opts.template))
    picture = read_picture(ws.content, ws.our_company.logo) if logo else None
    run = Run(lang, opts.today, settings.currency, picture)
    templates = _templates(tuple(r / fmt for r in roots), ws.root)
    return Session(fmt, settings, run, templates, roots, opts.reference)


def write_document(document: ir.Document, session: Session) -> bytes:
    """Return the bytes of `document` in the session's format, on its reference document."""
    document = drop_empty_columns(document)
    if session.format == "eml":  # an e-mail has no reference document
        from kamdocs.writers.mail import write_eml

        return write_eml(document)
    reference = session.reference
    if session.format == "docx":
        from kamdocs.building.fonts import find_face
        from kamdocs.workspace.layoutcache import kept_layouts
        from kamdocs.writers.docx import write_docx

        styles = {str(role): name for role, name in session.settings.styles.items()}
        layouts = kept_layouts()
        written = write_docx(
            document,
            reference.data,
            reference_name=reference.name,
            style_names=styles,
            fonts=find_face,
            layouts=layouts,
        )
        layouts.save()
        return written
    from kamdocs.templating.catalog import labels
    from kamdocs.writers.pptx import write_pptx

    return write_pptx(
        document,
        reference.data,
        reference_name=reference.name,
        continued=labels(session.run.lang, "common").cont,
    )


@functools.lru_cache(maxsize=16)
def _templates(folders: tuple[Path, ...], root: Path) -> Templates:
    """Return the templates of `folders`, kept for the process so that each one compiles
    once however many documents use it (the documents' filters are theirs alone)."""
    found = [f for f in folders if f.is_dir()]
    where = ", ".join(str(f) for f in found) or "(no template folder)"
    return Templates(
        template_loader(found),
        where,
        cache_dir=cache_root(),
        shown=functools.partial(_shown, root),
    )


def _shown(root: Path, filename: str) -> str:
    """Return a template's path relative to the workspace when it is inside it."""
    path = Path(filename)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else filename
