"""Find the slide layout of each role in a reference deck, and the areas a layout offers.

A role ("title", "content", ...) is looked up by PowerPoint's usual layout name first, then
by the placeholders a layout holds, since corporate and localised decks name their layouts
their own way ("Titre et contenu"); then the layouts of neighbouring roles stand in. When
nothing fits, the error lists the layouts of the file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER as PH

from kamdocs.errors import KamdocsError, did_you_mean
from kamdocs.memo import Memo
from kamdocs.valueclass import valueclass
from kamdocs.writers import _slide_shapes as shapes
from kamdocs.writers._measure import EMU_PER_INCH, Box
from kamdocs.writers._slides import BLOCK_GAP

# role -> layout names tried first, in order (PowerPoint's English names).
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "section": ("Section Header",),
    "content": ("Title and Content",),
    "two": ("Two Content",),
    "comparison": ("Comparison",),
    "title_only": ("Title Only",),
    "blank": ("Blank",),
}
# role -> roles whose layouts may stand in, in order, when the file has none for the role.
ROLE_FALLBACKS: dict[str, tuple[str, ...]] = {
    "title": ("section", "title_only", "content"),
    "section": ("title", "title_only", "content"),
    "content": ("title_only", "two"),
    "two": ("comparison", "content", "title_only"),
    "comparison": ("two", "content", "title_only"),
    "title_only": ("content",),
    "blank": ("title_only", "content"),
}
TITLE_TYPES = (PH.TITLE, PH.CENTER_TITLE)
BODY_TYPES = (PH.OBJECT, PH.BODY, PH.TABLE, PH.CHART)
FOOTER_TYPES = (PH.DATE, PH.FOOTER, PH.SLIDE_NUMBER)
MARKING_ZONE = int(0.5 * EMU_PER_INCH)  # kept free at the bottom of every slide


# --- layouts --------------------------------------------------------------------------------


def _kinds(layout: Any) -> list[Any]:
    """Return the placeholder types of a layout that matter for content (no vertical text)."""
    kinds = []
    for shape in layout.placeholders:
        kind = shape.placeholder_format.type
        if kind in FOOTER_TYPES or shape._element.ph_orient == "vert":
            continue
        kinds.append(kind)
    return kinds


def _count(kinds: Sequence[Any], *wanted: Any) -> int:
    return sum(1 for k in kinds if k in wanted)


_SIGNATURES: dict[str, tuple[str, Callable[[list[Any]], bool]]] = {
    "title": (
        "a title and a subtitle",
        lambda k: _count(k, *TITLE_TYPES) == 1 and (PH.CENTER_TITLE in k or PH.SUBTITLE in k),
    ),
    "section": (
        "a title and one text placeholder",
        lambda k: (
            PH.TITLE in k
            and _count(k, PH.BODY) == 1
            and _count(k, PH.OBJECT, PH.SUBTITLE, PH.PICTURE) == 0
        ),
    ),
    "content": (
        "a title and one content placeholder",
        lambda k: PH.TITLE in k and _count(k, *BODY_TYPES) == 1,
    ),
    "two": (
        "a title and two content placeholders",
        lambda k: PH.TITLE in k and _count(k, PH.OBJECT) == 2 and _count(k, PH.BODY) == 0,
    ),
    "comparison": (
        "a title and two content placeholders with headings",
        lambda k: PH.TITLE in k and _count(k, PH.OBJECT) == 2 and _count(k, PH.BODY) == 2,
    ),
    "title_only": (
        "a title only",
        lambda k: _count(k, *TITLE_TYPES) == 1 and _count(k, *BODY_TYPES, PH.SUBTITLE) == 0,
    ),
    "blank": ("no title", lambda k: _count(k, *TITLE_TYPES) == 0),
}


def _find_layout(layouts: Sequence[Any], role: str) -> Any | None:
    names = {n.casefold() for n in ROLE_NAMES[role]}
    for layout in layouts:
        if layout.name.strip().casefold() in names:
            return layout
    _, fits = _SIGNATURES[role]
    return next((layout for layout in layouts if fits(_kinds(layout))), None)


def resolve_layouts(deck: Any, roles: Mapping[str, str], source: str) -> dict[str, Any]:
    """Return the layout of each role, or fail listing the layouts the deck has.

    `roles` maps each role to the template line (`file:line`, or "") that first asks for it.
    """
    layouts = list(deck.slide_layouts)
    found: dict[str, Any] = {}
    for role, asked_at in roles.items():
        if role not in ROLE_NAMES:
            known = ", ".join(ROLE_NAMES)
            where = asked_at or "template"
            hint = did_you_mean(role, ROLE_NAMES)
            raise KamdocsError(
                f"{where}: unknown slide layout role '{role}'"
                f"{f' ({hint})' if hint else ''}; roles: {known}"
            )
        for candidate in (role, *ROLE_FALLBACKS[role]):
            layout = _find_layout(layouts, candidate)
            if layout is not None:
                found[role] = layout
                break
        else:
            have = ", ".join(f"'{layout.name}'" for layout in layouts) or "none"
            wanted = " or ".join(f"'{n}'" for n in ROLE_NAMES[role])
            raise KamdocsError(
                f"{source}: no slide layout for {role} slides (looked for {wanted} or a "
                f"layout with {_SIGNATURES[role][0]}); layouts in this file: {have}"
            )
    return found


# --- geometry -------------------------------------------------------------------------------


def rect(shape: Any) -> Box | None:
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def placeholder(owner: Any, types: Sequence[Any]) -> Any | None:
    return next(
        (
            s
            for s in owner.placeholders
            if s.placeholder_format.type in types and s._element.ph_orient != "vert"
        ),
        None,
    )


def content_box(layout: Any, width: int, height: int) -> Box:
    """Return the area of a layout that holds the body: its content placeholders' bounds,
    else the space under its title; never closer to the bottom than the marking zone."""
    bottom_limit = height - MARKING_ZONE
    rects = [
        r
        for s in layout.placeholders
        if s.placeholder_format.type in BODY_TYPES
        and s._element.ph_orient != "vert"
        and (r := rect(s)) is not None
    ]
    title = placeholder(layout, TITLE_TYPES)
    title_rect = rect(title) if title is not None else None
    margin = width // 20
    if rects:
        left, top = min(r.x for r in rects), min(r.y for r in rects)
        right, bottom = max(r.right for r in rects), max(r.bottom for r in rects)
    elif title_rect is not None:
        left, right = title_rect.x, title_rect.right
        top, bottom = title_rect.bottom + BLOCK_GAP, bottom_limit
    else:
        left, top, right, bottom = margin, margin, width - margin, bottom_limit
    left, right = max(left, 0), min(right, width)
    top, bottom = max(top, 0), min(bottom, bottom_limit)
    if bottom - top < EMU_PER_INCH:  # a layout whose body sits in the marking zone
        top = min(top, bottom_limit - EMU_PER_INCH)
        bottom = bottom_limit
    return Box(left, top, right - left, bottom - top)


@valueclass(frozen=True)
class LayoutInfo:
    """What the writer needs of one layout, read once: the body area, the title's box and
    inherited size, and the text placeholder of title and section slides."""

    layout: Any
    body: Box
    title: Box | None
    title_pt: float
    text: Box | None


def known_layout_info(reference_digest: bytes, layout: Any, width: int, height: int) -> LayoutInfo:
    """Return `layout_info` of `layout`, a layout of the deck whose bytes' SHA-256 is
    `reference_digest`: read once per process for the same deck, layout part and slide size (a
    watch session and a batch write many decks on one reference; what is read depends on
    nothing else)."""
    key = (reference_digest, str(layout.part.partname), width, height)
    known = _KNOWN_INFO.get(key)
    if known is None:
        known = _KNOWN_INFO.keep(key, dataclasses.replace(layout_info(layout, width, height),
                                                          layout=None))  # fmt: skip
    return dataclasses.replace(known, layout=layout)


KNOWN_INFO_KEPT = 32  # a few references' layouts; the layout objects themselves are not kept
_KNOWN_INFO: Memo[tuple[bytes, str, int, int], LayoutInfo] = Memo(KNOWN_INFO_KEPT)


def layout_info(layout: Any, width: int, height: int) -> LayoutInfo:
    title = placeholder(layout, TITLE_TYPES)
    text = placeholder(layout, (PH.SUBTITLE, PH.BODY, PH.OBJECT))
    return LayoutInfo(
        layout,
        content_box(layout, width, height),
        rect(title) if title is not None else None,
        shapes.inherited_title_size(layout),
        rect(text) if text is not None else None,
    )
