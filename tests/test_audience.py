"""Client editions that are safe to send: the client view, the template guard, the leak scanner.

The marker workspace below gives every internal field a value found nowhere else — a word
made up for it, or an unusual number — so that a client edition showing any of them is
caught by a plain search of the package's XML, independently of the scanner.
"""

from __future__ import annotations

import io
import re
import runpy
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AS_OF, write

from kamdocs import DocumentKey, Options, build_document, load_workspace
from kamdocs.building.driver import render_document
from kamdocs.cli.commands import main
from kamdocs.errors import ContentError, KamdocsError
from kamdocs.leaks import find_leaks, hunt_for
from kamdocs.workspace import audience
from kamdocs.workspace import model as m
from kamdocs.workspace.audience import account_view, leaves, view

MARKED = "content/accounts/marque"

# Internal-only values of the marker account: made-up words, and numbers nothing else holds.
WORDS = {
    "impact": "Zorvex perte de soutien",
    "strategy": "Kuldran devenir fournisseur unique",
    "assumption": "Pellinor volumes stables",
    "buying": "Drabwick appel d'offres annuel",
    "stake": "Quimbly promotion interne",
    "notes": "Frestal aime le golf",
    "competitor": "Vortigan Analytics",
    "swot": "Yarrowmere faiblesse logistique",
    "risk": "Ombrelune départ du sponsor",
    "internal_action": "Trelkin valider notre prix",
    "internal_goal": "Glavoris réduire nos coûts internes",
    "internal_success": "Mistraven marge tenue",
}
NUMBERS = {"budget": "48213.77", "amount": "734219", "cost_to_serve": "91357", "price": "61873"}

ACCOUNT = f"""\
name: Marque Industrie SA
language: fr
sector: Chimie fine
owner: {{name: Claire Martin, email: claire.martin@example.com}}
team:
  - {{name: Hugo Petit, role: Chef de projet, function: delivery}}
plan:
  version: 2
  date: 2026-01-15
  status: approved
  validated_by_client: {{name: Ana Lopes, date: 2026-02-01}}
strategy:
  choices: [{WORDS["strategy"]}]
  assumptions: [{WORDS["assumption"]}]
purchasing_process: {WORDS["buying"]}
selection: {{financial: 7, strategic: 8, maturity: 6}}
classification:
  attractiveness: {{potential: 8, strategic_fit: 7, accessibility: 6}}
  strength: {{share_of_wallet: 5, relationship: 6, offer_fit: 7}}
relationship_stage: cooperative
revenue:
  history:
    - {{period: 2025, amount: 820000, margin: 0.2731, cost_to_serve: {NUMBERS["cost_to_serve"]}}}
    - {{period: 2026-Q1, amount: 205000, margin: 0.2617}}
    - {{period: 2026-Q2, amount: 212000, margin: 0.2659}}
  targets: {{2026: 900000}}
news:
  - {{date: 2026-06-12, text: Nouvelle usine inaugurée à Lyon, impact: "{WORDS["impact"]}"}}
goals:
  - Réduire les délais de livraison de 20 %
  - {{text: "{WORDS["internal_goal"]}", audience: internal}}
objectives:
  - {{id: O1, title: Livrer en 48 heures, kpi: Délai moyen, unit: h, baseline: 72, target: 48,
     due: 2026-12-31, budget: {NUMBERS["budget"]}}}
  - {{id: O2, title: Porter notre part à 30 %, kpi: Part, unit: "%", baseline: 20, target: 30,
     due: 2026-12-31, audience: internal}}
stakeholders:
  - {{name: Ana Lopes, title: Directrice des achats, unit: Achats, roles: [decision_maker],
     attitude: champion, relationship: green, influence: 5, stake: "{WORDS["stake"]}",
     notes: "{WORDS["notes"]}", our_contact: Claire Martin}}
swot:
  weaknesses: [{{text: "{WORDS["swot"]}"}}]
competitors:
  - {{name: {WORDS["competitor"]}, share: 0.4, position: incumbent}}
opportunities:
  - {{name: Extension du stockage, stage: proposal, amount: {NUMBERS["amount"]}, probability: 0.37,
     close: 2027-03-31}}
actions:
  - {{id: A1, objective: O1, action: Mettre en place le suivi hebdomadaire des délais,
     owner: Hugo Petit, due: 2026-12-15, expected_result: "4 revues tenues en 4 semaines",
     status: on_track}}
  - {{id: A2, objective: O2, action: Préparer la revue conjointe des stocks, owner: Ana Lopes,
     due: 2026-12-20, expected_result: 1 revue tenue, status: planned}}
  - {{id: A3, action: "{WORDS["internal_action"]}", owner: Claire Martin, due: 2026-12-01,
     expected_result: 1 prix validé, status: late, audience: internal}}
risks:
  - {{text: "{WORDS["risk"]}", likelihood: high, impact: high}}
cadence:
  next_meetings:
    - {{date: 2027-01-15, kind: review}}
"""

