"""Starter files: `kamdocs init` and `kamdocs new account|review|proposal`.

Skeletons are commented YAML; each starts with a yaml-language-server modeline pointing at
the workspace's `schemas/KIND.json` (what `kamdocs schema --kind KIND` prints), written
relative to where the file lives, for editor completion and checking as you type.
"""

from __future__ import annotations

import json
from pathlib import Path

from kamdocs import insights
from kamdocs.building.output import write_new
from kamdocs.errors import KamdocsError
from kamdocs.workspace.loader import SLUG_RE, load_file
from kamdocs.workspace.model import KINDS, QUARTER_RE, Review
from kamdocs.workspace.schema import json_schema

SCHEMAS = "schemas"
# How deep each kind of file lives below the workspace folder (kamdocs.yaml: 0,
# content/company.yaml: 1, content/accounts/<slug>/account.yaml: 3, reviews and proposals: 4).
DEPTH = {"settings": 0, "company": 1, "account": 3, "review": 4, "proposal": 4}


def modeline(kind: str) -> str:
    """Return the yaml-language-server line of a `kind` file, pointing at schemas/."""
    return f"# yaml-language-server: $schema={'../' * DEPTH[kind]}{SCHEMAS}/{kind}.json\n"


SETTINGS = """\
# kamdocs workspace settings (all optional); the guide: docs/guide.md of kamdocs
format: 1
language: fr          # fr | en
currency: EUR
vat_rate: 20%
selection_threshold: 60
"""

COMPANY = """\
# Your company: the supplier
name: Ma Société SAS  # required
offerings: [Conseil, Logiciel, Formation]   # columns of the whitespace matrix
team:
  - {name: Prénom Nom, role: Responsable grands comptes, function: sales}
references: []
sla: []
"""

ACCOUNT = """\
# One key account; every key is described in docs/reference.md of kamdocs
name: {name}          # required
language: fr
sector: null
owner: {{name: Prénom Nom}}        # the key account manager
plan: {{version: 1, status: draft}}
selection: {{financial: 5, strategic: 5, maturity: 5}}   # 0-10 each
classification:
  attractiveness: {{potential: 5, strategic_fit: 5}}
  strength: {{share_of_wallet: 5, relationship: 5}}
revenue:
  history: []          # - {{period: 2026-Q1, amount: 100000, margin: 30%}}
  targets: {{}}         # {{2026: 400000}}
goals: []              # - Réduire les ruptures de 30 %
                       # - {{text: ..., audience: internal}}   (never in a client edition)
objectives: []         # - {{id: O1, title: ..., kpi: ..., target: ..., due: 2026-12-31}}
stakeholders: []
actions: []            # - {{id: A1, objective: O1, action: ..., owner: ..., due: 2026-12-31}}
                       #   add audience: internal to an item that is our own business
risks: []
"""

PROPOSAL = """\
# A commercial proposal (mode: standard | tender)
title: {title}        # required
reference: {id}
version: 1
date: null
mode: standard
contact: null          # a stakeholder name
executive_summary: null
context: null
needs: []
solution: null
pricing:
  lines: []            # - {{label: ..., quantity: 1, unit: jour, unit_price: 1000}}
next_steps: []
"""


def _write_new(path: Path, text: str) -> Path:
    return write_new(path, text.encode("utf-8"))


def schema_files(directory: Path) -> dict[Path, bytes]:
    """Return the JSON Schema files of every kind, as `schemas/KIND.json` under `directory`."""
    return {
        directory / SCHEMAS / f"{kind}.json": (
            json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
        ).encode("utf-8")
        for kind in KINDS
    }


def write_missing_schemas(workspace: Path) -> list[Path]:
    """Write the schema files the workspace lacks (a workspace made before they existed)."""
    return [
        write_new(path, data) for path, data in schema_files(workspace).items() if not path.exists()
    ]


def init_workspace(directory: Path) -> list[Path]:
    """Write a starter workspace into `directory`; return the files written."""
    written = [
        _write_new(directory / "kamdocs.yaml", modeline("settings") + SETTINGS),
        _write_new(directory / "content" / "company.yaml", modeline("company") + COMPANY),
    ]
    written.append(new_account_file(directory, "exemple", example=True))
    written += [write_new(path, data) for path, data in schema_files(directory).items()]
    (directory / "content" / "library").mkdir(parents=True, exist_ok=True)
    return written


def _account_dir(workspace: Path, slug: str) -> Path:
    folder = workspace / "content" / "accounts" / slug
    if not folder.is_dir():
        known = sorted(p.name for p in (workspace / "content" / "accounts").glob("*") if p.is_dir())
        raise KamdocsError.of("unknown_account_new", slug=slug, known=", ".join(known) or "(none)")
    return folder


