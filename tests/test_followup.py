"""Between the quarterly reviews: the status e-mail, the call agenda and the trust index.

The e-mail is read back with Python's `email` package, the agenda with python-docx; what
they should say is derived from the demo data, not written down here.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import re
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from conftest import AS_OF
from docx_view import all_text, headings, norm

from kamdocs import DocumentKey, Options, build_document, load_workspace
from kamdocs.documents.call import timed_items
from kamdocs.insights.followup import default_since, trust_index
from kamdocs.templating.formatting import Formatter
from kamdocs.workspace import model as m

SLUG = "marches-vervelle"


def _status(ws_root: Path, out: Path, slug: str = SLUG, **key: object):
    ws = load_workspace(ws_root)
    built = build_document(
        "status", ws, DocumentKey(slug, audience="client", **key), Options(today=AS_OF, out=out)
    )
    return ws, built


def _parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert plain is not None
    assert page is not None
    return norm(plain.get_content()), norm(html.unescape(page.get_content()))


def _sections(text: str) -> dict[str, list[str]]:
    """Return the list items of the plain text under each `## heading`."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:]
            found[current] = []
        elif line.startswith("- ") and current:
            found[current].append(line[2:])
    return found


def test_the_status_email_is_a_multipart_message_to_the_recipients_from_the_owner(
    demo_root: Path, tmp_path: Path
) -> None:
    ws, built = _status(demo_root, tmp_path / "status.eml")
    account = ws.accounts[SLUG].account.model
    assert account is not None
    assert account.cadence is not None
    assert account.owner is not None
    message = _parse(built.path)

    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())
    people = {s.name: s.email for s in account.stakeholders}
    expected_to = {(name, people[name]) for name in account.cadence.recipients}
    assert {(a.display_name, a.addr_spec) for a in message["To"].addresses} == expected_to
    sender = message["From"].addresses
    assert [(a.display_name, a.addr_spec) for a in sender] == [
        (account.owner.name, account.owner.email)
    ]
    assert account.name in message["Subject"]
    assert email.utils.parsedate_to_datetime(message["Date"]).date() == AS_OF
    assert built.path.with_suffix(".md").read_text(encoding="utf-8").replace(
        "\r\n", "\n"
    ) == message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_the_status_email_reports_the_window_and_shows_the_same_items_in_both_parts(
    demo_root: Path, tmp_path: Path
) -> None:
    ws, built = _status(demo_root, tmp_path / "status.eml")
    account = ws.accounts[SLUG].account.model
    assert account is not None
    plain, page = _parts(_parse(built.path))
    sections = _sections(plain)
    since = default_since(AS_OF)
    fmt = Formatter("fr", "EUR")

    done = [a for a in account.actions if a.done_on and since <= a.done_on <= AS_OF]
    assert done, "the demo has an action done in the window"
    assert [i.split(" — ")[0] for i in sections["Réalisé"]] == [a.action for a in done]
    moved = [a for a in account.actions if a.previous_due and a.status != "done"]
    assert moved
    changed = sections["Modifié"]
    for action in moved:
        line = next(i for i in changed if i.startswith(action.action))
        assert norm(fmt.date(action.previous_due)) in line
        assert norm(fmt.date(action.due)) in line
    late = [a.action for a in account.actions if a.status != "done" and a.due < AS_OF]
    assert all(any(i.startswith(t) for i in sections["En retard"]) for t in late)

    items = [i for listed in sections.values() for i in listed]
    page_items = [
        re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li[^>]*>(.*?)</li>", page, re.S)
    ]
    assert page_items == items
    for heading in sections:
        assert f">{heading}</h2>" in page


def test_the_status_email_holds_nothing_internal(demo_root: Path, tmp_path: Path) -> None:
    ws, built = _status(demo_root, tmp_path / "status.eml")
    account = ws.accounts[SLUG].account.model
    assert account is not None
    plain, page = _parts(_parse(built.path))
    internal = [a.action for a in account.actions if a.audience == "internal"]
    internal += [r.evidence for r in account.trust if r.evidence]
    internal += [r.text for r in account.risks]
    internal += [s.notes for s in account.stakeholders if s.notes]
    assert internal
    for text in internal:
        assert norm(text) not in plain
        assert norm(text) not in page


def test_a_rebuilt_status_email_has_identical_bytes(demo_root: Path, tmp_path: Path) -> None:
    _, first = _status(demo_root, tmp_path / "a" / "status.eml")
    _, second = _status(demo_root, tmp_path / "b" / "status.eml")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert b"\r\n" in first.path.read_bytes()


