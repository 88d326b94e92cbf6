"""company.yaml texts in a document's language: a text may be written `{fr: ..., en: ...}`.

A plain string is a text of the workspace's language. An account or a proposal names an
offering by its name in the workspace's language; the document prints the name of its own.
"""

from __future__ import annotations

from kamdocs.workspace import model as m

# The company.yaml texts that may be written per language, and that `check` wants in every
# language documents are written in (an address is usually the same in every language).
PER_LANGUAGE = ("name", "address", "legal", "offerings")
WANTED = ("legal", "offerings")


def text_in(text: str, lang: str, home: str) -> str:
    """Return `text` in `lang`: its value in `lang`, else in `home`, else its first one."""
    by_lang = getattr(text, "by_lang", None)
    if not by_lang:
        return str(text)
    return by_lang.get(lang) or by_lang.get(home) or str(text)


def languages_of(text: str, home: str) -> set[str]:
    """Return the languages `text` has a value in (a plain string: the workspace's)."""
    return set(getattr(text, "by_lang", None) or {home})


def company_in(company: m.Company, lang: str, home: str) -> m.Company:
    """Return `company` with its per-language texts in `lang`."""
    return company.model_copy(
        update={
            "name": text_in(company.name, lang, home),
            "address": text_in(company.address, lang, home) if company.address else None,
            "legal": text_in(company.legal, lang, home) if company.legal else None,
            "offerings": tuple(text_in(o, lang, home) for o in company.offerings),
        }
    )


def offering_names(company: m.Company, lang: str, home: str) -> dict[str, str]:
    """Return {name an account may use: name to print in `lang`} for each offering."""
    names: dict[str, str] = {}
    for offering in company.offerings:
        shown = text_in(offering, lang, home)
        for written in (str(offering), *(getattr(offering, "by_lang", None) or {}).values()):
            names.setdefault(written, shown)
    return names


def account_in(account: m.Account, names: dict[str, str]) -> m.Account:
    """Return `account` with the offerings its opportunities and whitespace name printed in
    the document's language (`names` from `offering_names`)."""
    if not names:
        return account
    opportunities = tuple(
        o.model_copy(update={"offering": names.get(o.offering, o.offering)}) if o.offering else o
        for o in account.opportunities
    )
    update: dict[str, object] = {"opportunities": opportunities}
    if account.whitespace:
        cells = tuple(
            c.model_copy(update={"offering": names.get(c.offering, c.offering)})
            for c in account.whitespace.cells
        )
        update["whitespace"] = account.whitespace.model_copy(update={"cells": cells})
    return account.model_copy(update=update)
