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
from typing import Any

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
    return pack_members(
        {name: source.read(name) for name in source.namelist()}, created_iso, rewrite
    )


def pack_members(
    members: Mapping[str, bytes],
    created_iso: str | None = None,
    rewrite: Mapping[str, Callable[[bytes], bytes]] | None = None,
) -> bytes:
    """Return the package of `members` (name -> bytes) zipped deterministically, as
    `normalise_package` does."""
    names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = members[name]
            if created_iso and name == "docProps/core.xml":
                data = _set_core_dates(data, created_iso)
            if rewrite and name in rewrite:
                data = rewrite[name](data)
            add_member(target, name, data)
    return out.getvalue()


class _Members:
    """Stands for the zip writer of python-docx and python-pptx: keeps each member's bytes
    (`write(pack_uri, blob)`) instead of compressing them, since kamdocs zips the package
    itself (`pack_members`)."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob

    def close(self) -> None:
        pass

    def __enter__(self) -> _Members:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass


def package_members(package: Any) -> dict[str, bytes]:
    """Return the members (name -> bytes) that `package.save()` would zip, for a python-docx
    or python-pptx package, through the library's own package writer: the same bytes, with
    one compression instead of two (the library's zip, then kamdocs' deterministic one)."""
    members = _Members()
    if hasattr(package, "_rels"):  # python-pptx
        from pptx.opc.serialized import PackageWriter as DeckWriter

        writer = DeckWriter(members, package._rels, tuple(package.iter_parts()))  # type: ignore[arg-type]
        writer._write_content_types_stream(members)  # type: ignore[arg-type]
        writer._write_pkg_rels(members)  # type: ignore[arg-type]
        writer._write_parts(members)  # type: ignore[arg-type]
    else:  # python-docx
        from docx.opc.pkgwriter import PackageWriter as WordWriter

        parts = list(package.parts)
        for part in parts:  # as OpcPackage.save does
            part.before_marshal()
        WordWriter._write_content_types_stream(members, parts)
        WordWriter._write_pkg_rels(members, package.rels)
        WordWriter._write_parts(members, parts)  # type: ignore[arg-type]
    return members.members


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
