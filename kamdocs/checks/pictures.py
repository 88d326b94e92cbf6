"""The pictures documents show (our logo): a path inside content/ to a file both writers can
place, decoded for real — a file named .png that is not a picture is an error, located on
the field that names it, for `check` and for every document that shows it alike."""

from __future__ import annotations

import io
from pathlib import Path

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.workspace.loader import Workspace, safe_content_path


def undecodable(path: Path) -> str | None:
    """Return why the picture at `path` cannot be shown (None when it can): Word's writer
    reads its header, PowerPoint's decodes it whole (Pillow)."""
    from docx.image.exceptions import (
        InvalidImageStreamError,
        UnexpectedEndOfFileError,
        UnrecognizedImageError,
    )
    from docx.image.image import Image as WordImage
    from PIL import Image, UnidentifiedImageError

    try:
        data = path.read_bytes()
        WordImage.from_blob(data)
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    except (UnrecognizedImageError, UnidentifiedImageError):
        return "unknown picture format"
    except (InvalidImageStreamError, UnexpectedEndOfFileError):
        return "truncated or damaged picture"
    except Exception as exc:  # any other failure to decode: Pillow raises many kinds
        return str(exc) or type(exc).__name__
    return None


def logo_problems(ws: Workspace) -> list[Problem]:
    """Return the problem of company.yaml's `logo`: unsafe, missing or not a picture."""
    company = ws.company.model
    if company is None or not company.logo or ws.company.parsed is None:
        return []
    path, why = safe_content_path(ws.content, company.logo)
    if why is not None:
        return [located(ws.company, ("logo",), f"path_{why.reason}", **why.args())]
    assert path is not None
    error = undecodable(path)
    if error is None:
        return []
    return [located(ws.company, ("logo",), "picture_not_image", path=company.logo, error=error)]
