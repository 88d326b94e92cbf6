"""A list long enough to fill pages is read by group: 300 actions in an account plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import yaml
from conftest import AS_OF
from docx.oxml.ns import qn
from docx_view import norm

from kamdocs.building.driver import build_document
from kamdocs.building.request import DocumentKey, Options
from kamdocs.workspace.loader import load_workspace

ACCOUNT = "ondrelle-industrie"
STATUSES = ("planned", "on_track", "at_risk", "late", "done")


def _with_actions(ws_copy: Path, count: int) -> dict[str, str]:
    """Give the account `count` actions; return each one's status by id."""
    path = ws_copy / "content" / "accounts" / ACCOUNT / "account.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    objectives = [o["id"] for o in data["objectives"]]
    # Objective by block of actions and status cycling faster, so that groups differ.
    data["actions"] = [
        {
            "id": f"L{n:03d}",
            "objective": objectives[n * len(objectives) // count],
            "action": f"Action numéro {n}",
            "owner": "Julien Marchand",
            "due": dt.date(2027, 1 + n % 12, 1 + n % 28),
            "expected_result": "Résultat",
            "status": STATUSES[(n * 7) % 5 if n % 3 else 4],
        }
        for n in range(count)
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {a["id"]: a["status"] for a in data["actions"]}


def _tables_after(path: Path, heading: str) -> tuple[list[list[list[str]]], list[str]]:
    """Return the tables and paragraphs of the section under `heading`, up to the next one."""
    body = docx.Document(str(path)).element.body
    tables, paragraphs, inside = [], [], False
    for child in body.iterchildren():
        style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        is_heading = style is not None and style.get(qn("w:val")).startswith("Heading")
        text = norm("".join(t.text or "" for t in child.iter(qn("w:t"))))
        if child.tag == qn("w:p") and is_heading:
            if inside:
                break
            inside = heading in text
        elif inside and child.tag == qn("w:tbl"):
            tables.append(
                [
                    [
                        norm("".join(t.text or "" for t in tc.iter(qn("w:t"))))
                        for tc in tr.iter(qn("w:tc"))
                    ]
                    for tr in child.iter(qn("w:tr"))
                ]
            )
        elif inside and text:
            paragraphs.append(text)
    return tables, paragraphs


def _plan(ws_copy: Path, tmp_path: Path) -> Path:
    ws = load_workspace(ws_copy, [ACCOUNT])
    key = DocumentKey(ACCOUNT, audience="internal")
    return build_document("plan", ws, key, Options(today=AS_OF, out=tmp_path / "p.docx")).path


def test_300_actions_are_counted_by_objective_and_status_and_the_open_ones_grouped(
    ws_copy: Path, tmp_path: Path
) -> None:
    statuses = _with_actions(ws_copy, 300)
    tables, paragraphs = _tables_after(_plan(ws_copy, tmp_path), "Plan d'actions")
    counts, actions = tables
    assert counts[0][1:] == [
        "Planifiée", "En bonne voie", "À risque", "En retard", "Terminée", "Total",
    ]  # fmt: skip
    expected = [sum(1 for s in statuses.values() if s == st) for st in STATUSES]
    assert counts[-1] == ["Total", *map(str, expected), "300"]
    done = expected[-1]
    assert f"{done} actions terminées ne sont pas détaillées ici" in " ".join(paragraphs)
    listed = [row[0] for row in actions[1:] if row[0]]
    assert sorted(listed) == sorted(i for i, s in statuses.items() if s != "done")
    groups = [row[1] for row in actions[1:] if not row[0]]
    assert len(groups) == len(counts) - 2  # one group row per objective with open actions
    assert all(g.startswith("O") and g.endswith(")") for g in groups)


def test_a_short_action_list_stays_one_table_with_every_action(
    ws_copy: Path, tmp_path: Path
) -> None:
    statuses = _with_actions(ws_copy, 10)
    tables, _ = _tables_after(_plan(ws_copy, tmp_path), "Plan d'actions")
    assert len(tables) == 1
    assert sorted(row[0] for row in tables[0][1:]) == sorted(statuses)
