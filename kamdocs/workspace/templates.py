"""The templates and reference documents a build reads: where they are, and their bytes.

Template roots come in precedence order: `--template DIR`, the workspace's `templates/`, then
the templates shipped with kamdocs. Each root has the layout `docx/<document>/…`,
`pptx/<document>/…` and the reference files `docx/reference.docx`, `pptx/reference.pptx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from kamdocs.errors import KamdocsError


def packaged_templates() -> Path:
    """Return the packaged templates folder.

    An installed kamdocs carries them as `kamdocs/_templates` (the repository's templates/
    folder, mapped in pyproject.toml); a source checkout has them beside the package.
    """
    package = Path(__file__).resolve().parents[1]  # kamdocs/
    bundled = package / "_templates"
    if (bundled / "docx").is_dir():
        return bundled
    return package.parent / "templates"


def template_roots(workspace: Path, override: Path | None = None) -> list[Path]:
    """Return the template roots that exist, highest precedence first."""
    roots = [override] if override else []
    roots += [workspace / "templates", packaged_templates()]
    return [r for r in roots if r.is_dir()]


def template_loader(folders: list[Path]) -> jinja2.BaseLoader:
    """Return the Jinja loader over `folders` (the first holding a template wins)."""
    return jinja2.FileSystemLoader([str(f) for f in folders if f.is_dir()])


@dataclass(frozen=True)
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
            raise KamdocsError(f"{chosen}: reference file not found")
        return _read(chosen)
    for root in roots:
        if (root / relative).is_file():
            return _read(root / relative)
    raise KamdocsError(f"no {relative} in the template folders")


def _read(path: Path) -> Reference:
    try:
        return Reference(str(path), path.read_bytes())
    except OSError as exc:
        raise KamdocsError(f"{path}: cannot read the reference file: {exc.strerror}") from None
