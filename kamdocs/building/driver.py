"""One function per document type: load -> check -> insights -> template -> IR -> writer -> file.

Paths and the as-of date are parameters; nothing here reads the clock or the current folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kamdocs import insights, ir
from kamdocs.building.output import default_name, write_atomic
from kamdocs.building.runtime import without_gc
from kamdocs.checks import proposal as proposal_checks
from kamdocs.checks import rules as checks
from kamdocs.documents.common import Run
from kamdocs.errors import ContentError, ContentProblem, KamdocsError
from kamdocs.templating.environment import Renderer, renderer_for
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import AccountFiles, Loaded, Workspace
from kamdocs.workspace.templates import packaged_templates

if TYPE_CHECKING:
    from kamdocs.documents.proposal import LibraryBlock


@dataclass(frozen=True)
class Options:
    """What the command line asked for one document."""

    today: dt.date
    lang: str | None = None
    out: Path | None = None
    reference: Path | None = None
    template: Path | None = None


@dataclass
class Built:
    path: Path
    warnings: list[ContentProblem] = field(default_factory=list)


def template_roots(ws: Workspace, opts: Options) -> list[Path]:
    """Return template roots, highest precedence first: --template, workspace, packaged."""
    roots = [opts.template] if opts.template else []
    roots += [ws.root / "templates", packaged_templates()]
    return [r for r in roots if r.is_dir()]


def reference_file(ws: Workspace, opts: Options, relative: str) -> Path:
    """Return the reference document: --reference, else the first template root holding it."""
    if opts.reference:
        if not opts.reference.is_file():
            raise KamdocsError(f"{opts.reference}: reference file not found")
        return opts.reference
    for root in template_roots(ws, opts):
        if (root / relative).is_file():
            return root / relative
    raise KamdocsError(f"no {relative} in the template folders")


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


def require_account(ws: Workspace, slug: str) -> AccountFiles:
    """Return the account `slug`, or fail listing the accounts that exist."""
    if slug not in ws.accounts:
        folder = f"content/accounts/{slug}"
        located = [p for p in ws.problems if p.file.startswith(folder)]
        if located:
            raise ContentError(located)
        known = ", ".join(ws.slugs or tuple(ws.accounts)) or "(none)"
        raise KamdocsError(f"unknown account '{slug}'; accounts in this workspace: {known}")
    return ws.accounts[slug]


def blocking_problems(
    ws: Workspace, bundle: AccountFiles, extra: list[ContentProblem] | None = None
) -> list[ContentProblem]:
    """Return problems (errors and warnings) of the files every document of `bundle` needs."""
    found = [*ws.settings.problems, *ws.company.problems, *bundle.account.problems]
    found += checks.account_problems(ws, bundle)
    return found + (extra or [])


def _fail_on_errors(problems: list[ContentProblem]) -> list[ContentProblem]:
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentError(sorted(errors))
    return [p for p in problems if not p.is_error]


def account_insights(
    ws: Workspace, bundle: AccountFiles, today: dt.date
) -> insights.AccountInsights:
    assert bundle.account.model is not None
    assert ws.settings.model is not None
    reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None}
    return insights.account_insights(
        bundle.account.model, ws.company.model, ws.settings.model, reviews, today
    )


@without_gc
def build_plan(ws: Workspace, slug: str, audience: str, opts: Options) -> Built:
    """Write the account plan of `slug` for `audience` and return where it went."""
    from kamdocs.documents.plan import plan_document
    from kamdocs.writers.docx import write_docx

    bundle = require_account(ws, slug)
    warnings = _fail_on_errors(blocking_problems(ws, bundle))
    lang = document_language(ws, bundle, opts)
    settings = ws.settings.model
    assert settings is not None
    assert bundle.account.model is not None
    roots = template_roots(ws, opts)
    reference = reference_file(ws, opts, "docx/reference.docx")
    run = Run(lang, opts.today, reference, ws.content, settings.currency)
    renderer = renderer_for([r / "docx" for r in roots])
    ins = account_insights(ws, bundle, opts.today)
    document = plan_document(
        bundle.account.model,
        ws.company.model,
        settings,
        ins,
        run,
        audience=audience,
        renderer=renderer,
    )
    data = write_docx(document, reference, style_names=dict(settings.styles))
    target = opts.out or ws.root / "build" / slug / default_name(
        "plan", slug, lang, audience=audience
    )
    return Built(write_atomic(target, data), warnings)


# --- commercial proposal -------------------------------------------------------------------


@dataclass
class BuiltProposal(Built):
    """A written proposal: the .docx in `path`; in tender mode the compliance grid (.xlsx)
    in `companions`."""

    companions: list[Path] = field(default_factory=list)


def require_proposal(bundle: AccountFiles, proposal_id: str) -> Loaded[m.Proposal]:
    """Return the proposal `proposal_id` of `bundle`, or fail listing the ones that exist."""
    if proposal_id not in bundle.proposals:
        known = ", ".join(sorted(bundle.proposals)) or "(none)"
        raise KamdocsError(
            f"unknown proposal '{proposal_id}' for account '{bundle.slug}'; "
            f"proposals of this account: {known}"
        )
    return bundle.proposals[proposal_id]


def _locate(
    loaded: Loaded[m.Proposal], loc: tuple[str | int, ...], message: str, severity: str
) -> ContentProblem:
    from kamdocs.workspace.yamlread import dotted

    line, column = loaded.position(loc)
    return ContentProblem(loaded.file, line, column, dotted(loc), message, severity)  # type: ignore[arg-type]


def proposal_findings(
    ws: Workspace, slug: str, proposal_id: str, today: dt.date
) -> list[proposal_checks.ObjectiveFinding]:
    """Return the five-objective report of one proposal: O1 to O5, each ok or with gaps.

    Generic text is looked for in every other proposal of the workspace.
    """
    bundle = require_account(ws, slug)
    loaded = require_proposal(bundle, proposal_id)
    if loaded.model is None:
        raise ContentError(sorted(p for p in loaded.problems if p.is_error))
    others = {f"{s}/{pid}": other.model
              for s, b in ws.accounts.items() for pid, other in b.proposals.items()
              if other.model is not None and (s, pid) != (slug, proposal_id)}  # fmt: skip
    others.update(ws.other_proposals)
    return proposal_checks.five_objective_report(loaded.model, ws.company.model, today, others)


def _proposal_analysis(
    ws: Workspace,
    slug: str,
    proposal_id: str,
    today: dt.date,
    allow_noncompliant: bool,
    library: list[LibraryBlock],
) -> list[ContentProblem]:
    """Return the proposal's findings as located problems: the five objectives (warnings),
    the pricing and tender rules, library blocks in another language or past their review."""
    loaded = ws.accounts[slug].proposals[proposal_id]
    proposal, settings = loaded.model, ws.settings.model
    assert proposal is not None
    assert settings is not None
    found = []
    for finding in proposal_findings(ws, slug, proposal_id, today):
        name = proposal_checks.OBJECTIVES[finding.objective]
        found += [_locate(loaded, gap.loc, f"{finding.objective} ({name}): {gap.message}",
                          "warning") for gap in finding.gaps]  # fmt: skip
    rules = proposal_checks.pricing_problems(proposal, settings.vat_rate)
    rules += proposal_checks.tender_problems(proposal, today, allow_noncompliant, ws.company.model)
    found += [_locate(loaded, loc, message, severity) for loc, message, severity in rules]
    account = ws.accounts[slug].account.model
    lang = proposal.language or (account.language if account else None)
    for block in library:
        if lang and block.language and block.language != lang:
            found.append(
                _locate(
                    loaded,
                    block.loc,
                    f"'{block.path}' is written in '{block.language}', the proposal in '{lang}'",
                    "warning",
                )
            )
        if block.review_by and block.review_by < today:
            found.append(
                _locate(
                    loaded,
                    block.loc,
                    f"'{block.path}' was due for review on {block.review_by.isoformat()}",
                    "warning",
                )
            )
    return found


def _pdf_pages(pdf: Path) -> int:
    """Return the page count of a PDF: pdfinfo's when installed, else its /Page objects."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdfinfo"):
        result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                check=False)  # fmt: skip
        found = re.search(r"^Pages:\s+(\d+)", result.stdout, re.M)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def _laid_out_pages(document: ir.Document, reference: Path, settings: m.Settings) -> int:
    """Return how many pages LibreOffice lays `document` out on (in a private temp folder)."""
    import tempfile

    from kamdocs.building.pdf import convert_to_pdf
    from kamdocs.writers.docx import write_docx

    with tempfile.TemporaryDirectory(prefix="kamdocs-pages-") as scratch:
        path = Path(scratch) / "memoire.docx"
        path.write_bytes(write_docx(document, reference, style_names=dict(settings.styles)))
        (pdf,) = convert_to_pdf([path], settings.soffice)
        return _pdf_pages(pdf)


