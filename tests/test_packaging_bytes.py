"""kamdocs zips each package once, from the members python-docx and python-pptx would have
written: the bytes must be exactly those of saving with the library and re-zipping."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pptx
import pytest

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
