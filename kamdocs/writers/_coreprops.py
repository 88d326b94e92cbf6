"""Core properties (title, author, dates) of a Word or PowerPoint package, from `ir.Meta`.

python-docx and python-pptx expose the same core-properties object; both refuse text longer
than 255 characters (the OPC limit), so long titles are clipped. Dates come from the run's
as-of date, never from the clock, so that identical inputs give identical files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamdocs import ir

LIMIT = 255


def clip(text: str, limit: int = LIMIT) -> str:
    """Return `text` cut to `limit` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def set_core_properties(props: Any, meta: ir.Meta) -> None:
    """Fill a python-docx or python-pptx `core_properties` object from `meta`."""
    props.title = clip(meta.title)
    props.author = clip(meta.author)
    props.subject = clip(meta.subject)
    props.keywords = clip(meta.keywords)
    props.last_modified_by = clip(meta.author)
    props.revision = 1
    props.language = meta.language
    props.comments = ""
    props.category = ""
    stamp = dt.datetime.fromisoformat((meta.created or "2000-01-01T00:00:00").rstrip("Z"))
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
