"""The matrix a grader can follow and the submission pack (issue 19), on a tender of our own:
evidence that joins an annex (a Markdown block, a PDF certificate), citations of annexes by
number, a compliant requirement its section never mentions, and the pack the buyer's
platform receives. Each test opens what was written and reads it as the buyer would."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import AS_OF, write
from docx_view import norm, run_text

from kamdocs import DocumentKey, Options, build_document, load_workspace
from kamdocs.errors import ContentError

ACCOUNT = """\
name: Syndicat des Eaux du Val (fictif)
language: fr
owner: {name: Julien Marchand, email: julien.marchand@example.com}
"""

TENDER = """\
title: Supervision des réseaux d'eau
date: 2026-11-20
mode: tender
context: Le syndicat exploite 40 stations de pompage et veut anticiper les pannes.
solution: |
  Une supervision des stations de pompage avec alertes et tableaux de bord. Les alertes
  partent par SMS vers l'agent d'astreinte en moins de cinq minutes.
methodology: Une démarche en quatre phases, du cadrage au transfert, avec un comité mensuel.
team:
  - {name: Nadia Benali, role: Cheffe de projet}
annexes: [library/methode.md]
tender:
  buyer: Syndicat des Eaux du Val (fictif)
  reference: SEV-2026-12
  lot: "2"
  deadline: 2026-12-18T12:00
  validity_days: 120
  page_limit: 30
  signatory: {name: Élise Fontaine, title: Directrice générale}
  criteria:
    - id: C1
      name: Valeur technique
      weight: 60
      subcriteria:
        - {id: C1.1, name: Solution technique, weight: 40, parts: [solution]}
        - {id: C1.2, name: Méthodologie, weight: 20, parts: [methodology]}
    - {id: C2, name: Prix, weight: 40, price: true}
  price_schedule:
    - {code: "1", label: Installation des capteurs, unit: forfait, quantity: 1, unit_price: 12000}
    - {code: "2", label: Abonnement à la supervision, unit: mois, quantity: 24, unit_price: 800}
  requirements:
    - id: R-1
      text: Les alertes sont transmises par SMS à l'agent d'astreinte en moins de cinq minutes.
      eliminatory: true
      criterion: C1.1
      compliance: compliant
      section: solution
      evidence: {text: Certificat ISO 27001 de l'hébergeur, annex: library/iso27001.pdf}
    - id: R-2
      text: Le titulaire tient un comité mensuel de suivi.
      criterion: C1.2
      compliance: compliant
      section: methodology
      evidence: Annexe 1 — méthode projet
    - id: R-3
      text: Le plan de reprise d'activité est testé chaque année.
      criterion: C1.1
      compliance: compliant
      section: C1.2
      evidence: {text: Plan de reprise, annex: library/pra.md}
"""

PDF = b"%PDF-1.4\n% certificat fictif\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def workspace(root: Path, tender: str = TENDER) -> Path:
    write(root / "kamdocs.yaml", "format: 1.1\nlanguage: fr\ncurrency: EUR\nvat_rate: 20%\n")
    write(root / "content/company.yaml", "name: Prévalis Data SAS (fictif)\n")
    write(root / "content/accounts/sev/account.yaml", ACCOUNT)
    write(root / "content/library/methode.md", "---\ntitle: Méthode projet\n---\nQuatre phases.\n")
    write(root / "content/library/pra.md", "---\ntitle: Plan de reprise\n---\nTest annuel.\n")
    (root / "content/library/iso27001.pdf").write_bytes(PDF)
    write(root / "content/accounts/sev/proposals/ao.yaml", tender)
    return root


def build(root: Path, **kw: object) -> tuple[Path, list[str]]:
    ws = load_workspace(root)
    out = root / "build" / "ao.docx"
    built = build_document(
        "proposal", ws, DocumentKey("sev", proposal="ao"), Options(today=AS_OF, out=out, **kw)
    )
    return built.path, [p.format() for p in built.warnings]


def headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs
            if p.style is not None and p.style.name.startswith("Heading")]  # fmt: skip


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


# --- evidence and annexes ------------------------------------------------------------------


def test_annexes_are_numbered_in_the_order_of_annexes_then_of_the_requirements(
    tmp_path: Path,
) -> None:
    path, _ = build(workspace(tmp_path))
    annexes = [h for h in headings(path) if "Annexe " in h]
    assert [re.sub(r"^[\d.]+ ", "", h) for h in annexes] == [
        "Annexe 1 — Méthode projet",
        "Annexe 2 — Certificat ISO 27001 de l'hébergeur",
        "Annexe 3 — Plan de reprise",
    ]
    text = norm("\n".join(p.text for p in docx.Document(str(path)).paragraphs))
    # The Markdown annex is printed; the PDF is named as a file joined to the pack.
    assert "Test annuel." in text
    assert "Pièce jointe au dossier de dépôt, fichier séparé : iso27001.pdf" in text
    matrix = [[norm(c.text) for c in row.cells] for t in docx.Document(str(path)).tables
              for row in t.rows if row.cells[0].text.startswith("R-")]  # fmt: skip
    evidence = {row[0].split("\n")[0]: row[-1] for row in matrix}
    assert evidence["R-1"] == "Certificat ISO 27001 de l'hébergeur (Annexe 2)"
    assert evidence["R-3"] == "Plan de reprise (Annexe 3)"


def test_an_annex_outside_content_is_an_error_on_its_field(tmp_path: Path) -> None:
    root = workspace(tmp_path, TENDER.replace("library/pra.md", "../../etc/passwd"))
    with pytest.raises(ContentError) as caught:
        build(root)
    (problem,) = [p for p in caught.value.problems if p.is_error]
    assert problem.field == "tender.requirements[2].evidence.annex"
    assert "leaves content/" in problem.text_in("en")


def test_a_plain_evidence_citing_an_annex_the_document_lacks_is_an_error(
    tmp_path: Path,
) -> None:
    root = workspace(tmp_path, TENDER.replace("Annexe 1 — méthode projet", "Annexe 4"))
    with pytest.raises(ContentError) as caught:
        build(root)
    (problem,) = [p for p in caught.value.problems if p.is_error]
    assert problem.field == "tender.requirements[1].evidence"
    assert problem.line == 44
    assert problem.text_in("en") == (
        "R-2 cites annex 4, but the document has 3 numbered annex(es): cite one of them, or "
        "give the file as evidence {text, annex}"
    )


def test_a_compliant_requirement_its_section_never_mentions_is_a_warning(
    tmp_path: Path,
) -> None:
    _, warnings = build(workspace(tmp_path))
    (warning,) = [w for w in warnings if "R-" in w]
    assert warning.startswith(
        "content/accounts/sev/proposals/ao.yaml:49:16: warning: tender.requirements[2].section:"
    )
    assert warning.endswith(
        "R-3 is marked compliant, but the section that answers it (C1.2) mentions neither "
        "'R-3' nor its key terms (plan, reprise, activite, teste, annee): say there how it is met"
    )
    # Citing the id in the section's own text answers it.
    root = workspace(
        tmp_path / "cited",
        TENDER.replace("avec un comité mensuel.", "avec un comité mensuel (R-3, PRA testé)."),
    )
    assert not [w for w in build(root)[1] if "R-" in w]


# --- the matrix's links --------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_matrix_links_each_requirement_to_a_bookmark_on_its_section(tmp_path: Path) -> None:
    path, _ = build(workspace(tmp_path))
    body = docx.Document(str(path)).element.body
    marks = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    rows = [tr for tr in body.iter(f"{W}tr") if run_text(tr).startswith("R-")]
    assert len(rows) == 3
    targets = {}
    for tr in rows:
        rid = run_text(next(tr.iter(f"{W}p")))
        links = [h for h in tr.iter(f"{W}hyperlink")]
        # One link on the section's name, one around its page number (a PAGEREF field).
        assert len(links) == 2
        anchor = links[0].get(f"{W}anchor")
        assert links[1].get(f"{W}anchor") == anchor
        instr = "".join(i.text for i in links[1].iter(f"{W}instrText"))
        assert instr.split() == ["PAGEREF", anchor, "\\h"]
        heading = marks[anchor]  # the bookmark sits on the section's heading
        targets[rid] = run_text(heading)
    assert targets == {
        "R-1": "Une solution conçue pour Syndicat des Eaux du Val (fictif)",
        "R-2": "Une méthode qui sécurise chaque étape",
        "R-3": "C1.2 · Méthodologie — 20 points",
    }


# --- the submission pack -------------------------------------------------------------------

PIECES = """\
  required_pieces:
    - {piece: Mémoire technique, file: memoire}
    - {piece: Cadre de réponse technique, file: compliance}
    - {piece: BPU-DQE, file: price_schedule}
    - {piece: DC1 signé, file: library/dc1.pdf}
    - {piece: Attestation Kbis, file: library/kbis.pdf}
  file_pattern: "{reference}_lot{lot}_{piece}"
  max_size_mb: 5
"""


def pack_workspace(root: Path, extra: str = PIECES, tender: str = TENDER) -> Path:
    text = tender.replace("  page_limit: 30\n", "  page_limit: 30\n" + extra)
    workspace(root, text)
    (root / "content/library/dc1.pdf").write_bytes(PDF)
    return root


def run_pack(root: Path, target: Path, *options: str) -> Any:
    from click.testing import CliRunner

    from kamdocs.cli.commands import main

    args = ["proposal", "sev", "ao", "-C", str(root), "--pack", str(target),
            "--as-of", AS_OF.isoformat(), *options]  # fmt: skip
    return CliRunner().invoke(main, args)


def test_the_pack_holds_what_the_platform_receives_named_by_the_pattern(tmp_path: Path) -> None:
    root = pack_workspace(tmp_path / "ws")
    target = tmp_path / "depot"
    result = run_pack(root, target)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == [
        "SEV-2026-12_lot2_annexe-2-certificat-iso-27001-de-l-hebergeur.pdf",
        "SEV-2026-12_lot2_bpu-dqe.xlsx",
        "SEV-2026-12_lot2_cadre-de-reponse-technique.xlsx",
        "SEV-2026-12_lot2_dc1-signe.pdf",
        "SEV-2026-12_lot2_memoire-technique.docx",
        "SEV-2026-12_lot2_memoire-technique.pdf",
        "SHA256SUMS",
        "checklist.md",
    ]
    assert (target / "SEV-2026-12_lot2_dc1-signe.pdf").read_bytes() == PDF
    pdf = target / "SEV-2026-12_lot2_memoire-technique.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    # The manifest verifies with the standard tool.
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=target, capture_output=True,
                           text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 7
    checklist = (target / "checklist.md").read_text(encoding="utf-8")
    lines = checklist.splitlines()
    # The command prints the checklist, then where the pack went.
    assert result.stdout.splitlines()[:-1] == lines
    assert result.stdout.splitlines()[-1].startswith(f"dossier de dépôt écrit dans {target} : 8")
    assert "- [x] Mémoire technique — présente : SEV-2026-12_lot2_memoire-technique.docx" in lines
    assert "- [x] DC1 signé — présente : SEV-2026-12_lot2_dc1-signe.pdf" in lines
    assert "- [ ] Attestation Kbis — MANQUANTE (library/kbis.pdf)" in lines
    pages = r"- Mémoire technique \(chapitres des critères\), pages : \d+ / 30 — conforme "
    assert any(re.fullmatch(pages + r"\(comptées par LibreOffice\)", x) for x in lines)
    assert any(re.fullmatch(r"- Taille totale du dépôt : 0,\d\d Mo / 5 — conforme", norm(x))
               for x in lines)  # fmt: skip
    assert "Accepté délibérément" not in checklist
    assert "pièce exigée « Attestation Kbis » manquante" in result.stderr


def test_the_price_schedule_keeps_the_buyers_column_order(tmp_path: Path) -> None:
    import openpyxl

    root = pack_workspace(tmp_path / "ws", PIECES + "  price_columns: [label, code, total]\n")
    target = tmp_path / "depot"
    assert run_pack(root, target).exit_code == 0
    sheet = openpyxl.load_workbook(target / "SEV-2026-12_lot2_bpu-dqe.xlsx").active
    rows = [[norm(c or "") for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["Désignation", "Code", "Montant HT"],
        ["Installation des capteurs", "1", "12 000,00 €"],
        ["Abonnement à la supervision", "2", "19 200,00 €"],
        ["Total HT", "", "31 200,00 €"],
    ]


def test_a_pack_is_refused_over_the_size_limit_and_the_previous_one_is_kept(
    tmp_path: Path,
) -> None:
    root = pack_workspace(tmp_path / "ws")
    target = tmp_path / "depot"
    assert run_pack(root, target).exit_code == 0
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    # A heavy certificate takes the pack over its 5 MB.
    (root / "content/library/iso27001.pdf").write_bytes(PDF + b"0" * 6_000_000)
    result = run_pack(root, target)
    assert result.exit_code == 1
    assert "tender.max_size_mb: le dossier pèse 6.09 Mo" in result.stderr
    assert "au-delà de la limite de 5 Mo" in result.stderr
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["depot", "ws"]  # no leftovers


def test_a_pack_is_refused_with_an_eliminatory_requirement_not_met_unless_allowed(
    tmp_path: Path,
) -> None:
    tender = TENDER.replace(
        "      eliminatory: true\n      criterion: C1.1\n      compliance: compliant\n",
        "      eliminatory: true\n      criterion: C1.1\n      compliance: partial\n"
        "      justification: Délai de 10 minutes la nuit.\n",
    )
    root = pack_workspace(tmp_path / "ws", tender=tender)
    target = tmp_path / "depot"
    refused = run_pack(root, target)
    assert refused.exit_code == 1
    assert "tender.requirements[0].compliance: l'exigence éliminatoire R-1" in refused.stderr
    assert not target.exists()
    allowed = run_pack(root, target, "--allow-noncompliant")
    assert allowed.exit_code == 0, allowed.output
    checklist = (target / "checklist.md").read_text(encoding="utf-8")
    part = checklist.split("## Accepté délibérément\n\n")[1].split("\n\n")[0]
    assert part.startswith("- tender.requirements[0].compliance: l'exigence éliminatoire R-1")


def test_a_pack_is_refused_with_an_empty_criterion_unless_allowed(tmp_path: Path) -> None:
    tender = TENDER.replace(
        "    - {id: C2, name: Prix, weight: 40, price: true}",
        "    - {id: C2, name: Prix, weight: 30, price: true}\n"
        "    - {id: C3, name: Performance énergétique, weight: 10}",
    )
    root = pack_workspace(tmp_path / "ws", tender=tender)
    target = tmp_path / "depot"
    refused = run_pack(root, target)
    assert refused.exit_code == 1
    assert "C3 « Performance énergétique »" in refused.stderr
    assert not target.exists()
    assert run_pack(root, target, "--allow-empty-criteria").exit_code == 0
    checklist = (target / "checklist.md").read_text(encoding="utf-8")
    assert "## Accepté délibérément\n\n- tender.criteria[2]: le critère C3" in checklist


@pytest.mark.parametrize("where", ["content", "content/library", ".", "file", "link", "other"])
def test_the_pack_is_never_written_over_inputs_links_or_other_folders(
    tmp_path: Path, where: str
) -> None:
    root = pack_workspace(tmp_path / "ws")
    target = root / where
    if where == "file":
        write(target, "notes\n")
    elif where == "link":
        target.symlink_to(tmp_path)
    elif where == "other":
        write(target / "mine.txt", "mine\n")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = run_pack(root, target)
    assert result.exit_code == 1
    assert "choisissez un autre dossier pour le dépôt" in result.stderr
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_the_matrix_pages_in_the_pack_are_where_the_sections_land(tmp_path: Path) -> None:
    """Follow every link of the matrix as a grader would: read its page number, open that
    page of the PDF, find the section's heading there."""
    root = pack_workspace(tmp_path / "ws")
    target = tmp_path / "depot"
    assert run_pack(root, target).exit_code == 0
    body = docx.Document(str(target / "SEV-2026-12_lot2_memoire-technique.docx")).element.body
    marks = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    text = subprocess.run(
        ["pdftotext", "-layout", str(target / "SEV-2026-12_lot2_memoire-technique.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    pages = [norm(p) for p in text.stdout.split("\f")]
    contents = next(i for i, p in enumerate(pages) if "Sommaire" in p) + 1
    followed = {}
    for tr in body.iter(f"{W}tr"):
        cells = run_text(tr)
        if not cells.startswith("R-"):
            continue
        link = list(tr.iter(f"{W}hyperlink"))[1]
        page = int(run_text(link))
        heading = norm(run_text(marks[link.get(f"{W}anchor")]))
        first = next(i + 1 for i, p in enumerate(pages) if i + 1 > contents and heading in p)
        followed[cells[:3]] = (page, first)
    assert len(followed) == 3
    assert all(page == first for page, first in followed.values()), followed
