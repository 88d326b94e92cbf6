"""A font's widths are read once, then kept in the cache folder by the font file's bytes.
(Carlito comes with the system packages the README installs.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.building import fonts


@pytest.fixture
def cache(cache_folder: Path) -> Path:
    return cache_folder / "faces"


def font_file(pattern: str) -> str:
    found = fonts._fc_match(pattern)
    assert found is not None
    return found[1]


def test_a_font_read_once_comes_back_from_the_cache_without_fonttools(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = font_file("Carlito")
    first = fonts._load.__wrapped__(path, "Carlito")
    assert first is not None
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(fonts, "_read", lambda *_: pytest.fail("the font was read again"))
    again = fonts._load.__wrapped__(path, "Carlito")
    assert again == first


def test_another_font_file_is_read_for_itself(cache: Path) -> None:
    regular = fonts._load.__wrapped__(font_file("Carlito"), "Carlito")
    bold = fonts._load.__wrapped__(font_file("Carlito:bold"), "Carlito")
    assert regular is not None
    assert bold is not None
    assert bold.em("Échéance") > regular.em("Échéance")
    assert len(list(cache.iterdir())) == 2


def test_a_damaged_entry_is_read_from_the_font_again(cache: Path) -> None:
    path = font_file("Carlito")
    first = fonts._load.__wrapped__(path, "Carlito")
    (entry,) = cache.iterdir()
    entry.write_bytes(b"not a pickle")
    assert fonts._load.__wrapped__(path, "Carlito") == first
    assert entry.read_bytes() != b"not a pickle"
