"""Layout that survives any data and any reference document, checked on the rendered PDFs.

A plan and a tender proposal are built from long, unbreakable data (long ids, large amounts,
dates, 300 actions, a 40-row compliance matrix, a 10-month schedule, large quantities), on
kamdocs' reference and on a Liberation Serif / US Letter reference, rendered by LibreOffice,
and read back word by word with their positions (`pdf_layout`).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from conftest import AS_OF
from docx.oxml.ns import qn
from letter_reference import LETTER_FONT, make_letter_reference
from pdf_layout import docx_source, lone_heading_pages, split_words

from kamdocs import ir
from kamdocs.building.driver import build_document
from kamdocs.building.fonts import find_face
from kamdocs.building.pdf import convert_to_pdf
from kamdocs.building.request import DocumentKey, Options
from kamdocs.workspace.loader import load_workspace
from kamdocs.writers import _colwidths, _fonts
from kamdocs.writers.docx import write_docx

REPO = Path(__file__).resolve().parent.parent
ACCOUNT = "ondrelle-industrie"
TENDER = "ao-2026-maintenance"
STATUSES = ("planned", "on_track", "at_risk", "late", "done")
OWNERS = ("Julien Marchand", "Nadia Benali", "Élise Fontaine", "Inès Carpentier")
COMPLIANCE = ("compliant", "partial", "compliant", "compliant")


def _edit_yaml(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _long_account(data: dict) -> None:  # type: ignore[type-arg]
    objectives = [o["id"] for o in data["objectives"]]
    data["actions"] = [
        {
            "id": f"ACT-2026-OND-{n:06d}",
            "objective": objectives[n % len(objectives)],
            "action": f"Mettre à jour le référentiel PRJ-2026-OND-{n:05d} et valider 1 234 567 €",
            "owner": OWNERS[n % len(OWNERS)],
            "due": dt.date(2026, 1 + n % 12, 1 + n % 28),
            "expected_result": f"Dossier DOS-{n:08d} livré le {dt.date(2027, 1 + n % 12, 15)}",
            "status": STATUSES[n % len(STATUSES)],
        }
        for n in range(1, 301)
    ]
    for n, opportunity in enumerate(data["opportunities"]):
        opportunity["name"] = f"Consultation OND-2026-AO-{n:04d}-MAINTENANCE-PRÉDICTIVE"
        opportunity["amount"] = 123456789 + n


def _long_tender(data: dict) -> None:  # type: ignore[type-arg]
    template = data["tender"]["requirements"][0]
    requirements = []
    for n in range(1, 41):
        requirement = dict(template)
        requirement["id"] = f"EXIG-2026-AO-031-{n:04d}"
        requirement["source"] = f"CCTP art. {n}.{n % 7}.{n % 3}"
        requirement["compliance"] = COMPLIANCE[n % len(COMPLIANCE)]
        if requirement["compliance"] == "partial":
            requirement["justification"] = f"Livraison au {dt.date(2027, 1 + n % 12, 10)}"
        requirement["evidence"] = f"Annexe ANX-2026-{n:05d}, poste 1.{n} du BPU"
        requirements.append(requirement)
    data["tender"]["requirements"] = requirements
    data["planning"] = [
        {
            "phase": f"Lot LOT-2027-{n:03d} — intégration des données de maintenance",
            "start": dt.date(2027, 1 + n, 1),
            "end": dt.date(2027, 2 + n, 15),
            "deliverable": f"Livrable LIV-2027-{n:05d} remis le {dt.date(2027, 2 + n, 15)}",
        }
        for n in range(0, 9)
    ]
    for line in data["pricing"]["lines"]:
        line["quantity"] = 1250
        line["unit_price"] = 987654


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the long plan and tender on both references, then render them all at once."""
    root = tmp_path_factory.mktemp("layout")
    ws_dir = root / "ws"
    shutil.copytree(REPO / "content", ws_dir / "content")
    shutil.copy(REPO / "kamdocs.yaml", ws_dir / "kamdocs.yaml")
    account_dir = ws_dir / "content" / "accounts" / ACCOUNT
    _edit_yaml(account_dir / "account.yaml", _long_account)
    _edit_yaml(account_dir / "proposals" / f"{TENDER}.yaml", _long_tender)
    letter = make_letter_reference(root / "letter.docx")
    ws = load_workspace(ws_dir, [ACCOUNT])
    built = {}
    for name, reference in (("default", None), ("letter", letter)):
        for kind, key in (
            ("plan", DocumentKey(ACCOUNT, audience="internal")),
            ("proposal", DocumentKey(ACCOUNT, proposal=TENDER)),
        ):
            out = root / f"{kind}-{name}.docx"
            options = Options(today=AS_OF, out=out, reference=reference)
            built[f"{kind}-{name}"] = build_document(kind, ws, key, options).path
    pdfs = convert_to_pdf(list(built.values()))
    return {**built, **{f"{k}.pdf": p for k, p in zip(built, pdfs, strict=True)}}


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler not installed (.ci/run installs them)",
)
CASES = ["plan-default", "plan-letter", "proposal-default", "proposal-letter"]


