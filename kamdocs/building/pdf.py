"""PDF conversion through LibreOffice, one process for many files."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kamdocs.errors import KamdocsError

# Word bookmarks become the PDF's named destinations, so that `building.layout` can read
# the page each heading lands on (and the PDF's own links reach their targets).
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)


# What LibreOffice lays out as pages: a status e-mail (.eml) or a companion file is not
# a document to convert (its PDF would show the e-mail's raw source).
OFFICE_FORMATS = (".docx", ".pptx")


def pdf_wanted(root: Path, built: Sequence[str], up_to_date: Sequence[str]) -> list[str]:
    """Return the documents (relative to `root`) that `--pdf` converts: those just built,
    and the up-to-date ones without their PDF (a run without --pdf wrote them); Word and
    PowerPoint files only."""
    wanted = [name for name in built if name.endswith(OFFICE_FORMATS)]
    return wanted + [
        name
        for name in up_to_date
        if name.endswith(OFFICE_FORMATS) and not (root / name).with_suffix(".pdf").is_file()
    ]


def convert_to_pdf(
    paths: Sequence[Path],
    soffice: str = "soffice",
    timeout_s: int = 600,
    *,
    profile: Path | None = None,
) -> list[Path]:
    """Convert documents to PDFs beside them in one LibreOffice run; return the PDF paths.

    Each PDF is converted into a private folder, then moved into place, so a failed run never
    leaves a truncated PDF next to the document. `profile` names a LibreOffice user profile
    kept between runs (`kamdocs watch --pdf`: a new profile costs LibreOffice most of its
    start); by default each run uses a fresh one.
    """
    if not paths:
        return []
    executable = shutil.which(soffice)
    if executable is None:
        raise KamdocsError.of("soffice_not_found", program=soffice)
    written = []
    with tempfile.TemporaryDirectory(prefix="kamdocs-pdf-") as scratch:
        profile = profile or Path(scratch) / "profile"
        out_dir = Path(scratch) / "out"
        out_dir.mkdir()
        command = [
            executable,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out_dir),
            *[str(p) for p in paths],
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout_s)
        except subprocess.CalledProcessError as exc:
            error = exc.stderr.decode(errors="replace")
            raise KamdocsError.of("soffice_failed", error=error) from None
        except subprocess.TimeoutExpired:
            raise KamdocsError.of("soffice_timeout", seconds=timeout_s) from None
        for path in paths:
            produced = out_dir / f"{path.stem}.pdf"
            if not produced.is_file() or produced.stat().st_size == 0:
                raise KamdocsError.of("soffice_no_pdf", path=path)
            target = path.with_suffix(".pdf")
            shutil.move(str(produced), str(target))
            written.append(target)
    return written
