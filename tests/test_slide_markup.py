"""New slides, their placeholders and their layouts' areas are read and made on the markup,
not through python-pptx's shape objects; each must give exactly what python-pptx gives, on
the demo's reference deck and on a corporate deck with its own layout names."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pptx
import pytest
from corporate_templates import make_corporate_pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER as PH

from kamdocs import ir
from kamdocs.writers import _layouts
from kamdocs.writers import pptx as pptx_writer
from kamdocs.writers._placeholders import drop_placeholders, notes_body, slide_placeholder
from kamdocs.writers.pptx import _DeckWriter

REPO = Path(__file__).resolve().parent.parent
TYPES = [_layouts.TITLE_TYPES, (PH.SUBTITLE, PH.BODY, PH.OBJECT), (PH.PICTURE,)]


@pytest.fixture(params=["demo", "corporate"])
def reference(request: pytest.FixtureRequest, tmp_path: Path) -> bytes:
    if request.param == "demo":
        return (REPO / "templates" / "pptx" / "reference.pptx").read_bytes()
    return make_corporate_pptx(tmp_path / "corporate.pptx").read_bytes()


def _decks(reference: bytes) -> tuple[Any, _DeckWriter]:
    """The same reference opened twice: one for python-pptx's API, one for the writer."""
    ours = pptx.Presentation(io.BytesIO(reference))
    layouts = {f"layout {i}": layout for i, layout in enumerate(ours.slide_layouts)}
    writer = _DeckWriter(ours, _digest(reference), layouts, ir.Meta("t"), "(suite)")
    return pptx.Presentation(io.BytesIO(reference)), writer


def _digest(reference: bytes) -> bytes:
    return hashlib.sha256(reference).digest()


def _pairs(reference: bytes) -> Iterator[tuple[Any, Any]]:
    """Yield (python-pptx's new slide, the writer's) for each layout, twice over (the
    second from the copy kept of the first)."""
    theirs, writer = _decks(reference)
    for _ in range(2):
        for i, layout in enumerate(theirs.slide_layouts):
            yield (
                theirs.slides.add_slide(layout),
                writer.new_slide(writer.deck.slide_layouts[i]),
            )


def _xml(slide: Any) -> bytes:
    return etree.tostring(slide._element)


@pytest.mark.parametrize("kept", [False, True])
def test_a_new_slide_is_the_one_python_pptx_adds(reference: bytes, kept: bool) -> None:
    """Made from a layout first seen (kept: the blank slides another deck kept)."""
    pptx_writer._BLANK_TREES.clear()
    if kept:
        list(_pairs(reference))  # a first deck keeps every layout's blank slide
        assert len(pptx_writer._BLANK_TREES) >= 1
    theirs, writer = _decks(reference)
    pairs = list(_pairs(reference))
    assert len(pairs) == 2 * len(theirs.slide_layouts) > 10
    for api, ours in pairs:
        assert _xml(ours) == _xml(api)
        assert ours.part.partname == api.part.partname
        assert ours.slide_layout.part.partname == api.slide_layout.part.partname
    (api_deck,) = {id(api.part.package): api.part.package for api, _ in pairs}.values()
    (our_deck,) = {id(ours.part.package): ours.part.package for _, ours in pairs}.values()
    listed = [etree.tostring(d.presentation_part._element.sldIdLst) for d in (api_deck, our_deck)]
    assert listed[0] == listed[1]


def test_a_slide_s_placeholder_is_the_one_python_pptx_finds(reference: bytes) -> None:
    found = 0
    for api, ours in _pairs(reference):
        for types in TYPES:
            theirs = _layouts.placeholder(api, types)
            mine = slide_placeholder(ours, types)
            assert (mine is None) is (theirs is None)
            if mine is not None:
                found += 1
                assert type(mine) is type(theirs)
                assert etree.tostring(mine._element) == etree.tostring(theirs._element)
                assert mine.part is ours.part  # a link or picture relates to this slide
    assert found > 10


def test_unkept_placeholders_are_removed_as_python_pptx_removes_them(reference: bytes) -> None:
    removed = 0
    for api, ours in _pairs(reference):
        kept = {s.shape_id for s in list(api.placeholders)[::2]}  # every other one kept
        for shape in list(api.placeholders):
            if shape.shape_id not in kept:
                shape._element.getparent().remove(shape._element)
                removed += 1
        drop_placeholders(ours._element.cSld.spTree, kept)
        assert _xml(ours) == _xml(api)
    assert removed > 5


def test_a_layout_s_areas_are_read_once_per_reference(reference: bytes) -> None:
    deck = pptx.Presentation(io.BytesIO(reference))
    width, height = int(deck.slide_width), int(deck.slide_height)
    _layouts._KNOWN_INFO.clear()
    for layout in deck.slide_layouts:
        assert _layouts.known_layout_info(_digest(reference), layout, width, height) == (
            _layouts.layout_info(layout, width, height)
        )
    read = len(_layouts._KNOWN_INFO)
    assert read == len(deck.slide_layouts)
    again = pptx.Presentation(io.BytesIO(reference)).slide_layouts[0]
    known = _layouts.known_layout_info(_digest(reference), again, width, height)
    assert known.layout is again  # the layout of the deck being written
    assert len(_layouts._KNOWN_INFO) == read
    _layouts.known_layout_info(_digest(reference), again, width // 2, height)  # another slide size
    _layouts.known_layout_info(_digest(reference + b"\0"), again, width, height)  # other bytes
    assert len(_layouts._KNOWN_INFO) == read + 2


def test_placeholders_are_taken_in_idx_order_and_never_vertical() -> None:
    """A slide whose body placeholders come in reverse `idx` order, the first one vertical."""
    deck = pptx.Presentation(str(REPO / "templates" / "pptx" / "reference.pptx"))
    blank = min(deck.slide_layouts, key=lambda layout: len(layout.placeholders))
    slide = deck.slides.add_slide(blank)
    tree = slide._element.cSld.spTree
    for shape_id, idx, orient in ((20, 3, "horz"), (21, 2, "horz"), (22, 1, "vert")):
        tree.add_placeholder(shape_id, f"Body {idx}", PH.BODY, orient, "full", idx)
    body = (PH.BODY,)
    assert _layouts.placeholder(slide, body).shape_id == 21  # the API's own answer
    assert slide_placeholder(slide, body).shape_id == 21
    drop_placeholders(tree, {21})
    assert [s.shape_id for s in slide.placeholders] == [21]


def test_the_notes_go_in_the_placeholder_python_pptx_names(reference: bytes) -> None:
    for api, ours in list(_pairs(reference))[:3]:
        theirs = api.notes_slide.notes_placeholder
        mine = notes_body(ours.notes_slide)
        assert theirs is not None
        assert mine is not None
        assert type(mine) is type(theirs)
        assert etree.tostring(mine._element) == etree.tostring(theirs._element)
    page = ours.notes_slide
    for shape in list(page.placeholders):  # a notes page without its body placeholder
        if shape.placeholder_format.type == PH.BODY:
            shape._element.getparent().remove(shape._element)
    assert notes_body(page) is None is page.notes_placeholder
