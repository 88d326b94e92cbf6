"""Every kind of output passes openxml-audit (a port of the Open XML SDK validator, the checks
Word and PowerPoint apply) under its strict policy, and the ISO/IEC 29500-4 schemas.

On the default references nothing at all may be reported. On a user's reference (the
corporate templates, which python-docx and python-pptx save with a thumbnail, a stale
app.xml and, for Word, settings the schema rejects) an output may show only what the
reference file itself already shows.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import corporate_templates
import ooxml_schema
import pytest
from conftest import AS_OF
from openxml_audit import OpenXmlValidator

from kamdocs.building.driver import DocumentKey, Options, build_document

TENDER = ("ondrelle-industrie", "ao-2026-maintenance")
STANDARD = ("nimbrook-software", "nimbrook-renewal-2027")

# (kind, key, suffix): each kind of output, both audiences where a kind has two.
OUTPUTS = [
    ("plan", DocumentKey("ondrelle-industrie", audience="internal"), ".docx"),
    ("plan", DocumentKey("ondrelle-industrie", audience="client"), ".docx"),
    ("review", DocumentKey("ondrelle-industrie", audience="internal"), ".pptx"),
    ("review", DocumentKey("ondrelle-industrie", audience="client"), ".pptx"),
    ("proposal", DocumentKey(STANDARD[0], proposal=STANDARD[1]), ".docx"),
    ("proposal", DocumentKey(TENDER[0], proposal=TENDER[1]), ".docx"),
    ("portfolio", DocumentKey(), ".docx"),
    ("portfolio-deck", DocumentKey(), ".pptx"),
]


def _findings(path: Path) -> list[str]:
    """Return openxml-audit's strict findings on `path`, as "part: description" lines."""
    result = OpenXmlValidator(max_errors=0, strict=True).validate(path)
    return sorted(f"{error.part_uri}: {error.description}" for error in result.errors)


def _label(kind: str, key: DocumentKey, suffix: str) -> str:
    return "-".join(p for p in (kind, key.account, key.audience, key.proposal) if p) + suffix


def _build(ws, kind: str, key: DocumentKey, target: Path, reference: Path | None = None):  # type: ignore[no-untyped-def]
    return build_document(kind, ws, key, Options(today=AS_OF, out=target, reference=reference))


@pytest.fixture(scope="module")
def default_outputs(demo_ws, tmp_path_factory) -> list[Path]:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("audit")
    paths: list[Path] = []
    for kind, key, suffix in OUTPUTS:
        built = _build(demo_ws, kind, key, out / _label(kind, key, suffix))
        paths += [built.path, *built.companions]
    return paths


def test_every_kind_of_output_is_built_with_the_tender_workbook(default_outputs) -> None:  # type: ignore[no-untyped-def]
    suffixes = sorted(p.suffix for p in default_outputs)
    assert suffixes == [".docx"] * 5 + [".pptx"] * 3 + [".xlsx"]


def test_every_output_on_the_default_references_has_no_finding(default_outputs) -> None:  # type: ignore[no-untyped-def]
    assert {p.name: _findings(p) for p in default_outputs} == {p.name: [] for p in default_outputs}


def test_every_output_on_the_default_references_is_schema_valid(default_outputs) -> None:  # type: ignore[no-untyped-def]
    errors = {p.name: ooxml_schema.validate_package(p) for p in default_outputs}
    assert errors == {p.name: [] for p in default_outputs}


def test_chart_axis_ids_are_unsigned_in_every_chart(default_outputs) -> None:  # type: ignore[no-untyped-def]
    charts = 0
    for path in default_outputs:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if "/charts/chart" in name:
                    charts += 1
                    xml = package.read(name).decode()
                    assert 'axId val="-' not in xml, name
                    assert 'crossAx val="-' not in xml, name
    assert charts >= 5


def test_a_deck_with_speaker_notes_lists_its_notes_master(default_outputs) -> None:  # type: ignore[no-untyped-def]
    deck = next(p for p in default_outputs if p.name == "review-ondrelle-industrie-internal.pptx")
    with zipfile.ZipFile(deck) as package:
        assert any(n.startswith("ppt/notesSlides/") for n in package.namelist())
        presentation = package.read("ppt/presentation.xml").decode()
    assert "<p:notesMasterIdLst><p:notesMasterId r:id=" in presentation


@pytest.mark.parametrize(
    ("kind", "key", "suffix"),
    [o for o in OUTPUTS if o[0] in ("plan", "review", "proposal")],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_an_output_on_a_users_reference_adds_no_finding_of_its_own(
    demo_ws, tmp_path: Path, kind: str, key: DocumentKey, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    make = corporate_templates.make_corporate_docx if suffix == ".docx" else None
    make = make or corporate_templates.make_corporate_pptx
    reference = make(tmp_path / f"corporate{suffix}")
    built = _build(demo_ws, kind, key, tmp_path / _label(kind, key, suffix), reference)
    baseline = set(_findings(reference))
    assert [f for f in _findings(built.path) if f not in baseline] == []


@pytest.mark.parametrize("suffix", [".docx", ".pptx"])
def test_a_users_reference_leaves_no_thumbnail_and_no_stale_app_properties(
    demo_ws, tmp_path: Path, suffix: str
) -> None:
    make = corporate_templates.make_corporate_docx if suffix == ".docx" else None
    make = make or corporate_templates.make_corporate_pptx
    reference = make(tmp_path / f"corporate{suffix}")
    with zipfile.ZipFile(reference) as package:
        assert any("thumbnail" in n for n in package.namelist())  # the case under test
    kind = "plan" if suffix == ".docx" else "review"
    built = _build(
        demo_ws,
        kind,
        DocumentKey("ondrelle-industrie", audience="client"),
        tmp_path / f"x{suffix}",
        reference,
    )
    with zipfile.ZipFile(built.path) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        rels = package.read("_rels/.rels").decode()
    assert [n for n in names if "thumbnail" in n] == []
    assert "thumbnail" not in rels
    assert "<Application>kamdocs</Application>" in app
    assert "<Pages>" not in app
    assert "<Slides>" not in app
    assert "TitlesOfParts" not in app
