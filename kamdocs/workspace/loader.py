"""Load and validate a workspace: every file, every problem, each located by file, line and field.

Nothing here stops at the first problem: a file with errors is reported and its model is None,
so that the documents depending on it are skipped and the others still build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from kamdocs.errors import KamdocsError, Problem, did_you_mean
from kamdocs.workspace import model as m
from kamdocs.workspace.parsecache import parse_cached
from kamdocs.workspace.yamlread import Loc, Parsed, decode, dotted, parse_yaml

T = TypeVar("T", bound=m.Model)
SLUG_RE = re.compile(r"^[a-z0-9-]+$")
FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)


@dataclass
class Loaded(Generic[T]):
    """One file: its path relative to the workspace, its model (None when it has errors)."""

    file: str
    model: T | None
    parsed: Parsed | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.model is not None and not any(p.is_error for p in self.problems)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return self.parsed.position(loc, key=key) if self.parsed else (1, 1)

    def add(self, loc: Loc, message: str, severity: str = "error", *, key: bool = False) -> None:
        line, column = self.position(loc, key=key)
        self.problems.append(
            Problem(self.file, line, column, dotted(loc), message, severity)  # type: ignore[arg-type]
        )


@dataclass
class AccountFiles:
    """One key account: its account file, its reviews by quarter, its proposals by id."""

    slug: str
    account: Loaded[m.Account]
    reviews: dict[str, Loaded[m.Review]] = field(default_factory=dict)
    proposals: dict[str, Loaded[m.Proposal]] = field(default_factory=dict)

    def files(self) -> list[Loaded[Any]]:
        return [self.account, *self.reviews.values(), *self.proposals.values()]


@dataclass
class Workspace:
    root: Path
    settings: Loaded[m.Settings]
    company: Loaded[m.Company]
    accounts: dict[str, AccountFiles]
    problems: list[Problem] = field(default_factory=list)
    # Every account folder name, loaded or not (a single-document command loads one account).
    slugs: tuple[str, ...] = ()
    # Proposals of the accounts not loaded, by "slug/id", when they were asked for.
    other_proposals: dict[str, m.Proposal] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def our_company(self) -> m.Company:
        """Return our company (an empty one when content/company.yaml is absent); a file
        with errors is reported by the checks, and nothing that needs it is built."""
        if self.company.model is None:
            raise KamdocsError(f"{self.company.file}: has errors; run 'kamdocs check'")
        return self.company.model

    def all_problems(self) -> list[Problem]:
        found = [*self.problems, *self.settings.problems, *self.company.problems]
        for bundle in self.accounts.values():
            for loaded in bundle.files():
                found.extend(loaded.problems)
        return found


# --- pydantic errors -> located problems ---------------------------------------------------

_TYPE_WORDS = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "decimal_type": "expected a number",
    "decimal_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "date_type": "expected a date such as 2026-09-30",
    "date_parsing": "expected a date such as 2026-09-30",
    "date_from_datetime_parsing": "expected a date such as 2026-09-30",
    "date_from_datetime_inexact": "expected a date such as 2026-09-30",
    "datetime_type": "expected a date-time such as 2026-10-01T12:00",
    "datetime_parsing": "expected a date-time such as 2026-10-01T12:00",
    "datetime_from_date_parsing": "expected a date-time such as 2026-10-01T12:00",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (key: value lines)",
    "model_attributes_type": "expected a mapping (key: value lines)",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _fields_at(cls: type[m.Model], loc: Loc) -> list[str]:
    """Return the field names allowed at `loc` (the parent of an unknown key)."""
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, m.Model)):
            return []
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, m.Model):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, m.Model):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    # pydantic inserts union branch names ("tuple[...]", "str") and validator names into loc.
    return tuple(p for p in loc if isinstance(p, int) or not any(c in str(p) for c in "[]()"))


def _problem_for(error: dict[str, Any], cls: type[m.Model], loaded: Loaded[Any]) -> None:
    loc = _clean_loc(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = did_you_mean(name, _fields_at(cls, loc[:-1]))
        extra = "" if hint else "; put your own data under 'extra:'"
        loaded.add(loc, f"unknown field{hint}{extra}", key=True)
        return
    if kind == "missing":
        loaded.add(loc, "required field is missing", key=True)
        return
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        listed = ", ".join(allowed)
        hint = did_you_mean(str(value), allowed)
        loaded.add(loc, f"{_describe(value)} is not one of {listed}{hint}")
        return
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        ctx = error.get("ctx", {})
        bound = " and ".join(f"{k.replace('_', ' ')} {v}" for k, v in ctx.items())
        loaded.add(loc, f"must be {bound}, got {_describe(value)}")
        return
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        loaded.add(loc, message)
        return
    words = _TYPE_WORDS.get(kind)
    if words:
        loaded.add(loc, f"{words}, got {_describe(value)}")
        return
    loaded.add(loc, f"{error['msg']}, got {_describe(value)}")


def validate(cls: type[T], parsed: Parsed, loaded: Loaded[T]) -> T | None:
    """Return the model of `parsed`, or None after adding every problem to `loaded`."""
    data = parsed.data
    if data is None:
        loaded.problems.append(
            Problem(loaded.file, 1, 1, "", "the file is empty; expected key: value lines")
        )
        return None
    if not isinstance(data, dict):
        loaded.add((), f"expected a mapping of fields (key: value lines), got {_describe(data)}")
        return None
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        seen: set[Loc] = set()
        for error in exc.errors():
            loc = _clean_loc(error["loc"])
            if loc in seen:  # one message per field, even when a union tried several branches
                continue
            seen.add(loc)
            _problem_for(dict(error), cls, loaded)
        return None


# --- includes and paths inside content/ ----------------------------------------------------


def safe_content_path(content: Path, relative: str) -> tuple[Path | None, str | None]:
    """Return (path, None) for a path that stays inside content/, else (None, why)."""
    if not relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None, f"'{relative}' must be a path relative to content/"
    if ".." in Path(relative).parts:
        return None, f"'{relative}' leaves content/ ('..' is not allowed)"
    target = content / relative
    try:
        resolved = target.resolve()
        if not resolved.is_relative_to(content.resolve()):
            return None, f"'{relative}' leads outside content/ (through a symbolic link)"
    except OSError as exc:
        return None, f"'{relative}' cannot be read: {exc.strerror}"
    if not resolved.is_file():
        return None, f"'{relative}' does not exist under content/"
    return resolved, None


def read_library_block(path: Path) -> tuple[dict[str, Any], str]:
    """Return (front matter, Markdown body) of a library block; the front matter may be empty."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    parsed, _ = parse_yaml(match.group(1), str(path))
    meta = parsed.data if parsed and isinstance(parsed.data, dict) else {}
    return meta, text[match.end() :]


