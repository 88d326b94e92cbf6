"""User-facing errors: the problems a user can fix, with where they are.

A `Problem` holds a message key and its arguments, not a finished sentence: `MESSAGES` below
is the catalogue of every problem's text, in English, so that the messages can be translated
without touching the code that finds the problems.

Anything that is not a `KamdocsError` is a bug in kamdocs and keeps its traceback.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
# A message's arguments: (name, value as text) pairs, in the order they were given.
Args = tuple[tuple[str, str], ...]

# What a proposal lacks for one of its five objectives (checks/objectives.py): a gap's own text.
# As a problem, the same key reads "O1 (show we understood the need): <the gap's text>".
GAPS: dict[str, str] = {
    "no_context": "no context: describe the client's situation, stakes and constraints",
    "no_needs": "no needs: list the client's needs, each with an id (B1, B2...)",
    "copied_paragraph": (
        "paragraph {number} ('{excerpt}...') is copied verbatim from {source}: "
        "generic text is marked down; write it for this client"
    ),
    "no_solution": "no solution: say how the offer answers each need",
    "no_methodology": "no methodology: describe the approach (or include a library block)",
    "no_kpi_target": (
        "no expected result with a KPI and a target: give objectives[].kpi and objectives[].target"
    ),
    "roi_without_assumptions": "roi has no assumptions: a gain without its assumption is not shown",
    "no_roi": "no ROI: give roi.annual_gain, roi.horizon_years and roi.assumptions",
    "no_price": "no price: add pricing.lines",
    "no_references": "no references, here or in company.yaml: cite 2-3 comparable projects",
    "no_guarantees": "no guarantee or SLA, here or in company.yaml (sla)",
    "no_team": "no team: name the people and their roles",
    "no_decision_summary": (
        "no decision summary: need, solution, price, ROI, proofs and the "
        "decision expected, on one page"
    ),
    "no_dated_next_step": "no next step with a date: say who does what, by when",
    "validity_default": "validity not set: the {days}-day default applies (valid until {until})",
    "validity_passed": "the offer expired on {until} (as of {today}): set a new valid_until",
}
OBJECTIVE_GAP = "{objective} ({objective_name}): "

# Every problem's text, by key. `{name}` is an argument of the problem; a hint ("did you
# mean 'x'?") is not part of the text: `Problem.format` adds it in parentheses.
MESSAGES: dict[str, str] = {
    # --- reading a file (workspace/yamlread.py, workspace/loader.py) ---
    "cannot_read": "cannot read: {error}",
    "not_utf8": "the file is not UTF-8 (byte 0x{byte}); save it as UTF-8",
    "file_too_large": (
        "the file is too large ({size} KB, limit {limit} KB); move long text into Markdown includes"
    ),
    "removed_character": "removed character U+{code} that documents cannot hold",
    "removed_reserved_character": "removed character U+{code}, reserved by kamdocs",
    "yaml_syntax": "YAML syntax error: {problem} (check indentation, colons and quotes)",
    "yaml_error": "YAML error: {error}",
    "yaml_bomb": (
        "aliases expand to more than {limit} values; this looks like a YAML bomb and is refused"
    ),
    "recursive_alias": "an alias refers to itself; recursive data is refused",
    "key_not_plain": "a key must be a plain name, not a list or mapping",
    "duplicate_key": "duplicate key: remove or rename one of them",
    "removed_control_characters": (
        "removed characters that documents cannot hold (control characters)"
    ),
    "empty_file": "the file is empty; expected key: value lines",
    "not_a_mapping": "expected a mapping of fields (key: value lines), got {value}",
    # --- a file's schema (workspace/loader.py, workspace/model.py) ---
    "unknown_field": "unknown field",
    "unknown_field_extra": "unknown field; put your own data under 'extra:'",
    "missing_field": "required field is missing",
    "not_one_of": "{value} is not one of {allowed}",
    "out_of_range": "must be {bound}, got {value}",
    "expected_text": "expected text, got {value}",
    "expected_whole_number": "expected a whole number, got {value}",
    "expected_number": "expected a number, got {value}",
    "expected_true_or_false": "expected true or false, got {value}",
    "expected_date": "expected a date such as 2026-09-30, got {value}",
    "expected_date_time": "expected a date-time such as 2026-10-01T12:00, got {value}",
    "expected_list": "expected a list, got {value}",
    "expected_mapping": "expected a mapping (key: value lines), got {value}",
    "expected_ratio": "expected a ratio such as 35% or 0.35, got {value}",
    "expected_finite_number": "expected a finite number",
    "number_too_large": "{value} is too large; numbers go up to {largest}",
    "expected_period": "expected a year (2026) or a quarter (2026-Q3), got {value}",
    "expected_quarter": "expected a quarter such as 2026-Q3, got {value}",
    "invalid_value": "{error}",  # a validator's own words (pydantic's), not kamdocs's
    "invalid": "{error}, got {value}",  # pydantic's words for an error kamdocs does not name
    # --- paths and includes inside content/ (workspace/loader.py, checks/paths.py) ---
    "include_not_relative": "'{path}' must be a path relative to content/; fix the include path",
    "include_leaves_content": (
        "'{path}' leaves content/ ('..' is not allowed); fix the include path"
    ),
    "include_through_link": (
        "'{path}' leads outside content/ (through a symbolic link); fix the include path"
    ),
    "include_unreadable": "'{path}' cannot be read: {error}; fix the include path",
    "include_not_found": "'{path}' does not exist under content/; fix the include path",
    "path_not_relative": "'{path}' must be a path relative to content/; fix the path",
    "path_leaves_content": "'{path}' leaves content/ ('..' is not allowed); fix the path",
    "path_through_link": "'{path}' leads outside content/ (through a symbolic link); fix the path",
    "path_unreadable": "'{path}' cannot be read: {error}; fix the path",
    "path_not_found": "'{path}' does not exist under content/; fix the path",
    # --- the workspace's folders (workspace/loader.py) ---
    "no_content_folder": (
        "no content/ folder here: run kamdocs in a workspace, pass -C DIR, or 'kamdocs init DIR'"
    ),
    "company_missing": "missing: describe your company (name, offerings, team); see 'kamdocs init'",
    "account_folder_name": "account folder name '{slug}' must use only a-z, 0-9 and '-'",
    "account_folder_outside": "account folder leads outside content/",
    "account_file_missing": "missing: every account folder needs an account.yaml",
    "quarter_mismatch": (
        "'{quarter}' differs from the file name '{stem}'; rename the file or fix the quarter"
    ),
    # --- an account and its reviews (checks/account.py, review.py, people.py, wording.py) ---
    "unknown_objective": "'{objective}' is not an objective id (objectives: {known})",
    "no_expected_result": "no expected_result: say what the action should achieve, with a number",
    "expected_result_without_figure": "no figure: give a number, a unit and a period",
    "no_target": "no target: an objective needs a measurable target",
    "swot_without_figure": "no figure: add a quantitative indicator",
    "duplicate_action_id": "duplicate action id '{id}'",
    "unknown_owner": "'{owner}' is not the KAM, a team member or a stakeholder",
    "internal_word": (
        "mentions '{word}' in text the client editions show; margins, cost to serve, "
        "attitudes and competitors stay internal: reword it, move it to an internal section "
        "(risks, notes) or mark the item 'audience: internal'"
    ),
    "leak": (
        "internal value found in the client edition {document}, {where}: '{excerpt}'; "
        "client editions never show it: remove it from the client-visible text that repeats "
        "it, or mark that item 'audience: internal'"
    ),
    "success_without_figure": "no figure: say how much, in what unit and period",
    "incomplete_priority": "a priority needs an owner and a due date",
    "unknown_action_id": "'{id}' is not an action id of account.yaml",
    # --- a proposal (checks/paths.py, documents.py, pricing_rules.py, tender.py) ---
    "unknown_contact": "'{contact}' is not a stakeholder of the account",
    **{key: OBJECTIVE_GAP + text for key, text in GAPS.items()},
    "library_language": (
        "'{path}' is written in '{language}', the proposal in '{proposal_language}'"
    ),
    "library_review_due": "'{path}' was due for review on {date}",
    "vat_note_missing": (
        "a 0 % VAT rate needs its legal mention (for example a reverse-charge article): "
        "set pricing.vat_note"
    ),
    "no_tender_block": (
        "mode is tender but there is no tender: block (criteria, price_schedule, requirements)"
    ),
    "criteria_weights": "award criterion weights add up to {total}, expected {expected}",
    "subcriteria_weights": (
        "sub-criteria of {parent} add up to {total}, expected {expected} (the weight of {parent})"
    ),
    "no_award_criteria": (
        "no award criteria: the mémoire technique cannot follow the RC, every part goes to "
        "the additional information chapter"
    ),
    "duplicate_criterion_id": "duplicate criterion id '{id}'",
    "part_placed_twice": "'{part}' is already placed under {criterion}; it appears there only",
    "several_price_criteria": (
        "several price criteria: the financial offer goes under the first one only"
    ),
    "duplicate_requirement_id": "duplicate requirement id '{id}'",
    "eliminatory_not_met": "eliminatory requirement {id} is {state}: the offer would be rejected",
    "no_justification": "{id} is {state} without a justification: say what is not covered and why",
    "no_section": (
        "{id} has no section: name the part or the criterion that answers it ({sections})"
    ),
    "unknown_section": "'{section}' is not a section of this proposal; sections: {sections}",
    "unknown_criterion": "'{criterion}' is not a criterion id (criteria: {known})",
    "deadline_passed": "the deadline {deadline} has passed (as of {today})",
    "validity_differs": (
        "differs from the RC's validity (deadline + {days} days = {until}), which is used"
    ),
    "dqe_mismatch": (
        "the DQE total {dqe} differs from our total excl. VAT {ours} by {gap}: "
        "the schedule and pricing.lines must agree"
    ),
    "page_limit_counted": (
        "the mémoire technique is {pages} pages (counted with LibreOffice), "
        "over the RC's limit of {limit}"
    ),
    "page_limit_estimated": (
        "the mémoire technique is {pages} pages (estimated; 'kamdocs proposal ACCOUNT ID "
        "--check' counts them), over the RC's limit of {limit}"
    ),
    # --- checking a document (building/) ---
    "pages_not_counted": (
        "cannot count the pages of the mémoire technique: '{program}' (LibreOffice) not "
        "found; install the package libreoffice-writer-nogui (pages are estimated instead)"
    ),
    "not_checked": "{error}",  # a KamdocsError (a template's, say) met while checking
    # --- between the reviews: status e-mail, call agenda, trust index ---
    "no_recipients": (
        "no cadence.recipients: the status e-mail is addressed to a placeholder; name the "
        "stakeholders who receive it"
    ),
    "unknown_recipient": "'{name}' is not a stakeholder of this account (stakeholders: {known})",
    "recipient_without_email": (
        "{name} receives the status e-mail but has no email: the e-mail shows a placeholder"
    ),
    "owner_without_email": (
        "the account has no owner e-mail: the status e-mail's sender is a placeholder"
    ),
    "unknown_attendee": "'{name}' is neither a stakeholder nor one of our team ({known})",
    "trust_without_evidence": (
        "the rating of lever '{lever}' has no evidence: give the fact behind it"
    ),
    "trust_stale": (
        "the latest rating of lever '{lever}' ({date}) is older than two quarters as of {today}: "
        "rate it again"
    ),
    "trust_undated": "the rating of lever '{lever}' has no date: say when it was given",
}


def make_args(values: dict[str, Any]) -> Args:
    """Return a message's arguments as (name, text) pairs."""
    return tuple((name, str(value)) for name, value in values.items())


