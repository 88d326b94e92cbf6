"""PDFs through LibreOffice, with the laid-out page numbers written into the .docx too.

A .docx is written with estimated page numbers in its contents (and any PAGEREF field).
When LibreOffice runs, each document is converted once; the page each bookmark lands on is
read from the PDF's named destinations (`pdfinfo -dests`: LibreOffice exports every Word
bookmark as one, so no heading text has to be searched for in the PDF's text); the numbers
are written into the .docx, and the documents whose numbers changed are converted again.
The .docx and its PDF then show the same, laid-out numbers, and the .docx's properties say
where they come from.

LibreOffice's own index update through UNO would need the `python3-uno` bridge, which runs
only under the system Python; the two conversions need nothing beyond LibreOffice and
poppler-utils, which `--pdf` already uses.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from kamdocs.building import pdf as converter
from kamdocs.building.output import write_atomic
from kamdocs.building.pages import pdf_pages
from kamdocs.templating.catalog import labels
from kamdocs.writers._fields import (
    PageNumbers,
    package_language,
    pageref_names,
    set_laid_out_pages,
)

# A second conversion settles the numbers (the contents keeps its length); a third only
# if rewriting them moved a heading (a page number grew a digit and wrapped an entry).
MAX_CONVERSIONS = 3
_DEST = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$', re.M)


def write_pdfs(
    paths: Sequence[Path], soffice: str = "soffice", *, profile: Path | None = None
) -> list[Path]:
    """Write the PDF of each document beside it; return the PDF paths. `profile`: a
    LibreOffice profile folder kept between calls (`kamdocs watch`), else a fresh one.

    Each .docx gets the page numbers of its layout in its fields before its final
    conversion. Without `pdfinfo` (poppler-utils) the PDFs are written and the .docx keep
    their estimated numbers, which their properties say are estimated.
    """
    pdfs = converter.convert_to_pdf(paths, soffice, profile=profile)
    if shutil.which("pdfinfo") is None:
        return pdfs
    pending = [p for p in paths if p.suffix.lower() == ".docx"]
    for _ in range(MAX_CONVERSIONS - 1):
        pending = [p for p in pending if write_laid_out_pages(p, p.with_suffix(".pdf"))]
        if not pending:
            break
        converter.convert_to_pdf(pending, soffice, profile=profile)
    return pdfs


def write_laid_out_pages(docx: Path, pdf: Path) -> bool:
    """Write into `docx` the page numbers its PDF `pdf` shows; return whether it changed
    (never when the PDF is missing or unreadable: the estimate stays, and says so)."""
    data = docx.read_bytes()
    names = pageref_names(data)
    pages = laid_out_pages(pdf, names) if pdf.is_file() else None
    if pages is None:
        return False
    lang = package_language(data)
    note = labels(lang if lang in ("fr", "en") else "en", "common").pages_laid_out
    updated = set_laid_out_pages(data, pages, note)
    if updated == data:
        return False
    write_atomic(docx, updated)
    return True


PDFINFO_TIMEOUT_S = 120  # reading a PDF's destinations takes well under a second


def laid_out_pages(pdf: Path, names: Sequence[str]) -> PageNumbers | None:
    """Return the pages the bookmarks `names` land on in `pdf` (its named destinations),
    and its page count; None when pdfinfo cannot read it."""
    try:
        result = subprocess.run(
            ["pdfinfo", "-dests", str(pdf)],
            capture_output=True, text=True, errors="replace", check=False,
            timeout=PDFINFO_TIMEOUT_S,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None  # the estimate stays, and the document says so
    if result.returncode != 0:
        return None
    found = {name: int(page) for page, name in _DEST.findall(result.stdout)}
    pages = {n: found[pdf_name(n)] for n in names if pdf_name(n) in found}
    return PageNumbers(pages, pdf_pages(pdf), laid_out=True)


def pdf_name(bookmark: str) -> str:
    """Return the name LibreOffice gives bookmark `bookmark` among a PDF's destinations:
    ASCII letters, digits and '-' kept, any other character as its two hex digits."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c == "-") else f"{ord(c):02X}" for c in bookmark
    )
