"""The submission pack of a tender (`proposal --pack DIR`): what the buyer's platform
receives, checked, named and written as one folder.

The mémoire (DOCX and its PDF through LibreOffice), the compliance grid and the price
schedule (XLSX), the annexes that are files, the pieces `tender.required_pieces` names; a
checklist (Markdown) and a SHA256SUMS manifest. Nothing is written when the proposal has
errors (an eliminatory requirement not met, a criterion empty, unless allowed) or the pack
is over the platform's size limit; the folder is replaced whole, so a refused or failed
pack leaves the previous one as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import field
from decimal import Decimal
from pathlib import Path

from kamdocs.building.driver import Rendered, kind_of, render_document
from kamdocs.building.kinds import (
    Chosen,
    proposal_analysis,
    proposal_views,
    require_account,
    require_proposal,
    tender_of,
)
from kamdocs.building.output import replace_folder
from kamdocs.building.pages import laid_out_document, laid_out_pages
from kamdocs.building.request import DocumentKey, Options
from kamdocs.building.session import Session, open_session
from kamdocs.building.targets import PACK_MANIFEST, safe_pack_dir
from kamdocs.checks import documents as checks
from kamdocs.checks.locate import located
from kamdocs.documents import pack
from kamdocs.errors import ContentError, KamdocsError, Problem
from kamdocs.templating.catalog import Labels
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.library import LibraryBlock, read_content_file
from kamdocs.workspace.loader import Workspace, safe_content_path

CHECKLIST = "checklist.md"
# Warnings that say an option let a blocking rule through: the checklist lists them.
ALLOWED_KEYS = ("eliminatory_not_met", "empty_criterion")


@valueclass
class Pack:
    """A written pack: its folder, its warnings, and the checklist's lines."""

    path: Path
    warnings: list[Problem]
    lines: list[str]
    files: int
    size: int


def write_pack(ws: Workspace, key: DocumentKey, opts: Options, target: Path) -> Pack:
    """Check, build and write the submission pack of the proposal `key` into `target`."""
    safe_pack_dir(target, ws.root)
    loaded = require_proposal(require_account(ws, key.account), key.proposal)
    if loaded.model is not None and tender_of(loaded.model) is None:
        raise KamdocsError.of("pack_needs_tender", proposal=f"{key.account}/{key.proposal}")
    # The mémoire is counted below by LibreOffice; the estimate's warning is left out.
    rendered = render_document("proposal", ws, key, dataclasses.replace(opts, count_pages=False))
    warnings = [w for w in rendered.warnings if w.key != "page_limit_estimated"]
    proposal = loaded.model
    assert proposal is not None
    tender = proposal.tender
    assert tender is not None
    unknown = pack.pattern_problem(tender)
    if unknown is not None:
        raise ContentError([located(loaded, ("tender", "file_pattern"), "unknown_pattern_field",
                                    name=unknown)])  # fmt: skip
    chosen = kind_of("proposal").select(ws, key, opts)
    session = open_session(ws, "docx", chosen.lang, opts)
    library, _ = proposal_analysis(ws, chosen, opts)
    pages = _memoire_pages(ws, chosen, session, library)
    warnings += checks.page_limit(loaded, Decimal(pages), counted=True)
    files = _Files(pack.file_namer(tender, key.proposal, ws.our_company.name),
                   {p.file: p.piece for p in tender.required_pieces},
                   load_labels(chosen.lang, "common", "proposal"))  # fmt: skip
    files.outputs_of(rendered, proposal, chosen.lang, session, opts.today)
    for block in library:
        if block.kind == "annex" and block.file is not None:
            piece = f"{files.labels.annex_n.format(n=block.number)} {block.title}"
            files.copy(block.path, block.file, piece)
    pieces = files.required(tender, ws.content)
    warnings += [located(loaded, ("tender", "required_pieces", i, "file"),
                         "required_piece_missing", "warning", piece=p.piece, path=p.file)
                 for i, p in enumerate(pieces) if p.found is None]  # fmt: skip

    size = sum(len(data) for data in files.data.values())
    limit = tender.max_size_mb
    if limit is not None and size > limit * pack.MEGABYTE:
        shown_size = f"{Decimal(size) / pack.MEGABYTE:.2f}"
        raise ContentError([located(loaded, ("tender", "max_size_mb"), "pack_too_large",
                                    size=shown_size, limit=f"{limit:f}")])  # fmt: skip
    allowed = [f"{w.field}: {w.message}" for w in warnings if w.key in ALLOWED_KEYS]
    title = ", ".join(x for x in (tender.reference, f"lot {tender.lot}" if tender.lot else "",
                                  proposal.title) if x)  # fmt: skip
    listing = pack.Checklist(
        title, pieces, pages, tender.page_limit, True, size, limit, allowed,
        sorted((n, len(d)) for n, d in files.data.items()),
    )  # fmt: skip
    lines = pack.checklist_lines(listing, chosen.lang)
    written = dict(files.data)
    written[CHECKLIST] = ("\n".join(lines) + "\n").encode("utf-8")
    written[PACK_MANIFEST] = "".join(
        f"{hashlib.sha256(written[n]).hexdigest()}  {n}\n" for n in sorted(written)
    ).encode("ascii")
    replace_folder(target, written)
    return Pack(target, sorted(warnings), lines, len(written), size)


