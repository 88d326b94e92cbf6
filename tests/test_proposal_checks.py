"""The proposal's checks: the five objectives and the tender rules, each with a failing example.

Pure-function tests build proposals from plain data; workspace tests edit a copy of the demo
proposal files and read the located problems the driver reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF

from kamdocs.building.driver import (
    DocumentKey,
    Options,
    build_document,
    check_proposal,
    proposal_report,
)
from kamdocs.checks.locate import Unplaced
from kamdocs.checks.objectives import five_objective_report, report_lines
from kamdocs.checks.parts import part_presence
from kamdocs.checks.pricing_rules import pricing_problems
from kamdocs.checks.tender import tender_problems
from kamdocs.checks.validity import validity
from kamdocs.errors import ContentError
from kamdocs.workspace.loader import load_workspace
from kamdocs.workspace.model import Company, Pricing, PricingLine, Proposal
from kamdocs.workspace.parsed import Loc

D = dt.date
TENDER = Path("content/accounts/ondrelle-industrie/proposals/ao-2026-maintenance.yaml")
STANDARD = Path("content/accounts/marches-vervelle/proposals/prev-frais-2027.yaml")


def proposal(**data: Any) -> Proposal:
    return Proposal.model_validate({"title": "Offre", **data})


def complete(**data: Any) -> Proposal:
    """A proposal that serves all five objectives."""
    base: dict[str, Any] = {
        "date": "2026-11-01",
        "valid_until": "2027-01-31",
        "executive_summary": "Le besoin, la solution, 12 000 € HT, décision le 2026-12-01.",
        "context": "Le client exploite 40 entrepôts et veut réduire ses ruptures de stock.",
        "needs": [{"id": "B1", "text": "Réduire les ruptures"}],
        "solution": "Une prévision quotidienne par entrepôt.",
        "methodology": "Cinq étapes courtes.",
        "objectives": [{"text": "Moins de ruptures", "kpi": "Taux de rupture", "target": "2"}],
        "pricing": {"lines": [{"label": "Étude", "quantity": 10, "unit_price": 1200}]},
        "roi": {"annual_gain": 50000, "horizon_years": 2, "assumptions": "Hypothèse basse"},
        "references": [{"client": "Client A (fictif)", "result": "-10 %"}],
        "guarantees": [{"metric": "Disponibilité", "commitment": "99.5%"}],
        "team": [{"name": "Nadia Benali", "role": "Cheffe de projet"}],
        "next_steps": [{"step": "Décision", "date": "2026-12-01"}],
    }
    base.update(data)
    return Proposal.model_validate({"title": "Offre", **base})


def report(p: Proposal, today: dt.date = AS_OF, **others: Proposal) -> dict[str, list[str]]:
    findings = five_objective_report(p, None, today, others)
    return {f.objective: f.missing for f in findings}


# --- the five objectives ---------------------------------------------------------------


def test_a_complete_proposal_serves_all_five_objectives() -> None:
    findings = five_objective_report(complete(), None, AS_OF, {})
    assert [(f.objective, f.ok) for f in findings] == [(f"O{i}", True) for i in range(1, 6)]


def test_an_empty_proposal_misses_something_for_every_objective() -> None:
    assert report(proposal()) == {
        "O1": ["context", "needs"],
        "O2": ["solution", "methodology"],
        "O3": ["kpi_target", "roi", "price"],
        "O4": ["references", "guarantees", "team"],
        "O5": ["executive_summary", "next_step_date", "validity_default"],
    }


@pytest.mark.parametrize(
    ("change", "objective", "code"),
    [
        ({"context": None}, "O1", "context"),
        ({"needs": []}, "O1", "needs"),
        ({"solution": None}, "O2", "solution"),
        ({"methodology": None}, "O2", "methodology"),
        ({"objectives": [{"text": "Moins de ruptures", "kpi": "Taux"}]}, "O3", "kpi_target"),
        ({"roi": None}, "O3", "roi"),
        ({"pricing": None}, "O3", "price"),
        ({"references": []}, "O4", "references"),
        ({"guarantees": []}, "O4", "guarantees"),
        ({"team": []}, "O4", "team"),
        ({"executive_summary": None}, "O5", "executive_summary"),
        ({"next_steps": [{"step": "Décision"}]}, "O5", "next_step_date"),
        ({"valid_until": None}, "O5", "validity_default"),
    ],
)
def test_each_missing_piece_fails_its_objective(
    change: dict[str, Any], objective: str, code: str
) -> None:
    found = report(complete(**change))
    assert found[objective] == [code]
    assert all(not missing for key, missing in found.items() if key != objective)


def test_a_gain_without_assumptions_is_no_roi() -> None:
    p = complete(roi={"annual_gain": 50000, "horizon_years": 2})
    finding = five_objective_report(p, None, AS_OF, {})[2]
    assert finding.missing == ["roi"]
    assert "no assumptions" in finding.gaps[0].message


def test_the_default_validity_is_said_with_its_date() -> None:
    finding = five_objective_report(complete(valid_until=None), None, AS_OF, {})[4]
    # 2026-11-01 + 90 days = 2027-01-30
    assert finding.gaps[0].message == (
        "validity not set: the 90-day default applies (valid until 2027-01-30)"
    )


def test_a_validity_already_passed_fails_o5() -> None:
    assert report(complete(), today=D(2027, 2, 1))["O5"] == ["validity_passed"]


def test_company_references_and_slas_count_when_the_proposal_has_none() -> None:
    company = Company.model_validate(
        {"name": "Nous", "references": [{"client": "A"}], "sla": [{"metric": "Dispo"}]}
    )
    p = complete(references=None, guarantees=[])
    assert five_objective_report(p, company, AS_OF, {})[3].ok
    assert report(p)["O4"] == ["references", "guarantees"]


def test_a_context_paragraph_copied_from_another_proposal_is_flagged() -> None:
    shared = "Le client exploite 140 magasins dans l'Ouest et veut réduire la démarque du frais."
    other = complete(context=f"Un paragraphe propre à l'autre client.\n\n{shared}")
    mine = complete(context=f"Notre lecture du besoin.\n\n{shared}")
    finding = five_objective_report(mine, None, AS_OF, {"acme/offre-2026": other})[0]
    assert finding.missing == ["generic_context"]
    assert "paragraph 2" in finding.gaps[0].message
    assert "acme/offre-2026 (context)" in finding.gaps[0].message


def test_a_solution_copied_from_another_context_is_flagged_but_short_lines_are_not() -> None:
    text = "Nous déployons la prévision quotidienne par magasin en trois vagues successives."
    other = complete(context=text, solution="**Gouvernance**")
    mine = complete(solution=f"**Gouvernance**\n\n{text}")
    assert report(mine, **{"a/b": other})["O2"] == ["generic_solution"]


def test_the_demo_proposals_serve_every_objective_but_one_validity(demo_ws) -> None:  # type: ignore[no-untyped-def]
    found = {
        pid: [
            (f.objective, f.missing)
            for f in proposal_report(demo_ws, DocumentKey(slug, proposal=pid), Options(today=AS_OF))
        ]
        for slug, pid in [
            ("marches-vervelle", "prev-frais-2027"),
            ("ondrelle-industrie", "ao-2026-maintenance"),
            ("nimbrook-software", "nimbrook-renewal-2027"),
        ]
    }
    assert found["prev-frais-2027"][4] == ("O5", ["validity_default"])
    assert all(not missing for _, missing in found["prev-frais-2027"][:4])
    assert all(not missing for _, missing in found["ao-2026-maintenance"])
    assert all(not missing for _, missing in found["nimbrook-renewal-2027"])


def test_report_lines_say_ok_or_what_is_missing() -> None:
    lines = report_lines(five_objective_report(complete(team=[]), None, AS_OF, {}))
    assert lines[0] == "O1 show we understood the need: ok"
    assert lines[3] == "O4 reassure and commit: missing team"


# --- validity ----------------------------------------------------------------------------


def triples(found: list[Unplaced]) -> list[tuple[Loc, str, str]]:
    """Return (field path, message with its hint, severity) of each rule's problem."""
    return [(f.loc, f.text, f.severity) for f in found]