def _page_limit_problems(
    loaded: Loaded[m.Proposal],
    memoire: ir.Document,
    reference: Path,
    settings: m.Settings,
    count_pages: bool,
) -> list[ContentProblem]:
    """Return a warning when the mémoire technique is longer than the RC's page limit.

    Its pages are counted by LibreOffice when `count_pages`, else estimated (and said to be);
    without LibreOffice a warning names the package to install and the estimate is used.
    """
    import shutil
    from decimal import Decimal

    from kamdocs.documents.proposal import estimate_pages

    tender = loaded.model.tender if loaded.model else None
    if tender is None or tender.page_limit is None:
        return []
    loc = ("tender", "page_limit")
    found = []
    if count_pages and shutil.which(settings.soffice) is None:
        found.append(
            _locate(
                loaded,
                loc,
                "cannot count the pages of the mémoire technique: "
                f"'{settings.soffice}' (LibreOffice) not found; install the package "
                "libreoffice-writer-nogui (pages are estimated instead)",
                "warning",
            )
        )
        count_pages = False
    if count_pages:
        pages = Decimal(_laid_out_pages(memoire, reference, settings))
        how = "counted with LibreOffice"
    else:
        pages = estimate_pages(memoire.blocks)
        how = "estimated; 'kamdocs proposal ACCOUNT ID --check' counts them"
    if pages > tender.page_limit:
        found.append(
            _locate(
                loaded,
                loc,
                f"the mémoire technique is {pages} pages ({how}), "
                f"over the RC's limit of {tender.page_limit}",
                "warning",
            )
        )
    return found


