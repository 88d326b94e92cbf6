"""Starter files: `kamdocs init` and `kamdocs new account|review|proposal`.

Skeletons are commented YAML; each starts with a yaml-language-server modeline pointing at
the JSON Schema that `kamdocs schema --kind KIND` prints, for editor completion.
"""

from __future__ import annotations

from pathlib import Path

from kamdocs import insights
from kamdocs.building.output import write_new
from kamdocs.errors import KamdocsError
from kamdocs.workspace.loader import SLUG_RE, load_file
from kamdocs.workspace.model import QUARTER_RE, Review

MODELINE = "# yaml-language-server: $schema=../../../schemas/{kind}.json\n"

SETTINGS = """\
# kamdocs workspace settings (all optional)
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
# One key account (see the content format for every field)
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


def init_workspace(directory: Path) -> list[Path]:
    """Write a starter workspace into `directory`; return the files written."""
    written = [
        _write_new(directory / "kamdocs.yaml", SETTINGS),
        _write_new(directory / "content" / "company.yaml", COMPANY),
    ]
    written.append(new_account_file(directory, "exemple"))
    (directory / "content" / "library").mkdir(parents=True, exist_ok=True)
    return written


def _account_dir(workspace: Path, slug: str) -> Path:
    folder = workspace / "content" / "accounts" / slug
    if not folder.is_dir():
        known = sorted(p.name for p in (workspace / "content" / "accounts").glob("*") if p.is_dir())
        raise KamdocsError(f"unknown account '{slug}'; accounts: {', '.join(known) or '(none)'}")
    return folder


def new_account_file(workspace: Path, slug: str) -> Path:
    if not SLUG_RE.match(slug):
        raise KamdocsError(f"'{slug}': an account slug uses only a-z, 0-9 and '-'")
    name = slug.replace("-", " ").title()
    path = workspace / "content" / "accounts" / slug / "account.yaml"
    return _write_new(path, MODELINE.format(kind="account") + ACCOUNT.format(name=name))


def new_review_file(workspace: Path, slug: str, quarter: str) -> Path:
    """Write a review skeleton carrying the previous quarter's KPIs, priorities, decisions."""
    if not QUARTER_RE.match(quarter):
        raise KamdocsError(f"'{quarter}': expected a quarter such as 2026-Q3")
    folder = _account_dir(workspace, slug) / "reviews"
    previous_path = folder / f"{insights.previous_quarter(quarter)}.yaml"
    lines = [
        MODELINE.format(kind="review"),
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
        raise KamdocsError(f"'{proposal_id}': a proposal id uses letters, digits and '-'")
    folder = _account_dir(workspace, slug) / "proposals"
    text = MODELINE.format(kind="proposal") + PROPOSAL.format(title=proposal_id, id=proposal_id)
    return _write_new(folder / f"{proposal_id}.yaml", text)


def _q(text: str) -> str:
    """Quote a value for a YAML flow mapping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
