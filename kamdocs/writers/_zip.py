"""Re-pack OOXML zip packages so identical content gives identical bytes.

python-docx, python-pptx and XlsxWriter stamp zip members (and some core properties) with the
current time. This re-packs with a fixed member date, a stable member order
(`[Content_Types].xml` first, then by name) and the creation date the caller gives.

A package is laid out here rather than by `zipfile`, with the very bytes `zipfile` writes
(a test compares them): so that a member's compressed bytes can be reused. A document
brings along its reference's parts (styles, theme, masters, layouts, pictures), and a deck
rebuilt in `kamdocs watch` most of its slides, unchanged: each part up to 256 KiB is
compressed once while the process keeps it (`_DEFLATED`), and `zipfile`'s own cost per
member, a third of a deck's packing, goes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lxml import etree

from kamdocs.memo import Memo

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
    entries = []
    for name in names:
        data = members[name]
        if created_iso and name == "docProps/core.xml":
            data = _set_core_dates(data, created_iso)
        if rewrite and name in rewrite:
            data = rewrite[name](data)
        entries.append((name, data))
    # Beyond 2 GiB or 65,535 members a package needs ZIP64 records: zipfile writes those.
    if len(entries) > zipfile.ZIP_FILECOUNT_LIMIT or (
        sum(len(data) for _, data in entries) * 1.05 > zipfile.ZIP64_LIMIT
    ):
        return zipfile_package(entries)
    return laid_out_package(entries)


def zipfile_package(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """Return the package of `entries` (name, bytes), in that order, as `zipfile` zips it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            add_member(target, name, data)
    return out.getvalue()


# The records of a zip file (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16) as zipfile packs them; each
# member as `add_member` writes it: deflated, dated FIXED_ZIP_TIME, made on Unix (3) by zip
# 2.0 (20), read and written by its owner alone, the sizes and CRC in its local header (no
# data descriptor), no extra field and no comment. Member names are OPC part names (no NUL,
# which ZipInfo would cut the name at).
_LOCAL, _LOCAL_SIGNATURE = struct.Struct("<4s2B4HL2L2H"), b"PK\x03\x04"
_CENTRAL, _CENTRAL_SIGNATURE = struct.Struct("<4s4B4HL2L5H2L"), b"PK\x01\x02"
_END, _END_SIGNATURE = struct.Struct("<4s4H2LH"), b"PK\x05\x06"
_VERSION, _UNIX, _DEFLATE = 20, 3, zipfile.ZIP_DEFLATED
_DOS_TIME = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2
_DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_OWNER_ONLY = 0o600 << 16
_UTF8_NAME = 0x800


def laid_out_package(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """Return the package of `entries` (name, bytes), in that order: the same bytes as
    `zipfile_package`, each member's compressed bytes reused when the process has
    compressed the same bytes before. Below the ZIP64 limits only."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in entries:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        crc, packed = _deflated(data)
        fields = (_VERSION, 0, flags, _DEFLATE, _DOS_TIME, _DOS_DATE, crc, len(packed),
                  len(data), len(encoded))  # fmt: skip
        out += (_LOCAL.pack(_LOCAL_SIGNATURE, *fields, 0), encoded, packed)
        central += (
            _CENTRAL.pack(_CENTRAL_SIGNATURE, _VERSION, _UNIX, *fields, 0, 0, 0, 0,
                          _OWNER_ONLY, offset),
            encoded,
        )  # fmt: skip
        offset += _LOCAL.size + len(encoded) + len(packed)
    size = sum(map(len, central))
    end = _END.pack(_END_SIGNATURE, 0, 0, len(entries), len(entries), size, offset, 0)
    return b"".join((*out, *central, end))


def _deflated(data: bytes) -> tuple[int, bytes]:
    """Return the CRC-32 of `data` and its raw deflate stream, as zipfile compresses it."""
    if len(data) > DEFLATED_PART_MAX:  # a document's own body: new at each build
        return _deflate(data)
    found = _DEFLATED.get(data)
    if found is None:
        found = _DEFLATED.keep(data, _deflate(data))
    return found


def _deflate(data: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


# Parts kept compressed, by their bytes: up to 256 KiB each (a reference's parts and a deck's
# slides; not a long plan's body, which changes with each build), 8 MiB in all (uncompressed
# and compressed bytes), so that a batch's memory stays flat.
DEFLATED_PART_MAX = 256 * 1024
_DEFLATED: Memo[bytes, tuple[int, bytes]] = Memo(
    8 * 1024 * 1024, weigh=lambda data, found: len(data) + len(found[1])
)


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
    info.compress_type = _DEFLATE
    info.create_system = _UNIX  # on every system (zipfile says 0 on Windows): same bytes
    info.external_attr = _OWNER_ONLY
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
