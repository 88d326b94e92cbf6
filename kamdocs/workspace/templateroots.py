"""Where the templates and reference documents of a build are: their roots, in precedence
order (`--template DIR`, the workspace's `templates/`, then the templates shipped with
kamdocs). No Jinja here: the build's fingerprints need the roots, not the templates."""

from __future__ import annotations

from pathlib import Path


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
