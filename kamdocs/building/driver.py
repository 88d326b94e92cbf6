"""The one driver of every document: inputs → checks → context → templates → IR → writer →
file. Each document kind is a record in `kinds`; this module runs them all the same way.

Paths and the as-of date come in `Options`; nothing here reads the clock or the current
folder.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from kamdocs.building.kinds import (
    KINDS,
    Chosen,
    Kind,
    memoire_problems,
    proposal_analysis,
    proposal_views,
    require_account,
    require_proposal,
    tender_of,
)
from kamdocs.building.output import write_atomic
from kamdocs.building.problems import fail_on_errors
from kamdocs.building.request import DocumentKey, Options
from kamdocs.building.session import Session, open_session, write_document
from kamdocs.building.targets import safe_target
from kamdocs.checks import documents as checks
from kamdocs.checks.locate import located
from kamdocs.checks.objectives import ObjectiveFinding
from kamdocs.checks.pictures import logo_problems
from kamdocs.errors import ContentError, KamdocsError, Problem
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.gcpause import paused_gc
from kamdocs.workspace.loader import Workspace

__all__ = [
    "Built",
    "DocumentKey",
    "Options",
    "build_document",
    "check_proposal",
    "proposal_report",
    "render_document",
]


@valueclass
class Built:
    """A written document: where it went, its warnings, and its companion files (a
    tender's compliance grid)."""

    path: Path
    warnings: list[Problem] = field(default_factory=list)
    companions: list[Path] = field(default_factory=list)


def kind_of(name: str) -> Kind:
    """Return the record of document kind `name`, or fail listing the kinds."""
    if name not in KINDS:
        raise KamdocsError.of("unknown_document_kind", name=name, known=", ".join(KINDS))
    return KINDS[name]


@valueclass(frozen=True)
class Rendered:
    """A document in memory: its output name under the output folder, its bytes, its companion files
    (suffix after the document's stem, bytes) and its warnings."""

    name: str
    data: bytes
    companions: tuple[tuple[str, bytes], ...]
    warnings: list[Problem]


def render_document(kind: str, ws: Workspace, key: DocumentKey, opts: Options) -> Rendered:
    """Return one document of `kind` in memory, ready to write; a client edition has been
    through the leak scanner. Errors in the files it reads, in the findings made while
    composing it, or a leak, stop it with `ContentError`."""
    spec = kind_of(kind)
    with paused_gc():
        chosen = spec.select(ws, key, opts)
        warnings = fail_on_errors(chosen.problems)
        if spec.logo:  # a logo that cannot be shown stops the documents that show it
            fail_on_errors(logo_problems(ws))
        session = open_session(ws, spec.format, chosen.lang, opts, logo=spec.logo)
        composed = spec.compose(ws, chosen, session, opts)
        warnings += fail_on_errors(composed.problems)
        data = write_document(composed.document, session)
        if spec.client_edition(key):
            fail_on_errors(leaks_of(chosen, data, composed.companions, session, ws.company.model))
        return Rendered(chosen.name, data, composed.companions, warnings)


def build_document(kind: str, ws: Workspace, key: DocumentKey, opts: Options) -> Built:
    """Write one document of `kind` ("plan", "review", "proposal", "portfolio",
    "portfolio-deck") and return where it went, with its warnings.

    Errors in the files it reads, in the findings made while composing it, or a leak of
    internal data into a client edition, stop it with `ContentError` before anything is
    written.
    """
    rendered = render_document(kind, ws, key, opts)
    target = opts.out or output_folder(ws) / rendered.name
    safe_target(target, ws.root, Path(rendered.name).suffix)
    # A companion's suffix is "-compliance.xlsx" or ".md": its extension follows the last dot
    # (Path(".md").suffix would be empty).
    named = [(safe_target(target.with_name(f"{target.stem}{suffix}"), ws.root,
                          suffix[suffix.rfind("."):]), extra)
             for suffix, extra in rendered.companions]  # fmt: skip
    companions = [write_atomic(path, extra) for path, extra in named]
    return Built(write_atomic(target, rendered.data), rendered.warnings, companions)


def output_folder(ws: Workspace) -> Path:
    """Return the folder documents go to: the `output_dir` setting (default build/)."""
    settings = ws.settings.model
    return ws.root / (settings.output_dir if settings else "build")


def leaks_of(
    chosen: Chosen,
    data: bytes,
    companions: tuple[tuple[str, bytes], ...],
    session: Session,
    company: m.Company | None = None,
) -> list[Problem]:
    """Return the leaks of a client edition: internal values its files show, as errors on
    the fields that hold them. Run before anything is written, so a leaking file never
    replaces a good one."""
    from kamdocs.leaks import find_leaks, hunt_for, leak_problems

    assert chosen.bundle is not None
    own = chosen.key.proposal or None
    hunt = hunt_for(chosen.bundle, session.settings.vat_rate, own, company)
    stem = chosen.name.rsplit(".", 1)[0]
    outputs = [(chosen.name, data), *((f"{stem}{suffix}", extra) for suffix, extra in companions)]
    return leak_problems(find_leaks(outputs, hunt), chosen.name)


def check_proposal(
    ws: Workspace,
    key: DocumentKey,
    opts: Options,
    *,
    include_file_problems: bool = True,
    pages: bool = True,
) -> list[Problem]:
    """Return every problem of one proposal, errors and warnings, sorted; write nothing.

    `opts.count_pages` has LibreOffice count the mémoire technique's pages (tender mode with
    a page limit; otherwise they are estimated). `include_file_problems` False leaves out
    the problems of the files themselves (settings, company, account, the proposal's own
    validation), which `kamdocs check` reports on its own; `pages` False leaves out the
    mémoire's page count (`check` has it from the document it builds in memory).
    """
    from kamdocs.documents.proposal import proposal_context

    spec = kind_of("proposal")
    with paused_gc():
        chosen = spec.select(ws, key, opts)
        found = list(chosen.problems) if include_file_problems else []
        assert chosen.bundle is not None
        loaded = chosen.bundle.proposals[key.proposal]
        proposal, account = loaded.model, chosen.bundle.account.model
        if proposal is None or account is None or None in (ws.settings.model, ws.company.model):
            return sorted(found)
        library, analysis = proposal_analysis(ws, chosen, opts)
        found += analysis
        tender = tender_of(proposal)
        if pages and tender and tender.page_limit:
            try:
                session = open_session(ws, spec.format, chosen.lang, opts)
                shown_account, shown = proposal_views(chosen)
                context = proposal_context(
                    shown_account, shown, ws.our_company, session.settings, session.run, library
                )
                found += memoire_problems(ws, chosen, session, opts, context)
            except KamdocsError as exc:  # a template error is one more problem to report
                found.append(located(loaded, ("tender",), "not_checked", error=str(exc)))
        return sorted(found)


def tender_report(ws: Workspace, key: DocumentKey) -> list[str]:
    """Return the tender report of `proposal --check`: where each part goes in the mémoire
    technique, then the buyer's terms each criterion's section never uses."""
    from kamdocs.checks.tender import mapping_lines, vocabulary_gaps

    bundle = require_account(ws, key.account)
    proposal = require_proposal(bundle, key.proposal).model
    settings = ws.settings.model
    if proposal is None or proposal.mode != "tender":
        return []
    mapping = settings.tender_mapping if settings else {}
    lines = mapping_lines(proposal, ws.company.model, mapping)
    gaps = vocabulary_gaps(proposal, ws.company.model, mapping)
    if gaps:
        lines.append("buyer's terms missing from the section that answers them:")
        lines += [f"  {cid}: {', '.join(words)}" for cid, words in gaps]
    else:
        lines.append("buyer's terms: every criterion's section uses them")
    return lines


def proposal_report(ws: Workspace, key: DocumentKey, opts: Options) -> list[ObjectiveFinding]:
    """Return the five-objective report of one proposal (O1 to O5, each ok or with gaps)."""
    bundle = require_account(ws, key.account)
    loaded = require_proposal(bundle, key.proposal)
    if loaded.model is None:
        raise ContentError(sorted(p for p in loaded.problems if p.is_error))
    return checks.proposal_findings(ws, bundle, key.proposal, opts.today)