def new_account_file(workspace: Path, slug: str, *, example: bool = False) -> Path:
    """Write the skeleton of account `slug`; an `example` one stays out of the portfolio."""
    if not SLUG_RE.match(slug):
        raise KamdocsError.of("bad_slug", slug=slug)
    name = slug.replace("-", " ").title()
    path = workspace / "content" / "accounts" / slug / "account.yaml"
    text = ACCOUNT.format(name=name)
    if example:
        text = text.replace(
            "\nlanguage:",
            "\nexample: true         # an example: the portfolio "
            "leaves it out (delete this line to count it)\nlanguage:",
            1,
        )
    return _write_new(path, modeline("account") + text)


def new_review_file(workspace: Path, slug: str, quarter: str) -> Path:
    """Write a review skeleton carrying the previous quarter's KPIs, priorities, decisions."""
    if not QUARTER_RE.match(quarter):
        raise KamdocsError.of("bad_quarter", quarter=quarter)
    folder = _account_dir(workspace, slug) / "reviews"
    previous_path = folder / f"{insights.previous_quarter(quarter)}.yaml"
    lines = [
        modeline("review"),
        f"quarter: {quarter}\n",
        "date: null\n",
        "attendees: []\n",
    ]
    previous: Review | None = None
    if previous_path.is_file():
        previous = load_file(previous_path, workspace, Review).model
    if previous is not None:
        lines.append(f"# carried forward from {previous.quarter}: update actual values\n")
        lines.append("kpis:\n")
        for kpi in previous.kpis:
            lines.append(
                f"  - {{name: {_q(kpi.name)}, unit: {_q(kpi.unit or '')}, "
                f"direction: {kpi.direction}, target: {kpi.target}, actual: null, "
                f"previous: {kpi.actual if kpi.actual is not None else 'null'}}}\n"
            )
        lines.append(
            "decisions_needed:\n"
            if any(d.status == "open" for d in previous.decisions_needed)
            else "decisions_needed: []\n"
        )
        for d in previous.decisions_needed:
            if d.status == "open":
                lines.append(
                    f"  - {{decision: {_q(d.decision)}, by: {_q(d.by or '')}, status: open"
                    f"{_audience(d.audience)}}}\n"
                )
        lines.append("priorities:\n" if previous.priorities else "priorities: []\n")
        for p in previous.priorities:
            lines.append(
                f"  - {{text: {_q(p.text)}, owner: {_q(p.owner or '')}{_audience(p.audience)}}}\n"
            )
        lines += _last_quarter(previous)
    else:
        lines += ["kpis: []\n", "decisions_needed: []\n", "priorities: []\n"]
    lines += [
        "successes: []         # - a figure-backed success, or {text: ..., audience: internal}\n",
        "obstacles: []\n",
        "new_opportunities: []\n",
        "satisfaction: {nps: null}\n",
    ]
    return _write_new(folder / f"{quarter}.yaml", "".join(lines))


def _last_quarter(previous: Review) -> list[str]:
    """Return the `last_quarter` list of a new review: what the previous review committed to
    (its priorities and open decisions), each awaiting its outcome."""
    committed = [(p.text, p.audience) for p in previous.priorities]
    committed += [(d.decision, d.audience) for d in previous.decisions_needed if d.status == "open"]
    if not committed:
        return ["last_quarter: []\n"]
    lines = [
        f"# what {previous.quarter} committed to; outcome: done | in_progress | dropped\n",
        "last_quarter:\n",
    ]
    for text, audience in committed:
        lines.append(f"  - {{commitment: {_q(text)}, outcome: null, note: null"
                     f"{_audience(audience)}}}\n")  # fmt: skip
    return lines


def _audience(audience: str) -> str:
    """The `audience` key of a carried-forward item: written only when it is internal."""
    return ", audience: internal" if audience == "internal" else ""


def new_proposal_file(workspace: Path, slug: str, proposal_id: str) -> Path:
    if not SLUG_RE.match(proposal_id.lower()):
        raise KamdocsError.of("bad_proposal_id", proposal=proposal_id)
    folder = _account_dir(workspace, slug) / "proposals"
    title = _q(proposal_title(workspace, slug))
    text = modeline("proposal") + PROPOSAL.format(title=title, id=proposal_id)
    return _write_new(folder / f"{proposal_id}.yaml", text)


def proposal_title(workspace: Path, slug: str) -> str:
    """Return a new proposal's starting title, in the account's language: what it is and
    for whom (the account's name when its file reads), to make more precise."""
    from kamdocs.workspace.model import Account
    from kamdocs.workspace.outputdir import explicit_language

    account = load_file(_account_dir(workspace, slug) / "account.yaml", workspace, Account).model
    client = account.name if account else slug.replace("-", " ").title()
    language = (account.language if account else None) or explicit_language(workspace)
    if language == "en":
        return f"Commercial proposal to {client}"
    return f"Proposition commerciale pour {client}"


def _q(text: str) -> str:
    """Quote a value for a YAML flow mapping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