def test_validity_in_tender_mode_is_the_deadline_plus_the_rc_period() -> None:
    p = proposal(
        date="2026-11-20",
        valid_until="2027-01-01",
        mode="tender",
        tender={"deadline": "2026-12-18T12:00", "validity_days": 120},
    )
    # 2026-12-18 + 120 days: 13 days to 31/12, then 31 + 28 + 31 + 17 = 2027-04-17
    assert (validity(p, AS_OF).until, validity(p, AS_OF).source) == (D(2027, 4, 17), "tender")
    assert triples(tender_problems(p, AS_OF, False))[-1:] == [
        (
            ("valid_until",),
            "differs from the RC's validity (deadline + 120 days = 2027-04-17), which is used",
            "warning",
        )
    ]


def test_validity_without_date_counts_from_the_as_of_date() -> None:
    assert validity(proposal(), D(2026, 12, 1)).until == D(2027, 3, 1)


# --- pricing and tender rules ------------------------------------------------------------


def test_a_zero_vat_rate_needs_its_legal_mention() -> None:
    lines = [{"label": "Export", "unit_price": 100, "vat_rate": "0%"}]
    p = proposal(pricing={"lines": lines})
    assert triples(pricing_problems(p, Decimal("0.20")))[0][:2] == (
        ("pricing", "vat_note"),
        "a 0 % VAT rate needs its legal mention (for example a reverse-charge article): "
        "set pricing.vat_note",
    )
    noted = proposal(pricing={"lines": lines, "vat_note": "Autoliquidation (fictif)"})
    assert pricing_problems(noted, Decimal("0.20")) == []


