"""Workspace-level reports for `kamdocs check` and `kamdocs list`: every check of every
file and document, without writing anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kamdocs import insights
from kamdocs.building.request import DocumentKey, Options
from kamdocs.checks.freshness import freshness_problems
from kamdocs.checks.workspace import workspace_problems
from kamdocs.errors import ContentError, KamdocsError, Problem, word
from kamdocs.workspace.loader import Workspace


@dataclass
class CheckReport:
    problems: list[Problem]
    lines: list[str] = field(default_factory=list)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "field": p.field,
                    "message": p.text,
                    "severity": p.severity,
                    "key": p.key,
                    "hint": p.hint,
                }
                for p in sorted(self.problems)
            ],
            "accounts": self.accounts,
            "errors": sum(p.is_error for p in self.problems),
            "warnings": sum(not p.is_error for p in self.problems),
        }


def _proposal_problems(
    ws: Workspace,
    slug: str,
    today: dt.date,
    allow_noncompliant: bool,
    allow_empty_criteria: bool = False,
) -> list[Problem]:
    from kamdocs.building.driver import check_proposal

    found: list[Problem] = []
    options = Options(
        today=today,
        allow_noncompliant=allow_noncompliant,
        allow_empty_criteria=allow_empty_criteria,
    )
    for proposal_id, loaded in ws.accounts[slug].proposals.items():
        if loaded.model is None or ws.accounts[slug].account.model is None:
            continue
        key = DocumentKey(slug, proposal=proposal_id)
        try:
            found += check_proposal(ws, key, options, include_file_problems=False)
        except KamdocsError as exc:  # a proposal that cannot be checked is reported, not fatal
            found.append(Problem.at(loaded.file, "not_checked", error=exc))
    return found


def client_editions(ws: Workspace, slug: str) -> list[tuple[str, DocumentKey]]:
    """Return the client editions of account `slug`: its plan, each review's deck, each
    proposal, the status e-mail and the call agenda (the documents that leave the company)."""
    bundle = ws.accounts[slug]
    decks = [
        ("review", DocumentKey(slug, audience="client", quarter=q)) for q in sorted(bundle.reviews)
    ]
    proposals = [("proposal", DocumentKey(slug, proposal=p)) for p in sorted(bundle.proposals)]
    followup = [
        ("status", DocumentKey(slug, audience="client")),
        ("call", DocumentKey(slug, audience="client")),
    ]
    return [("plan", DocumentKey(slug, audience="client")), *decks, *proposals, *followup]


def followup_problems(ws: Workspace, slug: str, today: dt.date) -> list[Problem]:
    """Return the warnings of the follow-up data of `slug`: the trust ratings, and, when the
    account says it sends a status e-mail (`cadence.email`), its addressees and sender."""
    from kamdocs.checks.followup import recipient_problems, trust_problems

    loaded = ws.accounts[slug].account
    account = loaded.model
    if account is None:
        return []
    found = trust_problems(loaded, account, today)
    if account.cadence and account.cadence.email:
        found += recipient_problems(loaded, account)
    return found


def client_edition_problems(
    ws: Workspace,
    slug: str,
    today: dt.date,
    allow_noncompliant: bool = False,
    allow_empty_criteria: bool = False,
) -> list[Problem]:
    """Return the problems of building every client edition of `slug` in memory, the leak
    scanner's included; nothing is written."""
    from kamdocs.building.driver import render_document

    bundle = ws.accounts[slug]
    if not bundle.account.ok or ws.settings.model is None or ws.company.model is None:
        return []  # the files' own errors are reported, and block these documents
    found: list[Problem] = []
    options = Options(
        today=today,
        allow_noncompliant=allow_noncompliant,
        allow_empty_criteria=allow_empty_criteria,
    )
    for kind, key in client_editions(ws, slug):
        try:
            render_document(kind, ws, key, options)
        except ContentError as exc:
            found += exc.problems
        except KamdocsError as exc:
            found.append(Problem.at(bundle.account.file, "not_checked", error=exc))
    return found


def check_workspace(
    ws: Workspace,
    today: dt.date,
    *,
    allow_noncompliant: bool = False,
    client_only: bool = False,
    allow_empty_criteria: bool = False,
) -> CheckReport:
    """Return every problem of the workspace with a one-line summary per account;
    `client_only` checks only what the client editions would show (the leak scanner)."""
    problems = [] if client_only else workspace_problems(ws)
    report = CheckReport(problems)
    for slug, bundle in ws.accounts.items():
        extra = (
            []
            if client_only
            else _proposal_problems(ws, slug, today, allow_noncompliant, allow_empty_criteria)
        )
        extra += [] if client_only else followup_problems(ws, slug, today)
        extra += client_edition_problems(ws, slug, today, allow_noncompliant, allow_empty_criteria)
        if client_only:
            extra = [p for p in extra if p.key == "leak"]
        if ws.settings.model is not None and not client_only:
            extra += freshness_problems(bundle.account, list(bundle.reviews), ws.settings.model,
                                        today)  # fmt: skip
        problems.extend(p for p in extra if p not in problems)
        files = {f.file for f in bundle.files()}
        mine = [p for p in problems if p.file in files]
        errors = sum(p.is_error for p in mine)
        state = "errors" if errors else "ok"
        report.accounts[slug] = {
            "status": state,
            "errors": errors,
            "warnings": len(mine) - errors,
            "reviews": sorted(bundle.reviews),
            "proposals": sorted(bundle.proposals),
        }
        name = bundle.account.model.name if bundle.account.model else slug
        report.lines.append(
            word(
                "check_account",
                {
                    "slug": slug, "state": state.upper(), "name": name,
                    "reviews": len(bundle.reviews), "proposals": len(bundle.proposals),
                    "errors": errors, "warnings": len(mine) - errors,
                },
            )
        )  # fmt: skip
    return report


def account_rows(ws: Workspace, today: dt.date) -> list[dict[str, str | None]]:
    """Return one row per valid account for `kamdocs list`."""
    rows: list[dict[str, str | None]] = []
    settings = ws.settings.model
    for slug, bundle in ws.accounts.items():
        account = bundle.account.model
        if account is None or settings is None:
            rows.append({"account": slug, "sector": "(errors: run kamdocs check)"})
            continue
        reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None}
        ins = insights.account_insights(account, ws.our_company, settings, reviews, today)
        rows.append(
            {
                "account": slug,
                "name": account.name,
                "sector": account.sector,
                "owner": account.owner.name if account.owner else None,
                "revenue_ytd": str(ins.ytd_revenue) if ins.ytd_revenue is not None else None,
                "target": str(ins.year_target) if ins.year_target is not None else None,
                "quadrant": ins.position.quadrant if ins.position else None,
                "health": str(round(ins.health.score)) if ins.health.score is not None else None,
                "selection": str(round(ins.selection.score))
                if ins.selection.score is not None
                else None,
            }
        )
    return rows
