"""The pictures documents show (our logo): a path inside content/ to a file both writers can
place, decoded for real — a file named .png that is not a picture is an error, located on
the field that names it, for `check` and for every document that shows it alike."""

from __future__ import annotations

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.workspace.library import undecodable
from kamdocs.workspace.loader import Workspace, safe_content_path


def logo_problems(ws: Workspace) -> list[Problem]:
    """Return the problem of company.yaml's `logo`: unsafe, missing or not a picture."""
    company = ws.company.model
    if company is None or not company.logo or ws.company.parsed is None:
        return []
    path, why = safe_content_path(ws.content, company.logo)
    if why is not None:
        return [located(ws.company, ("logo",), f"path_{why.reason}", **why.args())]
    assert path is not None
    error = undecodable(path)
    if error is None:
        return []
    return [located(ws.company, ("logo",), "picture_not_image", path=company.logo, error=error)]