class Worded:
    """The words of a problem: its message from the catalogue (`MESSAGES[key]` filled in with
    `args`) and its hint."""

    key: str
    args: Args
    hint: str

    @property
    def message(self) -> str:
        """The message, from the catalogue: `MESSAGES[key]` filled in with `args`."""
        return MESSAGES[self.key].format(**dict(self.args))

    @property
    def text(self) -> str:
        """The message followed by its hint in parentheses, if any."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


@dataclass(frozen=True, eq=False)
class Problem(Worded):
    """One located problem in a content, template or settings file.

    `line` and `column` count from 1; 0 means the position is unknown (the file as a whole).
    `key` names the message in `MESSAGES`, `args` fills it in; `hint` (say "did you mean
    'x'?") follows the message in parentheses. Problems compare and sort by file, line,
    column, field, then their text (message and hint), then severity.
    """

    file: str
    line: int
    column: int
    field: str
    key: str
    args: Args = ()
    severity: Severity = "error"
    hint: str = ""

    def __post_init__(self) -> None:
        _ = self._order  # rendered once: a key or an argument the catalogue lacks fails here

    @functools.cached_property
    def _order(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.column, self.field, self.text, self.severity)

    @classmethod
    def at(
        cls,
        file: str,
        key: str,
        *,
        line: int = 0,
        column: int = 0,
        field: str = "",
        severity: Severity = "error",
        hint: str = "",
        **args: Any,
    ) -> Problem:
        """Return the problem `key` with its arguments by name; line 0: the whole file."""
        return cls(file, line, column, field, key, make_args(args), severity, hint)

    def format(self) -> str:
        """Return the problem as `path:line:column: [warning: ]field: message[ (hint)]`."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        label = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{field}{self.text}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._order == other._order

    def __hash__(self) -> int:
        return hash(self._order)

    def __lt__(self, other: Problem) -> bool:
        return self._order < other._order

    def __le__(self, other: Problem) -> bool:
        return self._order <= other._order

    def __gt__(self, other: Problem) -> bool:
        return self._order > other._order

    def __ge__(self, other: Problem) -> bool:
        return self._order >= other._order


class KamdocsError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with 1."""


class ContentError(KamdocsError):
    """Content problems that block a document; carries every located problem at once."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class InvalidValue(ValueError):
    """A model validator's refusal, by message key, for the loader to report as a problem."""

    def __init__(self, key: str, **args: Any):
        self.key = key
        self.values = args
        super().__init__(MESSAGES[key].format(**args))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return the hint "did you mean 'x'?" for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
