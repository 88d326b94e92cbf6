"""Load and validate a workspace: every file, every problem, each located by file, line and field.

Nothing here stops at the first problem: a file with errors is reported and its model is None,
so that the documents depending on it are skipped and the others still build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from kamdocs.errors import InvalidValue, KamdocsError, Problem, Severity, did_you_mean
from kamdocs.valueclass import valueclass
from kamdocs.workspace import model as m
from kamdocs.workspace import modelcache
from kamdocs.workspace.gcpause import without_gc
from kamdocs.workspace.parsecache import parse_cached
from kamdocs.workspace.parsed import XML_ILLEGAL, Loc, Parsed, decode, dotted

T = TypeVar("T", bound=m.Model)
SLUG_RE = re.compile(r"^[a-z0-9-]+$")
FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)


@valueclass
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

    def problem(
        self,
        loc: Loc,
        key: str,
        severity: Severity = "error",
        *,
        hint: str = "",
        on_key: bool = False,
        **args: Any,
    ) -> Problem:
        """Return the problem `key` (of `kamdocs.errors.MESSAGES`) about the field at `loc`,
        placed on that field's line (on its key's with `on_key`)."""
        line, column = self.position(loc, key=on_key)
        return Problem.at(
            self.file, key, line=line, column=column, field=dotted(loc), severity=severity,
            hint=hint, **args,
        )  # fmt: skip

    def add(
        self,
        loc: Loc,
        key: str,
        severity: Severity = "error",
        *,
        hint: str = "",
        on_key: bool = False,
        **args: Any,
    ) -> None:
        """Add the problem `key` about the field at `loc` to this file's problems."""
        self.problems.append(self.problem(loc, key, severity, hint=hint, on_key=on_key, **args))


@valueclass
class AccountFiles:
    """One key account: its account file, its reviews by quarter, its proposals by id."""

    slug: str
    account: Loaded[m.Account]
    reviews: dict[str, Loaded[m.Review]] = field(default_factory=dict)
    proposals: dict[str, Loaded[m.Proposal]] = field(default_factory=dict)
    # What the checks and the leak scanner found of this load (`memo.kept_for`): each of the
    # account's documents asks again, and it goes with the load (a batch keeps one at a time).
    found: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def files(self) -> list[Loaded[Any]]:
        return [self.account, *self.reviews.values(), *self.proposals.values()]


@valueclass
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
            raise KamdocsError.of("company_has_errors", path=self.company.file)
        return self.company.model

    def all_problems(self) -> list[Problem]:
        found = [*self.problems, *self.settings.problems, *self.company.problems]
        for bundle in self.accounts.values():
            for loaded in bundle.files():
                found.extend(loaded.problems)
        return found


# --- pydantic errors -> located problems ---------------------------------------------------

