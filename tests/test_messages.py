"""Messages in the user's language, in plain words: what a user types and what they see.

The language is the `language` written in kamdocs.yaml, else the environment's locale
(LC_ALL, LC_MESSAGES, LANG), else English.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write

from kamdocs import messages_fr
from kamdocs.cli.commands import main
from kamdocs.errors import MESSAGES

NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def arguments(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_french_catalogue_has_every_message_with_the_same_arguments() -> None:
    assert sorted(messages_fr.MESSAGES) == sorted(MESSAGES)
    for key, english in MESSAGES.items():
        assert arguments(messages_fr.MESSAGES[key]) == arguments(english), key


def workspace(root: Path, account: str, settings: str | None = None) -> Path:
    if settings is not None:
        write(root / "kamdocs.yaml", settings)
    write(root / "content" / "company.yaml", "name: Exemple SAS\n")
    write(root / "content" / "accounts" / "acme" / "account.yaml", account)
    return root


def check(root: Path, **env: str) -> list[str]:
    """Return what `kamdocs check -C ROOT` prints on stderr about account.yaml."""
    result = CliRunner(env={**NO_LOCALE, **env}).invoke(
        main, ["check", "-C", str(root), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 1, result.output
    prefix = "content/accounts/acme/account.yaml:"
    return [line.removeprefix(prefix) for line in result.stderr.splitlines() if prefix in line]


BAD_INFLUENCE = "name: ACME\nstakeholders:\n  - {name: Sophie Leroy, influence: 7}\n"


@pytest.mark.parametrize(
    ("settings", "env", "expected"),
    [
        ("language: fr\n", {"LANG": "en_US.UTF-8"}, "doit valoir 5 ou moins, et vaut '7'"),
        ("language: en\n", {"LANG": "fr_FR.UTF-8"}, "must be 5 or less, got '7'"),
        ("currency: EUR\n", {"LANG": "fr_FR.UTF-8"}, "doit valoir 5 ou moins, et vaut '7'"),
        ("currency: EUR\n", {"LC_ALL": "fr_CA.UTF-8", "LANG": "en_GB"}, "doit valoir 5 ou"),
        ("currency: EUR\n", {"LC_MESSAGES": "fr_FR", "LANG": "en_GB"}, "doit valoir 5 ou"),
        ("currency: EUR\n", {"LANG": "de_DE.UTF-8"}, "must be 5 or less, got '7'"),
        (None, {}, "must be 5 or less, got '7'"),
    ],
    ids=["written-fr", "written-en", "locale-fr", "lc-all", "lc-messages", "unknown", "none"],
)
def test_the_language_is_the_written_one_else_the_locale_else_english(
    tmp_path: Path, settings: str | None, env: dict[str, str], expected: str
) -> None:
    root = workspace(tmp_path, BAD_INFLUENCE, settings)
    (line,) = check(root, **env)
    assert line.startswith("3:37: stakeholders[0].influence: ")
    assert expected in line


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "4:1: a tab is used to indent this line; indent with spaces only"),
        (
            "fr",
            "4:1: cette ligne est indentée avec une tabulation ; n'indentez qu'avec des espaces",
        ),
    ],
)
def test_a_tab_in_the_indentation_is_named_with_its_fix(
    tmp_path: Path, language: str, expected: str
) -> None:
    root = workspace(
        tmp_path, "name: ACME\ngoals:\n  - Vendre\n\t- Livrer\n", f"language: {language}\n"
    )
    (line,) = check(root)
    assert line.startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "2:5: a colon followed by a space starts a new field; if it belongs to the text, "
            'put the whole text in quotes, like note: "Réunion : ordre du jour"',
        ),
        (
            "fr",
            "2:5: un deux-points suivi d'une espace commence un nouveau champ ; s'il fait partie "
            'du texte, mettez tout le texte entre guillemets, comme note: "Réunion : ordre du '
            'jour"',
        ),
    ],
)
def test_an_unquoted_colon_in_a_text_says_to_quote_it(
    tmp_path: Path, language: str, expected: str
) -> None:
    root = workspace(tmp_path, "name: ACME\nsector: Santé: hôpitaux\n", f"language: {language}\n")
    assert check(root) == [expected.replace("2:5", "2:14")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "'de 5 %' is not a field: inside {...} a comma separates two fields"),
        ("fr", "'de 5 %' n'est pas un champ : entre {...}, une virgule sépare deux champs"),
    ],
)
def test_a_comma_inside_braces_is_explained_not_sent_to_extra(
    tmp_path: Path, language: str, expected: str
) -> None:
    text = "name: ACME\nobjectives:\n  - {id: O1, title: Réduire les coûts, de 5 %}\n"
    (line,) = check(workspace(tmp_path, text, f"language: {language}\n"))
    assert line.startswith("3:40: objectives[0].de 5 %: " + expected)
    assert "extra" not in line


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2:8: the '{' opened here is never closed; add the '}' at the end of the same line"),
        ("fr", "2:8: le '{' ouvert ici n'est jamais fermé ; ajoutez le '}' en fin de ligne"),
    ],
)
def test_a_missing_closing_bracket_is_reported_where_it_was_opened(
    tmp_path: Path, language: str, expected: str
) -> None:
    text = "name: ACME\nowner: {name: Claire Martin\nsector: Santé\n"
    (line,) = check(workspace(tmp_path, text, f"language: {language}\n"))
    assert line.startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "2:13: selection: unknown field; the fields here are: financial, strategic, maturity",
        ),
        (
            "fr",
            "2:13: selection: champ inconnu ; les champs possibles ici sont : financial, "
            "strategic, maturity",
        ),
    ],
)
def test_an_unknown_field_where_extra_is_not_allowed_lists_the_fields(
    tmp_path: Path, language: str, expected: str
) -> None:
    text = "name: ACME\nselection: {size: 8}\n"
    assert check(workspace(tmp_path, text, f"language: {language}\n")) == [
        expected.replace("selection:", "selection.size:", 1)
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "1:9: format: '2' is not one of 1, 1.1",
        ),
        (
            "fr",
            "1:9: format: '2' n'est pas une valeur permise ; valeurs permises : 1, 1.1",
        ),
    ],
)
def test_the_allowed_values_are_always_listed(tmp_path: Path, language: str, expected: str) -> None:
    root = workspace(tmp_path, "name: ACME\n", f"format: 2\nlanguage: {language}\n")
    result = CliRunner(env=NO_LOCALE).invoke(main, ["check", "-C", str(root)])
    assert result.exit_code == 1
    assert f"kamdocs.yaml:{expected}" in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Error: unknown account 'acne'; accounts in this workspace: acme"),
        ("fr", "Error: compte inconnu 'acne' ; comptes de cet espace : acme"),
    ],
)
def test_command_line_errors_follow_the_language(
    tmp_path: Path, language: str, expected: str
) -> None:
    root = workspace(tmp_path, "name: ACME\n", f"language: {language}\n")
    result = CliRunner(env=NO_LOCALE).invoke(main, ["plan", "acne", "-C", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [expected]


def test_a_did_you_mean_hint_is_worded_in_french(tmp_path: Path) -> None:
    root = workspace(tmp_path, "name: ACME\nsectr: Santé\n", "language: fr\n")
    assert check(root) == ["2:1: sectr: champ inconnu (vouliez-vous dire « sector » ?)"]