def _proposal_inputs(
    ws: Workspace, slug: str, proposal_id: str
) -> tuple[AccountFiles, Loaded[m.Proposal], list[ContentProblem]]:
    """Return the account, the proposal file and the problems of every file it depends on."""
    bundle = require_account(ws, slug)
    loaded = require_proposal(bundle, proposal_id)
    own = [*loaded.problems, *checks.proposal_paths(ws, loaded, bundle.account.model)]
    return bundle, loaded, blocking_problems(ws, bundle, own)


def _proposal_run(
    ws: Workspace, bundle: AccountFiles, loaded: Loaded[m.Proposal], opts: Options
) -> tuple[Run, Renderer]:
    settings = ws.settings.model
    assert settings is not None
    assert loaded.model is not None
    lang = document_language(ws, bundle, opts, loaded.model.language)
    roots = template_roots(ws, opts)
    reference = reference_file(ws, opts, "docx/reference.docx")
    run = Run(lang, opts.today, reference, ws.content, settings.currency)
    return run, renderer_for([r / "docx" for r in roots])


@without_gc
def check_proposal(
    ws: Workspace,
    slug: str,
    proposal_id: str,
    opts: Options,
    *,
    allow_noncompliant: bool = False,
    count_pages: bool = False,
    include_file_problems: bool = True,
) -> list[ContentProblem]:
    """Return every problem of one proposal, errors and warnings, sorted; write nothing.

    `count_pages` has LibreOffice count the mémoire technique's pages (tender mode with a
    page limit; otherwise they are estimated). `include_file_problems` False leaves out the
    problems of the files themselves (settings, company, account, the proposal's own
    validation), which `kamdocs check` reports on its own.
    """
    from kamdocs.documents.proposal import library_blocks, proposal_document

    bundle, loaded, file_problems = _proposal_inputs(ws, slug, proposal_id)
    found = list(file_problems) if include_file_problems else []
    proposal, account, settings = loaded.model, bundle.account.model, ws.settings.model
    if proposal is None or account is None or settings is None:
        return sorted(found)
    library = library_blocks(proposal, ws.content)
    found += _proposal_analysis(ws, slug, proposal_id, opts.today, allow_noncompliant, library)
    if proposal.mode == "tender" and proposal.tender and proposal.tender.page_limit:
        run, renderer = _proposal_run(ws, bundle, loaded, opts)
        try:
            memoire = proposal_document(
                account,
                proposal,
                ws.company.model,
                settings,
                run,
                renderer,
                library=library,
                memoire_only=True,
            )
            found += _page_limit_problems(loaded, memoire, run.reference, settings, count_pages)
        except KamdocsError as exc:  # a template error is one more problem to report
            found.append(_locate(loaded, ("tender",), str(exc), "error"))
    return sorted(found)


