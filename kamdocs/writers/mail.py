"""Write an `ir.Document` as an e-mail: its Markdown text, its HTML, and the .eml holding both.

The plain-text part is the Markdown text itself (Markdown reads as plain text), the HTML part
is built from the same blocks, so the two parts always say the same thing. The .eml is
RFC 5322, multipart/alternative, UTF-8, with CRLF line ends; its MIME boundary is derived from
its content and its `Date` header from the document's as-of date, so the same document gives
the same bytes. `X-Unsent: 1` has mail clients open it as a draft, ready to send.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from email import policy
from email.headerregistry import Address as MailAddress
from email.message import EmailMessage
from email.utils import format_datetime
from typing import assert_never

from kamdocs import ir
from kamdocs.errors import KamdocsError

_SAFE_LINK = ("http://", "https://", "mailto:")
_PLACEHOLDER_DOMAIN = "example.invalid"  # RFC 2606: never a real mailbox
_FONT = "font-family:Calibri,Arial,sans-serif;font-size:14px;line-height:1.45;color:#1F1F1F"


# --- Markdown (the plain-text part) ---------------------------------------------------------


def _md_inlines(inlines: tuple[ir.Inline, ...]) -> str:
    out = []
    for inline in inlines:
        match inline:
            case ir.LineBreak():
                out.append("  \n")
            case ir.Text(text=text, bold=bold, italic=italic, link=link):
                shown = text
                if link and link.startswith(_SAFE_LINK):
                    shown = f"[{shown}]({link})"
                if italic and shown.strip():
                    shown = f"*{shown}*"
                if bold and shown.strip():
                    shown = f"**{shown}**"
                out.append(shown)
            case _:
                assert_never(inline)
    return "".join(out)


def _md_block(block: ir.Block) -> list[str]:
    match block:
        case ir.Heading(level=level, inlines=inlines):
            return ["#" * min(level + 1, 6) + " " + _md_inlines(inlines)]
        case ir.Paragraph(inlines=inlines):
            return [_md_inlines(inlines)]
        case ir.ListBlock(items=items, ordered=ordered):
            marks = [f"{n}." if ordered else "-" for n in range(1, len(items) + 1)]
            return [
                "\n".join(
                    f"{mark} {_md_inlines(item)}" for mark, item in zip(marks, items, strict=True)
                )
            ]
        case ir.Table(rows=rows, header_rows=header_rows):
            lines = ["| " + " | ".join(_md_inlines(c.inlines) for c in row) + " |" for row in rows]
            if rows and header_rows:
                lines.insert(header_rows, "|" + "---|" * len(rows[0]))
            return ["\n".join(lines)]
        case ir.Columns(columns=columns):
            return [line for column in columns for b in column for line in _md_block(b)]
        case ir.Chart() | ir.Image() | ir.PageBreak() | ir.TableOfContents() | ir.SlideBreak():
            raise KamdocsError(f"an e-mail cannot hold a {type(block).__name__.lower()} block")
        case _:
            assert_never(block)


def markdown_text(document: ir.Document) -> str:
    """Return the document as Markdown text (the .md file and the e-mail's plain-text part);
    its marking ends it."""
    parts = [line for block in document.blocks for line in _md_block(block)]
    if document.meta.header:
        parts.append(f"-- \n{document.meta.header}")
    return "\n\n".join(parts) + "\n"


# --- HTML ------------------------------------------------------------------------------------


def _html_inlines(inlines: tuple[ir.Inline, ...]) -> str:
    out = []
    for inline in inlines:
        match inline:
            case ir.LineBreak():
                out.append("<br>")
            case ir.Text(text=text, bold=bold, italic=italic, link=link, color=color):
                shown = html.escape(text)
                if color:
                    shown = f'<span style="color:#{html.escape(color)}">{shown}</span>'
                if italic:
                    shown = f"<em>{shown}</em>"
                if bold:
                    shown = f"<strong>{shown}</strong>"
                if link and link.startswith(_SAFE_LINK):
                    shown = f'<a href="{html.escape(link)}">{shown}</a>'
                out.append(shown)
            case _:
                assert_never(inline)
    return "".join(out)


def _html_cell(cell: ir.Cell, tag: str) -> str:
    style = "border:1px solid #BFBFBF;padding:4px 8px;text-align:" + (cell.align or "left")
    if cell.fill:
        style += f";background:#{cell.fill}"
    if cell.color:
        style += f";color:#{cell.color}"
    body = _html_inlines(cell.inlines)
    if cell.bold:
        body = f"<strong>{body}</strong>"
    return f'<{tag} style="{html.escape(style)}">{body}</{tag}>'


def _html_block(block: ir.Block) -> str:
    match block:
        case ir.Heading(level=level, inlines=inlines):
            size = {1: 18, 2: 16}.get(level, 15)
            style = f"font-size:{size}px;margin:18px 0 6px 0;color:#1F3864"
            return f'<h{level + 1} style="{style}">{_html_inlines(inlines)}</h{level + 1}>'
        case ir.Paragraph(inlines=inlines, style=style):
            extra = ";color:#595959;font-size:12px" if style in ("note", "caption") else ""
            return f'<p style="margin:6px 0{extra}">{_html_inlines(inlines)}</p>'
        case ir.ListBlock(items=items, ordered=ordered):
            tag = "ol" if ordered else "ul"
            body = "".join(f'<li style="margin:2px 0">{_html_inlines(i)}</li>' for i in items)
            return f'<{tag} style="margin:4px 0 4px 20px;padding:0">{body}</{tag}>'
        case ir.Table(rows=rows, header_rows=header_rows):
            body = "".join(
                "<tr>"
                + "".join(_html_cell(c, "th" if n < header_rows else "td") for c in row)
                + "</tr>"
                for n, row in enumerate(rows)
            )
            return f'<table style="border-collapse:collapse;margin:6px 0">{body}</table>'
        case ir.Columns(columns=columns):
            return "".join(_html_block(b) for column in columns for b in column)
        case ir.Chart() | ir.Image() | ir.PageBreak() | ir.TableOfContents() | ir.SlideBreak():
            raise KamdocsError(f"an e-mail cannot hold a {type(block).__name__.lower()} block")
        case _:
            assert_never(block)


def html_text(document: ir.Document) -> str:
    """Return the document as a standalone HTML page (the e-mail's HTML part)."""
    meta = document.meta
    body = "\n".join(_html_block(b) for b in document.blocks)
    marking = (
        f'<p style="margin-top:24px;color:#7F7F7F;font-size:11px">{html.escape(meta.header)}</p>'
        if meta.header
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(meta.language)}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html.escape(meta.title)}</title>\n</head>\n'
        f'<body style="{_FONT}">\n<div style="max-width:680px">\n{body}\n{marking}\n'
        "</div>\n</body>\n</html>\n"
    )


