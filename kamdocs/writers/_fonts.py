"""Text widths from real font metrics: the advance widths of the font that draws the text.

The writers do not look for fonts themselves: the building stage finds the font files
(`building/fonts.py`, through fontconfig, with the metric-compatible substitutes below when a
font is not installed) and hands a `FaceFinder` to the writer. Without a face, widths come
from the conservative estimate of `_measure` (DejaVu Sans rounded up), so that text never
turns out wider than measured. Widths are in points; kerning is left aside (it only ever
narrows Latin text).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from itertools import repeat
from typing import Any

from kamdocs.memo import Memo
from kamdocs.valueclass import valueclass
from kamdocs.writers import _measure

# Fonts of Office documents and the freely installable fonts with the same advance widths
# (LibreOffice substitutes them the same way).
METRIC_SUBSTITUTES: dict[str, str] = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "arial narrow": "Liberation Sans Narrow",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
}
# A character the font lacks is drawn from another font: counted as a wide letter.
DEFAULT_MISSING_EM = _measure.DEFAULT_EM


@valueclass(frozen=True)
class Face:
    """One font file's advance widths: `widths[codepoint]` in font units, `upm` per em."""

    family: str
    widths: dict[int, int]
    upm: int
    missing_em: float  # width of a character the font lacks, in em
    digest: str = ""  # of the font file's bytes ("" when unknown): a kept layout's key holds it

    @cached_property
    def _em_of(self) -> dict[str, float]:
        """Each character's advance in em (a table's cells are measured character by
        character many thousand times: the lookup and the sum run in C)."""
        return {chr(code): advance / self.upm for code, advance in self.widths.items()}

    def em(self, text: str) -> float:
        return sum(map(self._em_of.get, text, repeat(self.missing_em)))

    @cached_property
    def cells(self) -> dict[Any, Any]:
        """Table cells already measured with this face for their regular text
        (`_colwidths`), by bold face and size."""
        return {}

    @cached_property
    def pieces(self) -> Memo[tuple[str, float, bool], float]:
        """Widths in points already measured in this face, by (text, size): a workspace's
        tables repeat their words, document after document."""
        return Memo(PIECES_KEPT)


# (family, bold) -> the face that draws it here, None when none can be read.
FaceFinder = Callable[[str, bool], Face | None]


PIECES_KEPT = 50_000  # widths kept per face before the memo starts over (memory stays flat)
# piece_pt's widths measured without a face
_ESTIMATED: Memo[tuple[str, float, bool], float] = Memo(PIECES_KEPT)


def piece_pt(text: str, face: Face | None, size_pt: float, bold: bool = False) -> float:
    """Return `text_pt` of a piece of text (a word, a space), measured once per face: the
    width of a line is the sum of its pieces (advance widths add up, kerning aside)."""
    memo = face.pieces if face is not None else _ESTIMATED
    key = (text, size_pt, bold)
    found = memo.get(key)
    if found is None:
        found = memo.keep(key, text_pt(text, face, size_pt, bold))
    return found


def text_pt(text: str, face: Face | None, size_pt: float, bold: bool = False) -> float:
    """Return the width of `text` in points, set in `face` at `size_pt` (estimated without a
    face; `bold` only matters then: a bold face is measured as itself)."""
    if face is None:
        return _measure.text_em(text, bold) * size_pt
    return face.em(text) * size_pt
