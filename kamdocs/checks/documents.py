"""What blocks one document: the problems of the files it reads, and a proposal's findings.

A document is built only when these hold no error; their warnings travel with the document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kamdocs.checks.account import account_problems
from kamdocs.checks.locate import located, place
from kamdocs.checks.objectives import OBJECTIVES, ObjectiveFinding, five_objective_report
from kamdocs.checks.paths import proposal_paths
from kamdocs.checks.pricing_rules import pricing_problems
from kamdocs.checks.review import review_problems
from kamdocs.checks.tender import tender_problems, unmentioned_requirements
from kamdocs.errors import Problem
from kamdocs.workspace import model as m
from kamdocs.workspace.library import LibraryBlock
from kamdocs.workspace.loader import AccountFiles, Loaded, Workspace


def account_inputs(ws: Workspace, bundle: AccountFiles) -> list[Problem]:
    """Return the problems (errors and warnings) of the files every document of `bundle`
    reads: the settings, the company and the account file."""
    found = [*ws.settings.problems, *ws.company.problems, *bundle.account.problems]
    return found + account_problems(ws, bundle)


def history_inputs(ws: Workspace, bundle: AccountFiles, up_to: str | None = None) -> list[Problem]:
    """Return the problems of the files a document reading the account's reviews (up to
    quarter `up_to`) reads: a review with errors stops it rather than vanish from its
    history."""
    quarters = [q for q in sorted(bundle.reviews) if up_to is None or q <= up_to]
    own = [p for q in quarters for p in (*bundle.reviews[q].problems, *review_problems(bundle, q))]
    return account_inputs(ws, bundle) + own


def review_inputs(ws: Workspace, bundle: AccountFiles, quarter: str) -> list[Problem]:
    """Return the problems of the files a QBR deck of `quarter` reads (it shows the trend
    of the quarters before it)."""
    return history_inputs(ws, bundle, quarter)


def proposal_inputs(
    ws: Workspace, bundle: AccountFiles, loaded: Loaded[m.Proposal]
) -> list[Problem]:
    """Return the problems of the files a proposal reads, and of the paths it names."""
    own = [*loaded.problems, *proposal_paths(ws, loaded, bundle.account.model)]
    return account_inputs(ws, bundle) + own


def proposal_findings(
    ws: Workspace, bundle: AccountFiles, proposal_id: str, today: dt.date
) -> list[ObjectiveFinding]:
    """Return the five-objective report of one proposal: O1 to O5, each ok or with gaps.

    Generic text is looked for in every other proposal of the workspace.
    """
    proposal = bundle.proposals[proposal_id].model
    assert proposal is not None, "findings are asked of a proposal that loaded"
    others = {f"{s}/{pid}": other.model
              for s, b in ws.accounts.items() for pid, other in b.proposals.items()
              if other.model is not None and (s, pid) != (bundle.slug, proposal_id)}  # fmt: skip
    others.update(ws.other_proposals)
    return five_objective_report(proposal, ws.company.model, today, others)


def proposal_analysis(
    ws: Workspace,
    bundle: AccountFiles,
    proposal_id: str,
    today: dt.date,
    allow_noncompliant: bool,
    library: list[LibraryBlock],
    allow_empty_criteria: bool = False,
) -> list[Problem]:
    """Return the proposal's findings as located problems: the five objectives (warnings),
    the pricing and tender rules, library blocks in another language or past their review."""
    loaded = bundle.proposals[proposal_id]
    proposal, settings = loaded.model, ws.settings.model
    assert proposal is not None
    assert settings is not None
    found = []
    for finding in proposal_findings(ws, bundle, proposal_id, today):
        name = OBJECTIVES[finding.objective]
        found += [located(loaded, gap.loc, gap.key, "warning", objective=finding.objective,
                          objective_name=name, **dict(gap.args))
                  for gap in finding.gaps]  # fmt: skip
    account = bundle.account.model
    rules_found = pricing_problems(
        proposal, settings.vat_rate, account.country if account else "FR", settings.currency
    )
    rules_found += tender_problems(
        proposal,
        today,
        allow_noncompliant,
        ws.company.model,
        allow_empty_criteria=allow_empty_criteria,
        mapping=settings.tender_mapping,
    )
    rules_found += unmentioned_requirements(proposal, ws.company.model, settings.tender_mapping)
    found += [place(loaded, rule) for rule in rules_found]
    lang = proposal.language or (account.language if account else None)
    for block in library:
        if lang and block.language and block.language != lang:
            found.append(
                located(
                    loaded, block.loc, "library_language", "warning", path=block.path,
                    language=block.language, proposal_language=lang,
                )
            )  # fmt: skip
        if block.review_by and block.review_by < today:
            found.append(
                located(
                    loaded, block.loc, "library_review_due", "warning", path=block.path,
                    date=block.review_by.isoformat(),
                )
            )  # fmt: skip
    return found


def page_limit(loaded: Loaded[m.Proposal], pages: Decimal, counted: bool) -> list[Problem]:
    """Return a warning when the mémoire technique's `pages` (counted by LibreOffice when
    `counted`, else estimated) are over the RC's page limit."""
    tender = loaded.model.tender if loaded.model else None
    if tender is None or tender.page_limit is None or pages <= tender.page_limit:
        return []
    key = "page_limit_counted" if counted else "page_limit_estimated"
    return [
        located(
            loaded, ("tender", "page_limit"), key, "warning", pages=pages, limit=tender.page_limit
        )
    ]
