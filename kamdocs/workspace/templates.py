"""Where the templates shipped with kamdocs are, installed or in a source checkout."""

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