@needs_soffice
@pytest.mark.parametrize("name", CASES)
def test_no_number_date_amount_id_or_word_is_split(rendered: dict[str, Path], name: str) -> None:
    source = docx_source(rendered[name])
    # The long data is in the document: a test of splitting must have something to split.
    assert "ACT-2026-OND-000300" in source.pieces or "EXIG-2026-AO-031-0040" in source.pieces
    assert split_words(rendered[f"{name}.pdf"], source, "fr") == []


@needs_soffice
@pytest.mark.parametrize("name", CASES)
def test_no_page_is_empty_or_holds_only_a_heading(rendered: dict[str, Path], name: str) -> None:
    margin_pt = 72 if name.endswith("letter") else 1134 / 20
    source = docx_source(rendered[name])
    assert lone_heading_pages(rendered[f"{name}.pdf"], source, margin_pt, margin_pt) == []


@needs_soffice
def test_the_letter_reference_lays_out_on_its_own_page_and_font(rendered: dict[str, Path]) -> None:
    section = docx.Document(str(rendered["plan-letter"])).sections[-1]
    assert (section.page_width, section.page_height) == (12240 * 635, 15840 * 635)
    with zipfile.ZipFile(rendered["plan-letter"]) as package:
        styles = package.read("word/styles.xml").decode()
    assert f'w:ascii="{LETTER_FONT}"' in styles
    listing = subprocess.run(
        ["pdffonts", str(rendered["plan-letter.pdf"])], capture_output=True, text=True, check=True
    ).stdout
    assert "LiberationSerif" in listing


# -- the column widths themselves, without rendering --------------------------------------------

REFERENCE = (REPO / "templates/docx/reference.docx").read_bytes()
# kamdocs' table style: Calibri (drawn in Carlito) 9.5 pt, 85-twip cell margins.
FONT = _colwidths.TableFont(
    "Calibri", 9.5, 170, find_face("Calibri", False), find_face("Calibri", True)
)


def _table(*rows: tuple[str, ...]) -> ir.Table:
    return ir.Table(tuple(tuple(ir.Cell((ir.Text(t),)) for t in row) for row in rows))


def _twips(text: str, bold: bool = False) -> float:
    face = FONT.bold if bold else FONT.regular
    return _fonts.text_pt(text, face, FONT.size_pt, bold) * 20 + FONT.padding_twips


def _write(document: ir.Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(write_docx(document, REFERENCE, fonts=find_face)))


def test_the_reference_font_is_measured_from_its_metric_twin() -> None:
    assert FONT.regular is not None
    assert FONT.regular.family == "Carlito"
    # Real metrics: an "i" is much narrower than an "m" (Carlito: 229 and 1636 per 2048).
    assert FONT.regular.em("m") > 3 * FONT.regular.em("i")


def test_every_column_holds_its_longest_unbreakable_token() -> None:
    tokens = ("EXIG-2026-AO-031-0001", "description", "1\u202f234\u202f567\u00a0€", "01/01/2026")
    table = _table(
        ("Identifiant", "Libellé", "Montant", "Échéance"),
        (tokens[0], "Une description " * 12, tokens[2], tokens[3]),
    )
    layout = _colwidths.layout(table, FONT, 9638)
    assert sum(layout.widths) == 9638
    assert not layout.landscape
    assert not layout.hyphenate
    for width, token in zip(layout.widths, tokens, strict=True):
        assert width >= _twips(token)
    # The long text takes what the short columns leave: it is the widest column.
    assert layout.widths[1] == max(layout.widths)


