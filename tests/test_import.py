"""`kamdocs import`: exports written in each preset's column layout, imported into a copy of
the demo workspace, checked the way a sales-operations analyst would check them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kamdocs.cli.commands import main
from kamdocs.workspace.loader import load_workspace
from tests.conftest import REPO

SLUGS = ("marches-vervelle", "nimbrook-software", "ondrelle-industrie")
OWNED_KEYS = (
    "crm_id",
    "name",
    "title",
    "unit",
    "email",
    "last_contact",
    "stage",
    "amount",
    "probability",
    "close",
    "owner",
    "next_step",
    "updated_on",
)


def _demo():
    return load_workspace(REPO)


def _csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _new_people(slug: str) -> list[tuple[str, str, str]]:
    """Three people per account no file names yet: (first name, last name, title)."""
    return [(f"Alix{n}", f"{slug.split('-')[0].title()}", f"Acheteur {n}") for n in range(3)]


def salesforce_exports(folder: Path) -> dict[str, Path]:
    """Contacts, opportunities and activities of three accounts in Salesforce report columns
    (US dates, percent probabilities), each existing person and deal plus new ones."""
    ws = _demo()
    contacts, opportunities, activities = [], [], []
    for n, slug in enumerate(SLUGS):
        account = ws.accounts[slug].account.model
        assert account is not None
        for i, person in enumerate(account.stakeholders):
            first, _, last = person.name.partition(" ")
            contacts.append(
                [
                    f"003{n}{i:02}",
                    first,
                    last,
                    person.title or "",
                    person.unit or "",
                    f"p{n}{i}@client.example",
                    account.name,
                    "11/02/2026",
                ]
            )
        for i, (first, last, title) in enumerate(_new_people(slug)):
            contacts.append(
                [
                    f"003{n}9{i}",
                    first,
                    last,
                    title,
                    "Achats",
                    f"new{n}{i}@client.example",
                    account.name,
                    "10/15/2026",
                ]
            )
        for i, opp in enumerate(account.opportunities):
            stage = {
                "lead": "Prospecting",
                "qualified": "Qualification",
                "proposal": "Proposal/Price Quote",
                "negotiation": "Negotiation/Review",
                "won": "Closed Won",
                "lost": "Closed Lost",
            }[opp.stage]
            opportunities.append(
                [
                    f"006{n}{i:02}",
                    opp.name,
                    account.name,
                    stage,
                    f"{(opp.amount or 0) + 1000:,.2f}",
                    "50",
                    "01/29/2027",
                    opp.owner or "",
                    "Relance",
                    "11/20/2026",
                ]
            )
        opportunities.append(
            [
                f"006{n}99",
                f"Nouveau projet {slug}",
                account.name,
                "Prospecting",
                "12000",
                "10",
                "06/30/2027",
                account.owner.name if account.owner else "",
                "",
                "11/21/2026",
            ]
        )
        person = account.stakeholders[0].name
        activities.append(
            [f"00T{n}1", "11/18/2026", "Camille Royer", person, "Call", "Completed", account.name]
        )
        activities.append(
            [
                f"00T{n}2",
                "12/14/2026",
                "Camille Royer",
                person,
                "Meeting",
                "Not Started",
                account.name,
            ]
        )
    return {
        "contacts": _csv(
            folder / "contacts.csv",
            [
                "Contact ID",
                "First Name",
                "Last Name",
                "Title",
                "Department",
                "Email",
                "Account Name",
                "Last Activity",
            ],
            contacts,
        ),
        "opportunities": _csv(
            folder / "opportunities.csv",
            [
                "Opportunity ID",
                "Opportunity Name",
                "Account Name",
                "Stage",
                "Amount",
                "Probability (%)",
                "Close Date",
                "Opportunity Owner",
                "Next Step",
                "Last Modified Date",
            ],
            opportunities,
        ),
        "activities": _csv(
            folder / "activities.csv",
            ["Activity ID", "Date", "Assigned", "Contact", "Type", "Status", "Company / Account"],
            activities,
        ),
    }


def _import(ws: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["import", "-C", str(ws), "--as-of", "2026-11-23", *args])


def _snapshot(ws: Path) -> dict[str, bytes]:
    return {
        p.relative_to(ws).as_posix(): p.read_bytes()
        for p in (ws / "content").rglob("*")
        if p.is_file()
    }


def test_a_salesforce_import_updates_people_and_pipeline_and_keeps_every_written_line(
    ws_copy: Path, tmp_path: Path
) -> None:
    exports = salesforce_exports(tmp_path)
    before = _snapshot(ws_copy)
    demo = _demo()
    result = _import(ws_copy, "--preset", "salesforce", *map(str, exports.values()))
    assert result.exit_code == 0, result.output
    after = _snapshot(ws_copy)
    changed = {f for f in before if before[f] != after[f]}
    assert changed == {f"content/accounts/{s}/account.yaml" for s in SLUGS}
    ws = load_workspace(ws_copy)
    for slug in SLUGS:
        old = demo.accounts[slug].account.model
        new = ws.accounts[slug].account.model
        assert old is not None
        assert new is not None
        # what the account manager wrote is kept, person by person
        for person in old.stakeholders:
            kept = next(p for p in new.stakeholders if p.name == person.name)
            assert (
                kept.roles,
                kept.attitude,
                kept.relationship,
                kept.influence,
                kept.notes,
                kept.stake,
                kept.our_contact,
            ) == (
                person.roles,
                person.attitude,
                person.relationship,
                person.influence,
                person.notes,
                person.stake,
                person.our_contact,
            )
            assert kept.email is not None
            assert kept.crm_id is not None
        assert len(new.stakeholders) == len(old.stakeholders) + 3
        assert len(new.opportunities) == len(old.opportunities) + 1
        for opp in old.opportunities:
            updated = next(o for o in new.opportunities if o.name == opp.name)
            assert updated.amount == (opp.amount or 0) + 1000
            assert updated.close == dt.date(2027, 1, 29)
            assert (updated.unit, updated.offering) == (opp.unit, opp.offering)
        assert len(new.interactions) == len(old.interactions) + 1  # the open meeting is not
        # every removed line is an imported value's line: comments and the rest are intact
        text_before = before[f"content/accounts/{slug}/account.yaml"].decode().splitlines()
        text_after = after[f"content/accounts/{slug}/account.yaml"].decode().splitlines()
        removed = [line for line in text_before if line not in text_after]
        names = {o.name for o in old.opportunities}
        for line in removed:
            key = line.strip().removeprefix("- ").split(":")[0]
            assert key in OWNED_KEYS or any(n in line for n in names), line
        comments = [line for line in text_before if line.lstrip().startswith("#")]
        assert all(c in text_after for c in comments)
    assert "open, not imported" in result.output
    check = CliRunner().invoke(main, ["check", "-C", str(ws_copy), "--as-of", "2026-11-23"])
    assert check.exit_code == 0, check.output


def test_a_second_identical_import_changes_nothing(ws_copy: Path, tmp_path: Path) -> None:
    exports = [str(p) for p in salesforce_exports(tmp_path).values()]
    assert _import(ws_copy, "--preset", "salesforce", *exports).exit_code == 0
    once = _snapshot(ws_copy)
    again = _import(ws_copy, "--preset", "salesforce", *exports)
    assert again.exit_code == 0
    assert "nothing to change" in again.output
    assert _snapshot(ws_copy) == once


def test_the_plan_shows_the_imported_people_and_pipeline(ws_copy: Path, tmp_path: Path) -> None:
    from kamdocs.building.driver import build_document
    from kamdocs.building.request import DocumentKey, Options
    from tests.docx_view import all_text

    exports = [str(p) for p in salesforce_exports(tmp_path).values()]
    assert _import(ws_copy, "--preset", "salesforce", *exports).exit_code == 0
    ws = load_workspace(ws_copy)
    built = build_document(
        "plan",
        ws,
        DocumentKey("nimbrook-software", audience="internal"),
        Options(today=dt.date(2026, 11, 23)),
    )
    text = all_text(built.path)
    assert "Alix0 Nimbrook" in text
    assert "Nouveau projet nimbrook-software" in text


def test_the_backup_holds_the_previous_files_and_says_how_to_restore(
    ws_copy: Path, tmp_path: Path
) -> None:
    before = _snapshot(ws_copy)
    exports = [str(p) for p in salesforce_exports(tmp_path).values()]
    result = _import(ws_copy, "--preset", "salesforce", *exports)
    backup = ws_copy / "build" / "import-backup" / "2026-11-23-1"
    assert "copy build/import-backup/2026-11-23-1/content over" in result.output
    for slug in SLUGS:
        path = f"content/accounts/{slug}/account.yaml"
        assert (backup / path).read_bytes() == before[path]


def test_a_dry_run_prints_a_diff_and_writes_nothing(ws_copy: Path, tmp_path: Path) -> None:
    before = _snapshot(ws_copy)
    exports = [str(p) for p in salesforce_exports(tmp_path).values()]
    result = _import(ws_copy, "--preset", "salesforce", "--dry-run", *exports)
    assert result.exit_code == 0
    assert "+++ b/content/accounts/marches-vervelle/account.yaml" in result.output
    assert "+  - name: Alix0 Marches" in result.output
    assert _snapshot(ws_copy) == before
    assert not (ws_copy / "build").exists()


def test_account_limits_the_import_to_one_accounts_rows(ws_copy: Path, tmp_path: Path) -> None:
    before = _snapshot(ws_copy)
    exports = [str(p) for p in salesforce_exports(tmp_path).values()]
    result = _import(ws_copy, "--preset", "salesforce", "--account", "ondrelle-industrie", *exports)
    assert result.exit_code == 0, result.output
    changed = {f for f, data in _snapshot(ws_copy).items() if before[f] != data}
    assert changed == {"content/accounts/ondrelle-industrie/account.yaml"}


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        (
            "Close Date",
            "31/31/2027",
            # The demo workspace writes language: fr, so the messages are French.
            "date attendue (month/day/year, ou ISO 2026-09-30), trouvé « 31/31/2027 »",
        ),
        ("Amount", "environ 5000", "montant attendu, trouvé « environ 5000 »"),
    ],
)
def test_a_bad_cell_is_refused_with_file_row_and_column_and_nothing_changes(
    ws_copy: Path, tmp_path: Path, column: str, cell: str, message: str
) -> None:
    exports = salesforce_exports(tmp_path)
    path = exports["opportunities"]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = rows[0].index(column)
    rows[4][index] = cell
    _csv(path, rows[0], rows[1:])
    before = _snapshot(ws_copy)
    result = _import(ws_copy, "--preset", "salesforce", *map(str, exports.values()))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path}:5:{index + 1}: {column}: {message}"
    assert "Traceback" not in result.output
    assert _snapshot(ws_copy) == before
    assert not (ws_copy / "build").exists()


def test_missing_required_columns_are_named(ws_copy: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path / "x.csv", ["Opportunity Name", "Amount"], [["A", "1"]])
    result = _import(ws_copy, "--preset", "salesforce", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}:1:1: pas un export salesforce que kamdocs sait lire : opportunities demande "
        "les colonnes 'Stage'"
    )


def test_a_french_spreadsheet_with_a_mapping_file(ws_copy: Path, tmp_path: Path) -> None:
    """Windows-1252, ';' delimiters, decimal commas, day-first dates, French stage words."""
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "kind: opportunities\n"
        "columns: {Affaire: name, Client: account, Étape: stage, Montant: amount,\n"
        "          Probabilité: probability, Échéance: close}\n"
        "values: {stage: {Négociation: negotiation, Gagnée: won}}\n",
        encoding="utf-8",
    )
    path = _csv(
        tmp_path / "affaires.csv",
        ["Affaire", "Client", "Étape", "Montant", "Probabilité", "Échéance", "Commentaire"],
        [
            [
                "Flux EDI fournisseurs vers les entrepôts",
                "Marchés Vervelle SA",
                "Négociation",
                "71 250,50 €",
                "80 %",
                "05/02/2027",
                "à relancer",
            ],
            [
                "Réassort automatique",
                "Marchés Vervelle SA",
                "Gagnée",
                "1.500,00",
                "100%",
                "15/12/2026",
                "",
            ],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    result = _import(ws_copy, "--mapping", str(mapping), str(path))
    assert result.exit_code == 0, result.output
    assert "dates day/month/year; decimal comma; cp1252" in result.output
    assert "ignored columns: Commentaire" in result.output
    account = load_workspace(ws_copy).accounts["marches-vervelle"].account.model
    assert account is not None
    edi = next(o for o in account.opportunities if o.name.startswith("Flux EDI"))
    assert (edi.amount, str(edi.probability), edi.close) == (
        Decimal("71250.50"),
        "0.8",
        dt.date(2027, 2, 5),
    )
    new = next(o for o in account.opportunities if o.name == "Réassort automatique")
    assert (new.stage, new.amount) == ("won", 1500)


def test_a_hubspot_contacts_export(ws_copy: Path, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "hubspot-contacts.csv",
        [
            "Record ID",
            "First Name",
            "Last Name",
            "Job Title",
            "Email",
            "Associated Company",
            "Last Contacted",
            "Lifecycle Stage",
        ],
        [
            [
                "501",
                "Hélène",
                "Vasseur",
                "Directrice des achats non marchands",
                "helene@vervelle.example",
                "Marchés Vervelle SA",
                "2026-11-19 14:02",
                "customer",
            ],
            [
                "502",
                "Jules",
                "Marin",
                "Responsable qualité",
                "jules@vervelle.example",
                "Marchés Vervelle SA",
                "2026-10-01 09:00",
                "customer",
            ],
        ],
    )
    result = _import(ws_copy, "--preset", "hubspot", str(path))
    assert result.exit_code == 0, result.output
    account = load_workspace(ws_copy).accounts["marches-vervelle"].account.model
    assert account is not None
    helene = next(p for p in account.stakeholders if p.name == "Hélène Vasseur")
    assert (helene.crm_id, helene.email, helene.last_contact) == (
        "501",
        "helene@vervelle.example",
        dt.date(2026, 11, 19),
    )
    assert helene.roles == ("decision_maker", "budget_holder")
    assert any(p.name == "Jules Marin" for p in account.stakeholders)


def test_a_dynamics_xlsx_export_creates_a_new_account_and_its_pipeline(
    ws_copy: Path, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["(Do Not Modify) Account", "Account Name", "Industry", "Address 1: City", "Owner"]
    )
    sheet.append(["a1b2", "Verrerie Aubel SA", "Verre", "Reims", "Camille Royer"])
    accounts = tmp_path / "accounts.xlsx"
    book.save(accounts)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "(Do Not Modify) Opportunity",
            "Topic",
            "Potential Customer",
            "Pipeline Phase",
            "Est. Revenue",
            "Probability",
            "Est. Close Date",
            "Owner",
        ]
    )
    sheet.append(
        [
            "o1",
            "Four connecté",
            "Verrerie Aubel SA",
            "Propose",
            84000.5,
            40,
            dt.datetime(2027, 3, 31),
        ]
    )
    opportunities = tmp_path / "opportunities.xlsx"
    book.save(opportunities)
    result = _import(ws_copy, "--preset", "dynamics", str(accounts), str(opportunities))
    assert result.exit_code == 0, result.output
    bundle = load_workspace(ws_copy).accounts["verrerie-aubel-sa"]
    account = bundle.account.model
    assert account is not None
    assert (account.name, account.crm_id, account.sector, account.headquarters) == (
        "Verrerie Aubel SA",
        "a1b2",
        "Verre",
        "Reims",
    )
    assert [(o.name, o.stage, o.close) for o in account.opportunities] == [
        ("Four connecté", "proposal", dt.date(2027, 3, 31))
    ]


def test_prune_removes_what_the_export_no_longer_has_and_otherwise_it_is_reported(
    ws_copy: Path, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "opps.csv",
        ["name", "account", "stage"],
        [["Flux EDI fournisseurs vers les entrepôts", "Marchés Vervelle SA", "negotiation"]],
    )
    kept = _import(ws_copy, str(path))
    assert "not in the export: opportunities: Maintenance prédictive du froid commercial" in (
        kept.output
    )
    assert "nothing to change" in kept.output
    pruned = _import(ws_copy, "--prune", str(path))
    assert pruned.exit_code == 0, pruned.output
    account = load_workspace(ws_copy).accounts["marches-vervelle"].account.model
    assert account is not None
    assert [o.name for o in account.opportunities] == ["Flux EDI fournisseurs vers les entrepôts"]
