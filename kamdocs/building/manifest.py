"""What `kamdocs build` must rebuild: input fingerprints and the build manifest.

This module reads bytes only: no YAML parsing, no pydantic, no python-docx, so a no-op
rebuild of hundreds of accounts costs a few directory listings and SHA-256 digests. A
document's fingerprint covers every file its output can depend on (its account's files, the
shared content, its templates and reference document, the kamdocs code) and the options of
the run; equal fingerprint + existing output = up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from kamdocs.building.output import write_atomic
from kamdocs.errors import Problem
from kamdocs.valueclass import valueclass
from kamdocs.workspace.codedigest import sources_digest
from kamdocs.workspace.fingerprint import digest_files as _digest_files
from kamdocs.workspace.fingerprint import file_paths as _file_paths
from kamdocs.workspace.fingerprint import files_under as _files_under
from kamdocs.workspace.templateroots import template_roots

MANIFEST_NAME = ".kamdocs-manifest.json"
MANIFEST_FORMAT = 1
SLUG_RE = re.compile(r"^[a-z0-9-]+$")

# (format folder, template folder, reference file) of each document kind.
TEMPLATE_SETS: dict[str, tuple[str, str, str]] = {
    "plan": ("docx", "plan", "docx/reference.docx"),
    "review": ("pptx", "review", "pptx/reference.pptx"),
    "proposal": ("docx", "proposal", "docx/reference.docx"),
    "portfolio": ("docx", "portfolio", "docx/reference.docx"),
    "portfolio-deck": ("pptx", "portfolio", "pptx/reference.pptx"),
    "status": ("eml", "status", "eml/reference.eml"),  # an e-mail has no reference file
    "call": ("docx", "call", "docx/reference.docx"),
}


def code_fingerprint() -> str:
    """Return a digest of the kamdocs version and the source files of the whole package."""
    # The package's own __version__, not importlib.metadata's: importing that costs a no-op
    # rebuild more than the sources' kept digest, and the installed metadata may describe
    # another checkout than the code that runs.
    from kamdocs import __version__

    return hashlib.sha256(f"{__version__}\0{sources_digest().hex()}".encode()).hexdigest()


@valueclass
class AccountFolder:
    """One account folder's file digests: the shared part and one per proposal."""

    slug: str
    folder: Path
    base: str  # every file except proposals/
    proposals: dict[str, str]  # proposal id -> digest of its file
    reviews: tuple[str, ...]  # quarters, sorted


def scan_account(root: Path, folder: Path) -> AccountFolder:
    """Return the digests of one account folder (no parsing)."""
    files = list(_file_paths(str(folder)))
    proposals_dir = str(folder / "proposals")
    shared = [p for p in files if os.path.dirname(p) != proposals_dir]
    proposals = {_stem(p): _digest_files([p], root) for p in _yaml_in(files, proposals_dir)}
    reviews = tuple(sorted(_stem(p) for p in _yaml_in(files, str(folder / "reviews"))))
    return AccountFolder(folder.name, folder, _digest_files(shared, root), proposals, reviews)


def _yaml_in(files: list[str], folder: str) -> list[str]:
    """Return the .yaml files of `files` that sit directly in `folder`."""
    return [p for p in files if os.path.dirname(p) == folder and _suffix(p) == ".yaml"]


def _stem(path: str) -> str:
    """Return the file name of `path` without its suffix, as `Path.stem` does."""
    return os.path.splitext(os.path.basename(path))[0]


def _suffix(path: str) -> str:
    """Return the suffix of `path`'s file name, as `Path.suffix` does ('' for '.yaml')."""
    return os.path.splitext(path)[1]


def account_folders(root: Path) -> list[Path]:
    """Return the account folders that can hold an account (a valid slug, an account.yaml)."""
    accounts = root / "content" / "accounts"
    if not accounts.is_dir():
        return []
    return sorted(
        p
        for p in accounts.iterdir()
        if p.is_dir() and SLUG_RE.match(p.name) and (p / "account.yaml").is_file()
    )


def refused_folders(root: Path) -> list[Problem]:
    """Return the errors of the folders of content/accounts that hold no account kamdocs can
    build (a name that is not a slug, no account.yaml), as the loader words them."""
    accounts = root / "content" / "accounts"
    folders = sorted(p for p in accounts.iterdir() if p.is_dir()) if accounts.is_dir() else []
    rel = "content/accounts"
    return [
        Problem.at(f"{rel}/{p.name}", "account_folder_name", slug=p.name)
        if not SLUG_RE.match(p.name)
        else Problem.at(f"{rel}/{p.name}/account.yaml", "account_file_missing")
        for p in folders
        if not (SLUG_RE.match(p.name) and (p / "account.yaml").is_file())
    ]


