"""kamdocs zips each package once, from the members python-docx and python-pptx would have
written: the bytes must be exactly those of saving with the library and re-zipping."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pptx
import pytest

from kamdocs.writers import _zip
from kamdocs.writers._zip import normalise_package, pack_members, package_members

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("opener", "reference"),
    [
        (docx.Document, "templates/docx/reference.docx"),
        (pptx.Presentation, "templates/pptx/reference.pptx"),
    ],
)
def test_one_zip_gives_the_bytes_of_the_library_save_and_a_second_zip(
    opener: type, reference: str
) -> None:
    package = opener(str(REPO / reference))
    saved = io.BytesIO()
    package.save(saved)
    members = package_members(package.part.package)
    assert len(members) > 5
    assert "[Content_Types].xml" in members
    created = "2026-11-23T00:00:00Z"
    assert pack_members(members, created) == normalise_package(saved.getvalue(), created)


def test_a_package_laid_out_here_has_the_bytes_zipfile_writes() -> None:
    """Compressed anew and then from the process's kept members, every kind of member: a
    reference's parts, an empty one, a name out of ASCII, one too big to keep, twins."""
    deck = pptx.Presentation(str(REPO / "templates/pptx/reference.pptx"))
    members = package_members(deck.part.package)
    noise = random.Random(7).randbytes(_zip.DEFLATED_PART_MAX + 1)
    entries = [
        *sorted(members.items()),
        ("word/empty.xml", b""),
        ("ppt/media/logo é.xml", b"<a>\xc3\xa9</a>"),
        ("ppt/media/big.bin", noise),
        ("ppt/slides/twin.xml", members["ppt/presentation.xml"]),
    ]
    _zip._DEFLATED.clear()
    expected = _zip.zipfile_package(entries)
    assert _zip.laid_out_package(entries) == expected
    assert noise not in _zip._DEFLATED
    kept = {data for _, data in entries if data is not noise}  # twins share one entry
    assert set(_zip._DEFLATED) == kept
    assert _zip.laid_out_package(entries) == expected  # from the kept members
    with zipfile.ZipFile(io.BytesIO(expected)) as unzipped:
        assert unzipped.testzip() is None
        assert [(i.filename, unzipped.read(i)) for i in unzipped.infolist()] == entries


def test_a_package_beyond_the_zip64_limits_is_left_to_zipfile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    members = {"[Content_Types].xml": b"<Types/>", "a.xml": b"<a/>", "b.xml": b"<b/>"}
    entries = sorted(members.items())
    laid_out = _zip.laid_out_package(entries)
    assert pack_members(members) == laid_out
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)  # three members need ZIP64 now
    with_zip64 = _zip.zipfile_package(entries)
    assert with_zip64 != laid_out  # zipfile adds its ZIP64 end records
    assert pack_members(members) == with_zip64
