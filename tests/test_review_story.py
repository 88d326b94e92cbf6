"""The QBR deck as a story: takeaway titles, statuses in words, slides that use their space,
detail after the appendix divider, the meeting's date, and what the client deck leaves out.

Decks are opened with python-pptx as a user would: the demo's, and those of a workspace of
our own (14 KPIs, 24 successes, internal actions), in French and English, on the default
reference and on a 4:3 corporate template.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import corporate_templates
import pptx
import pytest
from conftest import AS_OF, write
from pptx.enum.shapes import PP_PLACEHOLDER as PH

from kamdocs.building.driver import DocumentKey, Options, build_document
from kamdocs.workspace.loader import load_workspace

COLOUR_NAMES = {"vert", "orange", "rouge", "gris", "green", "amber", "red", "grey", "gray"}
STATUS_HEADINGS = ("Statut", "Status")
DIVIDERS = ("Annexes", "Appendix")
BOTTOM_ZONE = 457200  # the marking and slide number sit in the last 0.5 in
DIGIT = re.compile(r"\d")
OVERRIDE = "Our shared plan for the winter"
TODO = re.compile(r"^(à compléter|to be completed)$", re.MULTILINE | re.IGNORECASE)


# --- a workspace of our own -----------------------------------------------------------------


def story_workspace(root: Path, lang: str) -> Path:
    """An account with 14 KPIs, 24 successes, joint and internal actions, in `lang`."""
    write(root / "content" / "company.yaml", "name: Nous SAS (fictif)\n")
    actions = "".join(
        f"  - {{id: J{i}, action: Joint step {i} with the buyer, owner: Alice Martin,"
        f" due: 2026-1{i % 3}-05, expected_result: '{i} sites', status: "
        f"{('late', 'on_track', 'done', 'at_risk')[i % 4]}}}\n"
        for i in range(1, 9)
    ) + "".join(
        f"  - {{id: INT{i}, action: Our bid task number {i}, owner: Alice Martin,"
        f" due: 2026-0{i}-10, expected_result: '{i} pages', status: late,"
        f" audience: internal}}\n"
        for i in range(1, 4)
    )
    write(
        root / "content" / "accounts" / "story" / "account.yaml",
        f"""\
name: Story Retail SA
language: {lang}
owner: {{name: Alice Martin}}
revenue:
  history:
    - {{period: 2025-Q3, amount: 90000}}
    - {{period: 2026-Q2, amount: 120000}}
    - {{period: 2026-Q3, amount: 104000}}
  targets: {{2026-Q2: 110000, 2026-Q3: 112000}}
actions:
{actions}""",
    )
    kpis = "".join(
        f"  - {{name: Shelf availability {i}, unit: '%', target: 90, actual: {78 + i},"
        f" previous: 80, last_year: 75}}\n"
        for i in range(1, 15)
    )
    successes = "".join(f"  - Store {i} opened with {10 + i} new references\n" for i in range(24))
    write(
        root / "content" / "accounts" / "story" / "reviews" / "2026-Q3.yaml",
        f"""\
quarter: 2026-Q3
date: 2026-10-14
attendees: [Bob Durand, Alice Martin]
kpis:
{kpis}successes:
{successes}obstacles:
  - Two deliveries late in week 36
decisions_needed:
  - {{decision: Approve the 2027 scope, by: Bob Durand, date: 2026-12-15}}
satisfaction: {{nps: 41, previous_nps: 35}}
priorities:
  - {{text: Roll out the new planogram in 12 stores, owner: Bob Durand, due: 2026-12-20}}
next_review: {{date: 2027-01-20, open_questions: [Scope of the 2027 pilot]}}
slide_titles:
  priorities: {OVERRIDE}
