"""Re-pack OOXML zip packages so identical content gives identical bytes.

python-docx, python-pptx and XlsxWriter stamp zip members (and some core properties) with the
current time. This re-packs with a fixed member date, a stable member order
(`[Content_Types].xml` first, then by name) and the creation date the caller gives.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping

from lxml import etree

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DCTERMS = "{http://purl.org/dc/terms/}"


def normalise_package(
    blob: bytes,
    created_iso: str | None = None,
    rewrite: Mapping[str, Callable[[bytes], bytes]] | None = None,
) -> bytes:
    """Return `blob` re-zipped deterministically; core property dates set to `created_iso`.

    `created_iso` is an ISO date-time such as 2026-11-23T00:00:00Z; None keeps the dates.
    `rewrite` maps a member name to a function applied to its bytes on the way.
    """
    source = zipfile.ZipFile(io.BytesIO(blob))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            if created_iso and name == "docProps/core.xml":
                data = _set_core_dates(data, created_iso)
            if rewrite and name in rewrite:
                data = rewrite[name](data)
            add_member(target, name, data)
    return out.getvalue()


def add_member(target: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Write one member with the fixed date and permissions every kamdocs package uses."""
    info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    target.writestr(info, data)


def _set_core_dates(core_xml: bytes, created_iso: str) -> bytes:
    root = etree.fromstring(core_xml)
    for name in ("created", "modified"):
        element = root.find(f"{_DCTERMS}{name}")
        if element is not None:
            element.text = created_iso
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_STREAM_REPR = re.compile(r"<_io\.BytesIO object at 0x[0-9a-f]+>")


def opening_error(exc: Exception, name: str) -> str:
    """Return why python-docx or python-pptx could not open the package `name`, in words
    that name the file (the libraries see only a stream)."""
    if isinstance(exc, zipfile.BadZipFile):
        return "not a zip package, as every Office file is"
    return _STREAM_REPR.sub(name, str(exc))