def test_a_recipient_without_address_gets_a_placeholder_and_a_warning(
    ws_copy: Path, tmp_path: Path
) -> None:
    path = ws_copy / "content/accounts" / SLUG / "account.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    email: helene.vasseur@vervelle.example\n", ""), encoding="utf-8"
    )
    _, built = _status(ws_copy, tmp_path / "status.eml")
    message = _parse(built.path)
    by_name = {a.display_name: a.addr_spec for a in message["To"].addresses}
    assert by_name["Hélène Vasseur"] == "a-completer@example.invalid"
    assert by_name["Bertrand Quéméner"] == "bertrand.quemener@vervelle.example"
    warned = [p for p in built.warnings if p.key == "recipient_without_email"]
    assert [p.field for p in warned] == ["cadence.recipients[1]"]


def test_a_long_list_shows_the_five_nearest_due_and_how_many_more(
    ws_copy: Path, tmp_path: Path
) -> None:
    path = ws_copy / "content/accounts" / SLUG / "account.yaml"
    extra = "".join(
        f"  - {{action: Tâche supplémentaire {n}, owner: Camille Royer, due: 2027-02-{n:02d}, "
        f"expected_result: 1 livrable, status: on_track}}\n"
        for n in range(1, 8)
    )
    text = path.read_text(encoding="utf-8").replace("\nactions:\n", f"\nactions:\n{extra}", 1)
    path.write_text(text, encoding="utf-8")
    ws, built = _status(ws_copy, tmp_path / "status.eml")
    account = ws.accounts[SLUG].account.model
    assert account is not None
    plain, _ = _parts(_parse(built.path))
    shown = _sections(plain)["En cours"]
    in_progress = sorted(
        (a for a in account.actions if a.audience == "client" and a.status not in ("done", "late")
         and a.due >= AS_OF and not (a.updated_on and a.updated_on >= default_since(AS_OF))),
        key=lambda a: a.due,
    )  # fmt: skip
    assert len(in_progress) > 5
    assert [i.split(" — ")[0] for i in shown[:5]] == [a.action for a in in_progress[:5]]
    assert shown[5] == f"*+{len(in_progress) - 5} autres*"
    assert len(plain.splitlines()) <= 45