@valueclass
class _Files:
    """The pack's files as they are gathered: names from the pattern, the required pieces'
    names by what they name (`piece_of`), the pack's outputs and the copied files."""

    name: Callable[[str, str], str]
    piece_of: dict[str, str]
    labels: Labels
    data: dict[str, bytes] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # memoire, compliance... -> file
    copied: dict[str, str] = field(default_factory=dict)  # content path -> file

    def add(self, what: str, piece: str, extension: str, data: bytes) -> str:
        named = self.name(self.piece_of.get(what, piece), extension)
        self.data[named] = data
        return named

    def copy(self, relative: str, path: Path, piece: str) -> str:
        data = read_content_file(path)
        self.copied[relative] = self.add(relative, piece, path.suffix.lower(), data)
        return self.copied[relative]

    def required(self, tender: m.Tender, content: Path) -> list[pack.Piece]:
        """Return the required pieces, each with the pack file that holds it (a file under
        content/ is copied into the pack), or None when it is missing."""
        pieces = []
        for required in tender.required_pieces:
            found = self.outputs.get(required.file) or self.copied.get(required.file)
            if found is None and required.file not in pack.OUTPUTS:
                path, _ = safe_content_path(content, required.file)
                found = self.copy(required.file, path, required.piece) if path else None
            pieces.append(pack.Piece(required.piece, required.file, found))
        return pieces

    def outputs_of(
        self, rendered: Rendered, proposal: m.Proposal, lang: str, session: Session,
        today: dt.date,
    ) -> None:  # fmt: skip
        """Add the mémoire (DOCX and PDF), the compliance grid and the price schedule."""
        from kamdocs.writers.xlsx import SheetTable, write_xlsx

        memoire = self.piece_of.get("memoire", self.labels.piece_memoire)
        # Both names come from the namer, so that no annex or piece can take the PDF's.
        docx, pdf = self.name(memoire, ".docx"), self.name(memoire, ".pdf")
        # The .docx carries the page numbers of its PDF's layout (building.layout).
        self.data[docx], self.data[pdf] = laid_out_document(
            rendered.data, docx, session.settings.soffice
        )
        self.outputs["memoire"] = docx
        for suffix, data in rendered.companions:
            if suffix == "-compliance.xlsx":
                piece = self.labels.piece_compliance
                self.outputs["compliance"] = self.add("compliance", piece, ".xlsx", data)
        tender = proposal.tender
        if tender and tender.price_schedule:
            sheet = pack.price_schedule_sheet(proposal, lang, session.settings.currency)
            created = dt.datetime.combine(today, dt.time())
            xlsx = write_xlsx(SheetTable(**sheet), created=created, title=proposal.title)
            piece = self.labels.piece_price_schedule
            self.outputs["price_schedule"] = self.add("price_schedule", piece, ".xlsx", xlsx)


def _memoire_pages(
    ws: Workspace, chosen: Chosen, session: Session, library: list[LibraryBlock]
) -> int:
    """Return the pages of the mémoire technique (the criteria chapters) laid out by
    LibreOffice."""
    from kamdocs.documents.proposal import proposal_context, proposal_document

    account, shown = proposal_views(chosen)
    company, settings, run = ws.our_company, session.settings, session.run
    context = proposal_context(account, shown, company, settings, run, library)
    memoire = proposal_document(
        account, shown, company, settings, run, session.templates, context, memoire_only=True
    )
    return laid_out_pages(memoire, session)