_TYPE_KEYS = {
    "string_type": "expected_text",
    "int_type": "expected_whole_number",
    "int_parsing": "expected_whole_number",
    "int_from_float": "expected_whole_number",
    "decimal_type": "expected_number",
    "decimal_parsing": "expected_number",
    "bool_type": "expected_true_or_false",
    "bool_parsing": "expected_true_or_false",
    "date_type": "expected_date",
    "date_parsing": "expected_date",
    "date_from_datetime_parsing": "expected_date",
    "date_from_datetime_inexact": "expected_date",
    "datetime_type": "expected_date_time",
    "datetime_parsing": "expected_date_time",
    "datetime_from_date_parsing": "expected_date_time",
    "tuple_type": "expected_list",
    "list_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
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


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Return the path in the file's `data` of pydantic's `loc`. pydantic inserts union
    branch names ("tuple[...]", "str", the tags of a discriminated union) and validator
    names into loc; they are left out, but a part that is a key of the data where it
    stands is the user's and stays, brackets or not (a key written `0[`)."""
    kept: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        elif any(c in str(part) for c in "[]()") or part in m.UNION_TAGS:
            continue
        else:  # a field the data does not hold (a missing one)
            node = None
        kept.append(part)
    return tuple(kept)


_BOUND_KEYS = {
    "greater_than_equal": "at_least",
    "less_than_equal": "at_most",
    "greater_than": "more_than",
    "less_than": "less_than",
}


def _allowed(expected: str) -> list[str]:
    """Return the values pydantic lists as "'a', 'b' or 'c'" (or "1" for a number)."""
    return [a or b for a, b in re.findall(r"'([^']*)'|([^\s,']+)", expected) if (a or b) != "or"]


def _unknown_field(loc: Loc, value: Any, fields: list[str], loaded: Loaded[Any]) -> None:
    """Report an unknown key: a likely typo, a text cut by a comma inside {...}, or a key
    where no such field exists (then the fields that do, or `extra:` when it is allowed)."""
    name = str(loc[-1])
    hint = did_you_mean(name, fields)
    if hint:
        loaded.add(loc, "unknown_field", hint=hint, on_key=True)
    elif value is None and not re.fullmatch(r"[a-z_]+", name):
        # `{text: Réduire les coûts, de 5 %}` reads as text: "Réduire les coûts", "de 5 %": null
        loaded.add(loc, "unknown_field_in_braces", name=name, on_key=True)
    elif "extra" in fields:
        loaded.add(loc, "unknown_field_extra", on_key=True)
    elif fields:
        loaded.add(loc, "unknown_field_here", fields=", ".join(fields), on_key=True)
    else:
        loaded.add(loc, "unknown_field", on_key=True)


def _problem_for(error: dict[str, Any], loc: Loc, cls: type[m.Model], loaded: Loaded[Any]) -> None:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        _unknown_field(loc, value, _fields_at(cls, loc[:-1]), loaded)
        return
    if kind == "missing":
        loaded.add(loc, "missing_field", on_key=True)
        return
    if kind == "literal_error":
        allowed = _allowed(error.get("ctx", {}).get("expected", ""))
        hint = did_you_mean(str(value), allowed)
        loaded.add(loc, "not_one_of", hint=hint, value=_describe(value), allowed=", ".join(allowed))
        return
    if kind in _BOUND_KEYS:
        limit = next(iter(error.get("ctx", {}).values()), "")
        loaded.add(loc, _BOUND_KEYS[kind], limit=limit, value=_describe(value))
        return
    if kind == "value_error":
        refusal = error.get("ctx", {}).get("error", error["msg"])
        if isinstance(refusal, InvalidValue):
            loaded.add(loc, refusal.key, **refusal.values)
        else:
            loaded.add(loc, "invalid_value", error=refusal)
        return
    key = _TYPE_KEYS.get(kind)
    if key:
        loaded.add(loc, key, value=_describe(value))
        return
    loaded.add(loc, "invalid", error=error["msg"], value=_describe(value))


def validate(cls: type[T], parsed: Parsed, loaded: Loaded[T]) -> T | None:
    """Return the model of `parsed`, or None after adding every problem to `loaded`."""
    data = parsed.data
    if data is None:
        loaded.problems.append(Problem.at(loaded.file, "empty_file", line=1, column=1))
        return None
    if not isinstance(data, dict):
        loaded.add((), "not_a_mapping", value=_describe(data))
        return None
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        seen: set[Loc] = set()
        for error in exc.errors():
            loc = _clean_loc(error["loc"], data)
            if loc in seen:  # one message per field, even when a union tried several branches
                continue
            seen.add(loc)
            _problem_for(dict(error), loc, cls, loaded)
        return None


# --- includes and paths inside content/ ----------------------------------------------------


@valueclass(frozen=True)
class Refusal:
    """Why a path the data names is refused: `reason` ends the key of its problem
    (`include_<reason>` for an include, `path_<reason>` for a file such as a CV)."""

    reason: str
    path: str
    error: str = ""

    def args(self) -> dict[str, Any]:
        """Return the arguments of the problem's message."""
        if self.reason == "unreadable":
            return {"path": self.path, "error": self.error}
        return {"path": self.path}


def safe_content_path(content: Path, relative: str) -> tuple[Path | None, Refusal | None]:
    """Return (path, None) for a path that stays inside content/, else (None, why)."""
    if not relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None, Refusal("not_relative", relative)
    if ".." in Path(relative).parts:
        return None, Refusal("leaves_content", relative)
    target = content / relative
    try:
        resolved = target.resolve()
        if not resolved.is_relative_to(content.resolve()):
            return None, Refusal("through_link", relative)
        if not resolved.is_file():  # may raise too, e.g. for a name too long
            return None, Refusal("not_found", relative)
    except OSError as exc:  # a name too long for the file system (ENAMETOOLONG), say
        return None, Refusal("unreadable", relative, str(exc.strerror or exc))
    except ValueError:  # a NUL character, which no file name may hold
        return None, Refusal("unreadable", relative, "a file name cannot hold a NUL character")
    return resolved, None


def read_library_block(path: Path) -> tuple[dict[str, Any], str]:
    """Return (front matter, Markdown body) of a library block; the front matter may be empty."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    text = XML_ILLEGAL.sub("", text)  # what no document can hold (a damaged file, say)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    parsed, _ = parse_cached(match.group(1), str(path))
    meta = parsed.data if parsed and isinstance(parsed.data, dict) else {}
    return meta, text[match.end() :]


def _resolve_includes(
    data: Any, loc: Loc, content: Path, loaded: Loaded[Any], found: list[Path] | None = None
) -> Any:
    """Replace each `{include: path}` by the file's Markdown body; the files read are added
    to `found` (what the model cache checks before serving a model)."""
    if isinstance(data, dict):
        if set(data) == {"include"} and isinstance(data["include"], str):
            path, why = safe_content_path(content, data["include"])
            if why is not None:
                loaded.add((*loc, "include"), f"include_{why.reason}", **why.args())
                return ""
            assert path is not None
            if found is not None:
                found.append(path)
            return read_library_block(path)[1].strip()
        return {k: _resolve_includes(v, (*loc, k), content, loaded, found) for k, v in data.items()}
    if isinstance(data, list):
        return [_resolve_includes(v, (*loc, i), content, loaded, found) for i, v in enumerate(data)]
    return data


def load_file(path: Path, root: Path, cls: type[T]) -> Loaded[T]:
    """Read, parse and validate one content file; problems name it relative to the workspace."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    loaded: Loaded[T] = Loaded(rel, None, None)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        loaded.problems.append(Problem.at(rel, "cannot_read", error=exc.strerror))
        return loaded
    text, problems = decode(raw, rel)
    loaded.problems.extend(problems)
    if text is None:
        return loaded
    content = root / "content"
    if not problems:
        cached = modelcache.lookup(cls, rel, raw, content)
        if cached is not None:  # positions, if a check asks for one, come from `text`
            return Loaded(rel, cached, Parsed(data=None, root=None, text=text))
    parsed, problems = parse_cached(text, rel)
    loaded.problems.extend(problems)
    if parsed is None or any(p.is_error for p in problems):
        return loaded
    loaded.parsed = parsed
    includes: list[Path] = []
    parsed.data = _resolve_includes(parsed.data, (), content, loaded, includes)
    loaded.model = validate(cls, parsed, loaded)
    if loaded.model is not None and not loaded.problems:
        modelcache.store(cls, rel, raw, content, includes, loaded.model)
    # The model now holds the data; the raw mapping and the node tree (several times its
    # size) are dropped, and positions are recomputed from the text if a check needs one.
    parsed.data = None
    parsed.release()
    return loaded


@without_gc
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
                Problem.at("content/company.yaml", "company_missing", severity="warning")
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
        problems.append(Problem.at(str(root.name), "no_content_folder"))
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
        problems.append(Problem.at(rel, "account_folder_name", slug=slug))
        return None
    if folder.is_symlink() and not folder.resolve().is_relative_to((root / "content").resolve()):
        problems.append(Problem.at(rel, "account_folder_outside"))
        return None
    account_path = folder / "account.yaml"
    if not account_path.is_file():
        problems.append(Problem.at(f"{rel}/account.yaml", "account_file_missing"))
        return None
    bundle = AccountFiles(slug, load_file(account_path, root, m.Account))
    for path in sorted((folder / "reviews").glob("*.yaml")):
        review = load_file(path, root, m.Review)
        if review.model is not None and review.model.quarter != path.stem:
            review.add(
                ("quarter",), "quarter_mismatch", quarter=review.model.quarter, stem=path.stem
            )
            review.model = None
        bundle.reviews[path.stem] = review
    for path in sorted((folder / "proposals").glob("*.yaml")) if proposals else ():
        bundle.proposals[path.stem] = load_file(path, root, m.Proposal)
    return bundle


def load_text(text: str, rel: str, root: Path, cls: type[T]) -> Loaded[T]:
    """Parse and validate `text` as the content file `rel` would be (includes resolved),
    without reading it: how `kamdocs import` checks a file before writing it."""
    loaded: Loaded[T] = Loaded(rel, None, None)
    parsed, problems = parse_cached(text, rel)
    loaded.problems.extend(problems)
    if parsed is None or any(p.is_error for p in problems):
        return loaded
    loaded.parsed = parsed
    parsed.data = _resolve_includes(parsed.data, (), root / "content", loaded)
    loaded.model = validate(cls, parsed, loaded)
    return loaded