def test_a_cell_measured_before_is_measured_the_same_and_only_in_its_own_font() -> None:
    rows = (("Identifiant", "Libellé"), ("A-12", "Une description assez longue"))
    fresh = _colwidths.TableFont("Calibri", 9.5, 170, FONT.regular, FONT.bold)
    first = _colwidths.measure(_table(*rows), fresh)
    FONT.regular.cells.clear()  # type: ignore[union-attr]
    assert _colwidths.measure(_table(*rows), fresh) == first
    assert _colwidths.measure(_table(*rows), fresh) == first  # from the memo this time
    larger = _colwidths.TableFont("Calibri", 14, 170, FONT.regular, FONT.bold)
    assert all(
        big.natural > small.natural
        for big, small in zip(_colwidths.measure(_table(*rows), larger), first, strict=True)
    )
    # the bold text of a header row is measured in bold, whatever the body rows held
    swapped = _colwidths.measure(_table(*reversed(rows)), fresh)
    assert swapped[1].natural > first[1].natural


def test_a_table_too_wide_for_portrait_goes_landscape_and_keeps_the_headers() -> None:
    header = tuple(f"Mois M{n:02d}-2027" for n in range(14))
    table = _table(header, tuple(f"{n + 10}\u00a0000\u00a0€" for n in range(14)))
    layout = _colwidths.layout(table, FONT, 9638, 14570)
    assert layout.landscape
    for n, width in enumerate(layout.widths):
        assert width >= _twips(f"M{n:02d}-2027", bold=True)
        assert width >= _twips(f"{n + 10}\u00a0000\u00a0€")
    written = _write(
        ir.Document(
            ir.Meta("t", header="En-tête KAM", footer="Pied"),
            (ir.Heading(1, (ir.Text("Calendrier"),)), table, ir.Paragraph((ir.Text("Suite"),))),
        )
    )
    sections = written.sections
    assert [s.orientation for s in sections] == [0, 1, 0]  # portrait, landscape, portrait
    assert sections[1].page_width > sections[1].page_height
    # The heading opens the landscape page with its table; every page has the same header.
    body = list(written.element.body)
    heading = next(p for p in written.paragraphs if p.text == "Calendrier")
    first_break = next(e for e in body if e.find(f".//{qn('w:sectPr')}") is not None)
    assert body.index(first_break) < body.index(heading._p)
    assert {s.header.paragraphs[0].text for s in sections} == {"En-tête KAM"}


def test_two_wide_tables_in_a_row_share_one_landscape_section() -> None:
    wide = _table(tuple(f"Colonne{n:02d}-2027" for n in range(14)))
    heading = ir.Heading(2, (ir.Text("Suite du calendrier"),))
    written = _write(ir.Document(ir.Meta("t"), (wide, heading, wide)))
    assert [s.orientation for s in written.sections] == [0, 1, 0]


def test_words_wider_than_any_column_are_left_to_words_hyphenation() -> None:
    word = "Anticonstitutionnellement" * 2
    table = _table(*[(word,) * 12] * 2)
    layout = _colwidths.layout(table, FONT, 9638, 14570)
    assert layout.landscape
    assert layout.hyphenate
    written = _write(ir.Document(ir.Meta("t", language="en"), (table,)))
    assert "autoHyphenation" in written.settings.element.xml
    assert 'w:lang w:val="en-US"' in written.styles.element.xml
    # Hyphenation is on for that table's cells only; no soft hyphen is typed into the text.
    cell_styles = {p.style.name for c in written.tables[0]._cells for p in c.paragraphs}
    assert cell_styles == {"KAM Table Hyphenated"}
    assert "\u00ad" not in written.element.xml


def test_ids_and_dates_keep_their_hyphens_unbroken_and_read_the_same() -> None:
    text = "Dossier DOS-00000290 livré le 2027-03-15 (-20 %), sous-traitance"
    written = _write(ir.Document(ir.Meta("t"), (ir.Paragraph((ir.Text(text),)),)))
    paragraph = written.paragraphs[0]
    assert paragraph.text == text
    # Three in the id and the date, one as the sign of -20; none in "sous-traitance".
    assert len(paragraph._p.findall(f".//{qn('w:noBreakHyphen')}")) == 4