REVIEW = f"""\
quarter: 2026-Q3
date: 2026-10-14
kpis:
  - {{name: Délai moyen, unit: h, target: 48, actual: 55, previous: 60}}
successes:
  - 3 livraisons urgentes tenues en 24 heures
  - {{text: "{WORDS["internal_success"]}", audience: internal}}
satisfaction: {{nps: 32, previous_nps: 28}}
"""

PROPOSAL = f"""\
title: Extension du stockage
date: 2026-11-02
executive_summary: Un entrepôt de 2 000 palettes à 10 km du site.
pricing:
  lines:
    - {{label: Mise en place, quantity: 1, unit_price: {NUMBERS["price"]}}}
"""


@pytest.fixture
def marked(ws_copy: Path) -> Path:
    """The demo workspace plus the marker account, with a review and an open proposal."""
    write(ws_copy / MARKED / "account.yaml", ACCOUNT)
    write(ws_copy / MARKED / "reviews/2026-Q3.yaml", REVIEW)
    write(ws_copy / MARKED / "proposals/stockage.yaml", PROPOSAL)
    return ws_copy


def package_text(path: Path) -> str:
    """Every text of every XML part of a package (embedded workbooks included), markup
    stripped, spaces of every kind as one space: what any reader could find."""
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            data = package.read(name)
            if name.endswith(".xlsx"):
                inner = path.parent / "_inner.xlsx"
                inner.write_bytes(data)
                texts.append(package_text(inner))
            elif name.endswith((".xml", ".rels")):
                texts.append(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
    return re.sub(r"\s+", " ", " ".join(texts))


def number_pattern(value: str) -> re.Pattern[str]:
    """Any printed form of `value`, cut or rounded to a whole number: 48213.77 as 48 213,
    48,214, 48.213 or 48214 (spaces of every kind)."""
    forms = []
    for whole in {str(int(Decimal(value))), str(round(Decimal(value)))}:
        head, tail = whole[:-3], whole[-3:]
        forms.append(rf"{head}[\s,.\u00a0\u202f]?{tail}")
    return re.compile(rf"(?<!\d)(?:{'|'.join(forms)})(?!\d)")


def client_files(root: Path, lang: str) -> list[Path]:
    ws = load_workspace(root)
    opts = Options(today=AS_OF, lang=lang, out=None)
    built = [
        build_document("plan", ws, DocumentKey("marque", audience="client"), opts),
        build_document("review", ws, DocumentKey("marque", audience="client"), opts),
        build_document("proposal", ws, DocumentKey("marque", proposal="stockage"), opts),
    ]
    return [b.path for b in built]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_internal_value_of_the_marker_account_reaches_a_client_edition(
    marked: Path, lang: str
) -> None:
    for path in client_files(marked, lang):
        text = package_text(path)
        for key, word in WORDS.items():
            assert word.split()[0] not in text, (path.name, key)
        for key, value in NUMBERS.items():
            if key == "price" and "proposal" in path.name:
                continue  # a proposal shows its own prices
            assert not number_pattern(value).search(text), (path.name, key)
        assert "champion" not in text.lower()
        assert "Porter notre part" not in text  # the internal objective
        assert "O2" not in text  # nor the reference to it of the joint action A2
    assert "Préparer la revue conjointe des stocks" in package_text(client_files(marked, lang)[0])


def test_the_internal_plan_still_shows_everything(marked: Path) -> None:
    ws = load_workspace(marked)
    built = build_document(
        "plan", ws, DocumentKey("marque", audience="internal"), Options(today=AS_OF)
    )
    text = package_text(built.path)
    for key in ("impact", "strategy", "assumption", "buying", "competitor", "risk",
                "internal_action", "internal_goal"):  # fmt: skip
        assert WORDS[key].split()[0] in text, key
    assert number_pattern(NUMBERS["budget"]).search(text)
    assert number_pattern(NUMBERS["amount"]).search(text)
    assert "Porter notre part à 30 %" in text


def test_the_demo_client_editions_show_nothing_internal_in_either_language(
    demo_root: Path, tmp_path: Path
) -> None:
    ws = load_workspace(demo_root)
    scanned = 0
    for slug, bundle in ws.accounts.items():
        keys = [("plan", DocumentKey(slug, audience="client"))]
        keys += [
            ("review", DocumentKey(slug, audience="client", quarter=q)) for q in bundle.reviews
        ]
        keys += [("proposal", DocumentKey(slug, proposal=p)) for p in bundle.proposals]
        for lang in ("fr", "en"):
            for kind, key in keys:
                rendered = render_document(kind, ws, key, Options(today=AS_OF, lang=lang))
                outputs = [(rendered.name, rendered.data)]
                hunt = hunt_for(bundle, Decimal("0.20"), key.proposal or None)
                assert find_leaks(outputs, hunt) == [], rendered.name
                scanned += 1
    assert scanned == 2 * (5 + 6 + 3)  # plans, decks (two quarters each), proposals


def test_an_override_that_prints_an_internal_field_gets_a_located_error(marked: Path) -> None:
    override = marked / "templates/docx/plan/goals.md.j2"
    write(
        override,
        "{% for o in account.objectives %}\n- {{ o.title }}: {{ o.budget }}\n{% endfor %}\n",
    )
    ws = load_workspace(marked)
    with pytest.raises(KamdocsError) as caught:
        build_document("plan", ws, DocumentKey("marque", audience="client"), Options(today=AS_OF))
    message = str(caught.value)
    assert message.startswith("templates/docx/plan/goals.md.j2:2: ")
    assert "Objective.budget is internal" in message
    assert not (marked / "build/marque/marque-plan-client-fr.docx").exists()
    internal = build_document(
        "plan", ws, DocumentKey("marque", audience="internal"), Options(today=AS_OF)
    )
    assert number_pattern(NUMBERS["budget"]).search(package_text(internal.path))


def test_an_override_asking_for_the_health_score_fails_in_the_client_deck(marked: Path) -> None:
    source = Path(__file__).parents[1] / "templates/pptx/review/deck.md.j2"
    deck = marked / "templates/pptx/review/deck.md.j2"
    write(deck, source.read_text(encoding="utf-8") + "\n{{ ins.health.score }}\n")
    ws = load_workspace(marked)
    with pytest.raises(
        KamdocsError, match=r"deck\.md\.j2:\d+: .*AccountInsights\.health is internal"
    ):
        build_document("review", ws, DocumentKey("marque", audience="client"), Options(today=AS_OF))


def test_a_budget_typed_into_a_joint_action_is_caught_with_its_field_and_place(
    marked: Path,
) -> None:
    account = marked / MARKED / "account.yaml"
    account.write_text(
        ACCOUNT.replace("4 revues tenues en 4 semaines", "Budget de 48 213,77 € engagé"),
        encoding="utf-8",
    )
    target = marked / "build/marque/marque-plan-client-fr.docx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"the previous good edition")
    ws = load_workspace(marked)
    with pytest.raises(ContentError) as caught:
        build_document("plan", ws, DocumentKey("marque", audience="client"), Options(today=AS_OF))
    (leak,) = caught.value.problems
    assert (leak.file, leak.field, leak.key) == (
        f"{MARKED}/account.yaml",
        "objectives[0].budget",
        "leak",
    )
    assert "Plan d'actions" in leak.message
    assert "48 213,77" in leak.message
    assert target.read_bytes() == b"the previous good edition"
    result = CliRunner().invoke(
        main, ["check", "--audience", "client", "--as-of", AS_OF.isoformat(), "-C", str(marked)]
    )
    assert result.exit_code == 1
    # The workspace writes `language: fr`: the command line speaks French.
    assert "objectives[0].budget: valeur interne trouvée dans l'édition client" in result.output


def test_an_open_proposal_total_is_hunted_in_the_other_client_documents(marked: Path) -> None:
    review = marked / MARKED / "reviews/2026-Q3.yaml"
    # 61 873 HT, 74 247,60 TTC: the total of the open proposal, typed into a success.
    review.write_text(
        REVIEW.replace(
            "3 livraisons urgentes", "Offre de 74 247,60 € TTC remise ; 3 livraisons urgentes"
        ),
        encoding="utf-8",
    )
    ws = load_workspace(marked)
    with pytest.raises(ContentError) as caught:
        build_document("review", ws, DocumentKey("marque", audience="client"), Options(today=AS_OF))
    assert [p.field for p in caught.value.problems] == ["pricing"]
    proposal = marked / MARKED / "proposals/stockage.yaml"
    proposal.write_text(PROPOSAL + "status: won\n", encoding="utf-8")
    ws = load_workspace(marked)
    build_document("review", ws, DocumentKey("marque", audience="client"), Options(today=AS_OF))


def test_the_client_view_comes_from_the_model_marks(marked: Path) -> None:
    ws = load_workspace(marked)
    account = ws.accounts["marque"].account.model
    assert account is not None
    seen = account_view(account, "client")
    assert [a.id for a in seen.actions] == ["A1", "A2"]
    assert seen.actions[1].objective is None  # its objective O2 is internal
    assert seen.objectives[0].budget is None
    assert seen.stakeholders[0].attitude is None
    assert seen.goals == ("Réduire les délais de livraison de 20 %",)
    assert (seen.swot, seen.competitors, seen.risks, seen.strategy) == (None, (), (), None)
    internal = {leaf.field for leaf in leaves(account) if leaf.internal}
    assert {"Objective.budget", "NewsItem.impact", "Stakeholder.attitude",
            "Competitor.name", "RevenueEntry.margin", "Opportunity.amount"} <= internal  # fmt: skip
    assert m.is_internal(m.Requirement, "owner")
    assert not m.is_internal(m.Requirement, "text")


@pytest.mark.parametrize("root", ["marked", "demo_root"])
def test_a_view_that_skips_the_fields_it_cannot_change_gives_what_a_full_walk_gives(
    root: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = load_workspace(request.getfixturevalue(root))
    bundles = list(ws.accounts.values())
    accounts = [b.account.model for b in bundles if b.account.model is not None]
    reviews = [r.model for b in bundles for r in b.reviews.values() if r.model is not None]
    proposals = [p.model for b in bundles for p in b.proposals.values() if p.model is not None]
    assert len(accounts) == len(bundles)
    assert reviews
    assert any(p.tender is not None and p.tender.requirements for p in proposals)

    def every_view() -> list[m.Model]:
        return [
            *(account_view(a, audience) for a in accounts for audience in AUDIENCES),
            *(view(r, audience) for r in reviews for audience in AUDIENCES),
            *(view(p, audience) for p in proposals for audience in AUDIENCES),
        ]

    assert "actions" not in audience._fields_a_view_changes(m.Account, False)
    assert "actions" in audience._fields_a_view_changes(m.Account, True)
    assert "tender" in audience._fields_a_view_changes(m.Proposal, True)  # Requirement.owner
    pruned = every_view()
    assert any(seen != account for seen, account in zip(pruned[1::2], accounts, strict=False))

    def every_field(cls: type[m.Model], _client: bool) -> tuple[str, ...]:
        return tuple(cls.model_fields)

    monkeypatch.setattr(audience, "_fields_a_view_changes", every_field)
    assert pruned == every_view()


AUDIENCES = ("internal", "client")


def test_the_client_deck_lists_joint_actions_only(marked: Path) -> None:
    paths = client_files(marked, "fr")
    deck = package_text(paths[1])
    assert "Trelkin" not in deck
    ws = load_workspace(marked)
    internal = build_document(
        "review", ws, DocumentKey("marque", audience="internal"), Options(today=AS_OF)
    )
    assert "Trelkin" in package_text(internal.path)


def test_the_audience_page_of_the_docs_is_the_one_the_model_gives(demo_root: Path) -> None:
    writer = runpy.run_path(str(demo_root / "tools/write_docs.py"))
    page = (demo_root / "docs/audience.md").read_text(encoding="utf-8")
    assert page == writer["audience_page"](), "run python tools/write_docs.py"
    assert "| `objectives[].budget` | internal by nature" in page
    assert "| `actions[]` | client, item by item" in page
    assert "| `goals[]` | client, item by item" in page
    assert "- `health`" in page


def test_a_proposal_template_cannot_print_a_stakeholder_attitude(marked: Path) -> None:
    source = Path(__file__).parents[1] / "templates/docx/proposal/proposal.md.j2"
    override = marked / "templates/docx/proposal/proposal.md.j2"
    write(override, "{{ account.stakeholders[0].attitude }}\n" + source.read_text(encoding="utf-8"))
    ws = load_workspace(marked)
    with pytest.raises(
        KamdocsError, match=r"proposal\.md\.j2:1: .*Stakeholder\.attitude is internal"
    ):
        build_document(
            "proposal", ws, DocumentKey("marque", proposal="stockage"), Options(today=AS_OF)
        )


def test_a_competitor_named_in_client_text_is_warned_at_its_field(marked: Path) -> None:
    from kamdocs.checks.workspace import workspace_problems

    account = marked / MARKED / "account.yaml"
    account.write_text(
        ACCOUNT.replace("Réduire les délais de livraison de 20 %", "Remplacer Vortigan Analytics"),
        encoding="utf-8",
    )
    found = [p for p in workspace_problems(load_workspace(marked)) if p.key == "internal_word"]
    assert [(p.file, p.field) for p in found] == [(f"{MARKED}/account.yaml", "goals[0]")]
    assert "'Vortigan Analytics'" in found[0].message


def test_a_slide_edited_after_a_clean_scan_is_read_again(marked: Path) -> None:
    """The scanner keeps the texts of the slide parts it read, by their bytes: a deck that
    differs from a clean one in a single slide gets that slide read afresh."""
    ws = load_workspace(marked)
    key = DocumentKey("marque", audience="client")
    rendered = render_document("review", ws, key, Options(today=AS_OF))
    hunt = hunt_for(ws.accounts["marque"], Decimal("0.20"))
    assert find_leaks([(rendered.name, rendered.data)], hunt) == []
    edited = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as clean, zipfile.ZipFile(edited, "w") as out:
        for item in clean.infolist():
            data = clean.read(item.filename)
            if item.filename == "ppt/slides/slide2.xml":
                data = data.replace(b"</a:t>", f" {WORDS['strategy']}</a:t>".encode(), 1)
            out.writestr(item, data)
    leaks = find_leaks([(rendered.name, edited.getvalue())], hunt)
    assert [(leak.needle.field, leak.spot.where.split(" (")[0]) for leak in leaks] == [
        ("Strategy.choices", "slide 2")
    ]


def test_client_strings_are_the_client_visible_text_leaves(demo_root: Path, marked: Path) -> None:
    compared = 0
    for root in (demo_root, marked):
        for bundle in load_workspace(root).accounts.values():
            for loaded in bundle.files():
                if loaded.model is None:
                    continue
                expected = [
                    (leaf.loc, leaf.value)
                    for leaf in leaves(loaded.model)
                    if not leaf.internal and not leaf.choice and isinstance(leaf.value, str)
                ]
                assert audience.client_strings(loaded.model) == expected, loaded.file
                compared += len(expected)
    assert compared > 500
