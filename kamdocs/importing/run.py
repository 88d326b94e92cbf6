"""Plan an import (read every export, route rows to accounts, merge, validate the result)
and carry it out through the building stage's all-or-nothing writer."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import field
from pathlib import Path

from kamdocs.building.output import replace_files
from kamdocs.errors import ContentError, KamdocsError, Problem
from kamdocs.importing.mapping import read_mapping
from kamdocs.importing.merge import merge_account
from kamdocs.importing.presets import PRESETS, Preset
from kamdocs.importing.records import Record, Sheet, read_sheet
from kamdocs.importing.sources import read_export, read_mapping_text
from kamdocs.importing.values import DATE_FORMATS
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace.loader import Workspace, load_text

BACKUP_FOLDER = "import-backup"


@valueclass(frozen=True)
class FileChange:
    """One account file the import changes: its path in the workspace, the text before
    (None: a new file) and after, and the changes in words."""

    path: str
    before: str | None
    after: str
    changes: tuple[str, ...]

    def diff(self) -> str:
        """Return the change as a unified diff."""
        old = (self.before or "").splitlines(keepends=True)
        new = self.after.splitlines(keepends=True)
        label = "/dev/null" if self.before is None else f"a/{self.path}"
        return "".join(difflib.unified_diff(old, new, label, f"b/{self.path}"))


@valueclass
class ImportPlan:
    """What an import would do: the files it changes and the report of everything else."""

    changes: list[FileChange] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def slugify(name: str) -> str:
    """Return an account slug ([a-z0-9-]+) for a name: accents dropped, words joined by -."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def choose_preset(name: str, mapping: Path | None) -> Preset:
    """Return the preset `name`, with the mapping file on top if one is given."""
    preset = PRESETS[name]
    if mapping is not None:
        preset = read_mapping(str(mapping), read_mapping_text(mapping), preset)
    return preset


def _describe(sheet: Sheet) -> str:
    table = sheet.table
    how = [f"{len(sheet.records)} {sheet.kind}", f"dates {DATE_FORMATS[sheet.date_order]}"]
    how.append("decimal comma" if sheet.decimal_comma else "decimal point")
    if table.encoding:
        how.append(f"{table.encoding}, delimiter {table.delimiter!r}")
    line = f"{table.file}: " + "; ".join(how)
    if sheet.unmapped:
        line += f"; ignored columns: {', '.join(sheet.unmapped)}"
    if table.dropped:
        line += f"; {table.dropped} line(s) after the first blank row not read"
    return line


class _Router:
    """Find the account of each record: by CRM id, else by name (accents and case aside)."""

    def __init__(self, ws: Workspace, only: str | None):
        self.by_id: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for slug, bundle in ws.accounts.items():
            account = bundle.account.model
            if account is None:
                continue
            if account.crm_id:
                self.by_id[account.crm_id] = slug
            self.by_name[slugify(account.name)] = slug
            self.by_name.setdefault(slug, slug)
        self.only = only

    def slug_of(self, record: Record) -> str | None:
        if record.account is None and record.account_id is None:
            return self.only  # an export of one account's records, with --account
        if record.account_id and record.account_id in self.by_id:
            return self.by_id[record.account_id]
        return self.by_name.get(slugify(record.account)) if record.account else None

    def add(self, record: Record, *, single: bool) -> str:
        """Return the slug of the new account `record` creates: --account when the export
        holds that one account, else a slug made from its name."""
        slug = self.only if self.only and single else slugify(record.account or "")
        if record.account_id:
            self.by_id[record.account_id] = slug
        if record.account:
            self.by_name[slugify(record.account)] = slug
        return slug


def _route(ws: Workspace, sheets: list[Sheet], only: str | None, today: dt.date,
           plan: ImportPlan) -> dict[str, list[Record]]:  # fmt: skip
    router = _Router(ws, only)
    routed: dict[str, list[Record]] = {}
    unknown: dict[str, int] = {}
    for sheet in sorted(sheets, key=lambda s: s.kind != "accounts"):  # accounts first
        for record in sheet.records:
            slug = router.slug_of(record)
            if slug is None and record.kind == "accounts":
                slug = router.add(record, single=len(sheet.records) == 1)
            if slug is None:
                label = record.account or record.account_id or "(no account)"
                unknown[label] = unknown.get(label, 0) + 1
                continue
            if only is not None and slug != only:
                continue
            if record.kind == "activities":
                status = record.fields.pop("status", "done")
                when = record.fields.get("date")
                if status != "done" or (isinstance(when, dt.date) and when > today):
                    plan.report.append(
                        f"{sheet.table.file}:{record.row}: open, not imported: "
                        f"{when} {record.fields.get('theirs', '')} ({status})"
                    )
                    continue
            routed.setdefault(slug, []).append(record)
    for label, count in sorted(unknown.items()):
        plan.report.append(f"{count} row(s) of account '{label}' skipped: no such account in "
                           "the workspace (import its accounts export to create it)")  # fmt: skip
    return routed


def _check(ws: Workspace, path: str, text: str) -> list[Problem]:
    loaded = load_text(text, path, ws.root, m.Account)
    return [p for p in loaded.problems if p.is_error]


def plan_import(ws: Workspace, sources: list[Path], preset: Preset, *, only: str | None,
                prune: bool, today: dt.date) -> ImportPlan:  # fmt: skip
    """Return what importing `sources` would change; raise ContentError when any cell does
    not parse or the result would not validate (nothing is written either way)."""
    plan = ImportPlan()
    sheets = [read_sheet(read_export(path), preset) for path in sources]
    problems = [p for s in sheets for p in s.problems]
    if problems:
        raise ContentError(problems)
    plan.report += [_describe(s) for s in sheets]
    if only is not None and only not in ws.accounts and not re.fullmatch(r"[a-z0-9-]+", only):
        raise KamdocsError(f"--account {only!r}: a slug is made of a-z, 0-9 and -")
    new_errors: list[Problem] = []
    for slug, records in sorted(_route(ws, sheets, only, today, plan).items()):
        bundle = ws.accounts.get(slug)
        path = f"content/accounts/{slug}/account.yaml"
        before = None
        if bundle is not None:
            if bundle.account.model is None or bundle.account.parsed is None:
                raise KamdocsError(f"{path}: has errors; run kamdocs check and fix them first")
            before = bundle.account.parsed.text
        merged = merge_account(before, records, prune)
        plan.report += [f"{path}: not in the export: {a}" for a in merged.absent]
        if not merged.changes:
            continue
        new_errors += _check(ws, path, merged.text)
        plan.changes.append(FileChange(path, before, merged.text, tuple(merged.changes)))
    if new_errors:
        raise ContentError(new_errors)
    return plan


def apply_import(ws: Workspace, plan: ImportPlan, today: dt.date) -> Path | None:
    """Write the plan's files all at once, keeping the previous versions; return the backup
    folder (None when nothing changed)."""
    if not plan.changes:
        return None
    settings = ws.settings.model
    backups = ws.root / (settings.output_dir if settings else "build") / BACKUP_FOLDER
    run = 1
    while (backups / f"{today.isoformat()}-{run}").exists():
        run += 1
    folder = backups / f"{today.isoformat()}-{run}"
    replace_files(
        {ws.root / c.path: c.after.encode("utf-8") for c in plan.changes},
        backups={folder / c.path: c.before.encode("utf-8") for c in plan.changes if c.before},
    )
    return folder