@without_gc
def build_proposal(
    ws: Workspace,
    slug: str,
    proposal_id: str,
    opts: Options,
    *,
    allow_noncompliant: bool = False,
    count_pages: bool = False,
) -> BuiltProposal:
    """Write the commercial proposal `proposal_id` of `slug`, and in tender mode its
    compliance grid `<name>-compliance.xlsx` beside it; return where they went.

    Errors in the proposal file, its account or the tender rules block it; the five-objective
    report and the other findings come back as `warnings`. `count_pages` has LibreOffice
    count the mémoire technique's pages (worth it with --pdf); otherwise they are estimated.
    """
    from kamdocs.documents.proposal import (
        compliance_grid,
        library_blocks,
        proposal_context,
        proposal_document,
    )
    from kamdocs.writers.docx import write_docx
    from kamdocs.writers.xlsx import SheetTable, write_xlsx

    bundle, loaded, problems = _proposal_inputs(ws, slug, proposal_id)
    _fail_on_errors(problems)
    proposal, account, settings = loaded.model, bundle.account.model, ws.settings.model
    assert proposal is not None
    assert account is not None
    assert settings is not None
    company = ws.company.model
    library = library_blocks(proposal, ws.content)
    problems += _proposal_analysis(ws, slug, proposal_id, opts.today, allow_noncompliant, library)
    _fail_on_errors(problems)
    run, renderer = _proposal_run(ws, bundle, loaded, opts)
    tender = proposal.tender if proposal.mode == "tender" else None
    # Prices, findings and compliance rows are computed once for the mémoire, the document
    # and the workbook.
    context = proposal_context(account, proposal, company, settings, run, library)
    if tender and tender.page_limit:
        memoire = proposal_document(
            account, proposal, company, settings, run, renderer, memoire_only=True, context=context
        )
        problems += _page_limit_problems(loaded, memoire, run.reference, settings, count_pages)
    warnings = _fail_on_errors(problems)
    document = proposal_document(
        account, proposal, company, settings, run, renderer, context=context
    )
    data = write_docx(document, run.reference, style_names=dict(settings.styles))
    target = opts.out or ws.root / "build" / slug / default_name(
        "proposal", slug, run.lang, proposal_id=proposal_id
    )
    companions = []
    if tender and tender.requirements:
        grid = compliance_grid(context, run.lang)
        xlsx = write_xlsx(
            SheetTable(**grid),
            created=dt.datetime.combine(opts.today, dt.time()),
            title=proposal.title,
            author=document.meta.author,
        )
        companions.append(write_atomic(target.with_name(f"{target.stem}-compliance.xlsx"), xlsx))
    return BuiltProposal(write_atomic(target, data), warnings, companions)


REVIEW_AUDIENCES = ("client", "internal")


@without_gc
def build_review(
    ws: Workspace, slug: str, quarter: str | None, audience: str, opts: Options
) -> Built:
    """Write the QBR deck of `slug` for `quarter` (default: its latest review file) and
    `audience`, and return where it went."""
    from kamdocs.documents.review import review_document
    from kamdocs.templating.catalog import labels as load_labels
    from kamdocs.writers.pptx import write_pptx

    if audience not in REVIEW_AUDIENCES:
        raise KamdocsError(
            f"unknown audience '{audience}'; audiences: {', '.join(REVIEW_AUDIENCES)}"
        )
    bundle = require_account(ws, slug)
    available = sorted(bundle.reviews)
    if not available:
        raise KamdocsError(
            f"account '{slug}' has no review file; add content/accounts/{slug}/reviews/"
            f"YYYY-Qn.yaml (e.g. with 'kamdocs new review {slug} QUARTER')"
        )
    chosen = quarter or available[-1]
    if chosen not in bundle.reviews:
        raise KamdocsError(
            f"no review for quarter '{chosen}' in account '{slug}'; "
            f"quarters available: {', '.join(available)}"
        )
    loaded = bundle.reviews[chosen]
    extra = [*loaded.problems, *checks.review_problems(bundle, chosen)]
    warnings = _fail_on_errors(blocking_problems(ws, bundle, extra))
    review, account, settings = loaded.model, bundle.account.model, ws.settings.model
    if review is None or account is None or settings is None:
        raise KamdocsError(f"{loaded.file}: cannot be read")
    lang = document_language(ws, bundle, opts)
    roots = template_roots(ws, opts)
    reference = reference_file(ws, opts, "pptx/reference.pptx")
    run = Run(lang, opts.today, reference, ws.content, settings.currency)
    renderer = renderer_for([r / "pptx" for r in roots])
    reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None and q <= chosen}
    ins = insights.account_insights(
        account, ws.company.model, settings, reviews, opts.today, review_quarter=chosen
    )
    document = review_document(
        account,
        review,
        ws.company.model,
        settings,
        ins,
        run,
        audience=audience,
        renderer=renderer,
        reviews=[reviews[q] for q in sorted(reviews)],
    )
    data = write_pptx(document, reference, continued=load_labels(lang, "common").cont)
    target = opts.out or ws.root / "build" / slug / default_name(
        "review", slug, lang, audience=audience, quarter=chosen
    )
    return Built(write_atomic(target, data), warnings)
