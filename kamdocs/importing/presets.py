"""Which column of each product's standard export holds which field, per record kind, and
how its stages, dates and probabilities are written (docs/import.md says where the column
names come from)."""

from __future__ import annotations

from dataclasses import field, replace
from typing import Literal

from kamdocs.valueclass import valueclass

Kind = Literal["accounts", "contacts", "opportunities", "activities"]
DateOrder = Literal["DMY", "MDY", "YMD"]
KINDS: tuple[Kind, ...] = ("accounts", "contacts", "opportunities", "activities")

# The fields a kind needs; a file whose columns give every field of one kind is of that kind
# (tried in this order, most specific first). `name` of a contact may come from first and
# last name columns instead.
REQUIRED: dict[Kind, tuple[str, ...]] = {
    "opportunities": ("name", "stage"),
    "activities": ("date", "theirs"),
    "contacts": ("name", "account"),
    "accounts": ("name",),
}
DETECTION_ORDER: tuple[Kind, ...] = ("opportunities", "activities", "contacts", "accounts")

# Fields of each kind, as the content format names them (plus `account`, `account_id`, the
# contact's `first_name`/`last_name` and the activity's `status`, used to route and filter).
FIELDS: dict[Kind, tuple[str, ...]] = {
    "accounts": ("crm_id", "name", "sector", "headquarters", "owner"),
    "contacts": (
        "crm_id", "name", "first_name", "last_name", "title", "unit", "email", "last_contact",
        "account", "account_id",
    ),
    "opportunities": (
        "crm_id", "name", "stage", "amount", "probability", "close", "owner", "next_step",
        "updated_on", "account", "account_id",
    ),
    "activities": (
        "crm_id", "date", "ours", "theirs", "channel", "status", "account", "account_id",
    ),
}  # fmt: skip

Columns = dict[str, tuple[str, ...]]  # field -> the column names that may hold it


@valueclass(frozen=True)
class Preset:
    """How one product's exports are read.

    `probability_scale` is 100 when the export writes probabilities as percentages without a
    sign (Salesforce's "Probability (%)": 40), 1 when it writes fractions or `40%`.
    `decimal_comma` None means: decided per file (a `;`-delimited CSV uses decimal commas).
    `values` maps an export's words to the content format's, per field (`stage`, `status`,
    `channel`); matching ignores case.
    """

    name: str
    date_order: DateOrder
    columns: dict[Kind, Columns]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    probability_scale: int = 1
    decimal_comma: bool | None = None
    kind: Kind | None = None  # a mapping file may say what its file holds

    def with_values(self, extra: dict[str, dict[str, str]]) -> Preset:
        """Return the preset with value maps extended (and overridden) by `extra`."""
        merged = {f: dict(m) for f, m in self.values.items()}
        for name, table in extra.items():
            merged.setdefault(name, {}).update({k.casefold(): v for k, v in table.items()})
        return replace(self, values=merged)


def _lower(table: dict[str, str]) -> dict[str, str]:
    return {k.casefold(): v for k, v in table.items()}


# Completed-or-not of an activity: what is open is listed, not imported (actions belong to
# the account manager).
_STATUS = _lower({
    "Completed": "done", "Complete": "done", "Done": "done", "Closed": "done", "Held": "done",
    "Sent": "done", "Received": "done", "Made": "done",
    "Not Started": "open", "In Progress": "open", "Waiting on someone else": "open",
    "Deferred": "open", "Open": "open", "Scheduled": "open", "Planned": "open",
    "Canceled": "cancelled", "Cancelled": "cancelled",
})  # fmt: skip

SALESFORCE = Preset(
    name="salesforce",
    # Report exports follow the user's locale; the US default is month first.
    date_order="MDY",
    probability_scale=100,
    columns={
        "accounts": {
            "crm_id": ("Account ID",), "name": ("Account Name",), "sector": ("Industry",),
            "headquarters": ("Billing City",), "owner": ("Account Owner",),
        },
        "contacts": {
            "crm_id": ("Contact ID",), "first_name": ("First Name",),
            "last_name": ("Last Name",), "name": ("Full Name", "Contact Name", "Name"),
            "title": ("Title",), "unit": ("Department",), "email": ("Email",),
            "last_contact": ("Last Activity",), "account": ("Account Name",),
            "account_id": ("Account ID",),
        },
        "opportunities": {
            "crm_id": ("Opportunity ID",), "name": ("Opportunity Name",), "stage": ("Stage",),
            "amount": ("Amount",), "probability": ("Probability (%)",),
            "close": ("Close Date",), "owner": ("Opportunity Owner",),
            "next_step": ("Next Step",), "updated_on": ("Last Modified Date",),
            "account": ("Account Name",), "account_id": ("Account ID",),
        },
        "activities": {
            "crm_id": ("Activity ID",), "date": ("Date", "Due Date"), "ours": ("Assigned",),
            "theirs": ("Contact", "Name"), "channel": ("Type", "Task Subtype"),
            "status": ("Status",), "account": ("Company / Account", "Account Name"),
            "account_id": ("Account ID",),
        },
    },
    values={
        "stage": _lower({
            "Prospecting": "lead", "Qualification": "qualified", "Needs Analysis": "qualified",
            "Value Proposition": "qualified", "Id. Decision Makers": "qualified",
            "Perception Analysis": "qualified", "Proposal/Price Quote": "proposal",
            "Negotiation/Review": "negotiation", "Closed Won": "won", "Closed Lost": "lost",
        }),
        "status": _STATUS,
    },
)  # fmt: skip

