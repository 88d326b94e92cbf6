"""Files that content names and documents show: library blocks (annexes, CVs) and pictures.

Paths come from the data and must stay inside content/ (`safe_content_path`); a path that
does not is skipped here, and `checks` reports it as an error.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kamdocs.workspace import model as m
from kamdocs.workspace.loader import read_library_block, safe_content_path


@dataclass(frozen=True)
class LibraryBlock:
    """A Markdown block of content/library named by the proposal (an annex or a CV).

    `loc` is where the proposal names it; `language` and `review_by` come from the block's
    front matter (None when absent).
    """

    kind: Literal["annex", "cv"]
    loc: tuple[str | int, ...]
    path: str
    title: str
    body: str
    language: str | None = None
    review_by: dt.date | None = None


def library_blocks(proposal: m.Proposal, content_dir: Path) -> list[LibraryBlock]:
    """Return the annexes then the CVs (once each) the proposal names, read from content/."""
    wanted: list[tuple[Literal["annex", "cv"], tuple[str | int, ...], str, str | None]] = [
        ("annex", ("annexes", i), path, None) for i, path in enumerate(proposal.annexes)
    ]
    wanted += [("cv", ("team", i, "cv"), member.cv, member.name)
               for i, member in enumerate(proposal.team) if member.cv]  # fmt: skip
    blocks: list[LibraryBlock] = []
    seen: set[str] = set()
    for kind, loc, relative, person in wanted:
        path, _ = safe_content_path(content_dir, relative)
        if path is None or relative in seen:
            continue
        seen.add(relative)
        meta, body = read_library_block(path)
        title = meta.get("title")
        default = f"CV — {person}" if person else Path(relative).stem
        blocks.append(LibraryBlock(
            kind, loc, relative, str(title) if title else default, body.strip(),
            str(meta["language"]) if meta.get("language") else None,
            _as_date(meta.get("review_by")),
        ))  # fmt: skip
    return blocks


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Picture:
    """A picture file of content/ (the company logo): its file name and bytes."""

    name: str
    data: bytes


def read_picture(content_dir: Path, relative: str | None) -> Picture | None:
    """Return the picture at `relative` under content/, or None when there is none (or the
    path is unsafe or unreadable)."""
    if not relative:
        return None
    path, _ = safe_content_path(content_dir, relative)
    if path is None:
        return None
    try:
        return Picture(path.name, path.read_bytes())
    except OSError:
        return None


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