def tender(**data: Any) -> Proposal:
    base: dict[str, Any] = {
        "deadline": "2026-12-18T12:00",
        "validity_days": 120,
        "criteria": [
            {
                "id": "C1",
                "name": "Valeur technique",
                "weight": 60,
                "parts": ["solution"],
                "subcriteria": [
                    {"id": "C1.1", "name": "Méthode", "weight": 40, "parts": ["methodology"]},
                    {"id": "C1.2", "name": "Équipe", "weight": 20, "parts": ["team"]},
                ],
            },
            {"id": "C2", "name": "Prix", "weight": 40, "price": True},
        ],
        "requirements": [
            {"id": "R-1", "text": "Texte", "compliance": "compliant", "section": "solution"},
        ],
        "signatory": {"name": "Élise Fontaine", "title": "Directrice générale"},
    }
    base.update(data)
    return complete(mode="tender", valid_until=None, tender=base)


def messages(p: Proposal, allow: bool = False, today: dt.date = AS_OF) -> list[tuple[str, str]]:
    return [(severity, text) for _, text, severity in triples(tender_problems(p, today, allow))]


def test_a_sound_tender_has_no_problem() -> None:
    assert messages(tender()) == []


def test_tender_rules_do_not_apply_in_standard_mode() -> None:
    assert tender_problems(complete(), AS_OF, False) == []


def test_tender_mode_without_a_tender_block_is_an_error() -> None:
    assert messages(complete(mode="tender"))[0][0] == "error"


def test_criteria_weights_must_add_up_to_100() -> None:
    p = tender(
        criteria=[
            {"id": "C1", "name": "Technique", "weight": 70},
            {"id": "C2", "name": "Prix", "weight": 40, "price": True},
        ]
    )
    assert messages(p) == [("error", "award criterion weights add up to 110, expected 100")]


