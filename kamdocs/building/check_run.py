"""Workspace-level reports for `kamdocs check` and `kamdocs list`: every check of every
file and document, without writing anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from decimal import Decimal
from typing import Any

from kamdocs import insights
from kamdocs.building.request import DocumentKey, Options
from kamdocs.checks.freshness import freshness_problems
from kamdocs.checks.workspace import workspace_problems
from kamdocs.errors import ContentError, KamdocsError, Problem, word
from kamdocs.valueclass import valueclass
from kamdocs.workspace.loader import Workspace


@valueclass
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


def account_documents(ws: Workspace, slug: str, client_only: bool) -> list[tuple[str, DocumentKey]]:
    """Return every document a command can build for `slug`: its client editions, then
    (unless `client_only`) the internal plan, each review's internal deck and the internal
    call agenda."""
    documents = client_editions(ws, slug)
    if client_only:
        return documents
    reviews = sorted(ws.accounts[slug].reviews)
    return [
        *documents,
        ("plan", DocumentKey(slug, audience="internal")),
        *(("review", DocumentKey(slug, audience="internal", quarter=q)) for q in reviews),
        ("call", DocumentKey(slug, audience="internal")),
    ]


def rendered_problems(kind: str, ws: Workspace, key: DocumentKey, opts: Options,
                      file: str) -> list[Problem]:  # fmt: skip
    """Return the problems of building one document in memory (warnings when it builds);
    what stops it without a located problem is reported on `file`."""
    from kamdocs.building.driver import render_document

    try:
        return render_document(kind, ws, key, opts).warnings
    except ContentError as exc:
        return list(exc.problems)
    except KamdocsError as exc:
        return [Problem.at(file, "not_checked", error=exc)]
    except Exception as exc:  # a bug: `build` would fail on it too, so `check` fails
        shown = " ".join(filter(None, (kind, key.account, key.audience, key.quarter, key.proposal)))
        error = f"{type(exc).__name__}: {exc}"
        return [Problem.at(file, "check_internal_error", document=shown, error=error)]


def _proposal_problems(ws: Workspace, key: DocumentKey, opts: Options) -> list[Problem]:
    """Return the findings of one proposal in one rendering: its analysis, then the document
    built in memory (the mémoire's page estimate and the leak scan included); when the
    analysis has errors, which stop the document, only the mémoire is rendered, for its
    page estimate."""
    from kamdocs.building.driver import check_proposal

    bundle = ws.accounts[key.account]
    loaded = bundle.proposals[key.proposal]
    if loaded.model is None or bundle.account.model is None:
        return []
    try:
        found = check_proposal(ws, key, opts, include_file_problems=False, pages=False)
        if not bundle.account.ok or any(p.is_error for p in found):
            return check_proposal(ws, key, opts, include_file_problems=False)
    except KamdocsError as exc:  # a proposal that cannot be checked is reported, not fatal
        return [Problem.at(loaded.file, "not_checked", error=exc)]
    return found + rendered_problems("proposal", ws, key, opts, loaded.file)


def document_problems(ws: Workspace, slug: str, opts: Options, client_only: bool = False
                      ) -> list[Problem]:  # fmt: skip
    """Return the problems of building every document of `slug` in memory, as `build` and
    the single-document commands would, the leak scanner's included; nothing is written."""
    bundle = ws.accounts[slug]
    if ws.settings.model is None or ws.company.model is None:
        return []  # the files' own errors are reported, and block every document
    found: list[Problem] = []
    for kind, key in account_documents(ws, slug, client_only):
        if kind == "proposal" and not client_only:
            found += _proposal_problems(ws, key, opts)
        elif bundle.account.ok:  # else the account file's errors block its documents
            found += rendered_problems(kind, ws, key, opts, bundle.account.file)
    return found


def portfolio_problems(ws: Workspace, opts: Options) -> list[Problem]:
    """Return the problems of building the portfolio summary and deck in memory."""
    if ws.settings.model is None or ws.company.model is None:
        return []
    # An account left out of the portfolio is one whose own errors `check` reports already.
    return [p for kind in ("portfolio", "portfolio-deck")
            for p in rendered_problems(kind, ws, DocumentKey(), opts, ws.settings.file)
            if p.key != "portfolio_left_out"]  # fmt: skip


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
    options = Options(
        today=today,
        allow_noncompliant=allow_noncompliant,
        allow_empty_criteria=allow_empty_criteria,
    )
    stops: set[str] = set()
    if not client_only:
        problems.extend(p for p in portfolio_problems(ws, options) if p not in problems)
        stops.update(p.text for p in problems if p.key == "not_checked")
    for slug, bundle in ws.accounts.items():
        extra = [] if client_only else followup_problems(ws, slug, today)
        extra += document_problems(ws, slug, options, client_only)
        if client_only:
            extra = [p for p in extra if p.key == "leak"]
        if ws.settings.model is not None and not client_only:
            extra += freshness_problems(bundle.account, list(bundle.reviews), ws.settings.model,
                                        today)  # fmt: skip
        # A template's or a reference document's error stops every account's documents alike:
        # it is reported once, on the first account it stops.
        extra = [p for p in dict.fromkeys(extra) if p.key != "not_checked" or p.text not in stops]
        stops.update(p.text for p in extra if p.key == "not_checked")
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


def _number(value: Decimal | float | None) -> int | float | None:
    """Return a figure as JSON shows it: a whole number as an integer."""
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def account_rows(ws: Workspace, today: dt.date) -> list[dict[str, str | int | float | None]]:
    """Return one row per valid account for `kamdocs list`: names as text, figures as
    numbers (revenue and target in the currency, scores rounded)."""
    rows: list[dict[str, str | int | float | None]] = []
    settings = ws.settings.model
    for slug, bundle in ws.accounts.items():
        account = bundle.account.model
        if account is None or settings is None:
            rows.append({"account": slug, "sector": "(errors: run kamdocs check)"})
            continue
        reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None}
        ins = insights.account_insights(account, ws.our_company, settings, reviews, today)
        health, selection = ins.health.score, ins.selection.score
        rows.append(
            {
                "account": slug,
                "name": account.name,
                "sector": account.sector,
                "owner": account.owner.name if account.owner else None,
                "revenue_ytd": _number(ins.ytd_revenue),
                "target": _number(ins.year_target),
                "quadrant": ins.position.quadrant if ins.position else None,
                "health": round(health) if health is not None else None,
                "selection": round(selection) if selection is not None else None,
            }
        )
    return rows
