"""Find the font files that draw a reference document's fonts, for the writers to measure text.

A font name is looked up with fontconfig (its library in this process, else `fc-match`), the
way LibreOffice finds it. When the
font itself is not installed, its metric-compatible substitute is used instead (the table
`METRIC_SUBSTITUTES`: the same advance widths, glyph for glyph), which LibreOffice draws with
too. When neither is installed, fontconfig's own choice is measured: that is the font the page
will be drawn in on this machine. Without fontconfig or fontTools, or with an unreadable font
file, there is no face and the writers fall back on their conservative estimate.

A font file's widths are kept in the cache folder by the file's bytes, so that a later run
reads them without fontTools.

Running a program and reading system files are the building stage's business: the writers
only receive `find_face`.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import cache

from kamdocs.building import fontconfig
from kamdocs.workspace import facecache
from kamdocs.writers._fonts import DEFAULT_MISSING_EM, METRIC_SUBSTITUTES, Face

_FC_TIMEOUT_S = 10


@cache
def _fc_match(pattern: str) -> tuple[str, str] | None:
    """Return (family, file) of fontconfig's best match for `pattern`, None without it:
    from the library in this process, else from the `fc-match` program."""
    if fontconfig.available():
        return fontconfig.match(pattern)
    return _fc_match_program(pattern)


def _fc_match_program(pattern: str) -> tuple[str, str] | None:
    program = shutil.which("fc-match")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-f", "%{family[0]}\n%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, path = done.stdout.partition("\n")
    return (family.strip(), path.strip()) if path.strip() else None


def _installed(family: str, bold: bool) -> str | None:
    """Return the file of `family` (its bold face when asked) when fontconfig has that family."""
    found = _fc_match(f"{family}:bold" if bold else family)
    if found is None or found[0].casefold() != family.casefold():
        return None
    return found[1]


@cache
def _load(path: str, family: str) -> Face | None:
    """Return the face of the font file at `path`, from the cache folder when this very
    file (by its bytes) was read before: reading a font takes fontTools, which is slow to
    import, and a table of a few thousand widths."""
    entry = facecache.entry_for(path, family)
    kept = facecache.lookup(entry) if entry is not None else None
    digest = entry.stem if entry is not None else ""
    if kept is not None:
        return Face(family, kept[0], kept[1], DEFAULT_MISSING_EM, digest)
    face = _read(path, family, digest)
    if face is not None and entry is not None:
        facecache.store(entry, (face.widths, face.upm))
    return face


def _read(path: str, family: str, digest: str) -> Face | None:
    try:
        from fontTools.ttLib import TTFont, TTLibError
    except ImportError:
        return None
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # fonts with odd timestamps are read as well as others
    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
            metrics = dict(font["hmtx"].metrics)
            upm = int(font["head"].unitsPerEm)
    except (OSError, KeyError, TTLibError, AssertionError):
        return None
    finally:
        quiet.setLevel(level)
    widths = {code: metrics[name][0] for code, name in cmap.items() if name in metrics}
    return Face(family, widths, upm, DEFAULT_MISSING_EM, digest)


@cache
def find_face(family: str, bold: bool = False) -> Face | None:
    """Return the face that draws `family` here (itself, its metric twin or fontconfig's
    choice), or None when no font file can be read."""
    names = [family]
    substitute = METRIC_SUBSTITUTES.get(family.casefold())
    if substitute:
        names.append(substitute)
    for name in names:
        path = _installed(name, bold)
        if path:
            return _load(path, name)
    chosen = _fc_match(f"{family}:bold" if bold else family)
    return _load(chosen[1], chosen[0]) if chosen else None