def test_sub_criteria_must_add_up_to_their_parent() -> None:
    p = tender()
    data = p.model_dump(mode="json")
    data["tender"]["criteria"][0]["subcriteria"][1]["weight"] = 25
    located = triples(tender_problems(Proposal.model_validate(data), AS_OF, False))
    assert located == [
        (
            ("tender", "criteria", 0, "subcriteria"),
            "sub-criteria of C1 add up to 65, expected 60 (the weight of C1)",
            "error",
        )
    ]


def requirement(**data: Any) -> dict[str, Any]:
    return {"id": "R-9", "text": "Texte", "compliance": "compliant", "section": "team", **data}


def test_a_non_compliant_eliminatory_requirement_is_an_error_unless_allowed() -> None:
    p = tender(
        requirements=[
            requirement(
                eliminatory=True, compliance="non_compliant", justification="Hors périmètre"
            )
        ]
    )
    assert messages(p) == [
        (
            "error",
            "eliminatory requirement R-9 is non-compliant: the offer would be rejected "
            "(pass --allow-noncompliant to build it anyway)",
        )
    ]
    assert messages(p, allow=True) == [
        ("warning", "eliminatory requirement R-9 is non-compliant: the offer would be rejected")
    ]


def test_a_partial_row_needs_a_justification() -> None:
    p = tender(requirements=[requirement(compliance="partial")])
    assert messages(p) == [
        ("error", "R-9 is partial without a justification: say what is not covered and why")
    ]


def test_a_requirement_must_name_an_existing_section() -> None:
    p = tender(requirements=[requirement(section="risks"), requirement(id="R-10", section="C9")])
    found = messages(p)
    sections = "annexes, context, guarantees, methodology, pricing, references, solution, team, "
    sections += "C1, C1.1, C1.2, C2"
    assert found == [
        ("error", f"'risks' is not a section of this proposal; sections: {sections}"),
        ("error", f"'C9' is not a section of this proposal; sections: {sections}"),
    ]


def test_a_criterion_id_is_a_valid_section() -> None:
    assert messages(tender(requirements=[requirement(section="C1.2", criterion="C1.2")])) == []


def test_a_requirement_feeding_an_unknown_criterion_is_an_error() -> None:
    found = messages(tender(requirements=[requirement(criterion="C7")]))
    assert found == [("error", "'C7' is not a criterion id (criteria: C1, C1.1, C1.2, C2)")]


def test_a_deadline_already_passed_is_a_warning() -> None:
    found = messages(tender(), today=D(2026, 12, 19))
    assert found == [
        ("warning", "the deadline 2026-12-18T12:00 has passed (as of 2026-12-19)"),
    ]


def test_firm_pricing_lines_beside_a_price_schedule_are_a_warning() -> None:
    # DQE: 10 × 1200 = 12 000 + 1 × 0.01 = 12 000.01; the pricing's firm line is a second price
    schedule = [
        {"code": "1", "label": "Étude", "quantity": 10, "unit_price": 1200},
        {"code": "2", "label": "Frais", "quantity": 1, "unit_price": "0.01"},
    ]
    assert messages(tender(price_schedule=schedule)) == [
        (
            "warning",
            "1 firm pricing line(s) beside the buyer's price schedule (total 12000.01): the "
            "schedule is the financial offer and wins; keep only options and payment terms here",
        )
    ]
    options_only = Pricing(lines=(PricingLine(label="PSE", unit_price=500, optional=True),))
    p = tender(price_schedule=schedule).model_copy(update={"pricing": options_only})
    assert messages(p) == []


def test_a_tender_without_signatory_is_a_warning() -> None:
    assert messages(tender(signatory=None)) == [
        (
            "warning",
            "no tender.signatory: the answer is signed by who signs the acte d'engagement; "
            "give that person's name and title",
        )
    ]


def test_the_compliance_matrix_makes_the_annexes_part_exist() -> None:
    assert part_presence(tender(), None)["annexes"]
    assert not part_presence(complete(), None)["annexes"]


# --- through the workspace: located problems ---------------------------------------------