""",
    )
    return root


def build(ws: Any, slug: str, out: Path, audience: str, reference: Path | None = None) -> Any:
    path = out / f"{slug}-{audience}-{reference.stem if reference else 'default'}.pptx"
    options = Options(today=AS_OF, out=path, reference=reference) if reference else None
    result = build_document(
        "review",
        ws,
        DocumentKey(slug, audience=audience),
        options or Options(today=AS_OF, out=path),
    )
    return pptx.Presentation(str(result.path))


# --- reading a deck -------------------------------------------------------------------------


def kicker(slide: Any) -> str:
    return next((s.text_frame.text for s in slide.shapes if s.name == "Kicker"), "")


def title(slide: Any) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def divider_index(deck: Any) -> int:
    """The position of the appendix divider; the number of slides when there is none."""
    slides = list(deck.slides)
    return next((i for i, s in enumerate(slides) if title(s) in DIVIDERS), len(slides))


def main_content(deck: Any) -> list[Any]:
    """The content slides of the main story: after the title slide, before the divider."""
    return list(deck.slides)[1 : divider_index(deck)]


def body_area(slide: Any) -> tuple[int, int, int, int]:
    """The body area of a slide's layout: its content placeholders' bounds, else the space
    between its title and the marking zone."""
    layout = slide.slide_layout
    kinds = (PH.OBJECT, PH.BODY, PH.TABLE, PH.CHART)
    boxes = [
        (s.left, s.top, s.left + s.width, s.top + s.height)
        for s in layout.placeholders
        if s.placeholder_format.type in kinds
    ]
    if not boxes:
        head = layout.shapes.title
        return (head.left, head.top + head.height, head.left + head.width, 0)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def used_share(slide: Any, height: int) -> float:
    """The share of the body area that the slide's shapes cover (title, kicker and marking
    left out), each shape counted by its extent (a table by its rows)."""
    left, top, right, bottom = body_area(slide)
    bottom = min(bottom or height, height - BOTTOM_ZONE)
    used = 0
    for shape in slide.shapes:
        if shape.is_placeholder or shape.name == "Kicker" or shape.top >= height - BOTTOM_ZONE:
            continue
        h = sum(r.height for r in shape.table.rows) if shape.has_table else shape.height
        used += shape.width * h
    return used / ((right - left) * (bottom - top))


def status_cells(slide: Any) -> list[str]:
    found = []
    for shape in slide.shapes:
        if not shape.has_table:
            continue
        rows = [[c.text_frame.text for c in r.cells] for r in shape.table.rows]
        for j, heading in enumerate(rows[0]):
            if heading in STATUS_HEADINGS:
                found += [r[j] for r in rows[1:]]
        found += [r[1] for r in rows if r[0] in ("Statut global du trimestre", "Overall status")]
    return found


def all_text(slide: Any) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(c.text_frame.text for r in shape.table.rows for c in r.cells)
    if slide.has_notes_slide:
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


# --- the decks ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corporate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corporate")
    return corporate_templates.make_corporate_pptx(out / "corporate.pptx")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The review date and language of each workspace, by name."""
    found = {}
    for lang in ("fr", "en"):
        root = story_workspace(tmp_path_factory.mktemp(f"story-{lang}"), lang)
        found[lang] = load_workspace(root)
    return found


CASES = [
    ("demo", "marches-vervelle", "fr", "13 octobre 2026"),
    ("demo", "nimbrook-software", "en", "21 October 2026"),
    ("story", "story", "fr", "14 octobre 2026"),
    ("story", "story", "en", "14 October 2026"),
]


@pytest.fixture(scope="module")
def decks(demo_ws, story, corporate, tmp_path_factory) -> list[tuple[str, str, Any, str]]:  # type: ignore[no-untyped-def]
    """Every case on both references, both audiences: (name, audience, deck, review date)."""
    out = tmp_path_factory.mktemp("story-decks")
    found = []
    for source, slug, lang, date in CASES:
        ws = demo_ws if source == "demo" else story[lang]
        for reference in (None, corporate):
            for audience in ("client", "internal"):
                name = f"{slug}-{lang}-{reference.stem if reference else 'default'}"
                where = out / name
                where.mkdir(exist_ok=True)
                found.append((name, audience, build(ws, slug, where, audience, reference), date))
    return found


def test_each_content_slide_states_its_takeaway_with_a_figure(decks) -> None:  # type: ignore[no-untyped-def]
    for name, audience, deck, _ in decks:
        for slide in main_content(deck)[1:]:  # the agenda has no message of its own
            topic, message = kicker(slide), title(slide)
            assert topic, (name, audience, message)
            if TODO.search(all_text(slide)):  # no data, no message: the internal deck says so
                assert audience == "internal", (name, topic)
                continue
            assert message != topic, (name, audience, topic)
            if message != OVERRIDE:  # the account manager's own words
                assert DIGIT.search(message), (name, audience, topic, message)


