"""One record per document kind: the inputs it reads, its checks, how it is composed, its
format (which picks its templates, reference file and writer) and its output name.

`select` finds a document's inputs and the problems of the files it reads, without
rendering anything; `compose` turns them into IR, with the findings that need the document
itself (a proposal's tender rules, the mémoire's page count) and any companion file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field
from typing import Any

from kamdocs import insights, ir
from kamdocs.building.pages import memoire_pages
from kamdocs.building.problems import fail_on_errors
from kamdocs.building.request import DocumentKey, Options
from kamdocs.building.session import Format, Session
from kamdocs.checks import documents as checks
from kamdocs.errors import ContentError, KamdocsError, Problem
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.audience import CLIENT, account_view, review_view, view
from kamdocs.workspace.library import LibraryBlock, library_blocks
from kamdocs.workspace.loader import AccountFiles, Loaded, Workspace

AUDIENCES = ("client", "internal")


@valueclass(frozen=True)
class Chosen:
    """The inputs of one document: its output name under build/, its language, the
    problems of the files it reads, and the files themselves."""

    name: str
    lang: str
    problems: list[Problem]
    key: DocumentKey
    bundle: AccountFiles | None = None
    quarter: str = ""


@valueclass(frozen=True)
class Composed:
    """A document as IR, the findings made while composing it, and its companion files
    (suffix after the document's stem, bytes)."""

    document: ir.Document
    problems: list[Problem] = field(default_factory=list)
    companions: tuple[tuple[str, bytes], ...] = ()


@valueclass(frozen=True)
class Kind:
    name: str
    format: Format
    select: Callable[[Workspace, DocumentKey, Options], Chosen]
    compose: Callable[[Workspace, Chosen, Session, Options], Composed]
    logo: bool = False  # the document shows our logo (read only for these)
    # Whether the document of `key` leaves the company (the leak scanner reads it then).
    client_edition: Callable[[DocumentKey], bool] = lambda key: False


# --- finding the inputs ---------------------------------------------------------------------


def require_account(ws: Workspace, slug: str) -> AccountFiles:
    """Return the account `slug`, or fail listing the accounts that exist."""
    if slug not in ws.accounts:
        folder = f"content/accounts/{slug}"
        problems = [p for p in ws.problems if p.file.startswith(folder)]
        if problems:
            raise ContentError(problems)
        known = ", ".join(ws.slugs or tuple(ws.accounts)) or "(none)"
        raise KamdocsError.of("unknown_account", slug=slug, known=known)
    return ws.accounts[slug]


def require_proposal(bundle: AccountFiles, proposal_id: str) -> Loaded[m.Proposal]:
    """Return the proposal `proposal_id` of `bundle`, or fail listing the ones that exist."""
    if proposal_id not in bundle.proposals:
        known = ", ".join(sorted(bundle.proposals)) or "(none)"
        raise KamdocsError.of(
            "unknown_proposal", proposal=proposal_id, slug=bundle.slug, known=known
        )
    return bundle.proposals[proposal_id]


def _require_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise KamdocsError.of("unknown_audience", audience=audience, known=", ".join(AUDIENCES))
    return audience


def document_language(
    ws: Workspace, bundle: AccountFiles, opts: Options, proposal_language: str | None = None
) -> str:
    """--lang, else the proposal's language, else the account's, else the workspace's."""
    account = bundle.account.model
    settings = ws.settings.model
    return (
        opts.lang
        or proposal_language
        or (account.language if account else None)
        or (settings.language if settings else "fr")
    )


def _select_plan(ws: Workspace, key: DocumentKey, opts: Options) -> Chosen:
    audience = _require_audience(key.audience)
    bundle = require_account(ws, key.account)
    lang = document_language(ws, bundle, opts)
    name = f"{bundle.slug}/{bundle.slug}-plan-{audience}-{lang}.docx"
    return Chosen(name, lang, checks.history_inputs(ws, bundle), key, bundle)


def _select_review(ws: Workspace, key: DocumentKey, opts: Options) -> Chosen:
    audience = _require_audience(key.audience)
    bundle = require_account(ws, key.account)
    slug = bundle.slug
    available = sorted(bundle.reviews)
    if not available:
        raise KamdocsError.of("no_review_file", slug=slug)
    quarter = key.quarter or available[-1]
    if quarter not in bundle.reviews:
        raise KamdocsError.of(
            "unknown_quarter", quarter=quarter, slug=slug, known=", ".join(available)
        )
    problems = checks.review_inputs(ws, bundle, quarter)
    lang = document_language(ws, bundle, opts)
    name = f"{slug}/{slug}-review-{quarter}-{audience}-{lang}.pptx"
    return Chosen(name, lang, problems, key, bundle, quarter)


def _select_proposal(ws: Workspace, key: DocumentKey, opts: Options) -> Chosen:
    bundle = require_account(ws, key.account)
    loaded = require_proposal(bundle, key.proposal)
    problems = checks.proposal_inputs(ws, bundle, loaded)
    lang = document_language(ws, bundle, opts, loaded.model.language if loaded.model else None)
    name = f"{bundle.slug}/{bundle.slug}-proposal-{key.proposal}-{lang}.docx"
    return Chosen(name, lang, problems, key, bundle)


def _select_status(ws: Workspace, key: DocumentKey, opts: Options) -> Chosen:
    from kamdocs.checks.followup import recipient_problems

    bundle = require_account(ws, key.account)
    lang = document_language(ws, bundle, opts)
    name = f"{bundle.slug}/{bundle.slug}-status-{opts.today.isoformat()}-{lang}.eml"
    problems = checks.history_inputs(ws, bundle)
    if bundle.account.model is not None:
        problems += recipient_problems(bundle.account, bundle.account.model)
    return Chosen(name, lang, problems, key, bundle)


def call_date(account: m.Account, key: DocumentKey, today: dt.date) -> dt.date:
    """Return the day of the call: --date, else the next meeting of kind call, else `today`."""
    from kamdocs.insights.followup import call_meeting

    if key.date is not None:
        return key.date
    meeting = call_meeting(account, today)
    return meeting.date if meeting else today


def _select_call(ws: Workspace, key: DocumentKey, opts: Options) -> Chosen:
    from kamdocs.checks.followup import attendee_problems

    audience = _require_audience(key.audience)
    bundle = require_account(ws, key.account)
    lang = document_language(ws, bundle, opts)
    problems = checks.history_inputs(ws, bundle)
    account = bundle.account.model
    day = call_date(account, key, opts.today) if account else opts.today
    if account is not None:
        problems += attendee_problems(bundle.account, account, ws.our_company)
    name = f"{bundle.slug}/{bundle.slug}-call-{day.isoformat()}-{audience}-{lang}.docx"
    return Chosen(name, lang, problems, key, bundle)


def _portfolio_selector(edition: str) -> Callable[[Workspace, DocumentKey, Options], Chosen]:
    def select(ws: Workspace, key: DocumentKey, opts: Options) -> Chosen:
        errors = [p for p in [*ws.settings.problems, *ws.company.problems] if p.is_error]
        settings = ws.settings.model
        lang = opts.lang or (settings.language if settings else None) or "fr"
        return Chosen(f"portfolio-{lang}-{edition}", lang, errors, key)

    return select


# --- composing the document -----------------------------------------------------------------


def _account(chosen: Chosen) -> m.Account:
    assert chosen.bundle is not None
    assert chosen.bundle.account.model is not None
    return chosen.bundle.account.model


def _reviews(bundle: AccountFiles, audience: str, up_to: str | None = None) -> dict[str, m.Review]:
    """Return the valid reviews of `bundle` up to quarter `up_to`, as `audience` sees them."""
    account = bundle.account.model
    assert account is not None
    return {q: review_view(r.model, account, audience) for q, r in bundle.reviews.items()
            if r.model is not None and (up_to is None or q <= up_to)}  # fmt: skip


def _compose_plan(ws: Workspace, chosen: Chosen, session: Session, opts: Options) -> Composed:
    from kamdocs.documents.plan import plan_document

    assert chosen.bundle is not None
    audience = chosen.key.audience
    # A client edition is built from the client view alone: what it does not hold, no
    # template can print, and the figures computed from it cannot carry internal data.
    account = account_view(_account(chosen), audience)
    company, settings = ws.our_company, session.settings
    reviews = _reviews(chosen.bundle, audience)
    ins = insights.account_insights(account, company, settings, reviews, opts.today)
    document = plan_document(
        account, company, settings, ins, session.run, audience=chosen.key.audience,
        templates=session.templates,
    )  # fmt: skip
    return Composed(document)


def _compose_review(ws: Workspace, chosen: Chosen, session: Session, opts: Options) -> Composed:
    from kamdocs.documents.review import review_document

    assert chosen.bundle is not None
    audience = chosen.key.audience
    reviews = _reviews(chosen.bundle, audience, chosen.quarter)
    assert chosen.quarter in reviews, "a review file with errors stops at its selection"
    review = reviews[chosen.quarter]
    account = account_view(_account(chosen), audience)
    company, settings = ws.our_company, session.settings
    ins = insights.account_insights(
        account, company, settings, reviews, opts.today, review_quarter=chosen.quarter
    )
    document = review_document(
        account, review, company, settings, ins, session.run, audience=chosen.key.audience,
        templates=session.templates, reviews=[reviews[q] for q in sorted(reviews)],
    )  # fmt: skip
    return Composed(document)


def proposal_views(chosen: Chosen) -> tuple[m.Account, m.Proposal]:
    """Return the account and the proposal as a proposal shows them: a proposal is a client
    document, built from the client view of both."""
    assert chosen.bundle is not None
    proposal = chosen.bundle.proposals[chosen.key.proposal].model
    assert proposal is not None
    return account_view(_account(chosen), CLIENT), view(proposal, CLIENT)


def tender_of(proposal: m.Proposal) -> m.Tender | None:
    """Return the tender block of a proposal in tender mode (None otherwise)."""
    return proposal.tender if proposal.mode == "tender" else None


def proposal_analysis(
    ws: Workspace, chosen: Chosen, opts: Options
) -> tuple[list[LibraryBlock], list[Problem]]:
    """Return the library blocks a proposal names and its findings (objectives, pricing and
    tender rules, library blocks), which need no rendering."""
    assert chosen.bundle is not None
    proposal = chosen.bundle.proposals[chosen.key.proposal].model
    assert proposal is not None
    library = library_blocks(proposal, ws.content)
    found = checks.proposal_analysis(
        ws,
        chosen.bundle,
        chosen.key.proposal,
        opts.today,
        opts.allow_noncompliant,
        library,
        opts.allow_empty_criteria,
    )
    return library, found


def memoire_problems(
    ws: Workspace, chosen: Chosen, session: Session, opts: Options, context: dict[str, Any]
) -> list[Problem]:
    """Return the page-limit finding of a tender's mémoire technique, rendered alone to be
    counted or estimated; none when the RC sets no page limit."""
    from kamdocs.documents.proposal import proposal_document

    assert chosen.bundle is not None
    loaded = chosen.bundle.proposals[chosen.key.proposal]
    proposal = loaded.model
    assert proposal is not None
    tender = tender_of(proposal)
    if tender is None or not tender.page_limit:
        return []
    account, shown = proposal_views(chosen)
    memoire = proposal_document(
        account, shown, ws.our_company, session.settings, session.run,
        session.templates, context, memoire_only=True,
    )  # fmt: skip
    return memoire_pages(loaded, memoire, session, opts.count_pages)


def _compose_proposal(ws: Workspace, chosen: Chosen, session: Session, opts: Options) -> Composed:
    from kamdocs.documents.proposal import compliance_grid, proposal_context, proposal_document
    from kamdocs.writers.xlsx import SheetTable, write_xlsx

    account, proposal = proposal_views(chosen)
    company, settings, run = ws.our_company, session.settings, session.run
    library, problems = proposal_analysis(ws, chosen, opts)
    fail_on_errors(problems)  # a blocking tender rule stops before any rendering
    # Prices, findings and compliance rows are computed once for the mémoire, the document
    # and the workbook.
    context = proposal_context(account, proposal, company, settings, run, library)
    problems += memoire_problems(ws, chosen, session, opts, context)
    document = proposal_document(
        account, proposal, company, settings, run, session.templates, context
    )
    tender = tender_of(proposal)
    companions: tuple[tuple[str, bytes], ...] = ()
    if tender and tender.requirements:
        grid = compliance_grid(context, run.lang)
        xlsx = write_xlsx(
            SheetTable(**grid),
            created=dt.datetime.combine(opts.today, dt.time()),
            title=proposal.title,
            author=document.meta.author,
        )
        companions = (("-compliance.xlsx", xlsx),)
    return Composed(document, problems, companions)


def _compose_status(ws: Workspace, chosen: Chosen, session: Session, opts: Options) -> Composed:
    from kamdocs.documents.status import status_document
    from kamdocs.insights.followup import default_since, status_digest
    from kamdocs.writers.mail import markdown_text

    assert chosen.bundle is not None
    # The e-mail leaves the company: it is built from the client view alone.
    account = account_view(_account(chosen), CLIENT)
    reviews = _reviews(chosen.bundle, CLIENT)
    review = insights.latest_review(
        reviews, insights.quarter_of(opts.today, session.settings.fiscal_year_start)
    )
    since = chosen.key.since or default_since(opts.today)
    digest = status_digest(account, review, since, opts.today)
    document = status_document(
        account, ws.our_company, session.settings, digest, session.run, session.templates
    )
    return Composed(document, companions=((".md", markdown_text(document).encode("utf-8")),))


def _compose_call(ws: Workspace, chosen: Chosen, session: Session, opts: Options) -> Composed:
    from kamdocs.documents.call import call_document

    assert chosen.bundle is not None
    audience = chosen.key.audience
    full = _account(chosen)
    account = account_view(full, audience)
    reviews = _reviews(chosen.bundle, audience)
    ins = insights.account_insights(account, ws.our_company, session.settings, reviews, opts.today)
    document = call_document(
        account, ws.our_company, session.settings, ins, session.run, session.templates,
        day=call_date(full, chosen.key, opts.today), audience=audience,
        reviews=tuple(reviews[q] for q in sorted(reviews)),
    )  # fmt: skip
    return Composed(document)


def _portfolio_composer(template: str) -> Callable[[Workspace, Chosen, Session, Options], Composed]:
    def compose(ws: Workspace, chosen: Chosen, session: Session, opts: Options) -> Composed:
        from kamdocs.documents.portfolio import portfolio_document, portfolio_of

        # A batch gathers the accounts' lines one account at a time; else all are loaded.
        accounts = opts.portfolio or portfolio_of(ws, opts.today)
        document = portfolio_document(
            ws, accounts, session.run, session.templates, template=template
        )
        # An account left out is named in the document and, as a warning, in the run's output.
        left_out = [
            Problem.at(file, "portfolio_left_out", severity="warning") for file in accounts.excluded
        ]
        return Composed(document, left_out)

    return compose


def _for_client(key: DocumentKey) -> bool:
    return key.audience == CLIENT


def _always(key: DocumentKey) -> bool:
    return True


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("plan", "docx", _select_plan, _compose_plan, logo=True, client_edition=_for_client),
        Kind(
            "review",
            "pptx",
            _select_review,
            _compose_review,
            logo=True,
            client_edition=_for_client,
        ),
        Kind("proposal", "docx", _select_proposal, _compose_proposal, client_edition=_always),
        Kind("status", "eml", _select_status, _compose_status, client_edition=_always),
        Kind("call", "docx", _select_call, _compose_call, logo=True, client_edition=_for_client),
        Kind(
            "portfolio",
            "docx",
            _portfolio_selector("summary.docx"),
            _portfolio_composer("portfolio/summary.md.j2"),
        ),
        Kind(
            "portfolio-deck",
            "pptx",
            _portfolio_selector("deck.pptx"),
            _portfolio_composer("portfolio/deck.md.j2"),
        ),
    )
}
