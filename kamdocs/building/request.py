"""What a command asks of the driver: which document, and the options of the run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from kamdocs.valueclass import valueclass

if TYPE_CHECKING:
    from kamdocs.documents.portfolio_lines import Portfolio


@valueclass(frozen=True)
class DocumentKey:
    """Which document of its kind: the account, and the audience, quarter or proposal id the
    kind needs ("" where it needs none; `quarter` None means the latest review). `since`
    starts a status e-mail's window (None: two weeks before the as-of date); `date` is a
    call's day (None: the next meeting of kind call, else the as-of date)."""

    account: str = ""
    audience: str = ""
    quarter: str | None = None
    proposal: str = ""
    since: dt.date | None = None
    date: dt.date | None = None


@valueclass(frozen=True)
class Options:
    """The options of one run. `today` is the as-of date, resolved by the command line;
    `count_pages` has LibreOffice count a mémoire technique's pages (else they are
    estimated); `portfolio` holds the accounts' lines when the caller gathered them one
    account at a time (else the portfolio reads them from the loaded accounts)."""

    today: dt.date
    lang: str | None = None
    out: Path | None = None
    reference: Path | None = None
    template: Path | None = None
    allow_noncompliant: bool = False
    allow_empty_criteria: bool = False
    count_pages: bool = False
    portfolio: Portfolio | None = None
