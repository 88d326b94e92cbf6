"""Generate templates/docx/reference.docx and templates/pptx/reference.pptx, kamdocs' references.

Run from the repository root (or anywhere):

    python tools/make_references.py [--out-dir DIR]

The output is deterministic: the same script gives byte-identical files (fixed zip timestamps,
a stable member order, fixed core properties), so a regenerated template shows no diff unless
its content changed.

- reference.docx is written part by part: python-docx's built-in template carries ~780 KB of
  style parts that every document would parse and write again, while kamdocs needs about
  twenty styles. Style names follow what Word itself writes (`heading 1`, `caption`, `toc 1`,
  ...); python-docx shows the first ones under their UI names (`Heading 1`, `Caption`).
- reference.pptx starts from python-pptx's default deck (4:3), which is resized to 16:9, keeps
  seven standard layouts and gets the corporate colours.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "templates"

# Zip's epoch: the earliest timestamp a zip member can carry.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# Core properties of both references; writers replace them with the data's own.
CREATED_W3CDTF = "2000-01-01T00:00:00Z"
CREATED = datetime(2000, 1, 1, tzinfo=UTC)
AUTHOR = "kamdocs"

CORPORATE_BLUE = "1F3864"
ACCENTS = ("1F3864", "2E75B6", "70AD47", "FFC000", "C00000", "7F7F7F")
HYPERLINK_BLUE = "0563C1"
FOLLOWED_HYPERLINK = "954F72"
GREY = "7F7F7F"
DARK_GREY = "595959"
BODY_FONT = "Calibri"  # LibreOffice substitutes the metric-compatible Carlito when present.
LANGUAGE = "fr-FR"

# Namespaces
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_PROPS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EXT_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
DCMITYPE = "http://purl.org/dc/dcmitype/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Relationship types
RT_OFFICE_DOCUMENT = f"{R}/officeDocument"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_EXTENDED = f"{R}/extended-properties"
RT_STYLES = f"{R}/styles"
RT_NUMBERING = f"{R}/numbering"
RT_SETTINGS = f"{R}/settings"
RT_HEADER = f"{R}/header"
RT_THEME = f"{R}/theme"
RT_FONT_TABLE = f"{R}/fontTable"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
RT_FOOTER = f"{R}/footer"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
RT_PRINTER_SETTINGS = f"{R}/printerSettings"

# Content types
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_EXTENDED = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

# A4 portrait in twentieths of a point, 2 cm margins (1134 twips), header and footer at 1 cm.
PAGE_WIDTH_TWIPS = 11906
PAGE_HEIGHT_TWIPS = 16838
MARGIN_TWIPS = 1134
HEADER_FOOTER_DISTANCE_TWIPS = 567
TEXT_WIDTH_TWIPS = PAGE_WIDTH_TWIPS - 2 * MARGIN_TWIPS

# 16:9 at PowerPoint's default widescreen size, in EMU.
SLIDE_WIDTH_EMU = 12192000
SLIDE_HEIGHT_EMU = 6858000

# --------------------------------------------------------------------------------------------
# Packaging
# --------------------------------------------------------------------------------------------

Part = tuple[str, bytes]


def serialize(root: etree._Element) -> bytes:
    """Return the part's bytes: UTF-8 with the standalone declaration Office writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_package(parts: Sequence[Part], path: Path) -> None:
    """Write `parts` as a zip in the given order, every member stamped 1980-01-01 00:00.

    `[Content_Types].xml` must come first: some consumers sniff the package type from it.
    """
    if not parts or parts[0][0] != "[Content_Types].xml":
        raise ValueError("the first part of an OOXML package must be [Content_Types].xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts:
            member = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 3  # the same on every platform
            member.external_attr = 0o644 << 16
            package.writestr(member, data, compresslevel=9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def relationships(rels: Iterable[tuple[str, str, str]]) -> bytes:
    """Return a .rels part for (rId, type, target) triples."""
    root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    for rel_id, rel_type, target in rels:
        etree.SubElement(
            root, f"{{{PKG_RELS}}}Relationship", Id=rel_id, Type=rel_type, Target=target
        )
    return serialize(root)


def content_types(overrides: Iterable[tuple[str, str]]) -> bytes:
    """Return [Content_Types].xml with the rels/xml defaults and one override per part."""
    root = etree.Element(f"{{{CONTENT_TYPES}}}Types", nsmap={None: CONTENT_TYPES})
    etree.SubElement(root, f"{{{CONTENT_TYPES}}}Default", Extension="rels", ContentType=CT_RELS)
    etree.SubElement(
        root, f"{{{CONTENT_TYPES}}}Default", Extension="xml", ContentType="application/xml"
    )
    for part_name, content_type in overrides:
        etree.SubElement(
            root, f"{{{CONTENT_TYPES}}}Override", PartName=part_name, ContentType=content_type
        )
    return serialize(root)


def core_properties() -> bytes:
    """Return docProps/core.xml with an empty title and the fixed 2000-01-01 dates."""
    nsmap = {"cp": CORE_PROPS, "dc": DC, "dcterms": DCTERMS, "dcmitype": DCMITYPE, "xsi": XSI}
    root = etree.Element(f"{{{CORE_PROPS}}}coreProperties", nsmap=nsmap)
    etree.SubElement(root, f"{{{DC}}}title")
    etree.SubElement(root, f"{{{DC}}}creator").text = AUTHOR
    etree.SubElement(root, f"{{{CORE_PROPS}}}lastModifiedBy").text = AUTHOR
    etree.SubElement(root, f"{{{CORE_PROPS}}}revision").text = "1"
    for name in ("created", "modified"):
        stamp = etree.SubElement(root, f"{{{DCTERMS}}}{name}")
        stamp.set(f"{{{XSI}}}type", "dcterms:W3CDTF")
        stamp.text = CREATED_W3CDTF
    etree.SubElement(root, f"{{{DC}}}language").text = LANGUAGE
    return serialize(root)


def app_properties() -> bytes:
    """Return a minimal docProps/app.xml naming kamdocs as the producing application."""
    root = etree.Element(f"{{{EXT_PROPS}}}Properties", nsmap={None: EXT_PROPS})
    etree.SubElement(root, f"{{{EXT_PROPS}}}Application").text = AUTHOR
    return serialize(root)


# --------------------------------------------------------------------------------------------
# reference.docx
# --------------------------------------------------------------------------------------------

Child = etree._Element | None


def w(tag: str, *children: Child, **attrs: str | int) -> etree._Element:
    """Return a w: element; keyword `r_id` becomes r:id, any other keyword a w: attribute.

    None children are skipped, so optional pieces read inline.
    """
    element = etree.Element(f"{{{W}}}{tag}")
    for key, value in attrs.items():
        name = f"{{{R}}}id" if key == "r_id" else f"{{{W}}}{key}"
        element.set(name, str(value))
    element.extend(child for child in children if child is not None)
    return element


def w_root(tag: str, *children: Child, with_r: bool = False) -> etree._Element:
    """Return a part's root element, declaring w: (and r: when the part has references)."""
    nsmap = {"w": W, "r": R} if with_r else {"w": W}
    root = etree.Element(f"{{{W}}}{tag}", nsmap=nsmap)
    root.extend(child for child in children if child is not None)
    return root


def run_props(
    *,
    size_half_points: int | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    underline: bool = False,
) -> etree._Element:
    """Return a w:rPr with its children in schema order (b, i, color, sz, szCs, u)."""
    return w(
        "rPr",
        w("b") if bold else None,
        w("bCs") if bold else None,
        w("i") if italic else None,
        w("iCs") if italic else None,
        w("color", val=color) if color else None,
        w("sz", val=size_half_points) if size_half_points else None,
        w("szCs", val=size_half_points) if size_half_points else None,
        w("u", val="single") if underline else None,
    )


def spacing(before: int = 0, after: int = 0, line: int | None = None) -> etree._Element:
    """Return w:spacing in twips; `line` is in 240ths of a line (240 = single)."""
    if line is None:
        return w("spacing", before=before, after=after)
    return w("spacing", before=before, after=after, line=line, lineRule="auto")


def style(
    kind: str,
    style_id: str,
    name: str,
    *body: Child,
    based_on: str | None = None,
    next_style: str | None = None,
    ui_priority: int | None = None,
    quick_format: bool = True,
    custom: bool = False,
    default: bool = False,
    unhide_when_used: bool = False,
) -> etree._Element:
    """Return a w:style; `body` holds its pPr, rPr, tblPr, ... already in schema order."""
    attrs: dict[str, str | int] = {"type": kind, "styleId": style_id}
    if default:
        attrs["default"] = 1
    if custom:
        attrs["customStyle"] = 1
    return w(
        "style",
        w("name", val=name),
        w("basedOn", val=based_on) if based_on else None,
        w("next", val=next_style) if next_style else None,
        w("uiPriority", val=ui_priority) if ui_priority is not None else None,
        w("unhideWhenUsed") if unhide_when_used else None,
        w("qFormat") if quick_format else None,
        *body,
        **attrs,
    )


def heading_style(level: int, size_half_points: int, before: int, after: int) -> etree._Element:
    """Return the "heading N" paragraph style: bold corporate blue, kept with the next line."""
    return style(
        "paragraph",
        f"Heading{level}",
        f"heading {level}",
        w(
            "pPr",
            w("keepNext"),
            w("keepLines"),
            spacing(before, after),
            w("outlineLvl", val=level - 1),
        ),
        run_props(size_half_points=size_half_points, bold=True, color=CORPORATE_BLUE),
        based_on="Normal",
        next_style="Normal",
        ui_priority=9,
    )


def border_set(tag: str, color: str, size_eighths: int) -> etree._Element:
    """Return w:tblBorders with single lines on every edge and between cells."""
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    return w(tag, *(w(edge, val="single", sz=size_eighths, space=0, color=color) for edge in edges))


def cell_margins(vertical: int, horizontal: int) -> etree._Element:
    """Return w:tblCellMar in twips."""
    return w(
        "tblCellMar",
        w("top", w=vertical, type="dxa"),
        w("left", w=horizontal, type="dxa"),
        w("bottom", w=vertical, type="dxa"),
        w("right", w=horizontal, type="dxa"),
    )


def header_footer_tabs() -> etree._Element:
    """Return centre and right tab stops at the middle and the end of the text width."""
    return w(
        "tabs",
        w("tab", val="center", pos=TEXT_WIDTH_TWIPS // 2),
        w("tab", val="right", pos=TEXT_WIDTH_TWIPS),
    )


def toc_style(level: int, indent_twips: int) -> etree._Element:
    """Return the "toc N" style with a dotted right tab, so pre-filled TOC results line up."""
    return style(
        "paragraph",
        f"TOC{level}",
        f"toc {level}",
        w(
            "pPr",
            w("tabs", w("tab", val="right", leader="dot", pos=TEXT_WIDTH_TWIPS)),
            spacing(0, 60),
            w("ind", left=indent_twips) if indent_twips else None,
        ),
        run_props(bold=level == 1),
        based_on="Normal",
        next_style="Normal",
        ui_priority=39,
        unhide_when_used=True,
    )


def docx_styles() -> bytes:
    """Return word/styles.xml: document defaults and only the styles kamdocs uses."""
    defaults = w(
        "docDefaults",
        w(
            "rPrDefault",
            w(
                "rPr",
                w("rFonts", ascii=BODY_FONT, hAnsi=BODY_FONT, eastAsia=BODY_FONT, cs=BODY_FONT),
                w("sz", val=21),
                w("szCs", val=21),
                w("lang", val=LANGUAGE, eastAsia="en-US", bidi="ar-SA"),
            ),
        ),
        w("pPrDefault", w("pPr", spacing(0, 120, line=264))),
    )
    styles = [
        style("paragraph", "Normal", "Normal", default=True, ui_priority=0),
        style(
            "paragraph",
            "Title",
            "Title",
            w("pPr", spacing(0, 240, line=240), w("contextualSpacing")),
            run_props(size_half_points=56, color=CORPORATE_BLUE),
            based_on="Normal",
            next_style="Subtitle",
            ui_priority=10,
        ),
        style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            w("pPr", spacing(0, 240)),
            run_props(size_half_points=28, color=ACCENTS[1]),
            based_on="Normal",
            next_style="Normal",
            ui_priority=11,
        ),
        heading_style(1, 32, before=360, after=120),
        heading_style(2, 26, before=240, after=80),
        heading_style(3, 22, before=200, after=60),
        style(
            "paragraph",
            "Caption",
            "caption",
            w("pPr", spacing(60, 200)),
            run_props(size_half_points=18, italic=True, color=DARK_GREY),
            based_on="Normal",
            next_style="Normal",
            ui_priority=35,
            unhide_when_used=True,
        ),
        style(
            "paragraph",
            "Header",
            "header",
            w("pPr", header_footer_tabs(), spacing(0, 0, line=240)),
            run_props(size_half_points=18, color=GREY),
            based_on="Normal",
            ui_priority=99,
            unhide_when_used=True,
            quick_format=False,
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            w("pPr", header_footer_tabs(), spacing(0, 0, line=240)),
            run_props(size_half_points=18, color=GREY),
            based_on="Normal",
            ui_priority=99,
            unhide_when_used=True,
            quick_format=False,
        ),
        style(
            "paragraph",
            "ListBullet",
            "List Bullet",
            w("pPr", w("numPr", w("ilvl", val=0), w("numId", val=1)), spacing(0, 60)),
            based_on="Normal",
            ui_priority=99,
            unhide_when_used=True,
        ),
        style(
            "paragraph",
            "ListNumber",
            "List Number",
            w("pPr", w("numPr", w("ilvl", val=0), w("numId", val=2)), spacing(0, 60)),
            based_on="Normal",
            ui_priority=99,
            unhide_when_used=True,
        ),
        style(
            "paragraph",
            "Note",
            "Note",
            w("pPr", spacing(60, 120)),
            run_props(size_half_points=18, italic=True, color=GREY),
            based_on="Normal",
            next_style="Normal",
            custom=True,
        ),
        style(
            "paragraph",
            "TOCHeading",
            "TOC Heading",
            # Level 10 ("body text") keeps the TOC's own title out of the TOC.
            w("pPr", w("outlineLvl", val=9)),
            based_on="Heading1",
            next_style="Normal",
            ui_priority=39,
            unhide_when_used=True,
        ),
        toc_style(1, 0),
        toc_style(2, 220),
        style(
            "character",
            "Hyperlink",
            "Hyperlink",
            run_props(color=HYPERLINK_BLUE, underline=True),
            ui_priority=99,
            unhide_when_used=True,
            quick_format=False,
        ),
        style(
            "table",
            "TableGrid",
            "Table Grid",
            w("pPr", spacing(0, 0, line=240)),
            w("tblPr", border_set("tblBorders", "auto", 4), cell_margins(0, 108)),
            ui_priority=39,
            quick_format=False,
        ),
        style(
            "table",
            "KAMTable",
            "KAM Table",
            w("pPr", spacing(0, 0, line=240)),
            run_props(size_half_points=19),
            w("tblPr", border_set("tblBorders", "BFBFBF", 4), cell_margins(57, 85)),
            w(
                "tblStylePr",
                run_props(bold=True, color="FFFFFF"),
                w("trPr", w("tblHeader")),
                w("tcPr", w("shd", val="clear", color="auto", fill=CORPORATE_BLUE)),
                type="firstRow",
            ),
            custom=True,
            quick_format=False,
        ),
    ]
    return serialize(w_root("styles", defaults, *styles))


def docx_numbering() -> bytes:
    """Return word/numbering.xml: numId 1 for bullets, numId 2 for decimal lists, 3 levels each."""
    bullets = ("\u2022", "\u25e6", "\u25aa")
    number_formats = (("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3."))

    def level(index: int, fmt: str, text: str) -> etree._Element:
        indent = 360 * (index + 1)
        return w(
            "lvl",
            w("start", val=1),
            w("numFmt", val=fmt),
            w("lvlText", val=text),
            w("lvlJc", val="left"),
            w("pPr", w("ind", left=indent, hanging=360)),
            ilvl=index,
        )

    bullet_list = w(
        "abstractNum",
        w("nsid", val="4B414D31"),
        w("multiLevelType", val="hybridMultilevel"),
        *(level(i, "bullet", char) for i, char in enumerate(bullets)),
        abstractNumId=0,
    )
    numbered_list = w(
        "abstractNum",
        w("nsid", val="4B414D32"),
        w("multiLevelType", val="hybridMultilevel"),
        *(level(i, fmt, text) for i, (fmt, text) in enumerate(number_formats)),
        abstractNumId=1,
    )
    return serialize(
        w_root(
            "numbering",
            bullet_list,
            numbered_list,
            w("num", w("abstractNumId", val=0), numId=1),
            w("num", w("abstractNumId", val=1), numId=2),
        )
    )


def docx_settings() -> bytes:
    """Return word/settings.xml; no w:zoom, and no w:updateFields (the writer decides that)."""
    return serialize(
        w_root(
            "settings",
            w("defaultTabStop", val=708),
            w("characterSpacingControl", val="doNotCompress"),
            w(
                "compat",
                # Without it Word opens the file in compatibility mode (Word 2007 layout).
                w(
                    "compatSetting",
                    name="compatibilityMode",
                    uri="http://schemas.microsoft.com/office/word",
                    val=15,
                ),
            ),
            w("themeFontLang", val=LANGUAGE),
            w("decimalSymbol", val=","),
            w("listSeparator", val=";"),
        )
    )


def docx_document() -> bytes:
    """Return word/document.xml: an empty body whose section is A4 portrait with 2 cm margins."""
    section = w(
        "sectPr",
        w("headerReference", type="default", r_id="rId4"),
        w("footerReference", type="default", r_id="rId5"),
        w("pgSz", w=PAGE_WIDTH_TWIPS, h=PAGE_HEIGHT_TWIPS),
        w(
            "pgMar",
            top=MARGIN_TWIPS,
            right=MARGIN_TWIPS,
            bottom=MARGIN_TWIPS,
            left=MARGIN_TWIPS,
            header=HEADER_FOOTER_DISTANCE_TWIPS,
            footer=HEADER_FOOTER_DISTANCE_TWIPS,
            gutter=0,
        ),
        w("cols", space=708),
        w("docGrid", linePitch=360),
    )
    return serialize(w_root("document", w("body", section), with_r=True))


def docx_header_footer(tag: str, style_id: str) -> bytes:
    """Return a header or footer part holding one empty paragraph in `style_id`."""
    paragraph = w("p", w("pPr", w("pStyle", val=style_id)))
    return serialize(w_root(tag, paragraph, with_r=True))


# Fonts of the styles (Calibri) and Word's default fallback, as Word's own font table
# describes them: panose, family, and the Unicode and code-page signature.
FONT_TABLE = (
    ("Calibri", "020F0502020204030204", "swiss", ("E10002FF", "4000ACFF", "00000009", "0000019F")),
    (
        "Times New Roman",
        "02020603050405020304",
        "roman",
        ("E0002AFF", "C0007841", "00000009", "000001FF"),
    ),
)


def docx_font_table() -> bytes:
    """Return word/fontTable.xml, which names the fonts the styles use.

    Word writes a font table into every document and the Open XML validator requires one; it
    tells a reader without Calibri which family to substitute.
    """
    fonts = [
        w(
            "font",
            w("panose1", val=panose),
            w("charset", val="00"),
            w("family", val=family),
            w("pitch", val="variable"),
            w("sig", usb0=usb0, usb1=usb1, usb2=usb2, usb3="00000000", csb0=csb0, csb1="00000000"),
            name=name,
        )
        for name, panose, family, (usb0, usb1, usb2, csb0) in FONT_TABLE
    ]
    return serialize(w_root("fonts", *fonts))


def docx_theme() -> bytes:
    """Return word/theme/theme1.xml: the deck's KAM theme (colours, Calibri), so that Word's
    theme colours and fonts match the reference deck's."""
    import pptx  # only for its default theme part

    default_deck = Path(pptx.__file__).parent / "templates" / "default.pptx"
    with zipfile.ZipFile(default_deck) as package:
        return _corporate_theme(package.read("ppt/theme/theme1.xml"))


def build_reference_docx() -> list[Part]:
    """Return the parts of reference.docx in package order."""
    overrides = [
        ("/word/document.xml", f"{CT_WML}.document.main+xml"),
        ("/word/styles.xml", f"{CT_WML}.styles+xml"),
        ("/word/numbering.xml", f"{CT_WML}.numbering+xml"),
        ("/word/settings.xml", f"{CT_WML}.settings+xml"),
        ("/word/header1.xml", f"{CT_WML}.header+xml"),
        ("/word/footer1.xml", f"{CT_WML}.footer+xml"),
        ("/word/fontTable.xml", f"{CT_WML}.fontTable+xml"),
        ("/word/theme/theme1.xml", CT_THEME),
        ("/docProps/core.xml", CT_CORE),
        ("/docProps/app.xml", CT_EXTENDED),
    ]
    package_rels = [
        ("rId1", RT_OFFICE_DOCUMENT, "word/document.xml"),
        ("rId2", RT_CORE, "docProps/core.xml"),
        ("rId3", RT_EXTENDED, "docProps/app.xml"),
    ]
    document_rels = [
        ("rId1", RT_STYLES, "styles.xml"),
        ("rId2", RT_NUMBERING, "numbering.xml"),
        ("rId3", RT_SETTINGS, "settings.xml"),
        ("rId4", RT_HEADER, "header1.xml"),
        ("rId5", RT_FOOTER, "footer1.xml"),
        ("rId6", RT_FONT_TABLE, "fontTable.xml"),
        ("rId7", RT_THEME, "theme/theme1.xml"),
    ]
    return [
        ("[Content_Types].xml", content_types(overrides)),
        ("_rels/.rels", relationships(package_rels)),
        ("docProps/core.xml", core_properties()),
        ("docProps/app.xml", app_properties()),
        ("word/document.xml", docx_document()),
        ("word/_rels/document.xml.rels", relationships(document_rels)),
        ("word/styles.xml", docx_styles()),
        ("word/numbering.xml", docx_numbering()),
        ("word/settings.xml", docx_settings()),
        ("word/header1.xml", docx_header_footer("hdr", "Header")),
        ("word/footer1.xml", docx_header_footer("ftr", "Footer")),
        ("word/fontTable.xml", docx_font_table()),
        ("word/theme/theme1.xml", docx_theme()),
    ]


# --------------------------------------------------------------------------------------------
# reference.pptx
# --------------------------------------------------------------------------------------------

KEPT_LAYOUTS = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
)
# Master text sizes in hundredths of a point, by outline level (1-based). The 4:3 default
# starts body text at 32 pt, too large for dense account-review slides.
TITLE_SIZE = 2800
BODY_SIZES = {1: 2000, 2: 1800, 3: 1600, 4: 1400, 5: 1400, 6: 1400, 7: 1400, 8: 1400, 9: 1400}
# Layout titles that stay larger than the master's 28 pt.
LAYOUT_TITLE_SIZES = {"Title Slide": 3600, "Section Header": 3200}


def _a(tag: str) -> str:
    return f"{{{A}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{P}}}{tag}"


def _scale_horizontally(tree: etree._Element, factor: Fraction) -> None:
    """Stretch every shape's x offset and width by `factor`; heights are unchanged."""
    for xfrm in tree.iter(_a("xfrm")):
        offset, extent = xfrm.find(_a("off")), xfrm.find(_a("ext"))
        if offset is not None:
            offset.set("x", str(round(int(offset.get("x", "0")) * factor)))
        if extent is not None:
            extent.set("cx", str(round(int(extent.get("cx", "0")) * factor)))


def _set_level_size(level_props: etree._Element, size: int) -> None:
    run_defaults = level_props.find(_a("defRPr"))
    if run_defaults is None:
        run_defaults = etree.SubElement(level_props, _a("defRPr"))
    run_defaults.set("sz", str(size))


def _restyle_master(master: etree._Element) -> None:
    """Give the master left-aligned dark-blue 28 pt titles and 20 pt body text."""
    title_level = master.find(f"{_p('txStyles')}/{_p('titleStyle')}/{_a('lvl1pPr')}")
    if title_level is None:
        raise RuntimeError("the default master has no title style")
    title_level.set("algn", "l")
    _set_level_size(title_level, TITLE_SIZE)
    fill = title_level.find(f"{_a('defRPr')}/{_a('solidFill')}/{_a('schemeClr')}")
    if fill is not None:
        fill.set("val", "tx2")  # tx2 maps to dk2, the corporate blue
    body_style = master.find(f"{_p('txStyles')}/{_p('bodyStyle')}")
    if body_style is None:
        raise RuntimeError("the default master has no body style")
    for level, size in BODY_SIZES.items():
        level_props = body_style.find(_a(f"lvl{level}pPr"))
        if level_props is not None:
            _set_level_size(level_props, size)


def _restyle_layout(name: str, layout: etree._Element) -> None:
    """Bring a layout's own text sizes in line with the master's smaller ones."""
    for shape in layout.iter(_p("sp")):
        placeholder = shape.find(f"{_p('nvSpPr')}/{_p('nvPr')}/{_p('ph')}")
        list_style = shape.find(f"{_p('txBody')}/{_a('lstStyle')}")
        if placeholder is None or list_style is None:
            continue
        if placeholder.get("type") in ("title", "ctrTitle"):
            title_size = LAYOUT_TITLE_SIZES.get(name)
            if title_size is not None:
                level_props = list_style.find(_a("lvl1pPr"))
                if level_props is None:
                    level_props = etree.SubElement(list_style, _a("lvl1pPr"))
                if placeholder.get("type") == "ctrTitle":
                    level_props.set("algn", "ctr")  # the master's titles are left-aligned
                _set_level_size(level_props, title_size)
            else:  # inherit the master's title size
                for run_defaults in list_style.iterfind(f"{_a('lvl1pPr')}/{_a('defRPr')}"):
                    run_defaults.attrib.pop("sz", None)
            continue
        # Body text: never larger than the master's size for the same level.
        for level, master_size in BODY_SIZES.items():
            run_defaults = list_style.find(f"{_a(f'lvl{level}pPr')}/{_a('defRPr')}")
            if run_defaults is not None and int(run_defaults.get("sz", "0")) > master_size:
                run_defaults.set("sz", str(master_size))


def _corporate_theme(theme_xml: bytes) -> bytes:
    """Return the theme with the KAM colour scheme and Calibri for headings and body."""
    theme = etree.fromstring(theme_xml)
    theme.set("name", "KAM")
    scheme = theme.find(f"{_a('themeElements')}/{_a('clrScheme')}")
    if scheme is None:
        raise RuntimeError("the default theme has no colour scheme")
    scheme.set("name", "KAM")
    colours = {
        "dk2": CORPORATE_BLUE,
        "lt2": "E7E6E6",
        **{f"accent{i}": value for i, value in enumerate(ACCENTS, start=1)},
        "hlink": HYPERLINK_BLUE,
        "folHlink": FOLLOWED_HYPERLINK,
    }
    for slot, value in colours.items():
        holder = scheme.find(_a(slot))
        if holder is None:
            raise RuntimeError(f"the default theme has no {slot} colour")
        holder.clear()
        etree.SubElement(holder, _a("srgbClr"), val=value)
    fonts = theme.find(f"{_a('themeElements')}/{_a('fontScheme')}")
    if fonts is None:
        raise RuntimeError("the default theme has no font scheme")
    fonts.set("name", "KAM")
    for latin in fonts.iter(_a("latin")):
        latin.set("typeface", BODY_FONT)
    return serialize(theme)


def _widen_view_guides(view_xml: bytes, factor: Fraction) -> bytes:
    """Move the vertical drawing guide back to the middle of the wider slide."""
    view = etree.fromstring(view_xml)
    for guide in view.iter(_p("guide")):
        if guide.get("orient", "vert") == "vert":
            guide.set("pos", str(round(int(guide.get("pos", "0")) * factor)))
    return serialize(view)


def build_reference_pptx() -> list[Part]:
    """Return the parts of reference.pptx in package order."""
    # Imported here so that building only the .docx does not pay for python-pptx.
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    if deck.slides:
        raise RuntimeError("python-pptx's default template unexpectedly holds slides")
    factor = Fraction(SLIDE_WIDTH_EMU, deck.slide_width or SLIDE_WIDTH_EMU)
    if deck.slide_height != SLIDE_HEIGHT_EMU:
        raise RuntimeError(f"expected a 7.5 in high default deck, got {deck.slide_height} EMU")
    deck.slide_width = Emu(SLIDE_WIDTH_EMU)
    deck.slide_height = Emu(SLIDE_HEIGHT_EMU)
    slide_size = deck.element.find(_p("sldSz"))
    if slide_size is not None:
        slide_size.attrib.pop("type", None)  # "screen4x3" would contradict the new size
    for level_zero in deck.element.iterfind(
        f"{_p('defaultTextStyle')}/{_a('defPPr')}/{_a('defRPr')}"
    ):
        level_zero.set("lang", LANGUAGE)

    for layout in list(deck.slide_layouts):
        if layout.name not in KEPT_LAYOUTS:
            deck.slide_layouts.remove(layout)
    missing = set(KEPT_LAYOUTS) - {layout.name for layout in deck.slide_layouts}
    if missing:
        raise RuntimeError(f"python-pptx's default template lacks layouts {sorted(missing)}")

    master = deck.slide_master
    _scale_horizontally(master.element, factor)
    _restyle_master(master.element)
    for layout in deck.slide_layouts:
        _scale_horizontally(layout.element, factor)
        _restyle_layout(layout.name, layout.element)

    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme_part = master.part.part_related_by(RT.THEME)
    theme_part.blob = _corporate_theme(theme_part.blob)

    # The thumbnail shows an empty 4:3 slide and the printer settings are a Mac driver's:
    # neither belongs in a reference deck.
    package = deck.part.package
    for rel in list(package.iter_rels()):
        if rel.reltype == RT_THUMBNAIL:
            package.drop_rel(rel.rId)
    for rel_id, rel in list(deck.part.rels.items()):
        if rel.reltype == RT_PRINTER_SETTINGS:
            deck.part.drop_rel(rel_id)
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part.blob = app_properties()
        elif part.partname == "/ppt/viewProps.xml":
            part.blob = _widen_view_guides(part.blob, factor)

    properties = deck.core_properties
    properties.title = ""
    properties.subject = ""
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.revision = 1
    properties.language = LANGUAGE
    properties.created = CREATED.replace(tzinfo=None)
    properties.modified = CREATED.replace(tzinfo=None)

    saved = io.BytesIO()
    deck.save(saved)
    with zipfile.ZipFile(saved) as package_zip:
        names = package_zip.namelist()
        return [(name, package_zip.read(name)) for name in _package_order(names)]


def _package_order(names: Sequence[str]) -> list[str]:
    """Return member names with [Content_Types].xml first and the rest in a stable order."""
    head = [name for name in names if name == "[Content_Types].xml"]
    return head + sorted(name for name in names if name != "[Content_Types].xml")


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def build_all(out_dir: Path) -> dict[Path, int]:
    """Write both references under `out_dir` and return each file's size in bytes."""
    targets = {
        out_dir / "docx" / "reference.docx": build_reference_docx(),
        out_dir / "pptx" / "reference.pptx": build_reference_pptx(),
    }
    sizes: dict[Path, int] = {}
    for path, parts in targets.items():
        write_package(parts, path)
        sizes[path] = path.stat().st_size
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help=f"folder that receives docx/ and pptx/ (default: {DEFAULT_OUT_DIR})",
    )
    args = parser.parse_args(argv)
    for path, size in build_all(args.out_dir).items():
        print(f"{path}: {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
