"""Landscape sections for wide tables, the text's language and Word's automatic hyphenation.

A table too wide for a portrait page is put in a landscape section of its own: a section
break before it (with the headings that lead into it) and one after it. Both breaks are
written as marked empty paragraphs while the body is built and turned into `w:sectPr` copies
of the document's final section once its headers and footers are written (`finish`), so the
landscape pages keep the same headers and footers, margins and page numbering.

Hyphenation is a last resort: when a table's column cannot hold its widest word, settings get
`w:autoHyphenation`, every paragraph is kept from hyphenating by the document defaults, and
only that table's cells, in a paragraph style of their own, let Word (and LibreOffice, with
its hyphenation dictionaries) hyphenate at the points of the text's language.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kamdocs.writers import _ooxml

MARK = "kamdocs-section"
HYPHENATED_STYLE = "KAMTableHyphenated"
_LANGUAGES = {"fr": "fr-FR", "en": "en-US", "de": "de-DE", "es": "es-ES", "it": "it-IT"}
# Children of w:settings that come after w:autoHyphenation (ISO/IEC 29500 schema order).
_AFTER_HYPHENATION = {
    qn(f"w:{n}")
    for n in (
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "showEnvelope",
        "summaryLength",
        "clickAndTypeStyle",
        "defaultTableStyle",
        "evenAndOddHeaders",
        "bookFoldRevPrinting",
        "bookFoldPrinting",
        "bookFoldPrintingSheets",
        "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin",
        "drawingGridVerticalOrigin",
        "doNotShadeFormData",
        "noPunctuationKerning",
        "characterSpacingControl",
        "printTwoOnOne",
        "strictFirstAndLastChars",
        "noLineBreaksAfter",
        "noLineBreaksBefore",
        "savePreviewPicture",
        "doNotValidateAgainstSchema",
        "saveInvalidXml",
        "ignoreMixedContent",
        "alwaysShowPlaceholderText",
        "doNotDemarcateInvalidXml",
        "saveXmlDataOnly",
        "useXSLTWhenSaving",
        "saveThroughXslt",
        "showXMLTags",
        "alwaysMergeEmptyNamespace",
        "updateFields",
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def language_tag(language: str) -> str:
    """Return the `w:lang` value of a document language ("fr" -> "fr-FR")."""
    if "-" in language:
        return language
    return _LANGUAGES.get(language, language or "fr-FR")


def mark(body: Any, kind: str, before: Any | None = None) -> None:
    """Put a section break of `kind` ("portrait" ends the page before a landscape run,
    "landscape" ends the run) at the end of `body`, or before element `before`."""
    previous = before.getprevious() if before is not None else (body[-1] if len(body) else None)
    if kind == "portrait" and previous is not None and previous.get(MARK) == "landscape":
        previous.getparent().remove(previous)  # a landscape run goes on: no empty section
        return
    p = etree.Element(_ooxml.W_P)
    p.set(MARK, kind)
    if before is not None:
        before.addprevious(p)
    else:
        body.append(p)


def lead_in(body: Any, heading_styles: set[str]) -> Any | None:
    """Return the first of the heading paragraphs that end `body` (they go with the table),
    None when the body does not end with a heading."""
    first = None
    for element in reversed(body):
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if (
            element.tag != _ooxml.W_P
            or style is None
            or style.get(qn("w:val")) not in heading_styles
        ):
            break
        first = element
    return first


def finish(body: Any) -> None:
    """Turn the section marks into section breaks modelled on the body's final `w:sectPr`."""
    final = body.find(qn("w:sectPr"))
    for p in [e for e in body.iter(_ooxml.W_P) if e.get(MARK)]:
        kind = p.attrib.pop(MARK)
        if final is None:
            continue
        sect_pr = copy.deepcopy(final)
        if kind == "landscape":
            size = sect_pr.find(qn("w:pgSz"))
            if size is not None:
                width, height = size.get(qn("w:w")), size.get(qn("w:h"))
                size.set(qn("w:w"), height or "16838")
                size.set(qn("w:h"), width or "11906")
                size.set(qn("w:orient"), "landscape")
        ppr = etree.SubElement(p, _ooxml.W_PPR)
        ppr.append(sect_pr)


def set_language(styles: Any, language: str) -> None:
    """Set the document defaults' text language (`w:lang`), which hyphenation follows."""
    rpr = _defaults(styles, "rPr")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), language_tag(language))


def _defaults(styles: Any, kind: str) -> Any:
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = etree.Element(qn("w:docDefaults"))
        styles.insert(0, defaults)
    holder_tag = qn("w:rPrDefault") if kind == "rPr" else qn("w:pPrDefault")
    holder = defaults.find(holder_tag)
    if holder is None:
        holder = etree.SubElement(defaults, holder_tag)
        if kind == "rPr":
            defaults.insert(0, holder)
    inner = holder.find(qn(f"w:{kind}"))
    if inner is None:
        inner = etree.SubElement(holder, qn(f"w:{kind}"))
    return inner


def allow_hyphenation(document: Any) -> str:
    """Switch Word's automatic hyphenation on for the cells of a paragraph style of its own
    only; return that style's id. A python-docx document is changed in place."""
    styles, settings = document.styles.element, document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        element = etree.Element(qn("w:autoHyphenation"))
        for child in settings:
            if child.tag in _AFTER_HYPHENATION:
                child.addprevious(element)
                break
        else:
            settings.append(element)
        ppr = _defaults(styles, "pPr")
        if ppr.find(qn("w:suppressAutoHyphens")) is None:
            _insert_suppress(ppr, on=True)
    style_exists = any(
        s.get(qn("w:styleId")) == HYPHENATED_STYLE for s in styles.iterchildren(qn("w:style"))
    )
    if not style_exists:
        style = etree.SubElement(styles, qn("w:style"))
        style.set(qn("w:type"), "paragraph")
        style.set(qn("w:customStyle"), "1")
        style.set(qn("w:styleId"), HYPHENATED_STYLE)
        etree.SubElement(style, qn("w:name")).set(qn("w:val"), "KAM Table Hyphenated")
        etree.SubElement(style, qn("w:uiPriority")).set(qn("w:val"), "99")
        _insert_suppress(etree.SubElement(style, qn("w:pPr")), on=False)
        _copy_to_styles_with_effects(document, style)
    return HYPHENATED_STYLE


def _copy_to_styles_with_effects(document: Any, style: Any) -> None:
    """Add `style` to the Word 2010 copy of the styles a reference may carry, which Word
    expects to hold every style of styles.xml."""
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/stylesWithEffects.xml":
            continue
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            return
        root.append(copy.deepcopy(style))
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return


# pPr children that come before w:suppressAutoHyphens (schema order).
_BEFORE_SUPPRESS = {
    qn(f"w:{n}")
    for n in (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
    )
}


def _insert_suppress(ppr: Any, on: bool) -> None:
    element = etree.Element(qn("w:suppressAutoHyphens"))
    if not on:
        element.set(qn("w:val"), "0")
    for child in ppr:
        if child.tag not in _BEFORE_SUPPRESS:
            child.addprevious(element)
            return
    ppr.append(element)
