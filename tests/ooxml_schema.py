"""Validate the main XML parts of .docx, .pptx and .xlsx packages against the OOXML schemas.

LibreOffice opens almost anything; Word repairs or refuses parts whose children are out of
schema order. The tests therefore check the parts kamdocs writes against the transitional
schemas of ISO/IEC 29500-4 (ECMA-376 Part 4), found beside the checkout (see schemas/README.md);
`validate_package` raises `SchemasUnavailable` when they are missing, which fails the test
that asked: a schema test never skips.

Usage::

    errors = validate_package(path)   # [] when every checked part is valid
"""

from __future__ import annotations

import fnmatch
import functools
import os
import zipfile
from pathlib import Path

from lxml import etree

__all__ = [
    "SCHEMA_DIR_ENV",
    "SchemasUnavailable",
    "find_schema_dir",
    "validate_package",
    "validate_part",
]

SCHEMA_DIR_ENV = "KAMDOCS_OOXML_SCHEMAS"

_HERE = Path(__file__).resolve().parent
# Files written for this project (xml.xsd); the ISO schemas are looked up separately.
_OWN_SCHEMAS = _HERE / "schemas"

_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

# Schema set name -> (target namespace, entry file). One compiled schema per set validates
# every root element that its namespace declares (w:document, w:styles, w:hdr, ...).
_SCHEMA_SETS: dict[str, tuple[str, str]] = {
    "wml": ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "wml.xsd"),
    "pml": ("http://schemas.openxmlformats.org/presentationml/2006/main", "pml.xsd"),
    "sml": ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "sml.xsd"),
    "chart": ("http://schemas.openxmlformats.org/drawingml/2006/chart", "dml-chart.xsd"),
    "dml": ("http://schemas.openxmlformats.org/drawingml/2006/main", "dml-main.xsd"),
}

# Zip member pattern -> schema set. fnmatch's "*" also matches "/", so the patterns stay
# anchored on a folder and a file-name prefix.
_PART_RULES: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "wml"),
    ("word/styles.xml", "wml"),
    ("word/numbering.xml", "wml"),
    ("word/settings.xml", "wml"),
    ("word/header*.xml", "wml"),
    ("word/footer*.xml", "wml"),
    ("word/charts/chart*.xml", "chart"),
    ("word/theme/theme*.xml", "dml"),
    ("ppt/presentation.xml", "pml"),
    ("ppt/slides/slide*.xml", "pml"),
    ("ppt/slideLayouts/slideLayout*.xml", "pml"),
    ("ppt/slideMasters/slideMaster*.xml", "pml"),
    ("ppt/charts/chart*.xml", "chart"),
    ("ppt/theme/theme*.xml", "dml"),
    ("xl/workbook.xml", "sml"),
    ("xl/styles.xml", "sml"),
    ("xl/sharedStrings.xml", "sml"),
    ("xl/worksheets/sheet*.xml", "sml"),
)


class SchemasUnavailable(RuntimeError):
    """The ISO/IEC 29500-4 transitional schema files were not found on this machine."""


def _candidate_dirs() -> list[Path]:
    candidates: list[Path] = []
    configured = os.environ.get(SCHEMA_DIR_ENV)
    if configured:
        candidates.append(Path(configured))
    # The schemas are not part of this repository: CI checks it out with the shared folder
    # beside it, where they are kept.
    candidates.append(_HERE.parent.parent / "shared" / "ooxml-schemas")
    return candidates


@functools.cache
def find_schema_dir() -> Path | None:
    """Return the folder holding wml.xsd, pml.xsd, ... or None when none of the places has it.

    Looked up in order: $KAMDOCS_OOXML_SCHEMAS, then ../shared/ooxml-schemas/ from the
    project root. A schema test that finds them nowhere fails; it never skips.
    """
    for folder in _candidate_dirs():
        if all((folder / entry).is_file() for _, entry in _SCHEMA_SETS.values()):
            return folder
    return None


def _require_schema_dir() -> Path:
    folder = find_schema_dir()
    if folder is None:
        tried = ", ".join(str(p) for p in _candidate_dirs())
        raise SchemasUnavailable(
            "the ISO/IEC 29500-4 transitional schemas (wml.xsd, pml.xsd, ...) were not found; "
            f"tried: {tried}; set {SCHEMA_DIR_ENV} to their folder (see tests/schemas/README.md)"
        )
    return folder