def edit(ws_root: Path, relative: Path, old: str, new: str) -> None:
    path = ws_root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(ws_root: Path, slug: str, pid: str, **kw: Any) -> list[str]:
    ws = load_workspace(ws_root)
    return [
        p.format()
        for p in check_proposal(
            ws, DocumentKey(slug, proposal=pid), dataclasses.replace(Options(today=AS_OF), **kw)
        )
    ]


def test_check_locates_a_weight_error_on_its_line(ws_copy: Path) -> None:
    edit(ws_copy, TENDER, "name: Prix, weight: 40", "name: Prix, weight: 45")
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance")
    lines = (ws_copy / TENDER).read_text(encoding="utf-8").splitlines()
    first = lines.index("    - id: C1") + 1  # the criteria list starts on its first item
    assert (
        f"{TENDER.as_posix()}:{first}:5: tender.criteria: award criterion weights add up to "
        "105, expected 100"
    ) in found


def test_check_reports_an_eliminatory_row_and_build_refuses_it(ws_copy: Path) -> None:
    old = """      eliminatory: true
      criterion: C1.1
      compliance: compliant
      justification: null"""
    new = old.replace("compliant", "non_compliant").replace("null", "Hors de notre périmètre")
    edit(ws_copy, TENDER, old, new)
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance")
    assert any(
        "tender.requirements[1].compliance: eliminatory requirement R-02" in f for f in found
    )
    ws = load_workspace(ws_copy)
    opts = Options(today=AS_OF, out=ws_copy / "out.docx")
    with pytest.raises(ContentError, match="R-02 is non-compliant"):
        build_document(
            "proposal", ws, DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance"), opts
        )
    assert not (ws_copy / "out.docx").exists()
    built = build_document(
        "proposal",
        ws,
        DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance"),
        dataclasses.replace(opts, allow_noncompliant=True),
    )
    assert any("R-02 is non-compliant" in w.message for w in built.warnings)


def test_check_reports_a_section_that_does_not_exist(ws_copy: Path) -> None:
    edit(ws_copy, TENDER, "section: C1.4", "section: C1.5")
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance")
    assert any("tender.requirements[14].section: 'C1.5' is not a section" in f for f in found)


def test_check_reports_a_partial_row_without_justification(ws_copy: Path) -> None:
    path = ws_copy / TENDER
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if 'justification: "Horizon' in line)
    lines[index] = "      justification: null"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance")
    assert any(
        f"{TENDER.as_posix()}:{index + 1}:22: tender.requirements[4].justification: R-05 is "
        "partial without a justification" in f
        for f in found
    )


def test_a_passed_deadline_and_the_five_objectives_are_warnings(ws_copy: Path) -> None:
    ws = load_workspace(ws_copy)
    late = Options(today=D(2026, 12, 20))
    found = check_proposal(
        ws, DocumentKey("ondrelle-industrie", proposal="ao-2026-maintenance"), late
    )
    assert [p.field for p in found] == ["tender.deadline"]
    assert found[0].severity == "warning"
    standard = check_proposal(
        ws, DocumentKey("marches-vervelle", proposal="prev-frais-2027"), Options(today=AS_OF)
    )
    assert [p.format() for p in standard] == [
        f"{STANDARD.as_posix()}:6:14: warning: valid_until: O5 (get a decision): validity not "
        "set: the 90-day default applies (valid until 2027-02-14)"
    ]


def copy_tender_context_into_standard(ws_copy: Path) -> None:
    """Start the standard proposal's context with the tender's first paragraph, verbatim."""
    demo = load_workspace(ws_copy)
    tender = demo.accounts["ondrelle-industrie"].proposals["ao-2026-maintenance"].model
    assert tender is not None
    assert tender.context is not None
    first = tender.context.split("\n\n")[0]
    edit(
        ws_copy,
        STANDARD,
        "context: |\n",
        "context: |\n" + "".join(f"  {line}\n" for line in first.splitlines()) + "\n",
    )