def test_the_takeaways_carry_the_figures_of_the_data(decks) -> None:  # type: ignore[no-untyped-def]
    by_name = {(n, a): d for n, a, d, _ in decks}
    french = by_name[("marches-vervelle-fr-default", "client")]
    messages = {kicker(s): title(s) for s in french.slides}
    assert messages["Évolution du chiffre d'affaires"] == (
        "Chiffre d'affaires T3 2026\u00a0: 94,9\u202f% de l'objectif, +6,4\u202f% sur un an"
    )
    assert messages["Indicateurs vs objectifs"].startswith("2 indicateurs sur 5 atteints\u00a0; ")
    assert "21,5\u202f%" in messages["Indicateurs vs objectifs"]
    assert messages["Satisfaction"] == "NPS 38, +6 points par rapport à T2 2026"
    english = by_name[("story-en-default", "client")]
    messages = {kicker(s): title(s) for s in english.slides}
    assert messages["KPIs vs target"].startswith("3 of 14 KPIs met; Shelf availability 1 at 79%")
    assert messages["Revenue trend"] == "Revenue Q3 2026: 92.9% of target, +15.6% year on year"


def test_no_status_cell_names_a_colour(decks) -> None:  # type: ignore[no-untyped-def]
    seen = 0
    for name, audience, deck, _ in decks:
        for number, slide in enumerate(deck.slides, 1):
            for text in status_cells(slide):
                seen += 1
                words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
                assert not words & COLOUR_NAMES, (name, audience, number, text)
                assert text[:1] in "✓▲✕●○", (name, audience, number, text)
    assert seen > 100


def test_every_main_slide_uses_at_least_half_of_its_body(decks) -> None:  # type: ignore[no-untyped-def]
    for name, audience, deck, _ in decks:
        for slide in main_content(deck):
            if TODO.search(all_text(slide)):  # the internal deck's "to be completed" slides
                continue
            share = used_share(slide, deck.slide_height)
            assert share >= 0.5, (name, audience, kicker(slide) or title(slide), round(share, 2))


def test_continuations_and_detail_come_only_after_the_divider(decks) -> None:  # type: ignore[no-untyped-def]
    details = 0
    for name, audience, deck, _ in decks:
        for slide in main_content(deck):
            where = (name, audience, title(slide))
            assert not title(slide).endswith(("(suite)", "(cont.)")), where
            assert not kicker(slide).startswith(("Annexe", "Appendix")), where
        after = list(deck.slides)[divider_index(deck) + 1 :]
        assert all(kicker(s).startswith(("Annexe", "Appendix")) for s in after), (name, audience)
        details += len(after)
        if name.startswith("story"):
            topics = {kicker(s) for s in after}
            assert any("Indicateurs" in t or "KPIs" in t for t in topics), name
            assert any("Succès" in t or "Successes" in t for t in topics), name
    assert details > 0


def test_main_slides_refer_to_the_page_of_their_detail(decks) -> None:  # type: ignore[no-untyped-def]
    for name, _, deck, _ in decks:
        slides = list(deck.slides)
        for slide in main_content(deck):
            for page in re.findall(r"p\.\u00a0(\d+)", all_text(slide)):
                target = slides[int(page) - 1]
                assert kicker(target).startswith(("Annexe", "Appendix")), (name, page)
                assert int(page) - 1 > divider_index(deck), (name, page)


def footer(slide: Any, height: int) -> str:
    """The text of the marking zone at the bottom of a slide."""
    return " ".join(
        s.text_frame.text
        for s in slide.shapes
        if s.has_text_frame and not s.is_placeholder and s.top >= height - BOTTOM_ZONE
    )


def test_the_footer_carries_the_review_date_not_the_build_date(decks) -> None:  # type: ignore[no-untyped-def]
    for name, audience, deck, date in decks:
        for number, slide in enumerate(deck.slides, 1):
            text = footer(slide, deck.slide_height)
            assert f"· {date} ·" in text, (name, audience, number, text)
            assert "23 novembre" not in text, (name, audience, number, text)
            assert "23 November" not in text, (name, audience, number, text)


