"""The fortnightly status e-mail (domain.md §3 row 16): context for its template, its
envelope and its IR.

It is a client edition: the driver hands it the client view of the account, so what it
lists (actions, decisions, the next meeting) holds no internal item. Its addressees are the
stakeholders named in `cadence.recipients`, its sender the account's owner; an address the
data does not hold is left to the writer's placeholder, never made up.
"""

from __future__ import annotations

from kamdocs import ir
from kamdocs.documents.common import Run, marking
from kamdocs.insights.followup import StatusDigest
from kamdocs.ir.typography import typeset
from kamdocs.templating.catalog import labels as load_labels
from kamdocs.templating.environment import Templates
from kamdocs.templating.filters import filters
from kamdocs.templating.formatting import Formatter
from kamdocs.workspace import localize
from kamdocs.workspace import model as m


def envelope(account: m.Account, company: m.Company, run: Run, placeholder: str) -> ir.Envelope:
    """Return the e-mail's headers: from the account's owner (else our company, with no
    address), to the stakeholders named in `cadence.recipients` with their e-mail (a name
    the account does not know, or a person without e-mail, keeps an unknown address)."""
    owner = account.owner
    sender = ir.Address(owner.name, owner.email) if owner else ir.Address(company.name)
    people = {s.name: s for s in account.stakeholders}
    names = account.cadence.recipients if account.cadence else ()
    to = tuple(ir.Address(name, people[name].email if name in people else None) for name in names)
    return ir.Envelope(
        sender, to or (ir.Address(account.name),), run.today.isoformat(), placeholder
    )


def status_document(
    account: m.Account,
    company: m.Company,
    settings: m.Settings,
    digest: StatusDigest,
    run: Run,
    templates: Templates,
) -> ir.Document:
    """Return the status e-mail of `account` (its client view) for `digest`'s window."""
    company = localize.company_in(company, run.lang, settings.language)
    labels = load_labels(run.lang, "common", "followup")
    fmt = Formatter(run.lang, settings.currency)
    sender = account.owner.name if account.owner else company.name
    context = {
        "account": account,
        "company": company,
        "digest": digest,
        "L": labels,
        "lang": run.lang,
        "today": run.today,
        "sender": sender,
    }
    blocks = templates.render_blocks(
        "status/status.md.j2", context, filters(fmt, labels), client=True
    )
    header = marking(
        labels, False, settings.confidentiality.client, account.name, fmt.date(run.today), None
    )
    meta = ir.Meta(
        title=labels.status_subject.format(account=account.name, date=fmt.date(run.today)),
        author=sender,
        subject=labels.status_edition,
        language=run.lang,
        created=f"{run.today.isoformat()}T00:00:00Z",
        header=header,
        footer=company.name,
        envelope=envelope(account, company, run, labels.mail_placeholder),
    )
    return typeset(ir.Document(meta, blocks))