def test_check_flags_a_context_copied_from_another_proposal(ws_copy: Path) -> None:
    copy_tender_context_into_standard(ws_copy)
    found = check(ws_copy, "marches-vervelle", "prev-frais-2027")
    assert any(
        "context: O1 (show we understood the need): paragraph 1 (" in f
        and "is copied verbatim from ondrelle-industrie/ao-2026-maintenance (context)" in f
        for f in found
    )


def test_an_estimated_page_count_over_the_limit_says_it_is_estimated(ws_copy: Path) -> None:
    edit(ws_copy, TENDER, "page_limit: 20", "page_limit: 2")
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance")
    warning = next(f for f in found if "tender.page_limit" in f)
    assert "estimated" in warning
    assert "over the RC's limit of 2" in warning


def test_counting_pages_without_libreoffice_says_which_package_to_install(ws_copy: Path) -> None:
    settings = ws_copy / "kamdocs.yaml"
    text = settings.read_text(encoding="utf-8").replace("soffice: soffice", "soffice: no-soffice")
    settings.write_text(text, encoding="utf-8")
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance", count_pages=True)
    assert any("libreoffice-writer-nogui" in f and "'no-soffice'" in f for f in found)


def test_an_unknown_proposal_lists_the_existing_ones(demo_ws) -> None:  # type: ignore[no-untyped-def]
    from kamdocs.errors import KamdocsError

    with pytest.raises(KamdocsError, match="proposals of this account: prev-frais-2027"):
        check_proposal(
            demo_ws, DocumentKey("marches-vervelle", proposal="nope"), Options(today=AS_OF)
        )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_check_counts_the_memoire_pages_with_libreoffice(ws_copy: Path) -> None:
    edit(ws_copy, TENDER, "page_limit: 20", "page_limit: 3")
    found = check(ws_copy, "ondrelle-industrie", "ao-2026-maintenance", count_pages=True)
    warning = next(f for f in found if "tender.page_limit" in f)
    assert re.search(
        r"the mémoire technique is \d+ pages \(counted with LibreOffice\), over "
        r"the RC's limit of 3",
        warning,
    )


def test_the_command_line_check_prints_the_report(ws_copy: Path) -> None:
    from click.testing import CliRunner

    from kamdocs.cli.commands import main

    result = CliRunner().invoke(
        main,
        [
            "proposal",
            "marches-vervelle",
            "prev-frais-2027",
            "--check",
            "-C",
            str(ws_copy),
            "--as-of",
            "2026-11-23",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "valid_until: O5 (obtenir une décision) : validité non renseignée" in result.stderr
    assert not (ws_copy / "build").exists()


def test_the_batch_compares_a_proposal_with_the_other_accounts_proposals(ws_copy: Path) -> None:
    from click.testing import CliRunner

    from kamdocs.cli.commands import main

    copy_tender_context_into_standard(ws_copy)
    result = CliRunner().invoke(
        main, ["build", "-C", str(ws_copy), "--as-of", AS_OF.isoformat(), "--jobs", "1"]
    )
    copied = [
        line
        for line in result.output.splitlines()
        if "est copié mot pour mot de ondrelle-industrie/ao-2026-maintenance (context)" in line
    ]
    assert len(copied) == 1
    assert copied[0].startswith(STANDARD.as_posix())


def test_a_requirement_text_longer_than_a_spreadsheet_cell_is_an_error_naming_the_field() -> None:
    fits = requirement(id="R-1", text="x" * 32_767)
    too_long = requirement(id="R-2", justification="y" * 32_768, compliance="partial")
    p = tender(requirements=[fits, too_long])
    problems = [u for u in tender_problems(p, AS_OF, False) if u.key == "cell_too_long"]
    assert [(u.loc, u.severity) for u in problems] == [
        (("tender", "requirements", 1, "justification"), "error")
    ]
    assert ("error", (
        "requirement 'R-2': 32768 characters, more than the 32767 a cell of the compliance "
        "grid holds; shorten it or move the detail into the proposal's text"
    )) in messages(p)  # fmt: skip