def test_a_long_list_of_open_decisions_shows_the_five_nearest_and_how_many_more(
    ws_copy: Path, tmp_path: Path
) -> None:
    path = ws_copy / "content/accounts" / SLUG / "reviews" / "2026-Q3.yaml"
    extra = "".join(
        f"  - {{decision: Décision supplémentaire {n}, by: Bertrand Quéméner, "
        f"date: 2027-03-{n:02d}, status: open}}\n"
        for n in range(7, 0, -1)
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ndecisions_needed:\n", f"\ndecisions_needed:\n{extra}", 1))
    ws, built = _status(ws_copy, tmp_path / "status.eml")
    review = ws.accounts[SLUG].reviews["2026-Q3"].model
    assert review is not None
    open_ = sorted(
        (d for d in review.decisions_needed if d.status == "open" and d.audience == "client"),
        key=lambda d: (d.date is None, d.date),
    )
    assert len(open_) > 5
    plain, page = _parts(_parse(built.path))
    shown = _sections(plain)["Ce dont nous avons besoin de votre part"]
    assert [item.split(" — ")[0] for item in shown[:5]] == [d.decision for d in open_[:5]]
    assert shown[5] == f"*+{len(open_) - 5} autres*"
    assert "Décision supplémentaire 7" not in plain + page


def test_the_status_command_writes_the_eml_and_the_markdown(demo_root: Path, tmp_path: Path):
    from click.testing import CliRunner

    from kamdocs.cli.commands import main

    out = tmp_path / "s.eml"
    result = CliRunner().invoke(
        main,
        ["status", "nimbrook-software", "-C", str(demo_root), "--as-of", "2026-11-23",
         "--since", "2026-09-01", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plain, _ = _parts(_parse(out))
    assert plain.startswith("Hello,")
    assert "1 September 2026" in plain
    assert out.with_suffix(".md").is_file()


# --- the call agenda ------------------------------------------------------------------------


def _call(ws_root: Path, out: Path, audience: str = "client", **key: object):
    ws = load_workspace(ws_root)
    built = build_document(
        "call", ws, DocumentKey(SLUG, audience=audience, **key), Options(today=AS_OF, out=out)
    )
    return ws, built


def test_the_call_defaults_to_the_next_call_meeting(demo_root: Path) -> None:
    ws = load_workspace(demo_root)
    account = ws.accounts[SLUG].account.model
    assert account is not None
    assert account.cadence is not None
    calls = [mt for mt in account.cadence.next_meetings if mt.kind == "call" and mt.date >= AS_OF]
    from kamdocs.building.kinds import KINDS

    chosen = KINDS["call"].select(ws, DocumentKey(SLUG, audience="client"), Options(today=AS_OF))
    assert chosen.name == f"{SLUG}/{SLUG}-call-{min(m.date for m in calls)}-client-fr.docx"


def test_the_call_agenda_names_both_sides_and_adds_up_to_thirty_minutes(
    demo_root: Path, tmp_path: Path
) -> None:
    ws, built = _call(demo_root, tmp_path / "call.docx")
    account = ws.accounts[SLUG].account.model
    assert account is not None
    assert account.cadence is not None
    meeting = next(mt for mt in account.cadence.next_meetings if mt.kind == "call")
    document = docx.Document(str(built.path))
    people = document.tables[0]
    theirs = {s.name for s in account.stakeholders}
    assert norm(people.rows[1].cells[0].text).split(", ") == [
        n for n in meeting.attendees if n in theirs
    ]
    assert norm(people.rows[1].cells[1].text).split(", ") == [
        n for n in meeting.attendees if n not in theirs
    ]
    slots = [re.match(r"(\d+)–(\d+) min · ", h) for h in headings(built.path, 2)]
    assert all(slots)
    bounds = [(int(s.group(1)), int(s.group(2))) for s in slots if s]
    assert bounds[0][0] == 0
    assert bounds[-1][1] == 30
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    text = all_text(built.path)
    for objective in account.objectives:
        if objective.audience == "client" and objective.current is not None:
            assert objective.title in text


def test_the_client_agenda_has_no_preparation_page_and_no_internal_data(
    demo_root: Path, tmp_path: Path
) -> None:
    ws, client = _call(demo_root, tmp_path / "client.docx")
    _, internal = _call(demo_root, tmp_path / "internal.docx", audience="internal")
    account = ws.accounts[SLUG].account.model
    assert account is not None
    client_text, internal_text = all_text(client.path), all_text(internal.path)
    assert "Préparation interne" in headings(internal.path, 1)
    assert "Préparation interne" not in client_text
    open_risks = [r.text for r in account.risks if r.status == "open"]
    assert open_risks
    assert all(norm(r) in internal_text for r in open_risks)
    assert not any(norm(r) in client_text for r in open_risks)
    hidden = [a.action for a in account.actions if a.audience == "internal"]
    assert hidden
    assert not any(norm(a) in client_text for a in hidden)


def test_the_client_agenda_fits_on_one_page(demo_root: Path, tmp_path: Path) -> None:
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is needed to lay the agenda out")
    from kamdocs.building.pdf import convert_to_pdf

    _, built = _call(demo_root, tmp_path / "call.docx")
    (pdf,) = convert_to_pdf([built.path], "soffice")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes())) == 1


# --- the trust index ------------------------------------------------------------------------


def _rating(lever: str, rating: int, day: str) -> m.TrustRating:
    return m.TrustRating(lever=lever, rating=rating, date=dt.date.fromisoformat(day), evidence="x")


def test_the_trust_index_is_the_mean_of_the_latest_ratings_on_100() -> None:
    ratings = [
        _rating("whole_client", 1, "2026-03-01"),
        _rating("whole_client", 3, "2026-09-01"),
        _rating("satisfaction", 2, "2026-09-01"),
    ]
    index = trust_index(ratings, AS_OF)
    assert index.score == Decimal("83.3")  # (3 + 2) / 2 × 100 / 3
    assert index.partial
    assert [(r.lever, r.rating) for r in index.latest] == [("whole_client", 3), ("satisfaction", 2)]
    assert index.trend == (
        (dt.date(2026, 3, 1), Decimal("33.3")),
        (dt.date(2026, 9, 1), Decimal("83.3")),
    )


def test_six_levers_rated_make_a_complete_index_and_later_ratings_wait() -> None:
    levers = m.TRUST_LEVERS
    ratings = [_rating(lever, 3, "2026-10-01") for lever in levers]
    ratings.append(_rating("novelty", 0, "2026-12-01"))  # after the as-of date
    index = trust_index(ratings, AS_OF)
    assert index.score == Decimal("100.0")
    assert not index.partial
    assert index.trend == ()


def test_check_warns_of_a_rating_without_evidence_or_older_than_two_quarters(
    ws_copy: Path,
) -> None:
    from kamdocs.building.check_run import check_workspace

    path = ws_copy / "content/accounts" / SLUG / "account.yaml"
    text = path.read_text(encoding="utf-8")
    text += (
        "  - {lever: programmes, rating: 1, date: 2026-12-20}\n"  # not yet valid, no evidence
        "  - {lever: novelty, rating: 2, date: 2026-03-02, evidence: Ancienne démonstration}\n"
    )
    text = text.replace(
        'novelty, rating: 1, date: 2026-09-15, evidence: "Aucune nouveauté proposée depuis le '
        'lancement du pilote"',
        "novelty, rating: 1, date: 2026-01-15, evidence: Démonstration de janvier",
    )
    path.write_text(text, encoding="utf-8")
    report = check_workspace(load_workspace(ws_copy), AS_OF)
    mine = [p for p in report.problems if p.key.startswith("trust_")]
    assert {(p.key, p.text.split("'")[1]) for p in mine} == {
        ("trust_without_evidence", "programmes"),
        ("trust_stale", "novelty"),
    }
    assert all(p.severity == "warning" for p in mine)


def test_timed_agenda_items_share_the_call_exactly() -> None:
    items = timed_items(["objectives", "actions", "next"])
    assert [(i.start, i.minutes) for i in items] == [(0, 13), (13, 12), (25, 5)]


def _build(kind: str, key: DocumentKey, out: Path, root: Path) -> Path:
    ws = load_workspace(root)
    return build_document(kind, ws, key, Options(today=AS_OF, out=out)).path


def test_the_internal_plan_shows_the_trust_index_with_a_table_and_charts(
    demo_root: Path, tmp_path: Path
) -> None:
    from docx_view import chart_series, table_after

    ws = load_workspace(demo_root)
    account = ws.accounts[SLUG].account.model
    assert account is not None
    index = trust_index(account.trust, AS_OF)
    internal = _build("plan", DocumentKey(SLUG, audience="internal"), tmp_path / "i.docx",
                      demo_root)  # fmt: skip
    client = _build("plan", DocumentKey(SLUG, audience="client"), tmp_path / "c.docx", demo_root)

    assert any(h.endswith("Indice de confiance") for h in headings(internal, 2))
    assert index.score is not None
    assert f"Indice de confiance : {round(index.score)} / 100" in all_text(internal)
    rows = table_after(internal, "Indice de confiance")
    assert [row[1] for row in rows[1:]] == [str(r.rating) for r in index.latest]
    charts = chart_series(internal)
    levers = next(c["Note (0-3)"] for c in charts if "Note (0-3)" in c)
    assert [float(v) for v in levers] == [r.rating for r in index.latest]
    trend = next(c["Indice de confiance"] for c in charts if "Indice de confiance" in c)
    assert [float(v) for v in trend] == [float(v) for _, v in index.trend]
    assert len(trend) > 1

    client_text = all_text(client)
    assert "Indice de confiance" not in client_text
    assert not any(r.evidence and norm(r.evidence) in client_text for r in account.trust)


def test_the_deck_shows_last_quarters_commitments_and_the_internal_deck_the_index(
    demo_root: Path, tmp_path: Path
) -> None:
    from pptx import Presentation

    ws = load_workspace(demo_root)
    bundle = ws.accounts[SLUG]
    quarter = max(bundle.reviews)
    review = bundle.reviews[quarter].model
    account = bundle.account.model
    assert review is not None
    assert account is not None
    assert review.last_quarter
    client = _build("review", DocumentKey(SLUG, audience="client"), tmp_path / "c.pptx",
                    demo_root)  # fmt: skip
    internal = _build("review", DocumentKey(SLUG, audience="internal"), tmp_path / "i.pptx",
                      demo_root)  # fmt: skip

    def slides(path: Path) -> list[tuple[str, list[list[str]]]]:
        found = []
        for slide in Presentation(str(path)).slides:
            title = slide.shapes.title.text if slide.shapes.title is not None else ""
            tables = [
                [[norm(c.text) for c in row.cells] for row in shape.table.rows]
                for shape in slide.shapes
                if shape.has_table
            ]
            found.append((title, tables[0] if tables else []))
        return found

    deck = slides(client)
    done = sum(c.outcome == "done" for c in review.last_quarter)
    takeaway = f"{done} engagements tenus sur {len(review.last_quarter)}"
    committed = next(rows for title, rows in deck if title == takeaway)
    outcome = {"done": "Réalisé", "in_progress": "En cours", "dropped": "Abandonné"}
    assert [(r[0], r[1]) for r in committed[1:]] == [
        (norm(c.commitment), outcome[c.outcome or ""]) for c in review.last_quarter
    ]
    index = trust_index(account.trust, AS_OF)
    assert index.score is not None
    line = f"Indice de confiance : {round(index.score)} / 100"

    def text(path: Path) -> str:
        return norm(
            "\n".join(
                s.text_frame.text
                for slide in Presentation(str(path)).slides
                for s in slide.shapes
                if s.has_text_frame
            )
        )

    assert line in text(internal)
    assert "Indice de confiance" not in text(client)


def test_a_deck_without_commitments_has_no_such_slide(ws_copy: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    path = ws_copy / "content/accounts" / SLUG / "reviews/2026-Q3.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("last_quarter:")
    end = text.index("next_review:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    deck = _build("review", DocumentKey(SLUG, audience="client"), tmp_path / "c.pptx", ws_copy)
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    assert not [t for t in titles if "engagements tenus sur" in t or "engagement tenu sur" in t]
    assert titles[2].startswith("T3 2026 à surveiller")  # the summary follows the agenda


def test_new_review_prefills_last_quarter_from_the_previous_priorities_and_open_decisions(
    ws_copy: Path,
) -> None:
    from kamdocs.building.starters import new_review_file
    from kamdocs.workspace.loader import load_file

    written = new_review_file(ws_copy, SLUG, "2026-Q4")
    ws = load_workspace(ws_copy)
    previous = ws.accounts[SLUG].reviews["2026-Q3"].model
    assert previous is not None
    fresh = load_file(written, ws_copy, m.Review)
    assert fresh.model is not None, fresh.problems
    expected = [p.text for p in previous.priorities] + [
        d.decision for d in previous.decisions_needed if d.status == "open"
    ]
    assert expected
    assert [c.commitment for c in fresh.model.last_quarter] == expected
    assert all(c.outcome is None for c in fresh.model.last_quarter)


TEMPLATES = {"status": "eml/status/status.md.j2", "call": "docx/call/call.md.j2"}


def _override(ws: Path, kind: str, line: str) -> None:
    """Give the workspace its own copy of the kind's template, with `line` added."""
    from conftest import REPO

    target = ws / "templates" / TEMPLATES[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    packaged = (REPO / "templates" / TEMPLATES[kind]).read_text(encoding="utf-8")
    target.write_text(packaged + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize("kind", ["status", "call"])
def test_the_leak_scanner_stops_a_client_edition_whose_template_prints_a_mitigation(
    ws_copy: Path, tmp_path: Path, kind: str
) -> None:
    from kamdocs.errors import ContentError

    account = load_workspace(ws_copy).accounts[SLUG].account.model
    assert account is not None
    mitigation = account.risks[0].mitigation
    assert mitigation
    _override(ws_copy, kind, mitigation)
    target = tmp_path / ("out.eml" if kind == "status" else "out.docx")
    with pytest.raises(ContentError) as caught:
        build_document(kind, load_workspace(ws_copy), DocumentKey(SLUG, audience="client"),
                       Options(today=AS_OF, out=target))  # fmt: skip
    leaks = [p for p in caught.value.problems if p.is_error]
    assert {p.key for p in leaks} == {"leak"}
    assert {p.field for p in leaks} == {"risks[0].mitigation"}
    assert not target.exists()


@pytest.mark.parametrize("kind", ["status", "call"])
def test_a_client_template_asking_for_an_internal_field_fails_on_its_line(
    ws_copy: Path, tmp_path: Path, kind: str
) -> None:
    from kamdocs.errors import KamdocsError

    _override(ws_copy, kind, "{{ account.risks }}")
    with pytest.raises(KamdocsError, match=re.escape(TEMPLATES[kind].split("/", 1)[1]) + r":\d+"):
        build_document(kind, load_workspace(ws_copy), DocumentKey(SLUG, audience="client"),
                       Options(today=AS_OF, out=tmp_path / "x"))  # fmt: skip
