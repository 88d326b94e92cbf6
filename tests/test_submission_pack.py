"""The matrix a grader can follow and the submission pack (issue 19), on a tender of our own:
evidence that joins an annex (a Markdown block, a PDF certificate), citations of annexes by
number, a compliant requirement its section never mentions, and the pack the buyer's
platform receives. Each test opens what was written and reads it as the buyer would."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import AS_OF, write
from docx_view import norm

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
