"""fontconfig asked in-process answers what the `fc-match` program answers (fontconfig and
Carlito come with the system packages the README installs)."""

from __future__ import annotations

import pytest

from kamdocs.building import fontconfig, fonts

PATTERNS = ["Carlito", "Carlito:bold", "Calibri", "Liberation Sans:bold", "No Such Font 42"]


def test_the_library_is_found_here() -> None:
    assert fontconfig.available()


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_library_matches_as_the_program_does(pattern: str) -> None:
    in_process = fontconfig.match(pattern)
    assert in_process is not None
    assert in_process == fonts._fc_match_program(pattern)


def test_a_bold_face_is_another_file_than_the_regular_one() -> None:
    regular, bold = fontconfig.match("Carlito"), fontconfig.match("Carlito:bold")
    assert regular is not None
    assert bold is not None
    assert (regular[0], bold[0]) == ("Carlito", "Carlito")
    assert regular[1] != bold[1]
    assert bold[1].endswith("Carlito-Bold.ttf")
