"""The gate's property: over bounded mutations of a workspace, `kamdocs check` fails exactly
when `kamdocs build` fails. Each example copies a two-account slice of the demo workspace,
applies up to two mutations a user could make, then runs both commands."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamdocs.cli.commands import main

REPO = Path(__file__).resolve().parent.parent
ACCOUNTS = ("braise-textiles", "marches-vervelle")
AS_OF = ["--as-of", "2026-11-23"]
MV = Path("content/accounts/marches-vervelle")


def _edit(relative: str | Path, pattern: str, replacement: str) -> Callable[[Path], None]:
    """A mutation replacing the first match of `pattern` in one file of the workspace."""

    def mutate(ws: Path) -> None:
        path = ws / relative
        text = path.read_text(encoding="utf-8")
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        assert changed != text, f"{pattern!r} not found in {relative}"
        path.write_text(changed, encoding="utf-8")

    return mutate


def _template(name: str, addition: str) -> Callable[[Path], None]:
    """A mutation overriding a packaged template with a copy that ends with `addition`."""

    def mutate(ws: Path) -> None:
        target = ws / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (REPO / "templates" / name).read_text(encoding="utf-8")
        target.write_text(text + addition, encoding="utf-8")

    return mutate


def _write(relative: str, data: bytes) -> Callable[[Path], None]:
    def mutate(ws: Path) -> None:
        (ws / relative).parent.mkdir(parents=True, exist_ok=True)
        (ws / relative).write_bytes(data)

    return mutate


MUTATIONS: dict[str, Callable[[Path], None]] = {
    "delete the account's name": _edit(MV / "account.yaml", r"^name: .*\n", ""),
    "a score as a word": _edit(MV / "account.yaml", r"financial: \d+", "financial: high"),
    "a harmless new sector": _edit(MV / "account.yaml", r"^sector: .*$", "sector: Retail"),
    "a bad review date": _edit(MV / "reviews/2026-Q2.yaml", r"^date: .*$", "date: 2026-02-30"),
    "a bad proposal date": _edit(
        MV / "proposals/prev-frais-2027.yaml", r"^date: .*$", "date: 20261120"
    ),  # fmt: skip
    "a missing annex": _edit(
        MV / "proposals/prev-frais-2027.yaml", r"library/certifications\.md", "library/gone.md"
    ),  # fmt: skip
    "a missing logo": _edit("content/company.yaml", r"^logo: .*$", "logo: gone.png"),
    "a logo that is text": _write("content/logo.png", b"not a picture\n"),
    "an unknown filter": _template("docx/plan/cover.md.j2", "{{ account.name | shout }}\n"),
    "an unclosed block": _template("pptx/review/deck.md.j2", "{% if true %}\n"),
    "a broken settings file": _edit("kamdocs.yaml", r"^currency: .*$", "currency: [EUR"),
    "a company typo": _edit("content/company.yaml", r"^name:", "nmae:"),
}


def _slice(target: Path) -> Path:
    """Copy the demo's settings, company, library and two accounts into `target`."""
    shutil.copy(REPO / "kamdocs.yaml", target / "kamdocs.yaml")
    content = target / "content"
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("accounts"))
    for slug in ACCOUNTS:
        shutil.copytree(REPO / "content" / "accounts" / slug, content / "accounts" / slug)
    return target


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args] + AS_OF)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["a harmless new sector", "a logo that is text"])
def test_each_kind_of_mutation_reaches_the_workspace(name: str, tmp_path: Path) -> None:
    """The mutations apply (they find what they change), and both outcomes occur."""
    ws = _slice(tmp_path)
    MUTATIONS[name](ws)
    code, _ = _run("check", "-C", ws)
    assert code == (0 if name == "a harmless new sector" else 1)


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(chosen=st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=2, unique=True))
def test_check_fails_exactly_when_build_fails(
    chosen: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    ws = _slice(tmp_path_factory.mktemp("ws"))
    for name in chosen:
        MUTATIONS[name](ws)
    check_code, check_out = _run("check", "-C", ws)
    build_code, build_out = _run("build", "-C", ws, "--jobs", "1")
    assert "Traceback" not in check_out + build_out
    assert "internal error" not in check_out + build_out
    assert check_code == build_code, (chosen, check_out, build_out)
