"""One function per document type: load -> check -> insights -> template -> IR -> writer -> file.

Paths and the as-of date are parameters; nothing here reads the clock or the current folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import checks, insights
from .documents.common import Run
from .errors import ContentError, ContentProblem, KamdocsError
from .load import AccountFiles, Workspace
from .output import default_name, write_atomic
from .render import Renderer


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


def packaged_templates() -> Path:
    """Return the templates folder shipped with kamdocs (the repository's templates/)."""
    try:
        root = Path(str(resources.files("kamdocs._templates")))
        if (root / "docx").is_dir():
            return root
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "templates"


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


def document_language(ws: Workspace, bundle: AccountFiles, opts: Options,
                      proposal_language: str | None = None) -> str:
    """--lang, else the proposal's language, else the account's, else the workspace's."""
    account = bundle.account.model
    settings = ws.settings.model
    return (opts.lang or proposal_language or (account.language if account else None)
            or (settings.language if settings else "fr"))


def require_account(ws: Workspace, slug: str) -> AccountFiles:
    """Return the account `slug`, or fail listing the accounts that exist."""
    if slug not in ws.accounts:
        known = ", ".join(ws.accounts) or "(none)"
        raise KamdocsError(f"unknown account '{slug}'; accounts in this workspace: {known}")
    return ws.accounts[slug]


def blocking_problems(ws: Workspace, bundle: AccountFiles,
                      extra: list[ContentProblem] | None = None) -> list[ContentProblem]:
    """Return problems (errors and warnings) of the files every document of `bundle` needs."""
    found = [*ws.settings.problems, *ws.company.problems, *bundle.account.problems]
    found += checks.account_problems(ws, bundle)
    return found + (extra or [])


def _fail_on_errors(problems: list[ContentProblem]) -> list[ContentProblem]:
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentError(sorted(errors))
    return [p for p in problems if not p.is_error]


def account_insights(ws: Workspace, bundle: AccountFiles, today: dt.date) -> insights.AccountInsights:
    assert bundle.account.model is not None and ws.settings.model is not None
    reviews = {q: r.model for q, r in bundle.reviews.items() if r.model is not None}
    return insights.account_insights(bundle.account.model, ws.company.model, ws.settings.model,
                                     reviews, today)


def build_plan(ws: Workspace, slug: str, audience: str, opts: Options) -> Built:
    """Write the account plan of `slug` for `audience` and return where it went."""
    from .documents.plan import plan_document
    from .writers.docx import write_docx

    bundle = require_account(ws, slug)
    warnings = _fail_on_errors(blocking_problems(ws, bundle))
    lang = document_language(ws, bundle, opts)
    settings = ws.settings.model
    assert settings is not None and bundle.account.model is not None
    roots = template_roots(ws, opts)
    reference = reference_file(ws, opts, "docx/reference.docx")
    run = Run(lang, opts.today, tuple(roots), reference, ws.content, settings.currency)
    renderer = Renderer([r / "docx" for r in roots], {})
    ins = account_insights(ws, bundle, opts.today)
    document = plan_document(bundle.account.model, ws.company.model, settings, ins, run,
                             audience=audience, renderer=renderer)
    data = write_docx(document, reference, style_names=dict(settings.styles))
    target = opts.out or ws.root / "build" / slug / default_name(
        "plan", slug, lang, audience=audience)
    return Built(write_atomic(target, data), warnings)