HUBSPOT = Preset(
    name="hubspot",
    # HubSpot writes dates as 2026-11-05 (with a time for date-times) whatever the locale.
    date_order="YMD",
    columns={
        "accounts": {
            "crm_id": ("Record ID",), "name": ("Company name", "Name"),
            "sector": ("Industry",), "headquarters": ("City",), "owner": ("Company owner",),
        },
        "contacts": {
            "crm_id": ("Record ID",), "first_name": ("First Name",),
            "last_name": ("Last Name",), "title": ("Job Title",), "email": ("Email",),
            "last_contact": ("Last Contacted",),
            "account": ("Associated Company", "Company Name", "Primary Company"),
            "account_id": ("Associated Company IDs", "Associated Company ID"),
        },
        "opportunities": {
            "crm_id": ("Record ID",), "name": ("Deal Name",), "stage": ("Deal Stage",),
            "amount": ("Amount",), "probability": ("Deal probability",),
            "close": ("Close Date",), "owner": ("Deal owner",), "next_step": ("Next step",),
            "updated_on": ("Last Modified Date",),
            "account": ("Associated Company", "Company Name"),
            "account_id": ("Associated Company IDs", "Associated Company ID"),
        },
        "activities": {
            "crm_id": ("Record ID", "Activity ID"), "date": ("Activity date",),
            "ours": ("Activity assigned to", "Assigned to"),
            "theirs": ("Associated Contact", "Contact"), "channel": ("Activity type",),
            "status": ("Task status", "Status"),
            "account": ("Associated Company", "Company Name"),
            "account_id": ("Associated Company IDs", "Associated Company ID"),
        },
    },
    values={
        "stage": _lower({
            "Appointment Scheduled": "lead", "Qualified To Buy": "qualified",
            "Presentation Scheduled": "qualified", "Decision Maker Bought-In": "proposal",
            "Contract Sent": "negotiation", "Closed Won": "won", "Closed Lost": "lost",
        }),
        "status": _STATUS,
    },
)  # fmt: skip

DYNAMICS = Preset(
    name="dynamics",
    date_order="MDY",
    probability_scale=100,
    columns={
        "accounts": {
            "crm_id": ("(Do Not Modify) Account",), "name": ("Account Name",),
            "sector": ("Industry",), "headquarters": ("Address 1: City",),
            "owner": ("Owner",),
        },
        "contacts": {
            "crm_id": ("(Do Not Modify) Contact",), "name": ("Full Name",),
            "first_name": ("First Name",), "last_name": ("Last Name",),
            "title": ("Job Title",), "unit": ("Department",), "email": ("Email",),
            "last_contact": ("Last Contacted", "Last Activity"),
            "account": ("Company Name", "Account Name"),
        },
        "opportunities": {
            "crm_id": ("(Do Not Modify) Opportunity",), "name": ("Topic",),
            "stage": ("Pipeline Phase", "Sales Stage", "Status"), "amount": ("Est. Revenue",),
            "probability": ("Probability",), "close": ("Est. Close Date",),
            "owner": ("Owner",), "next_step": ("Next Step",),
            "updated_on": ("(Do Not Modify) Modified On", "Modified On"),
            "account": ("Potential Customer", "Account"),
        },
        "activities": {
            "crm_id": ("(Do Not Modify) Activity",),
            "date": ("Actual End", "Due Date", "Start Date"), "ours": ("Owner",),
            "theirs": ("Regarding", "To", "Required Attendees"),
            "channel": ("Activity Type",), "status": ("Activity Status", "Status"),
            "account": ("Account", "Company Name"),
        },
    },
    values={
        "stage": _lower({
            "Qualify": "qualified", "1-Qualify": "qualified", "Develop": "qualified",
            "2-Develop": "qualified", "Propose": "proposal", "3-Propose": "proposal",
            "Close": "negotiation", "4-Close": "negotiation", "Won": "won", "Lost": "lost",
        }),
        "status": _STATUS,
    },
)  # fmt: skip

# kamdocs's own field names as column names: the layout of a spreadsheet kept by hand.
GENERIC = Preset(
    name="generic",
    date_order="YMD",
    columns={kind: {f: (f,) for f in fields} for kind, fields in FIELDS.items()},
    values={"status": _STATUS},
)

PRESETS: dict[str, Preset] = {p.name: p for p in (SALESFORCE, HUBSPOT, DYNAMICS, GENERIC)}
