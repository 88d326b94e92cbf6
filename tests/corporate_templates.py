"""Build "corporate" reference templates at test time, to test user-supplied templates.

A client's own template differs from kamdocs' shipped one in every way that can break a
writer: French layout names, another slide size, other theme colours and heading fonts, a
page header with text in it. These files are built from python-pptx's and python-docx's
default templates on each run instead of being committed.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

__all__ = [
    "CORPORATE_ACCENT1",
    "CORPORATE_HEADER_TEXT",
    "CORPORATE_HEADING_COLOR",
    "CORPORATE_HEADING_FONT",
    "CORPORATE_LAYOUT_NAMES",
    "make_corporate_docx",
    "make_corporate_pptx",
]

# python-pptx default layout name -> the name a French corporate deck gives it.
CORPORATE_LAYOUT_NAMES = {
    "Title Slide": "Titre",
    "Title and Content": "Titre et contenu",
    "Section Header": "Section",
    "Two Content": "Deux contenus",
    "Comparison": "Comparaison",
    "Title Only": "Titre seul",
    "Blank": "Vide",
}
CORPORATE_ACCENT1 = "E36C09"  # orange, where kamdocs' reference has dark blue
CORPORATE_HEADING_COLOR = "C00000"
CORPORATE_HEADING_FONT = "Georgia"
CORPORATE_HEADER_TEXT = "ACME corp (fictive)"

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_corporate_pptx(path: str | os.PathLike[str]) -> Path:
    """Write a 4:3 deck with renamed layouts and an orange accent1 to `path`; return the path.

    Layouts not in CORPORATE_LAYOUT_NAMES keep python-pptx's English names.
    """
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    deck = Presentation()  # python-pptx's default deck is 4:3 (10 x 7.5 in)
    for layout in deck.slide_layouts:
        layout.name = CORPORATE_LAYOUT_NAMES.get(layout.name, layout.name)

    theme_part = deck.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    accent = theme.find(f"{{{_A}}}themeElements/{{{_A}}}clrScheme/{{{_A}}}accent1")
    if accent is None:
        raise RuntimeError("python-pptx's default theme has no accent1 colour")
    accent.clear()
    etree.SubElement(accent, f"{{{_A}}}srgbClr", val=CORPORATE_ACCENT1)
    theme_part.blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)

    deck.core_properties.title = "ACME corporate deck (fictive)"
    target = Path(path)
    deck.save(str(target))
    return target


def make_corporate_docx(path: str | os.PathLike[str]) -> Path:
    """Write a .docx whose Heading 1 is red Georgia 18 pt and whose header reads "ACME corp
    (fictive)" to `path`; return the path.

    It starts from python-docx's default template, so it also carries that template's many
    styles and its settings (including the w:zoom that the transitional schema rejects).
    """
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name = CORPORATE_HEADING_FONT
    # The default Heading 1 names theme fonts (w:asciiTheme, ...), which take precedence over
    # w:ascii; python-docx's font.name leaves them in place, so drop them here.
    fonts = heading.element.find(f"{{{_W}}}rPr/{{{_W}}}rFonts")
    if fonts is not None:
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(f"{{{_W}}}{attribute}", None)
    heading.font.size = Pt(18)
    heading.font.color.rgb = RGBColor.from_string(CORPORATE_HEADING_COLOR)
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = CORPORATE_HEADER_TEXT
    document.core_properties.title = "ACME corporate template (fictive)"
    target = Path(path)
    document.save(str(target))
    return target