# --- the .eml ---------------------------------------------------------------------------------


def _mailbox(address: ir.Address, placeholder: str) -> MailAddress:
    spec = address.address or f"{placeholder}@{_PLACEHOLDER_DOMAIN}"
    try:
        return MailAddress(display_name=address.name, addr_spec=spec)
    except (ValueError, IndexError) as exc:
        raise KamdocsError(f"'{spec}' ({address.name}) is not an e-mail address: {exc}") from None


def write_eml(document: ir.Document) -> bytes:
    """Return the document as an RFC 5322 message: multipart/alternative, a plain-text
    (Markdown) and an HTML part, UTF-8; the same document gives the same bytes."""
    envelope = document.meta.envelope
    if envelope is None:
        raise KamdocsError("an e-mail document needs its envelope (sender, recipients, date)")
    text, page = markdown_text(document), html_text(document)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _mailbox(envelope.sender, envelope.placeholder)
    message["To"] = tuple(_mailbox(a, envelope.placeholder) for a in envelope.to)
    message["Subject"] = document.meta.title
    day = dt.date.fromisoformat(envelope.date)
    message["Date"] = format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
    message["Content-Language"] = document.meta.language
    message["X-Unsent"] = "1"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(page, subtype="html", charset="utf-8", cte="quoted-printable")
    digest = hashlib.sha256(f"{message['From']}\n{message['To']}\n{text}\n{page}".encode())
    message.set_boundary(f"kamdocs-{digest.hexdigest()[:32]}")
    return message.as_bytes(policy=policy.SMTP)
