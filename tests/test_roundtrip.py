"""Real clients: every demo document converted by LibreOffice in one call, read back by a
second, independent parser, and validated against the OOXML schemas when they are present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import AS_OF
from docx_view import norm

from kamdocs.building.driver import DocumentKey, Options, build_document

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are not installed "
    "(apt-get install -y libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils)",
)


def build_everything(ws, out: Path) -> dict[Path, str]:  # type: ignore[no-untyped-def]
    """Build every demo document into `out`; return path -> a text expected inside it."""
    built: dict[Path, str] = {}
    for slug, bundle in ws.accounts.items():
        name = bundle.account.model.name
        wanted = [
            (f"plan-{a}.docx", "plan", DocumentKey(slug, audience=a), name)
            for a in ("internal", "client")
        ]
        if bundle.reviews:
            wanted += [
                (f"review-{a}.pptx", "review", DocumentKey(slug, audience=a), name)
                for a in ("client", "internal")
            ]
        wanted += [
            (
                f"proposal-{pid}.docx",
                "proposal",
                DocumentKey(slug, proposal=pid),
                loaded.model.title,
            )
            for pid, loaded in bundle.proposals.items()
        ]
        for suffix, kind, key, expected in wanted:
            target = out / f"{slug}-{suffix}"
            build_document(kind, ws, key, Options(today=AS_OF, out=target))
            built[target] = expected
    return built  # fmt: skip


@pytest.fixture(scope="module")
def everything(demo_ws, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("all")
    return build_everything(demo_ws, out)


@needs_soffice
def test_libreoffice_converts_every_document_in_one_call(everything, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    pdf_dir = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            *[str(p) for p in everything],
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    for path, expected in everything.items():
        pdf = pdf_dir / f"{path.stem}.pdf"
        assert pdf.is_file(), path.name
        assert pdf.stat().st_size > 1000, path.name
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert norm(expected) in norm(text).replace("\n", " ") or norm(expected).split()[0] in norm(
            text
        ), path.name


def test_a_second_parser_reads_every_word_document(everything) -> None:
    docx2python = pytest.importorskip("docx2python").docx2python
    for path, expected in everything.items():
        if path.suffix != ".docx":
            continue
        with docx2python(str(path)) as content:
            assert norm(expected.split()[0]) in norm(content.text), path.name


def test_every_document_is_valid_against_the_ooxml_schemas(everything) -> None:
    from ooxml_schema import validate_package

    for path in everything:
        errors = validate_package(path)
        assert errors == [], (path.name, errors[:5])
