"""Where kamdocs keeps what it can recompute: compiled templates and parsed content files.

`$KAMDOCS_CACHE_DIR` names the folder; otherwise `$XDG_CACHE_HOME/kamdocs` (by default
`~/.cache/kamdocs`). `KAMDOCS_NO_CACHE=1` turns every cache off (the benchmark uses it to
time cold runs). Deleting the folder is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path | None:
    """Return the cache folder, or None when caching is turned off."""
    if os.environ.get("KAMDOCS_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("KAMDOCS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "kamdocs"
