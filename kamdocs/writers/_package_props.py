"""Package parts that describe the reference file rather than the document built on it.

A user's reference (a corporate template saved by Word or PowerPoint) carries a thumbnail of
its own first page and a `docProps/app.xml` whose statistics (pages, words, slide titles,
heading pairs) count the reference. Copied into an output they are stale: Word shows the
wrong preview and the validator reports counts that contradict the parts. The thumbnail is
dropped; app.xml is written afresh, keeping only the company the template names.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_EXT = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
APPLICATION = "kamdocs"
APP_PART = "docProps/app.xml"


def drop_thumbnail(package_rels: Any) -> None:
    """Remove the package's thumbnail relationship from `package_rels` (a mapping of rId to
    relationship, as python-docx and python-pptx keep them); the part then is not written."""
    for rel_id in [r_id for r_id, rel in package_rels.items() if rel.reltype == RT_THUMBNAIL]:
        package_rels.pop(rel_id)


def fresh_app_properties(stale: bytes) -> bytes:
    """Return a docProps/app.xml naming kamdocs as the application, with the company of
    `stale` (the reference's app.xml) and none of its statistics."""
    root = etree.Element(f"{{{_EXT}}}Properties", nsmap={None: _EXT})
    etree.SubElement(root, f"{{{_EXT}}}Application").text = APPLICATION
    try:
        company = etree.fromstring(stale).findtext(f"{{{_EXT}}}Company")
    except etree.XMLSyntaxError:
        company = None
    if company:
        etree.SubElement(root, f"{{{_EXT}}}Company").text = company
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
