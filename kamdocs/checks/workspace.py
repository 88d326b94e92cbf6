"""Every problem of a workspace at once, for `kamdocs check`: per-file and cross-file ones."""

from __future__ import annotations

from kamdocs.checks.account import account_problems
from kamdocs.checks.company_langs import company_language_problems
from kamdocs.checks.paths import company_problems, proposal_paths
from kamdocs.checks.review import review_problems
from kamdocs.errors import Problem
from kamdocs.workspace.loader import Workspace


def workspace_problems(ws: Workspace) -> list[Problem]:
    """Return every problem of the workspace: per-file ones and cross-file ones."""
    found = ws.all_problems() + company_problems(ws) + company_language_problems(ws)
    for bundle in ws.accounts.values():
        found += account_problems(ws, bundle)
        for quarter in bundle.reviews:
            found += review_problems(bundle, quarter)
        for loaded in bundle.proposals.values():
            found += proposal_paths(ws, loaded, bundle.account.model)
    return found
