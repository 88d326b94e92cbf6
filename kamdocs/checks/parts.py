"""Which parts of a proposal have data, the company's defaults (references, SLAs) included."""

from __future__ import annotations

from kamdocs.checks.pricing_rules import ht_totals
from kamdocs.workspace.model import Company, Proposal


def effective_references(proposal: Proposal, company: Company | None) -> tuple | str:
    """Return the proposal's references (a list, or Markdown text), else the company's."""
    if proposal.references is None:
        return company.references if company else ()
    if isinstance(proposal.references, str):
        return proposal.references.strip()
    return proposal.references


def effective_guarantees(proposal: Proposal, company: Company | None) -> tuple:
    """Return the proposal's service levels, else the company's default ones."""
    return proposal.guarantees or (company.sla if company else ())


def part_presence(proposal: Proposal, company: Company | None) -> dict[str, bool]:
    """Return, for each proposal part (model.PROPOSAL_PARTS), whether it has data."""
    tender = proposal.tender if proposal.mode == "tender" else None
    priced = ht_totals(proposal) is not None
    return {
        "context": bool(proposal.context or proposal.needs),
        "solution": bool(proposal.solution),
        "methodology": bool(proposal.methodology),
        "planning": bool(proposal.planning),
        "team": bool(proposal.team),
        "pricing": priced or bool(tender and tender.price_schedule),
        "guarantees": bool(effective_guarantees(proposal, company)),
        "references": bool(effective_references(proposal, company)),
        "risks": bool(proposal.risks),
        # The compliance matrix is itself an annex.
        "annexes": bool(proposal.annexes or any(t.cv for t in proposal.team)
                        or (tender and tender.requirements)),
    }  # fmt: skip
