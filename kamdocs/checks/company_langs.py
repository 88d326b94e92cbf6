"""company.yaml texts missing in a language the workspace's documents are written in."""

from __future__ import annotations

from kamdocs.checks.locate import located
from kamdocs.errors import Problem
from kamdocs.workspace import localize
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Workspace
from kamdocs.workspace.parsed import Loc


def used_languages(ws: Workspace) -> dict[str, list[str]]:
    """Return {language: files that write their documents in it}, besides the workspace's."""
    used: dict[str, list[str]] = {}
    for bundle in ws.accounts.values():
        written: list[tuple[str, m.Account | m.Proposal | None]] = [
            (bundle.account.file, bundle.account.model),
            *((p.file, p.model) for p in bundle.proposals.values()),
        ]
        for file, model in written:
            lang = model.language if model else None
            if lang:
                used.setdefault(lang, []).append(file)
    return used


def company_language_problems(ws: Workspace) -> list[Problem]:
    """Warn about each legal mention or offering name of company.yaml that has no value in a
    language an account or a proposal is written in: its documents would print it in
    another language."""
    company, settings = ws.company.model, ws.settings.model
    if company is None or ws.company.parsed is None or settings is None:
        return []
    home = settings.language
    texts: list[tuple[Loc, str]] = [(("legal",), company.legal)] if company.legal else []
    texts += [(("offerings", i), o) for i, o in enumerate(company.offerings)]
    problems: list[Problem] = []
    for lang, files in sorted(used_languages(ws).items()):
        for loc, text in texts:
            if lang not in localize.languages_of(text, home):
                problems.append(
                    located(
                        ws.company,
                        loc,
                        "lang_text_missing",
                        "warning",
                        language=lang,
                        home=home,
                        used=files[0],
                    )  # fmt: skip
                )
    return problems