def test_a_title_from_the_review_file_wins(decks) -> None:  # type: ignore[no-untyped-def]
    for name, audience, deck, _ in decks:
        if not name.startswith("story"):
            continue
        found = [s for s in deck.slides if title(s) == OVERRIDE]
        assert len(found) == 1, (name, audience)
        assert kicker(found[0]) in ("Priorités du prochain trimestre", "Next-quarter priorities")


def test_the_client_deck_shows_joint_actions_only_and_no_internal_count(decks) -> None:  # type: ignore[no-untyped-def]
    for name, audience, deck, _ in decks:
        if not name.startswith("story"):
            continue
        text = "\n".join(all_text(s) for s in deck.slides)
        joint = {f"J{i}" for i in range(1, 9)}
        shown = set(re.findall(r"\b(?:J|INT)\d\b", text))
        if audience == "client":
            assert shown == joint, name
            assert "Our bid task" not in text
            assert "interne" not in text.lower()
            assert "internal" not in text.lower()
            assert "11 actions" not in text
            assert re.search(r"\b8 actions", text), name
        else:
            assert shown == joint | {"INT1", "INT2", "INT3"}, name
            assert "11 actions" in text
            counts = "Dont nos actions internes" if "-fr-" in name else "Of which our internal"
            assert f"{counts}" in text
            assert re.search(r"internes?\W+3 \(3 en retard|internal actions: 3 \(3 late", text)


def test_an_unknown_slide_name_in_slide_titles_is_located_with_a_hint(tmp_path: Path) -> None:
    from kamdocs.checks.review import review_problems

    root = story_workspace(tmp_path / "ws", "en")
    review = root / "content" / "accounts" / "story" / "reviews" / "2026-Q3.yaml"
    review.write_text(
        review.read_text(encoding="utf-8") + "  kpi: A title for a slide that is not there\n",
        encoding="utf-8",
    )
    ws = load_workspace(root)
    found = [p for p in review_problems(ws.accounts["story"], "2026-Q3") if "slide" in p.message]
    assert len(found) == 1
    assert "'kpi' is not a slide of the review deck" in found[0].message
    assert "did you mean 'kpis'?" in found[0].hint
    assert found[0].line == review.read_text(encoding="utf-8").count("\n")


def test_the_portfolio_deck_states_its_takeaways_under_their_topics(
    demo_ws, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "portfolio.pptx"
    result = build_document(
        "portfolio-deck", demo_ws, DocumentKey(""), Options(today=AS_OF, out=out)
    )
    deck = pptx.Presentation(str(result.path))
    messages = {kicker(s): title(s) for s in deck.slides if kicker(s)}
    count = len(demo_ws.accounts)
    assert messages["Tous les comptes"].startswith(f"{count} comptes\u00a0: CA cumulé ")
    watched = re.fullmatch(
        rf"(\d+) (comptes?) sur {count} à surveiller", messages["Comptes à surveiller"]
    )
    assert watched is not None
    assert watched[2] == ("compte" if int(watched[1]) < 2 else "comptes")  # agrees with it


def test_every_slide_of_the_deck_may_have_its_title_replaced(tmp_path: Path) -> None:
    from kamdocs.checks.review import review_problems
    from kamdocs.documents.review import APPENDIX_KEYS, SLIDE_KEYS

    root = story_workspace(tmp_path / "ws", "en")
    review = root / "content" / "accounts" / "story" / "reviews" / "2026-Q3.yaml"
    # The story's one override becomes a name that is no slide; then one line per slide.
    text = review.read_text(encoding="utf-8").replace("  priorities: ", "  x_: ")
    lines = "".join(f"  {key}: Title of {key}\n" for key in (*SLIDE_KEYS, *APPENDIX_KEYS))
    review.write_text(text + lines, encoding="utf-8")
    ws = load_workspace(root)
    found = [p.message for p in review_problems(ws.accounts["story"], "2026-Q3")]
    unknown = [message.split(";")[0] for message in found if "is not a slide" in message]
    assert unknown == ["'x_' is not a slide of the review deck"]
    assert "last_quarter" in SLIDE_KEYS
