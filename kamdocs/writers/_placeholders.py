"""The placeholders of a new slide, read and removed on its markup.

python-pptx finds a slide's placeholders by building a shape object for each element of the
shape tree and asking each one's `p:ph` with an XPath query: over a deck, a tenth of the
writer's time. These functions read the same elements directly and hand back python-pptx's
own placeholder objects where the writer fills them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.shapes.placeholder import (
    ChartPlaceholder,
    NotesSlidePlaceholder,
    PicturePlaceholder,
    PlaceholderGraphicFrame,
    PlaceholderPicture,
    SlidePlaceholder,
    TablePlaceholder,
)
from pptx.shapes.shapetree import SlideShapeFactory

_PH = f"{qn('p:nvPr')}/{qn('p:ph')}"
_ID = qn("p:cNvPr")


def _placeholders(tree: Any) -> Iterator[tuple[Any, Any]]:
    """Yield (shape element, its `p:ph`) for each placeholder of shape tree `tree`, in
    document order (python-pptx's `iter_ph_elms`)."""
    for shape in tree.iterchildren(*CT_GroupShape._shape_tags):
        properties = shape[0] if len(shape) else None  # p:nvSpPr, p:nvPicPr, ...
        ph = properties.find(_PH) if properties is not None else None
        if ph is not None:
            yield shape, ph


def slide_placeholder(slide: Any, types: Sequence[Any]) -> Any | None:
    """Return the slide's first placeholder, in `idx` order as python-pptx lists them, of one
    of `types` and not vertical; None when it has none."""
    found = sorted(_placeholders(slide._element.cSld.spTree), key=lambda pair: pair[1].idx)
    for shape, ph in found:
        if ph.type in types and ph.orient != "vert":
            return _slide_placeholder_object(shape, ph.type, slide.placeholders)
    return None


def _slide_placeholder_object(shape: Any, kind: Any, parent: Any) -> Any:
    """Return python-pptx's object for placeholder `shape` of type `kind` on a slide, the
    class its slide shape factory picks (which reads the element's `p:ph` twice again)."""
    if shape.tag == _SP:
        return _SP_CLASSES.get(kind, SlidePlaceholder)(shape, parent)
    if shape.tag == qn("p:graphicFrame"):
        return PlaceholderGraphicFrame(shape, parent)
    if shape.tag == qn("p:pic"):
        return PlaceholderPicture(shape, parent)
    return SlideShapeFactory(shape, parent)


_SP_CLASSES = {
    PP_PLACEHOLDER.BITMAP: PicturePlaceholder,
    PP_PLACEHOLDER.CHART: ChartPlaceholder,
    PP_PLACEHOLDER.PICTURE: PicturePlaceholder,
    PP_PLACEHOLDER.TABLE: TablePlaceholder,
}


def notes_body(page: Any) -> Any | None:
    """Return the placeholder of a notes page that holds the speaker notes (its first body
    placeholder, as python-pptx's `notes_placeholder`), or None when it has none."""
    for shape, ph in _placeholders(page._element.cSld.spTree):
        if ph.type == PP_PLACEHOLDER.BODY and shape.tag == _SP:
            return NotesSlidePlaceholder(shape, page.placeholders)
    return None


_SP = qn("p:sp")


def drop_placeholders(tree: Any, kept: set[int]) -> None:
    """Remove the placeholders of shape tree `tree` whose shape id is not in `kept`: those
    cloned from the layout that the slide leaves empty (PowerPoint would show their prompt
    text)."""
    for shape, _ph in list(_placeholders(tree)):
        ids = shape[0].find(_ID)
        if ids is None or int(ids.get("id")) not in kept:
            tree.remove(shape)
