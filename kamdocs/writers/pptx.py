"""Write an `ir.Document` as a PowerPoint deck on the layouts of a reference presentation.

Each `ir.SlideBreak` starts a slide; the blocks up to the next one are its body. Slides are
placed on layouts by role (`_layouts`: by name, then by placeholders, so that corporate and
localised decks work). The reference's own slides are dropped, its theme and layouts kept.

The body is laid out by `_slides` in the layout's content area, in text boxes, tables and
native charts that the writer sizes itself: a body too long for one slide continues on
slides whose title ends with `continued`; body text is never shrunk to fit (only a title
too long for its placeholder gets smaller). Every slide gets the marking of `meta.header`
and its number at the bottom, and its speaker notes.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER as PH
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.util import Pt

from kamdocs import ir
from kamdocs.errors import KamdocsError
from kamdocs.memo import Memo
from kamdocs.valueclass import valueclass
from kamdocs.writers import _slide_shapes as shapes
from kamdocs.writers._coreprops import set_core_properties
from kamdocs.writers._layouts import (
    MARKING_ZONE,
    TITLE_TYPES,
    LayoutInfo,
    known_layout_info,
    resolve_layouts,
)
from kamdocs.writers._measure import EMU_PER_INCH, Box, TextUnit, fit_size, text_height
from kamdocs.writers._package_props import APP_PART, drop_thumbnail, fresh_app_properties
from kamdocs.writers._partnames import name_parts_from_a_list
from kamdocs.writers._placeholders import drop_placeholders, notes_body, slide_placeholder
from kamdocs.writers._slides import Page, Placed, block_units, lay_out
from kamdocs.writers._zip import opening_error, pack_members, package_members

MARKING_HEIGHT = int(0.26 * EMU_PER_INCH)
NUMBER_WIDTH = int(0.8 * EMU_PER_INCH)
MARKING_PT = 9
LOGO_BOX = (int(2.0 * EMU_PER_INCH), int(0.9 * EMU_PER_INCH))
TITLE_MIN_PT = 16
KICKER_PT = 12  # the topic above a title that states the slide's message
KICKER_HEIGHT = int(0.3 * EMU_PER_INCH)
MESSAGE_TITLE_PT = 24  # a title that is a sentence is set smaller than a topic
SLIDE_REF = re.compile(r"\{slide#([A-Za-z0-9_-]+)\}")
SUBTITLE_PT = (20, 11)  # title-slide text: preferred and least size


# --- slides ---------------------------------------------------------------------------------


@valueclass(frozen=True)
class _Slide:
    start: ir.SlideBreak
    body: tuple[ir.Block, ...]


def group_slides(blocks: Iterable[ir.Block]) -> list[_Slide]:
    """Return the slides of a block sequence; blocks before any break go on a content slide."""
    slides: list[_Slide] = []
    start: ir.SlideBreak | None = None
    body: list[ir.Block] = []
    for block in blocks:
        if isinstance(block, ir.SlideBreak):
            if start is not None or body:
                slides.append(_Slide(start or ir.SlideBreak(), tuple(body)))
            start, body = block, []
        elif not isinstance(block, ir.PageBreak | ir.TableOfContents):
            body.append(block)
    if start is not None or body:
        slides.append(_Slide(start or ir.SlideBreak(), tuple(body)))
    return slides


BLANK_TREES_KEPT = 32  # a few references' layouts
# A new slide's shape tree, by the digest of the reference and the layout's part name.
_BLANK_TREES: Memo[tuple[bytes, str], Any] = Memo(BLANK_TREES_KEPT)


class _DeckWriter:
    def __init__(
        self,
        deck: Any,
        reference_digest: bytes,
        layouts: dict[str, Any],
        meta: ir.Meta,
        continued: str,
    ):
        self.deck = deck
        self.anchors: dict[str, int] = {}
        self._notes_page: Any = None  # the first notes page's markup, before its text
        self.reference_digest = reference_digest  # the SHA-256 of the reference's bytes
        self.meta = meta
        self.continued = continued
        self.width = int(deck.slide_width)
        self.height = int(deck.slide_height)
        self.layouts = {
            role: known_layout_info(reference_digest, layout, self.width, self.height)
            for role, layout in layouts.items()
        }
        box = (self.layouts.get("content") or next(iter(self.layouts.values()))).body
        self.marking = Box(
            box.x,
            self.height - MARKING_ZONE + (MARKING_ZONE - MARKING_HEIGHT) // 2,
            box.w,
            MARKING_HEIGHT,
        )

    def pages(self, slide: _Slide) -> list[Page]:
        role = slide.start.layout
        if role in ("title", "section"):
            return [[]]  # title and section slides hold their text in placeholders
        return lay_out(slide.body, self.layouts[role].body)

    def add(self, slide: _Slide, page: Page, index: int, number: int, total: int) -> None:
        role = slide.start.layout
        info = self.layouts[role]
        target = self.new_slide(info.layout)
        kept: set[int] = set()
        title = slide.start.title + (f" {self.continued}" if index else "")
        self.title(target, info, title, kept, slide.start.kicker)
        if role in ("title", "section"):
            self.opening(target, info, slide, kept)
        for placed in page:
            self.draw(target, placed)
        drop_placeholders(target._element.cSld.spTree, kept)
        m = self.marking
        if self.meta.header:
            shapes.small_text(
                target, m.x, m.y, m.w - NUMBER_WIDTH, m.h, self.meta.header, MARKING_PT
            )
        shapes.small_text(
            target,
            m.right - NUMBER_WIDTH,
            m.y,
            NUMBER_WIDTH,
            m.h,
            f"{number} / {total}",
            MARKING_PT,
            "right",
        )
        resolve_slide_refs(target, self.anchors)
        if slide.start.notes:
            body = notes_body(self.notes(target))
            if body is not None:  # a notes master without a body has no room for them
                body.text_frame.text = slide.start.notes

    def new_slide(self, layout: Any) -> Any:
        """Return a new slide on `layout`, as python-pptx's `add_slide` makes it: the first
        of its layout in the process clones the layout's placeholders through python-pptx,
        the others get a copy of that first clone (the same markup: a new slide's shape ids
        start afresh, and the clone reads the reference's layout alone)."""
        rel_id, target = self.deck.part.add_slide(layout)
        key = (self.reference_digest, str(layout.part.partname))
        blank = _BLANK_TREES.get(key)
        if blank is None:
            target.shapes.clone_layout_placeholders(layout)
            _BLANK_TREES.keep(key, copy.deepcopy(target._element.cSld.spTree))
        else:
            tree = target._element.cSld.spTree
            tree.getparent().replace(tree, copy.deepcopy(blank))
        self.deck.slides._sldIdLst.add_sldId(rel_id)
        return target

    def notes(self, target: Any) -> Any:
        """Return a new notes page of slide `target`: the first through python-pptx, which
        clones the notes master's placeholders into it; the others as copies of that first
        clone, related as python-pptx relates them (the same markup, without cloning the
        master's placeholders again for each slide)."""
        if self._notes_page is None:
            page = target.notes_slide
            self._notes_page = copy.deepcopy(page._element)
            return page
        package = target.part.package
        part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            copy.deepcopy(self._notes_page),
        )
        part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(target.part, RT.SLIDE)
        target.part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide

    def draw(self, target: Any, placed: Placed) -> None:
        match placed.kind:
            case "text":
                shapes.text_box(target, placed)
            case "table":
                shapes.table(target, placed)
            case "chart":
                shapes.chart(target, placed, self.meta.language)
            case "image":
                shapes.picture(target, placed)

    def title(
        self, target: Any, info: LayoutInfo, text: str, kept: set[int], kicker: str = ""
    ) -> None:
        """Fill the title; a kicker (the slide's topic) goes in small type above it, the
        title's box moving down to make room for it."""
        holder = slide_placeholder(target, TITLE_TYPES)
        if holder is None or not text:
            return
        kept.add(holder.shape_id)
        holder.text_frame.text = text
        holder.text_frame.word_wrap = True
        box, size = info.title, info.title_pt
        if box is None:
            return
        if kicker and box.h > 2 * KICKER_HEIGHT:
            topic = shapes.small_text(target, box.x, box.y, box.w, KICKER_HEIGHT, kicker, KICKER_PT)
            topic.name = "Kicker"
            box = Box(box.x, box.y + KICKER_HEIGHT, box.w, box.h - KICKER_HEIGHT)
            holder.left, holder.top, holder.width, holder.height = box.x, box.y, box.w, box.h
            size = min(size, MESSAGE_TITLE_PT)
            for run in holder.text_frame.paragraphs[0].runs:
                run.font.size = Pt(size)
        units = [TextUnit((ir.Text(text),), "title")]
        if text_height(units, box.w, size) > box.h:  # long names wrap, then get smaller
            fitted = fit_size(units, box, size, TITLE_MIN_PT)
            for run in holder.text_frame.paragraphs[0].runs:
                run.font.size = Pt(fitted)

    def opening(self, target: Any, info: LayoutInfo, slide: _Slide, kept: set[int]) -> None:
        """Fill a title or section slide: subtitle and text in its text placeholder."""
        units = (
            [TextUnit((ir.Text(slide.start.subtitle),), "heading")] if slide.start.subtitle else []
        )
        others: list[ir.Block] = []
        for block in slide.body:
            found = block_units(block)
            units.extend(found)
            if not found:
                others.append(block)
        holder = slide_placeholder(target, (PH.SUBTITLE, PH.BODY, PH.OBJECT))
        box = info.text
        if units and holder is not None and box is not None:
            kept.add(holder.shape_id)
            size = fit_size(units, box, *SUBTITLE_PT)
            shapes.fill_frame(holder.text_frame, units, size, set_insets=False)
        elif units:
            area = info.body
            size = fit_size(units, area, *SUBTITLE_PT)
            shapes.text_box(
                target,
                Placed(
                    "text",
                    tuple(units),
                    area.x,
                    area.y,
                    area.w,
                    text_height(units, area.w, size),
                    size,
                ),
            )
        logo_w, logo_h = LOGO_BOX
        for block in others:
            if isinstance(block, ir.Image):
                x = self.width - self.width // 20 - logo_w
                self.draw(target, Placed("image", block, x, self.height // 20, logo_w, logo_h))


def resolve_slide_refs(target: Any, anchors: Mapping[str, int]) -> None:
    """Replace each `{slide#<anchor>}` in the slide's text by the number of that slide."""

    def number(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in anchors:
            known = ", ".join(sorted(anchors)) or "none"
            raise KamdocsError(f"no slide with anchor '{name}' to refer to; anchors: {known}")
        return str(anchors[name])

    # The text of every run on the slide: its shapes', its placeholders' and its tables' cells.
    run_tag = qn("a:r")
    for text in target._element.iter(qn("a:t")):
        if text.text and "{slide#" in text.text and text.getparent().tag == run_tag:
            text.text = SLIDE_REF.sub(number, text.text)


# --- package --------------------------------------------------------------------------------


def _drop_slides(deck: Any) -> None:
    """Remove the reference's own slides (its layouts and theme are what we keep)."""
    id_list = deck.slides._sldIdLst
    for slide_id in list(id_list):
        deck.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def _list_notes_master(deck: Any) -> None:
    """Name the notes master in `p:notesMasterIdLst`, as PowerPoint does, when the deck has one.

    python-pptx relates a notes master to the presentation when the first speaker notes are
    written but does not list it; PowerPoint expects the list right after the slide masters'.
    """
    rel_id = next(
        (r_id for r_id, rel in deck.part.rels.items() if rel.reltype == RT.NOTES_MASTER), None
    )
    presentation = deck.part._element
    if rel_id is None or presentation.find(qn("p:notesMasterIdLst")) is not None:
        return
    listing = etree.Element(qn("p:notesMasterIdLst"))
    etree.SubElement(listing, qn("p:notesMasterId")).set(qn("r:id"), rel_id)
    presentation.find(qn("p:sldMasterIdLst")).addnext(listing)


def write_pptx(
    document: ir.Document,
    reference: bytes,
    *,
    reference_name: str = "reference.pptx",
    continued: str = "(cont.)",
) -> bytes:
    """Return the .pptx bytes of `document` on the layouts and theme of the reference deck
    whose bytes are `reference` (`reference_name` names it in messages).

    `continued` is appended to the title of the slides that continue a long list or table.
    """
    try:
        deck = pptx.Presentation(io.BytesIO(reference))
    except Exception as exc:  # python-pptx raises several types for a file that is not a deck
        reason = opening_error(exc, reference_name)
        raise KamdocsError(f"{reference_name}: not a readable PowerPoint file ({reason})") from None
    slides = group_slides(document.blocks)
    asked: dict[str, str] = {}
    for slide in slides:
        asked.setdefault(slide.start.layout, slide.start.source)
    layouts = resolve_layouts(deck, asked, reference_name)
    _drop_slides(deck)
    # From here on parts are only added (slides, notes pages, charts): a part removed later
    # would stay on the list of names taken, and the next new part would skip its name.
    name_parts_from_a_list(deck.part.package)
    digest = hashlib.sha256(reference).digest()  # what the memos of its layouts are kept by
    writer = _DeckWriter(deck, digest, layouts, document.meta, continued)
    paged = [(slide, writer.pages(slide)) for slide in slides]
    total = sum(len(pages) for _, pages in paged)
    number = 0
    for slide, pages in paged:
        if slide.start.anchor:
            writer.anchors.setdefault(slide.start.anchor, number + 1)
        number += len(pages)
    number = 0
    for slide, pages in paged:
        for index, page in enumerate(pages):
            number += 1
            writer.add(slide, page, index, number, total)
    set_core_properties(deck.core_properties, document.meta)
    drop_thumbnail(deck.part.package._rels)
    _list_notes_master(deck)
    rewrite = {APP_PART: fresh_app_properties}
    members = package_members(deck.part.package)
    return pack_members(members, document.meta.created or None, rewrite)