@valueclass
class Fingerprints:
    """Digests shared by the tasks of one run, computed once."""

    root: Path
    code: str
    shared_content: str  # kamdocs.yaml, company.yaml, library and every non-account file
    templates: dict[str, str] = field(default_factory=dict)

    def template_set(self, kind: str) -> str:
        """Return the digest of the template files and reference document of `kind`."""
        if kind not in self.templates:
            fmt, folder, reference = TEMPLATE_SETS[kind]
            files: list[Path] = []
            roots = template_roots(self.root)
            for root in roots:
                files += _files_under(root / fmt / folder)
                files += _files_under(root / fmt / "common")
            found = next((r / reference for r in roots if (r / reference).is_file()), None)
            # Names say which root a file comes from; their order says which one wins.
            digest = hashlib.sha256()
            digest.update(_digest_files(files, self.root).encode())
            if found is not None:
                digest.update(_digest_files([found], self.root).encode())
            self.templates[kind] = digest.hexdigest()
        return self.templates[kind]

    def task(self, kind: str, options: dict[str, Any], *parts: str) -> str:
        """Return the input fingerprint of one document."""
        options_text = json.dumps(options, sort_keys=True)
        return _digest(
            self.code, self.shared_content, self.template_set(kind), options_text, *parts
        )

    def figures(self, options: dict[str, Any], slug: str, account: str) -> str:
        """Return the input fingerprint of one account's portfolio line: its files, the
        shared content, the code and the run's options (no template shows through)."""
        options_text = json.dumps(options, sort_keys=True)
        return _digest("figures", self.code, self.shared_content, options_text, slug, account)


def _digest(*pieces: str) -> str:
    """Return the SHA-256 of `pieces`, each ended by a NUL (no two lists digest alike)."""
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece.encode() + b"\0")
    return digest.hexdigest()


def fingerprints(root: Path) -> Fingerprints:
    """Return the run-wide digests of the workspace at `root`."""
    content = root / "content"
    shared = [root / "kamdocs.yaml"] if (root / "kamdocs.yaml").is_file() else []
    accounts = content / "accounts"
    # The accounts' files are each account's own digest (scan_account): not walked twice.
    shared += _files_under(content, skip=accounts)
    return Fingerprints(root, code_fingerprint(), _digest_files(shared, root))


# --- the manifest ---------------------------------------------------------------------------


@valueclass
class Manifest:
    """Output path (relative to the workspace) -> {task, inputs, companions}; and, by
    account, the portfolio line last read from it -> {inputs, line} (`line` None: an
    example account, which the portfolio leaves out)."""

    path: Path
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)

    _index: dict[tuple[Any, Any], list[str]] | None = field(default=None, repr=False)

    def fresh(self, root: Path, task: str, inputs: str) -> str | None:
        """Return the output path of `task` built from `inputs` if it is still on disk."""
        if self._index is None:  # one pass, so that checking n documents costs O(n)
            self._index = {}
            for name, recorded in self.documents.items():
                key = (recorded.get("task"), recorded.get("inputs"))
                self._index.setdefault(key, []).append(name)
        for name in self._index.get((task, inputs), ()):
            entry = self.documents.get(name)
            if entry is None or (entry.get("task"), entry.get("inputs")) != (task, inputs):
                continue
            files = [name, *entry.get("companions", [])]
            # os.path on strings: a no-op rebuild checks thousands of files, and a Path per
            # check cost more than the stat itself.
            if all(os.path.isfile(os.path.join(root, f)) for f in files):
                return name
        return None

    def record(self, name: str, task: str, inputs: str, companions: list[str]) -> None:
        self.documents[name] = {"task": task, "inputs": inputs, "companions": companions}
        if self._index is not None:
            self._index.setdefault((task, inputs), []).append(name)

    def known_figures(self, accounts: Sequence[tuple[str, str]]) -> dict[str, Any]:
        """Return the recorded line of each (slug, inputs) whose inputs are unchanged."""
        known = {}
        for slug, inputs in accounts:
            entry = self.figures.get(slug)
            if isinstance(entry, dict) and entry.get("inputs") == inputs and "line" in entry:
                known[slug] = entry["line"]
        return known

    def record_figures(self, found: dict[str, tuple[str, Any]]) -> None:
        """Record the portfolio lines (slug -> (inputs, line)) a build has just read."""
        for slug, (inputs, line) in found.items():
            self.figures[slug] = {"inputs": inputs, "line": line}

    def save(self) -> None:
        data = {
            "format": MANIFEST_FORMAT,
            "documents": dict(sorted(self.documents.items())),
            "figures": dict(sorted(self.figures.items())),
        }
        write_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def read_manifest(build_dir: Path) -> Manifest:
    """Return the manifest of `build_dir`; an unreadable or old one counts as empty."""
    path = build_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest(path)
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return Manifest(path)
    figures = data.get("figures", {})
    return Manifest(
        path, dict(data.get("documents", {})), dict(figures) if isinstance(figures, dict) else {}
    )
