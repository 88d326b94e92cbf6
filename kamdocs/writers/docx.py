"""Write an `ir.Document` as a .docx on top of a reference document (styles, page, header).

The reference document's content is ignored; its styles, page setup, headers and footers are
kept. Style names are resolved once, before anything is written, so a corporate template that
lacks a required style fails with the list of styles it has.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from typing import Any, assert_never

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from kamdocs import ir
from kamdocs.errors import KamdocsError
from kamdocs.ir.pages import page_estimates
from kamdocs.valueclass import valueclass
from kamdocs.writers import _chartxml, _colwidths, _contents, _fields, _ooxml, _sections
from kamdocs.writers._coreprops import set_core_properties
from kamdocs.writers._fonts import FaceFinder
from kamdocs.writers._package_props import APP_PART, drop_thumbnail, fresh_app_properties
from kamdocs.writers._tablefont import table_font
from kamdocs.writers._zip import opening_error, pack_members, package_members

# role -> candidate style names, first found wins; required roles fail preflight when absent.
STYLE_ROLES: dict[str, tuple[str, ...]] = {
    "body": ("Normal",),
    "heading_1": ("Heading 1",),
    "heading_2": ("Heading 2",),
    "heading_3": ("Heading 3",),
    "heading_4": ("Heading 4", "Heading 3"),
    "title": ("Title", "Heading 1"),
    "subtitle": ("Subtitle", "Normal"),
    "caption": ("Caption", "Normal"),
    "note": ("Note", "Quote", "Caption", "Normal"),
    "header": ("Header", "Normal"),
    "footer": ("Footer", "Normal"),
    "bullet": ("List Bullet",),
    "number": ("List Number",),
    "toc_heading": ("TOC Heading", "Heading 1"),
    "toc_1": ("TOC 1", "toc 1"),
    "toc_2": ("TOC 2", "toc 2"),
    "table": ("KAM Table", "Table Grid"),
    "table_plain": ("Table Grid", "KAM Table"),  # tables without a header row
    "hyperlink": ("Hyperlink",),
}
REQUIRED_ROLES = ("body", "heading_1", "heading_2", "heading_3")
# Key-value tables (no header row) of up to this many rows are kept on one page.
KEEP_TOGETHER_ROWS = 12
_SAFE_LINK = ("http://", "https://", "mailto:")


@valueclass
class _Styles:
    ids: dict[str, str | None]
    table_is_styled: bool


def _resolve_styles(document: Any, overrides: Mapping[str, str], source: str) -> _Styles:
    by_name = {s.name: s for s in document.styles}
    ids: dict[str, str | None] = {}
    missing: list[str] = []
    for role, candidates in STYLE_ROLES.items():
        wanted = overrides.get(role)
        names = (wanted, *candidates) if wanted else candidates
        found = next((by_name[n] for n in names if n in by_name), None)
        if wanted and wanted not in by_name:
            missing.append(f"'{wanted}' (styles.{role} in kamdocs.yaml)")
        if found is None and role in REQUIRED_ROLES:
            missing.append(f"'{candidates[0]}'")
        ids[role] = found.style_id if found is not None else None
    if missing:
        have = ", ".join(
            sorted(f"'{s.name}'" for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH)
        )
        raise KamdocsError(
            f"{source}: missing style {', '.join(missing)}; paragraph styles available: {have}"
        )
    table_style = by_name.get(overrides.get("table", "")) or by_name.get("KAM Table")
    return _Styles(ids, table_is_styled=table_style is not None)


class _Writer:
    def __init__(
        self,
        document: Any,
        styles: _Styles,
        language: str = "",
        fonts: FaceFinder | None = None,
        pages: _fields.PageNumbers | None = None,
        anchors: Mapping[str, str] | None = None,
        layouts: MutableMapping[str, _colwidths.Layout] | None = None,
    ):
        self.language = language
        self.doc = document
        self.styles = styles
        self.body = document.element.body
        self.part = document.part
        self.next_shape_id = 1000
        self.charts = 0
        section = document.sections[0]
        self.text_width = int(section.page_width - section.left_margin - section.right_margin)
        self.table_pages = _TablePages(document, styles, section, fonts, layouts)
        self.after_heading = False  # the block written last was a heading
        self.bookmarks = _fields.Bookmarks()
        self.toc: list[_contents.Entry] = []
        # Where each heading's bookmark lands, known before any block is written, so that a
        # reference to a later section shows its page too.
        self.pages = pages or _fields.PageNumbers()
        self.anchors = dict(anchors or {})  # heading anchor -> its bookmark
        self.deferred = _ooxml.DeferredRows() if _ooxml.DeferredRows.usable(self.body) else None

    def sid(self, role: str) -> str | None:
        return self.styles.ids.get(role)

    # -- inlines -----------------------------------------------------------------------------

    def inlines(
        self, p: Any, inlines: Sequence[ir.Inline], *, bold: bool = False, color: str | None = None
    ) -> None:
        for inline in inlines:
            match inline:
                case ir.Text(page_of=str(anchor)) | ir.Text(link=str(anchor)) if (
                    anchor.lstrip("#") in self.anchors
                ):
                    self.anchor_link(p, inline, self.anchors[anchor.lstrip("#")], bold)
                case ir.Text(text=text, link=link) if link and link.startswith(_SAFE_LINK):
                    rel_id = self.part.relate_to(link, RT.HYPERLINK, is_external=True)
                    _ooxml.hyperlink(
                        p,
                        rel_id,
                        text,
                        self.sid("hyperlink"),
                        bold=inline.bold or bold,
                        italic=inline.italic,
                    )
                case ir.Text():
                    _ooxml.run(
                        p,
                        inline.text,
                        bold=inline.bold or bold,
                        italic=inline.italic,
                        color=inline.color or color,
                    )
                case ir.LineBreak():
                    _ooxml.line_break(p)
                case _:
                    assert_never(inline)

    def para(
        self,
        role: str,
        inlines: Sequence[ir.Inline],
        align: str | None = None,
        keep_next: bool = False,
    ) -> Any:
        p = _ooxml.paragraph(
            self.body, self.sid(role) or self.sid("body"), align, keep_next=keep_next
        )
        self.inlines(p, inlines)
        return p

    # -- blocks ------------------------------------------------------------------------------

    def block(self, block: ir.Block) -> None:
        if not isinstance(block, ir.Table):
            self.table_pages.upright(self.body)
        after_heading, self.after_heading = self.after_heading, isinstance(block, ir.Heading)
        match block:
            case ir.Heading():
                self.heading(block)
            case ir.Paragraph(inlines=inlines, style=style, align=align):
                role = style if style in STYLE_ROLES else "body"
                # a note under a heading reads as its subtitle: they stay with what follows
                self.para(role, inlines, align, keep_next=after_heading and role == "note")
            case ir.ListBlock():
                self.list_block(block)
            case ir.Table():
                self.table(block)
            case ir.Chart():
                self.chart(block)
            case ir.Image():
                self.image(block)
            case ir.PageBreak():
                p = _ooxml.paragraph(self.body)
                _ooxml.line_break(p, page=True)
            case ir.TableOfContents(title=title):
                self.toc_marker(title)
            case ir.SlideBreak():
                pass  # slide structure has no meaning in a Word document
            case ir.Columns(columns=columns):
                for column in columns:
                    for inner in column:
                        self.block(inner)
            case _:
                assert_never(block)

    def anchor_link(self, p: Any, inline: ir.Text, name: str, bold: bool) -> None:
        """Write a link to bookmark `name`: the run's text, or (`page_of`) its page as a
        PAGEREF field holding the estimated page."""
        link = _fields.internal_link(p, name)
        style = self.sid("hyperlink")
        if inline.page_of:
            _fields.pageref(link, name, self.pages)
        else:
            _ooxml.run(link, inline.text, bold=inline.bold or bold, italic=inline.italic,
                       style=style, color=None if style else "0563C1")  # fmt: skip

    def heading(self, block: ir.Heading) -> None:
        """Write a heading with its bookmark; levels 1-2 go to the contents."""
        level = max(1, min(block.level, 4))
        p = self.para(f"heading_{level}", block.inlines)
        text = _heading_text(block)
        name = self.bookmarks.name_for(text)
        self.bookmarks.wrap(p, name)
        if block.level <= 2:
            self.toc.append(_contents.Entry(block.level, text, name))

    def list_block(self, block: ir.ListBlock) -> None:
        """Write a list in the reference's list styles, or with typed bullets without them."""
        role = "number" if block.ordered else "bullet"
        num_id = self.restarted_numbering() if block.ordered else None
        for i, item in enumerate(block.items):
            if self.sid(role):
                p = self.para(role, item)
                if num_id is not None:
                    num_pr = p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = num_id
            else:
                prefix = f"{i + 1}. " if block.ordered else "• "
                self.para("body", (ir.Text(prefix), *item))

    def toc_marker(self, title: str) -> None:
        """Write the contents heading and a marker that `finish_toc` replaces by the field."""
        if title:
            self.para("toc_heading", (ir.Text(title),))
        marker = _ooxml.paragraph(self.body)
        marker.set("kamdocs-toc", "1")

    def restarted_numbering(self) -> int | None:
        """Return a new numbering instance of the numbered-list style that starts at 1.

        Every "List Number" paragraph otherwise shares one instance, so a second list would
        continue the first one's numbers. None when the style has no numbering to restart.
        """
        style_id = self.sid("number")
        style = self.doc.styles.element.get_by_id(style_id) if style_id else None
        num_pr = style.pPr.numPr if style is not None and style.pPr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        numbering = self.part.numbering_part.element
        num = numbering.num_having_numId(num_pr.numId.val)
        restarted = numbering.add_num(num.abstractNumId.val)
        restarted.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(restarted.numId)

    def table(self, table: ir.Table) -> None:
        if not table.rows:
            return
        style = self.sid("table") if table.header_rows else self.sid("table_plain")
        widths, cell_style = self.table_pages.place(self.body, table, style)
        header_fill = None if self.styles.table_is_styled else "1F3864"
        _ooxml.table(
            self.body,
            table.rows,
            table.header_rows,
            widths,
            style,
            cell_style,
            self.inlines,
            header_fill,
            self.deferred,
            keep_rows=_kept_rows(table),
        )
        # A small empty paragraph keeps two consecutive tables from merging into one.
        _ooxml.paragraph(self.body, self.sid("note") or self.sid("body"))

    def chart(self, chart: ir.Chart) -> None:
        chart = _chartxml.localised(chart, self.language)
        markup, workbook = _chartxml.chart_parts(chart, _chartxml.word_style(chart))
        element = etree.fromstring(markup)
        self.charts += 1
        package = self.part.package
        n = self.charts
        xlsx_part = Part(
            PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{n}.xlsx"),
            CT.SML_SHEET,
            workbook,
            package,
        )
        chart_part = Part(PackURI(f"/word/charts/chart{n}.xml"), CT.DML_CHART, b"", package)
        workbook_rel = chart_part.relate_to(xlsx_part, RT.PACKAGE)
        _ooxml.external_data(element, workbook_rel)
        chart_part._blob = etree.tostring(
            element, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        rel_id = self.part.relate_to(chart_part, RT.CHART)
        p = _ooxml.paragraph(self.body, self.sid("body"), "center")
        self.next_shape_id += 1
        width, height = _chartxml.word_size_cm(chart)
        _ooxml.chart_inline(p, rel_id, self.next_shape_id, int(Cm(width)), int(Cm(height)))

    def image(self, image: ir.Image) -> None:
        p = _ooxml.paragraph(self.body, self.sid("body"))
        from docx.text.paragraph import Paragraph

        shape = (
            Paragraph(p, self.doc._body)
            .add_run()
            .add_picture(
                io.BytesIO(image.data), width=Cm(image.width_cm) if image.width_cm else None
            )
        )
        # From a stream python-docx names the picture "image.png"; keep the file's own name.
        inline: Any = shape._inline  # python-docx's oxml proxies are untyped
        inline.graphic.graphicData.pic.nvPicPr.cNvPr.set("name", image.name)

    def finish_toc(self) -> None:
        """Replace the contents marker by the contents."""
        for marker in self.body.iter(_ooxml.W_P):
            if marker.get("kamdocs-toc"):
                ids = {1: self.sid("toc_1"), 2: self.sid("toc_2")}
                tab = self.text_width // 635
                _contents.contents_field(marker, self.toc, ids, tab, self.pages)
                self.body.remove(marker)
                return


class _TablePages:
    """Column widths from content (`_colwidths`) and landscape sections for wide tables."""

    def __init__(
        self,
        document: Any,
        styles: _Styles,
        section: Any,
        fonts: FaceFinder | None,
        known: MutableMapping[str, _colwidths.Layout] | None = None,
    ):
        self.document = document
        self.known = known
        self.styles = styles
        self.portrait = int(section.page_width - section.left_margin - section.right_margin) // 635
        sideways = int(section.page_height - section.left_margin - section.right_margin) // 635
        self.landscape = sideways if sideways > self.portrait else None
        self.fonts = {
            sid: table_font(document, sid, styles.ids.get("body"), fonts)
            for sid in {styles.ids.get("table"), styles.ids.get("table_plain")}
        }
        self.sideways = False
        self.headings = {
            sid for role, sid in styles.ids.items() if sid and role.startswith("heading_")
        }

    def place(self, body: Any, table: ir.Table, style: str | None) -> tuple[list[int], str | None]:
        """Return the table's widths in twips and its cells' paragraph style; open a
        landscape section first when it needs one."""
        font = self.fonts[style]
        key = None
        if self.known is not None:
            key = _colwidths.layout_key(table, font, self.portrait, self.landscape)
        layout = self.known.get(key) if self.known is not None and key is not None else None
        if not isinstance(layout, _colwidths.Layout):  # not measured before, or damaged
            layout = _colwidths.layout(table, font, self.portrait, self.landscape)
            if self.known is not None and key is not None:
                self.known[key] = layout
        if layout.landscape and not self.sideways:
            _sections.mark(body, "portrait", _sections.lead_in(body, self.headings))
            self.sideways = True
        elif not layout.landscape:
            self.upright(body)
        cell_style = None
        if layout.hyphenate:
            cell_style = _sections.allow_hyphenation(self.document)
        return list(layout.widths), cell_style

    def upright(self, body: Any) -> None:
        """End the landscape section, if one is open, before what comes next."""
        if self.sideways:
            _sections.mark(body, "landscape")
            self.sideways = False


def _kept_rows(table: ir.Table) -> int:
    """Return how many leading rows to keep with the next: a short key-value table stays on
    one page (a lone last row on the next page reads as a broken table); a table with a header
    keeps the header with its first row and otherwise breaks between rows, header repeated."""
    if not table.header_rows and len(table.rows) <= KEEP_TOGETHER_ROWS:
        return len(table.rows) - 1
    return table.header_rows


def _heading_text(block: ir.Heading) -> str:
    return "".join(i.text for i in block.inlines if isinstance(i, ir.Text))


def _headings(block: ir.Block) -> Iterator[ir.Heading]:
    """Yield the headings of `block` in the order `_Writer.block` writes them."""
    if isinstance(block, ir.Heading):
        yield block
    elif isinstance(block, ir.Columns):
        for column in block.columns:
            for inner in column:
                yield from _headings(inner)


def heading_anchors(blocks: Sequence[ir.Block]) -> dict[str, str]:
    """Return the bookmark of each anchored heading (`{#anchor}`), named as the writer names
    it, so that a link may point at a section written after it."""
    marks = _fields.Bookmarks()
    found: dict[str, str] = {}
    for block in blocks:
        for heading in _headings(block):
            name = marks.name_for(_heading_text(heading))
            if heading.anchor:
                found.setdefault(heading.anchor, name)
    return found


def estimated_pages(blocks: Sequence[ir.Block]) -> _fields.PageNumbers:
    """Return the bookmark of every heading of `blocks`, named as the writer names it, with
    an estimate of its page, and an estimate of the page count."""
    marks = _fields.Bookmarks()
    starts, count = page_estimates(blocks)
    pages = {
        marks.name_for(_heading_text(heading)): page
        for block, page in zip(blocks, starts, strict=True)
        for heading in _headings(block)
    }
    return _fields.PageNumbers(pages, count)


def _mark_page(document: Any, meta: ir.Meta, styles: _Styles, pages: _fields.PageNumbers) -> None:
    """Put the marking in every page header and `page x / y` in every footer."""
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        p = (
            header.paragraphs[0]
            if header.paragraphs and not header.paragraphs[0].text
            else header.add_paragraph()
        )
        p.text = ""
        _set_style(p, styles.ids.get("header"))
        p.add_run(meta.header)
        footer = section.footer
        footer.is_linked_to_previous = False
        fp = (
            footer.paragraphs[0]
            if footer.paragraphs and not footer.paragraphs[0].text
            else footer.add_paragraph()
        )
        fp.text = ""
        _set_style(fp, styles.ids.get("footer"))
        if meta.footer:
            fp.add_run(f"{meta.footer} — ")
        fp.add_run(f"{meta.page_label} ")
        _fields.page_field(fp._p)
        fp.add_run(" / ")
        _fields.numpages_field(fp._p, pages)


def _turn_sideways(document: Any) -> None:
    """Make every section landscape: page width and height swapped, margins kept."""
    from docx.enum.section import WD_ORIENT

    for section in document.sections:
        if section.orientation == WD_ORIENT.LANDSCAPE:
            continue
        width, height = section.page_width, section.page_height
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width


def _set_style(paragraph: Any, style_id: str | None) -> None:
    if style_id:
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def write_docx(
    document: ir.Document,
    reference: bytes,
    *,
    reference_name: str = "reference.docx",
    style_names: Mapping[str, str] | None = None,
    fonts: FaceFinder | None = None,
    layouts: MutableMapping[str, _colwidths.Layout] | None = None,
) -> bytes:
    """Return the .docx bytes of `document` styled by the reference .docx whose bytes are
    `reference` (`reference_name` names it in messages). `fonts` finds the faces of the
    reference's fonts, to size table columns with their metrics (estimated without it).
    `layouts` holds tables' column layouts by `_colwidths.layout_key`: those found there are
    not measured again, and those measured are added to it."""
    try:
        word = docx.Document(io.BytesIO(reference))
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        reason = opening_error(exc, reference_name)
        raise KamdocsError(f"{reference_name}: not a readable Word document ({reason})") from None
    styles = _resolve_styles(word, style_names or {}, reference_name)
    if document.meta.landscape:
        _turn_sideways(word)
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    # Estimated page numbers; `_fields.set_laid_out_pages` replaces them after a layout.
    pages = estimated_pages(document.blocks)
    anchors = heading_anchors(document.blocks)
    writer = _Writer(word, styles, document.meta.language, fonts, pages, anchors, layouts)
    # Blocks are appended before the final sectPr, which must stay the body's last child.
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        body.remove(sect_pr)
    for block in document.blocks:
        writer.block(block)
    writer.table_pages.upright(body)
    if sect_pr is not None:
        body.append(sect_pr)
    writer.finish_toc()
    _mark_page(word, document.meta, styles, pages)
    _sections.finish(body)
    _sections.set_language(word.styles.element, document.meta.language)
    set_core_properties(word.core_properties, document.meta)
    if _fields.has_pageref(body):
        word.core_properties.comments = document.meta.pages_note
    drop_thumbnail(word.part.package.rels)
    rewrite: dict[str, Callable[[bytes], bytes]] = {APP_PART: fresh_app_properties}
    if writer.deferred is not None:
        rewrite[word.part.partname.membername] = writer.deferred.splice
    members = package_members(word.part.package)
    return pack_members(members, document.meta.created or None, rewrite)
