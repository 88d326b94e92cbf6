"""Files that content names and documents show: library blocks (annexes, CVs) and pictures.

Paths come from the data and must stay inside content/ (`safe_content_path`); a path that
does not is skipped here, and `checks` reports it as an error.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any, Literal

from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace import picturecache
from kamdocs.workspace.loader import read_library_block, safe_content_path


@valueclass(frozen=True)
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
    number: int = 0  # an annex's number in the document (0: a CV)
    file: Path | None = None  # an annex that is not Markdown (a PDF): joined, not printed


def annex_paths(proposal: m.Proposal) -> list[tuple[tuple[str | int, ...], str, str | None]]:
    """Return the annexes of a proposal in their numbering order, once each: (where named
    first, path under content/, the evidence text naming it or None) — the `annexes` list,
    then the annexes of the tender requirements' evidence."""
    found: list[tuple[tuple[str | int, ...], str, str | None]] = []
    seen: set[str] = set()
    named: list[tuple[tuple[str | int, ...], str, str | None]] = [
        (("annexes", i), path, None) for i, path in enumerate(proposal.annexes)
    ]
    for i, req in enumerate(proposal.tender.requirements if proposal.tender else ()):
        if isinstance(req.evidence, m.Evidence) and req.evidence.annex:
            where: tuple[str | int, ...] = ("tender", "requirements", i, "evidence", "annex")
            named.append((where, req.evidence.annex, req.evidence.text))
    for loc, path, text in named:
        if path not in seen:
            seen.add(path)
            found.append((loc, path, text))
    return found


def is_markdown(path: str) -> bool:
    """Whether an annex is a Markdown block (printed in the document) rather than a file."""
    return Path(path).suffix.lower() in (".md", ".markdown")


def library_blocks(proposal: m.Proposal, content_dir: Path) -> list[LibraryBlock]:
    """Return the annexes (numbered, see `annex_paths`) then the CVs (once each) the proposal
    names, read from content/; an annex that is not Markdown is named, not read."""
    blocks: list[LibraryBlock] = []
    for number, (loc, relative, text) in enumerate(annex_paths(proposal), start=1):
        path, _ = safe_content_path(content_dir, relative)
        if path is None:
            continue
        if not is_markdown(relative):
            title = text or Path(relative).stem
            blocks.append(LibraryBlock("annex", loc, relative, title, "", number=number, file=path))
            continue
        meta, body = read_library_block(path)
        named_title = meta.get("title")
        blocks.append(LibraryBlock(
            "annex", loc, relative, str(named_title) if named_title else Path(relative).stem,
            body.strip(),
            str(meta["language"]) if meta.get("language") else None,
            _as_date(meta.get("review_by")), number,
        ))  # fmt: skip
    return blocks + _cv_blocks(proposal, content_dir)


def _cv_blocks(proposal: m.Proposal, content_dir: Path) -> list[LibraryBlock]:
    wanted: list[tuple[Literal["annex", "cv"], tuple[str | int, ...], str, str | None]] = []
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


def read_content_file(path: Path) -> bytes:
    """Return the bytes of a file inside content/ that a document joins as it is (an annex
    that is not Markdown, a required piece of a submission pack); `path` comes from
    `safe_content_path`."""
    return path.read_bytes()


@valueclass(frozen=True)
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
    reads its header, PowerPoint's decodes it whole (Pillow). The verdict on these very
    bytes is kept in the cache folder."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    entry = picturecache.entry_for(data)
    kept = picturecache.lookup(entry) if entry is not None else None
    if kept is not None:
        return kept[0]
    verdict = _decode_problem(data)
    if entry is not None:
        picturecache.store(entry, verdict)
    return verdict


def _decode_problem(data: bytes) -> str | None:
    from docx.image.exceptions import (
        InvalidImageStreamError,
        UnexpectedEndOfFileError,
        UnrecognizedImageError,
    )
    from docx.image.image import Image as WordImage
    from PIL import Image, UnidentifiedImageError

    try:
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
