"""Read, from a reference document's styles, the font, size and cell margins of its tables.

The table style is followed up its `basedOn` chain, then the Normal paragraph style, then the
document defaults; a theme font (`w:asciiTheme`) is resolved through the theme part. Word's
own defaults fill what no style says: 10 pt, Calibri's successor aside (Times New Roman is
the font of a document that names none), 0.19 cm cell margins (108 twips) on each side.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kamdocs.writers._colwidths import TableFont
from kamdocs.writers._fonts import FaceFinder

WORD_DEFAULT_PT = 10.0
WORD_DEFAULT_FONT = "Times New Roman"
WORD_DEFAULT_MARGIN = 108  # twips, each side
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def _style_chain(styles: Any, style_id: str | None) -> list[Any]:
    chain: list[Any] = []
    while style_id and len(chain) < 20:
        style = next(
            (s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:styleId")) == style_id),
            None,
        )
        if style is None or style in chain:
            break
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


def _theme_fonts(document: Any) -> dict[str, str]:
    """Return the theme's {"minor": typeface, "major": typeface} (empty without a theme)."""
    for rel in document.part.rels.values():
        if rel.reltype == _THEME_REL and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            found = {}
            for kind in ("minor", "major"):
                latin = root.find(f".//{_A}{kind}Font/{_A}latin")
                if latin is not None and latin.get("typeface"):
                    found[kind] = latin.get("typeface")
            return found
    return {}


def _font_of(rpr: Any, theme: dict[str, str]) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    if fonts.get(qn("w:ascii")):
        return str(fonts.get(qn("w:ascii")))
    themed = fonts.get(qn("w:asciiTheme")) or ""
    return theme.get("major" if themed.startswith("major") else "minor") if themed else None


def _size_of(rpr: Any) -> float | None:
    size = rpr.find(qn("w:sz")) if rpr is not None else None
    try:
        return int(size.get(qn("w:val"))) / 2 if size is not None else None
    except (TypeError, ValueError):
        return None


def _padding_of(style: Any) -> int | None:
    margins = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    if margins is None:
        return None
    total = 0
    for names in (("left", "start"), ("right", "end")):
        side = next(
            (margins.find(qn(f"w:{n}")) for n in names if margins.find(qn(f"w:{n}")) is not None),
            None,
        )
        try:
            total += int(side.get(qn("w:w"))) if side is not None else WORD_DEFAULT_MARGIN
        except (TypeError, ValueError):
            total += WORD_DEFAULT_MARGIN
    return total


def table_font(
    document: Any,
    table_style_id: str | None,
    body_style_id: str | None,
    find: FaceFinder | None = None,
) -> TableFont:
    """Return how the reference sets the text of a table in style `table_style_id`, with the
    faces `find` gives for its font (none without it: widths are then estimated)."""
    styles = document.styles.element
    theme = _theme_fonts(document)
    default_table = next(
        (
            s.get(qn("w:styleId"))
            for s in styles.iterchildren(qn("w:style"))
            if s.get(qn("w:type")) == "table" and s.get(qn("w:default")) in ("1", "true")
        ),
        None,
    )
    chain = [*_style_chain(styles, table_style_id), *_style_chain(styles, body_style_id)]
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rprs = [s.find(qn("w:rPr")) for s in chain] + [defaults]
    family = next((f for f in (_font_of(r, theme) for r in rprs) if f), WORD_DEFAULT_FONT)
    size = next((s for s in (_size_of(r) for r in rprs) if s), WORD_DEFAULT_PT)
    tables = [*_style_chain(styles, table_style_id), *_style_chain(styles, default_table)]
    padding = next(
        (p for p in (_padding_of(s) for s in tables) if p is not None), 2 * WORD_DEFAULT_MARGIN
    )
    if find is None:
        return TableFont(family, size, padding)
    return TableFont(family, size, padding, find(family, False), find(family, True))
