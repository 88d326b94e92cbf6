"""How many pages a mémoire technique fills: laid out by LibreOffice, or estimated."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from kamdocs import ir
from kamdocs.building.output import unwritable
from kamdocs.building.pdf import convert_to_pdf
from kamdocs.building.session import Session, write_document
from kamdocs.checks import documents as checks
from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.ir.pages import estimate_pages
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Loaded


def memoire_pages(
    loaded: Loaded[m.Proposal], memoire: ir.Document, session: Session, count: bool
) -> list[Problem]:
    """Return a warning when the mémoire technique is longer than the RC's page limit.

    Its pages are counted by LibreOffice when `count`, else estimated (and said to be);
    without LibreOffice a warning names the package to install and the estimate is used.
    """
    tender = loaded.model.tender if loaded.model else None
    if tender is None or tender.page_limit is None:
        return []
    soffice = session.settings.soffice
    found = []
    if count and shutil.which(soffice) is None:
        found.append(
            located(
                loaded, ("tender", "page_limit"), "pages_not_counted", "warning", program=soffice
            )
        )
        count = False
    pages = Decimal(laid_out_pages(memoire, session)) if count else estimate_pages(memoire.blocks)
    return found + checks.page_limit(loaded, pages, counted=count)


def laid_out_pages(document: ir.Document, session: Session) -> int:
    """Return how many pages LibreOffice lays `document` out on (in a private temp folder)."""
    data = write_document(document, session)
    with tempfile.TemporaryDirectory(prefix="kamdocs-pages-") as scratch:
        path = _scratch_copy(Path(scratch) / "memoire.docx", data)
        (pdf,) = convert_to_pdf([path], session.settings.soffice)
        return pdf_pages(pdf)


def _scratch_copy(path: Path, data: bytes) -> Path:
    """Write `data` to `path` in a private temporary folder, for LibreOffice to lay out."""
    try:
        path.write_bytes(data)
    except OSError as exc:  # the temporary folder's disk is full
        raise unwritable(path, exc) from None
    return path


def pdf_pages(pdf: Path) -> int:
    """Return the page count of a PDF: pdfinfo's when installed, else its /Page objects."""
    if shutil.which("pdfinfo"):
        result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                check=False)  # fmt: skip
        found = re.search(r"^Pages:\s+(\d+)", result.stdout, re.M)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def laid_out_document(docx: bytes, name: str, soffice: str) -> tuple[bytes, bytes]:
    """Return the .docx `docx` with the page numbers of its layout in its fields (contents,
    page references) and its PDF, both made in a private temp folder (`name`: the file's
    name there, which LibreOffice names the PDF after)."""
    from kamdocs.building.layout import write_pdfs

    with tempfile.TemporaryDirectory(prefix="kamdocs-pages-") as scratch:
        path = _scratch_copy(Path(scratch) / name, docx)
        (pdf,) = write_pdfs([path], soffice)
        return path.read_bytes(), pdf.read_bytes()
