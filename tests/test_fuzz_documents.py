"""Property tests for the deck and the proposal: start from a real demo file, drop any of its
sections, put arbitrary text in any of its strings and extreme values in any of its numbers.
The result is a clear, located user error or a file that python-pptx / python-docx re-open and
that passes the schema check; never a traceback."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import yaml
from conftest import AS_OF, REPO
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from test_fuzz import NASTY, NUMBER

from kamdocs.building.driver import (
    DocumentKey,
    Options,
    build_document,
)
from kamdocs.errors import ContentError
from kamdocs.workspace.loader import load_workspace

ACCOUNT = "nimbrook-software"
REVIEW = Path("content/accounts/nimbrook-software/reviews/2026-Q3.yaml")
PROPOSAL = Path("content/accounts/nimbrook-software/proposals/nimbrook-renewal-2027.yaml")
TEXT = st.one_of(st.text(max_size=120), NASTY)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, (*path, i))]
    return [(path, data)]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@st.composite
def mutated(draw: st.DrawFn, relative: Path, keep: tuple[str, ...]) -> str:
    """A YAML text: the demo file with sections dropped, strings and numbers replaced."""
    data = yaml.safe_load((REPO / relative).read_text(encoding="utf-8"))
    optional = sorted(k for k in data if k not in keep)
    for key in draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional))):
        del data[key]
    leaves = _leaves(data)
    texts = [p for p, v in leaves if isinstance(v, str) and p[0] not in keep]
    numbers = [p for p, v in leaves if isinstance(v, int | float) and not isinstance(v, bool)]
    for path in draw(st.lists(st.sampled_from(texts), max_size=6)) if texts else ():
        _set(data, path, draw(TEXT))
    for path in draw(st.lists(st.sampled_from(numbers), max_size=4)) if numbers else ():
        _set(data, path, Decimal(draw(NUMBER)))
    yaml.SafeDumper.add_representer(
        Decimal,
        lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)),
    )
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _workspace(root: Path, relative: Path, text: str) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    (root / relative).write_text(text, encoding="utf-8")
    return root


def _assert_located(exc: ContentError, relative: Path) -> None:
    allowed = {relative.as_posix(), f"content/accounts/{ACCOUNT}/account.yaml"}
    assert exc.problems
    assert {p.file for p in exc.problems} <= allowed, [p.format() for p in exc.problems]


def _assert_schema_valid(path: Path) -> None:
    from ooxml_schema import validate_package

    assert validate_package(path) == []


@SETTINGS
@given(text=mutated(REVIEW, keep=("quarter",)))
def test_any_review_gives_a_valid_deck_or_a_located_error(tmp_path_factory, text: str) -> None:
    root = _workspace(tmp_path_factory.mktemp("ws"), REVIEW, text)
    out = root / "deck.pptx"
    ws = load_workspace(root, [ACCOUNT])
    try:
        build_document(
            "review",
            ws,
            DocumentKey(ACCOUNT, audience="client", quarter="2026-Q3"),
            Options(today=AS_OF, out=out),
        )
    except ContentError as exc:
        _assert_located(exc, REVIEW)
        event("located error")
        return
    event("deck built")
    deck = Presentation(str(out))
    assert len(deck.slides) >= 3
    _assert_schema_valid(out)


@SETTINGS
@given(text=mutated(PROPOSAL, keep=("title", "language", "mode")))
def test_any_proposal_gives_a_valid_document_or_a_located_error(
    tmp_path_factory, text: str
) -> None:
    root = _workspace(tmp_path_factory.mktemp("ws"), PROPOSAL, text)
    out = root / "proposal.docx"
    ws = load_workspace(root, [ACCOUNT], other_proposals=True)
    try:
        build_document(
            "proposal",
            ws,
            DocumentKey(ACCOUNT, proposal=PROPOSAL.stem),
            Options(today=AS_OF, out=out),
        )
    except ContentError as exc:
        _assert_located(exc, PROPOSAL)
        event("located error")
        return
    event("proposal built")
    document = docx.Document(str(out))
    assert document.paragraphs
    _assert_schema_valid(out)


PLAN_ACCOUNT = Path("content/accounts/marches-vervelle/account.yaml")


@SETTINGS
@given(text=mutated(PLAN_ACCOUNT, keep=("name",)))
def test_any_account_gives_a_valid_plan_and_deck_or_a_located_error(
    tmp_path_factory, text: str
) -> None:
    from kamdocs.building.driver import DocumentKey, Options, build_document

    root = _workspace(tmp_path_factory.mktemp("ws"), PLAN_ACCOUNT, text)
    ws = load_workspace(root, ["marches-vervelle"])
    try:
        plan = build_document(
            "plan",
            ws,
            DocumentKey("marches-vervelle", audience="internal"),
            Options(today=AS_OF, out=root / "p.docx"),
        )
        deck = build_document(
            "review",
            ws,
            DocumentKey("marches-vervelle", audience="client", quarter=None),
            Options(today=AS_OF, out=root / "d.pptx"),
        )
    except ContentError as exc:
        files = {p.file for p in exc.problems}
        assert files, "a content error names its file"
        assert all(f.startswith("content/accounts/marches-vervelle/") for f in files), files
        event("located error")
        return
    event("plan and deck built")
    assert docx.Document(str(plan.path)).paragraphs
    assert len(Presentation(str(deck.path)).slides) >= 3
    _assert_schema_valid(plan.path)
    _assert_schema_valid(deck.path)