@functools.cache
def _schema(set_name: str) -> etree.XMLSchema:
    """Return the compiled schema of one set; compiling wml.xsd takes about a second."""
    namespace, entry = _SCHEMA_SETS[set_name]
    folder = _require_schema_dir()
    # wml.xsd and shared-math.xsd import the xml: namespace without a schemaLocation, which
    # libxml2 cannot resolve. A small driver schema imports our own xml.xsd first; libxml2
    # then skips the later location-less imports of that namespace as already done. All
    # locations are local files, so nothing is fetched over the network.
    driver = (
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="urn:kamdocs:tests:schema-driver">'
        f'<xsd:import namespace="{_XML_NS}" '
        f'schemaLocation="{(_OWN_SCHEMAS / "xml.xsd").as_uri()}"/>'
        f'<xsd:import namespace="{namespace}" schemaLocation="{(folder / entry).as_uri()}"/>'
        "</xsd:schema>"
    )
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser))


def _schema_set_for(part_name: str) -> str | None:
    for pattern, set_name in _PART_RULES:
        if fnmatch.fnmatchcase(part_name, pattern):
            return set_name
    return None


def _local_ns(qualified: str) -> str:
    return qualified[1:].split("}", 1)[0] if qualified.startswith("{") else ""


def _ignorable_namespaces(element: etree._Element) -> set[str]:
    value = element.get(f"{{{_MC_NS}}}Ignorable")
    if not value:
        return set()
    found: set[str] = set()
    for prefix in value.split():
        uri = element.nsmap.get(prefix)
        if uri:
            found.add(uri)
    return found


def _apply_markup_compatibility(element: etree._Element, ignorable: frozenset[str]) -> None:
    """Rewrite a part in place the way a consumer that knows no extension would read it.

    Attributes and elements in namespaces that an ancestor lists in mc:Ignorable are dropped
    (their content too: mc:ProcessContent is not honoured, no kamdocs input uses it); every
    mc:AlternateContent is replaced by the children of its mc:Fallback, or dropped when it has
    none; the mc: attributes themselves are removed.
    """
    scope = ignorable | _ignorable_namespaces(element)
    for name in list(element.attrib):
        if _local_ns(name) in scope or _local_ns(name) == _MC_NS:
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):  # comments and processing instructions
            continue
        namespace = _local_ns(child.tag)
        if child.tag == f"{{{_MC_NS}}}AlternateContent":
            fallback = child.find(f"{{{_MC_NS}}}Fallback")
            replacement = list(fallback) if fallback is not None else []
            position = element.index(child)
            element.remove(child)
            for offset, node in enumerate(replacement):
                element.insert(position + offset, node)
                if isinstance(node.tag, str):
                    _apply_markup_compatibility(node, frozenset(scope))
        elif namespace in scope:
            element.remove(child)
        else:
            _apply_markup_compatibility(child, frozenset(scope))


# Usual prefixes, to print "w:shd" instead of "{http://schemas...wordprocessingml/2006/main}shd".
_PREFIXES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://schemas.openxmlformats.org/presentationml/2006/main": "p",
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "x",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "c",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    _XML_NS: "xml",
}


def _readable(message: str) -> str:
    for uri, prefix in _PREFIXES.items():
        message = message.replace(f"{{{uri}}}", f"{prefix}:")
    return message


def validate_part(part_name: str, xml: bytes) -> list[str]:
    """Return the schema errors of one part as "part: line: message"; [] if valid or unchecked.

    Parts that no rule covers (rels, content types, docProps, ...) are not checked.
    """
    set_name = _schema_set_for(part_name)
    if set_name is None:
        return []
    parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_blank_text=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [f"{part_name}: {error.lineno}: not well-formed XML: {error.msg}"]
    _apply_markup_compatibility(root, frozenset())
    schema = _schema(set_name)
    if schema.validate(root):
        return []
    return [f"{part_name}: {entry.line}: {_readable(entry.message)}" for entry in schema.error_log]


def validate_package(path: str | os.PathLike[str]) -> list[str]:
    """Return the schema errors of a package's main parts, one "part: line: message" each.

    An empty list means every checked part is valid. Raises SchemasUnavailable when the
    schema files cannot be found, and zipfile.BadZipFile when `path` is not a zip.
    """
    _require_schema_dir()
    errors: list[str] = []
    with zipfile.ZipFile(path) as package:
        for part_name in sorted(package.namelist()):
            if _schema_set_for(part_name) is not None:
                errors.extend(validate_part(part_name, package.read(part_name)))
    return errors