def _resolve_includes(data: Any, loc: Loc, content: Path, loaded: Loaded[Any]) -> Any:
    if isinstance(data, dict):
        if set(data) == {"include"} and isinstance(data["include"], str):
            path, why = safe_content_path(content, data["include"])
            if path is None:
                loaded.add((*loc, "include"), f"{why}; fix the include path")
                return ""
            return read_library_block(path)[1].strip()
        return {k: _resolve_includes(v, (*loc, k), content, loaded) for k, v in data.items()}
    if isinstance(data, list):
        return [_resolve_includes(v, (*loc, i), content, loaded) for i, v in enumerate(data)]
    return data


def load_file(path: Path, root: Path, cls: type[T]) -> Loaded[T]:
    """Read, parse and validate one content file; problems name it relative to the workspace."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    loaded: Loaded[T] = Loaded(rel, None, None)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        loaded.problems.append(Problem(rel, 0, 0, "", f"cannot read: {exc.strerror}"))
        return loaded
    text, problems = decode(raw, rel)
    loaded.problems.extend(problems)
    if text is None:
        return loaded
    parsed, problems = parse_cached(text, rel)
    loaded.problems.extend(problems)
    if parsed is None or any(p.is_error for p in problems):
        return loaded
    loaded.parsed = parsed
    parsed.data = _resolve_includes(parsed.data, (), root / "content", loaded)
    loaded.model = validate(cls, parsed, loaded)
    # The model now holds the data; the raw mapping and the node tree (several times its
    # size) are dropped, and positions are recomputed from the text if a check needs one.
    parsed.data = None
    parsed.release()
    return loaded


def load_workspace(
    root: Path,
    only: Iterable[str] | None = None,
    *,
    other_proposals: bool = False,
    proposals: bool = True,
) -> Workspace:
    """Return the files of the workspace at `root`, validated, with all problems collected.

    `only` limits loading to those accounts (None: all), so that one document of a large
    workspace does not read every account; `other_proposals` then also reads the proposal
    files of the other accounts (the generic-text check compares proposals). With `proposals`
    False, no proposal is read at all (a plan or a deck does not show them).
    """
    root = root.resolve()
    wanted = set(only) if only is not None else None
    settings_path = root / "kamdocs.yaml"
    settings = (
        load_file(settings_path, root, m.Settings)
        if settings_path.is_file()
        else Loaded("kamdocs.yaml", m.Settings(), None)
    )
    company_path = root / "content" / "company.yaml"
    problems: list[Problem] = []
    if company_path.is_file():
        company = load_file(company_path, root, m.Company)
    else:
        company = Loaded("content/company.yaml", m.Company(name=""), None)
        if (root / "content").is_dir():
            company.problems.append(
                Problem(
                    "content/company.yaml",
                    0,
                    0,
                    "",
                    "missing: describe your company (name, offerings, team); see 'kamdocs init'",
                    "warning",
                )
            )
    accounts: dict[str, AccountFiles] = {}
    accounts_dir = root / "content" / "accounts"
    slugs: list[str] = []
    others: dict[str, m.Proposal] = {}
    if accounts_dir.is_dir():
        for folder in sorted(p for p in accounts_dir.iterdir() if p.is_dir()):
            slugs.append(folder.name)
            if wanted is not None and folder.name not in wanted:
                if other_proposals:
                    others.update(account_proposals(folder, root))
                continue
            bundle = _load_account(folder, root, problems, proposals=proposals)
            if bundle is not None:
                accounts[bundle.slug] = bundle
    elif not (root / "content").is_dir():
        problems.append(
            Problem(
                str(root.name),
                0,
                0,
                "",
                "no content/ folder here: run kamdocs in a workspace, pass -C DIR, "
                "or 'kamdocs init DIR'",
            )
        )
    return Workspace(root, settings, company, accounts, problems, tuple(slugs), others)


def account_proposals(folder: Path, root: Path) -> dict[str, m.Proposal]:
    """Return the valid proposals of the account in `folder`, by "slug/proposal-id"."""
    found: dict[str, m.Proposal] = {}
    for path in sorted((folder / "proposals").glob("*.yaml")):
        proposal = load_file(path, root, m.Proposal).model
        if proposal is not None:
            found[f"{folder.name}/{path.stem}"] = proposal
    return found


def _load_account(
    folder: Path, root: Path, problems: list[Problem], *, proposals: bool = True
) -> AccountFiles | None:
    slug = folder.name
    rel = folder.relative_to(root).as_posix()
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(rel, 0, 0, "", f"account folder name '{slug}' must use only a-z, 0-9 and '-'")
        )
        return None
    if folder.is_symlink() and not folder.resolve().is_relative_to((root / "content").resolve()):
        problems.append(Problem(rel, 0, 0, "", "account folder leads outside content/"))
        return None
    account_path = folder / "account.yaml"
    if not account_path.is_file():
        problems.append(
            Problem(
                f"{rel}/account.yaml",
                0,
                0,
                "",
                "missing: every account folder needs an account.yaml",
            )
        )
        return None
    bundle = AccountFiles(slug, load_file(account_path, root, m.Account))
    for path in sorted((folder / "reviews").glob("*.yaml")):
        review = load_file(path, root, m.Review)
        if review.model is not None and review.model.quarter != path.stem:
            review.add(
                ("quarter",),
                f"'{review.model.quarter}' differs from the file name "
                f"'{path.stem}'; rename the file or fix the quarter",
            )
            review.model = None
        bundle.reviews[path.stem] = review
    for path in sorted((folder / "proposals").glob("*.yaml")) if proposals else ():
        bundle.proposals[path.stem] = load_file(path, root, m.Proposal)
    return bundle
