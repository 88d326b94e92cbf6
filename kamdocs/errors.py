"""User-facing errors: the problems a user can fix, with where they are.

A `Problem` holds a message key and its arguments, not a finished sentence: `MESSAGES` below
is the catalogue of every problem's text, in English, and `kamdocs.messages_fr` the same
catalogue in French, key for key. A message is worded when it is shown, in the language the
command line chose (`set_language`): the `language` written in kamdocs.yaml, else the
environment's locale, else English. The catalogues are plain dictionaries rather than gettext
files: the keys already are the message ids, the named arguments are `str.format` fields, and
a test compares the two catalogues key by key and argument by argument.

Anything that is not a `KamdocsError` is a bug in kamdocs and keeps its traceback.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from kamdocs import messages_fr
from kamdocs.valueclass import valueclass

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
    "yaml_syntax": (
        "the file's layout cannot be read here ({problem}); check the indentation, "
        "the colons and the quotes"
    ),
    "yaml_error": "the file's layout cannot be read: {error}",
    "yaml_tab": (
        "a tab is used to indent this line; indent with spaces only "
        "(replace the tab with two spaces per level)"
    ),
    "yaml_bad_start": (
        "a value cannot start with '{char}'; put the whole value in quotes, like \"{char}...\""
    ),
    "yaml_colon_in_value": (
        "a colon followed by a space starts a new field; if it belongs to the text, put the "
        'whole text in quotes, like note: "Réunion : ordre du jour"'
    ),
    "yaml_in_braces": (
        "inside {opening}...{closing}, a colon or a comma ends the text; put a text holding "
        'a colon or a comma in quotes, like text: "a, b: c"'
    ),
    "yaml_unclosed": (
        "the '{opening}' opened here is never closed; add the '{closing}' at the end of the "
        "same line (or check the line for a missing comma)"
    ),
    "yaml_unclosed_quote": (
        "the quote opened here is never closed; add the closing quote (inside a text in "
        "single quotes, write an apostrophe twice: 'l''offre')"
    ),
    "yaml_structure": (
        "this line does not fit the lines above: fields of the same level start in the same "
        "column, and a text holding quotes or ': ' is put in quotes as a whole"
    ),
    "yaml_unknown_alias": (
        "'*' starts a reference to a '&' anchor that does not exist; if the star is part of "
        "the text, put the whole text in quotes"
    ),
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
    "unknown_field_here": "unknown field; the fields here are: {fields}",
    "unknown_field_in_braces": (
        "'{name}' is not a field: inside {{...}} a comma separates two fields; if the comma "
        'belongs to the text, put the whole text in quotes, like text: "a, b"'
    ),
    "missing_field": "required field is missing",
    "not_one_of": "{value} is not one of {allowed}",
    "at_least": "must be {limit} or more, got {value}",
    "at_most": "must be {limit} or less, got {value}",
    "more_than": "must be more than {limit}, got {value}",
    "less_than": "must be less than {limit}, got {value}",
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
    # --- numbers that make sense (workspace/model.py, checks/pricing_rules.py) ---
    "ratio_without_percent": (
        "{value} is not a fraction between 0 and 1; write {value}% for a percentage, "
        "or {fraction} as a fraction"
    ),
    "ratio_out_of_range": "must be between {low} and {high}, got {value}",
    "negative_amount": "an amount cannot be negative here, got {value}",
    "negative_total": (
        "the price table's total excl. VAT is {total}, below zero; check the unit prices "
        "of the credit lines"
    ),
    "too_many_decimals": (
        "{value} has more decimals than the currency's {decimals}; round it to avoid a "
        "total that does not add up"
    ),
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
    "output_dir_outside": (
        "{value} leaves the workspace: output_dir is a folder inside it, such as 'build' or "
        "'out/documents'"
    ),
    "output_dir_inputs": (
        "{value} would mix outputs with your inputs: output_dir is a folder of its own, "
        "outside content/ and templates/, such as 'build' or 'out'"
    ),
    "picture_not_image": (
        "'{path}' is not a picture a document can show ({error}): give a PNG, JPEG or GIF file"
    ),
    "check_internal_error": (
        "{document}: internal error (a bug in kamdocs) while building it in memory: {error}"
    ),
    "portfolio_left_out": (
        "this account is left out of the portfolio summary and deck: its files have errors"
    ),
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
    "unknown_slide": "'{name}' is not a slide of the review deck; slides: {known}",
    # --- a proposal (checks/paths.py, documents.py, pricing_rules.py, tender.py) ---
    "unknown_contact": "'{contact}' is not a stakeholder of the account",
    **{key: OBJECTIVE_GAP + text for key, text in GAPS.items()},
    "library_language": (
        "'{path}' is written in '{language}', the proposal in '{proposal_language}'"
    ),
    "library_review_due": "'{path}' was due for review on {date}",
    # --- company.yaml texts per language (workspace/model.py, checks/paths.py) ---
    "lang_text_keys": (
        "a text per language is written {{fr: ..., en: ...}} with non-empty values; got {keys}"
    ),
    "lang_text_missing": (
        "no '{language}' text: a document in '{language}' ({used}) prints the '{home}' one; "
        "write it {{{home}: ..., {language}: ...}}"
    ),
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
    "cell_too_long": (
        "requirement '{id}': {length} characters, more than the {limit} a cell of the"
        " compliance grid holds; shorten it or move the detail into the proposal's text"
    ),
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
    # --- the command line (cli/, building/, workspace/templates.py) ---
    "no_workspace_folder": "{path}: no such workspace folder",
    "company_has_errors": "{path}: has errors; run 'kamdocs check'",
    "unknown_document_kind": "unknown document kind '{name}'; kinds: {known}",
    "unknown_account": "unknown account '{slug}'; accounts in this workspace: {known}",
    "unknown_account_new": "unknown account '{slug}'; accounts: {known}",
    "unknown_proposal": (
        "unknown proposal '{proposal}' for account '{slug}'; proposals of this account: {known}"
    ),
    "unknown_audience": "unknown audience '{audience}'; audiences: {known}",
    "no_review_file": (
        "account '{slug}' has no review file; add content/accounts/{slug}/reviews/"
        "YYYY-Qn.yaml (e.g. with 'kamdocs new review {slug} QUARTER')"
    ),
    "unknown_quarter": (
        "no review for quarter '{quarter}' in account '{slug}'; quarters available: {known}"
    ),
    "bad_slug": "'{slug}': an account slug uses only a-z, 0-9 and '-'",
    "bad_quarter": "'{quarter}': expected a quarter such as 2026-Q3",
    "bad_proposal_id": "'{proposal}': a proposal id uses letters, digits and '-'",
    "file_exists": "{path}: already exists; choose another name or edit it",
    "file_locked": (
        "{path}: cannot replace the file; is it open in another program (Word, PowerPoint)? "
        "Close it and build again; the previous file is kept."
    ),
    "soffice_not_found": (
        "'{program}' not found. LibreOffice is needed for PDF output: install it, e.g. "
        "'apt-get install -y libreoffice-writer-nogui libreoffice-impress-nogui'"
    ),
    "soffice_failed": "LibreOffice failed: {error}",
    "soffice_timeout": "LibreOffice took more than {seconds} s",
    "soffice_no_pdf": "{path}: LibreOffice produced no PDF",
    "reference_not_found": "{path}: reference file not found",
    "no_template_file": "no {path} in the template folders",
    "reference_unreadable": "{path}: cannot read the reference file: {error}",
    "bad_as_of": "expected a date such as 2026-09-30, got {value}",
    "bad_source_date_epoch": "SOURCE_DATE_EPOCH must be whole seconds, got {value}",
    "wrote": "wrote {path}",
    "output_unwritable": (
        "the command's messages could not be written where they go ({error}): free some "
        "space or send them elsewhere, and run it again"
    ),
    "watch_watching": "watching {paths} (Ctrl-C to stop)",
    "watch_rebuilt": "rebuilt {path} in {ms} ms",
    "watch_failed": "not rebuilt: {what}; the previous file stays",
    "watch_done": "{built} rebuilt, {failed} failed; waiting for the next save",
    "watch_stopped": "stopped watching",
    "check_account": (
        "{slug}: {state} — {name}; {reviews} review(s), {proposals} proposal(s); "
        "{errors} error(s), {warnings} warning(s)"
    ),
    "check_total": "{accounts} account(s): {errors} error(s), {warnings} warning(s)",
    "proposal_total": "{proposal}: {errors} error(s), {warnings} warning(s)",
    # --- tender answers a buyer can score (issue 16) ---
    "empty_criterion": (
        "criterion {id} '{name}' ({weight} points) gets no content: give it parts or an "
        "answer; parts that could fill it: {parts}"
    ),
    # --- the matrix a grader follows and the submission pack (issue 19) ---
    "unknown_annex_cited": (
        "{id} cites annex {n}, but the document has {count} numbered annex(es): cite one "
        "of them, or give the file as evidence {{text, annex}}"
    ),
    "requirement_not_mentioned": (
        "{id} is marked compliant, but the section that answers it ({section}) mentions "
        "neither '{id}' nor its key terms ({terms}): say there how it is met"
    ),
    "pack_too_large": (
        "the pack weighs {size} MB, over the platform's limit of {limit} MB: make the "
        "annexes lighter or ask the buyer"
    ),
    "required_piece_missing": (
        "required piece '{piece}' is missing: '{path}' is neither a file inside content/ nor "
        "one of memoire, compliance, price_schedule; add the file before the deadline"
    ),
    "pack_needs_tender": (
        "{proposal}: --pack builds a tender's submission pack; this proposal is not in tender mode"
    ),
    "pack_unsafe_target": "{path}: {why}; choose another folder for the pack",
    "unknown_pattern_field": (
        "file_pattern names the field '{name}', which is not one of reference, lot, piece, "
        "company; fix the pattern"
    ),
    "pack_written": "pack written to {path}: {files} file(s), {size} MB",
    "no_signatory": (
        "no tender.signatory: the answer is signed by who signs the acte d'engagement; "
        "give that person's name and title"
    ),
    "firm_lines_beside_schedule": (
        "{n} firm pricing line(s) beside the buyer's price schedule (total {dqe}): the "
        "schedule is the financial offer and wins; keep only options and payment terms here"
    ),
    "vat_rate_contradicts_country": (
        "a VAT rate of {rate} is set for a client established in {country}, where {expected}"
    ),
    # --- importing an export (importing/) ---
    "import_bad_date": "expected a date ({format}, or ISO 2026-09-30), got '{value}'",
    "import_bad_amount": "expected an amount, got '{value}'",
    "import_bad_probability": "expected a probability (0-100, or 0-1, or 40%), got '{value}'",
    "import_unknown_stage": (
        "unknown stage '{value}'; map it to one of {stages} under values.stage of a mapping "
        "file (--mapping)"
    ),
    "import_missing_columns": (
        "not a {preset} export kamdocs can read: {kind} need the column(s) {missing}"
    ),
    "mapping_bad": "{what}",
    "mapping_unknown_field": "column '{name}': unknown field '{target}'; fields: {fields}",
    # --- freshness (checks/freshness.py) ---
    "stale_contact": (
        "{name} ({role}) last contacted on {since}, {days} days ago (over freshness."
        "contact_days: {limit})"
    ),
    "never_contacted": "{name} ({role}): no contact recorded (last_contact or interactions)",
    "stale_close": (
        "open opportunity '{name}' was to close on {close}: update its close date or its stage"
    ),
    "stale_review": (
        "the latest review is {quarter}, older than the previous quarter {previous}: "
        "hold or record the review"
    ),
    "stale_plan": "the plan was due for revision on {date} (plan.next_revision)",
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

# Words kamdocs itself puts in a message's arguments (not the user's data), by language.
TERMS: dict[str, Mapping[str, str]] = {"fr": messages_fr.TERMS}
CATALOGUES: dict[str, Mapping[str, str]] = {"en": MESSAGES, "fr": messages_fr.MESSAGES}
LANGUAGES = tuple(CATALOGUES)
_HINT_DID_YOU_MEAN = re.compile(r"^did you mean '(.*)'\?$", re.S)

# The language messages are worded in; the command line sets it for the length of a command.
_current = ["en"]


def set_language(language: str) -> str:
    """Word messages in `language` (a key of `CATALOGUES`) from now on; return the former."""
    former = _current[0]
    _current[0] = language if language in CATALOGUES else "en"
    return former


def current_language() -> str:
    """Return the language messages are worded in."""
    return _current[0]


def language_of_locale(environ: Mapping[str, str]) -> str | None:
    """Return the language of the environment's locale (LC_ALL, LC_MESSAGES, LANG), if known."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:  # the first one set decides, as for every program (C and POSIX: none)
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in CATALOGUES else None
    return None


def word(key: str, args: Args | dict[str, Any], language: str | None = None) -> str:
    """Return message `key` filled in with `args`, in `language` (default: the current one)."""
    language = language or _current[0]
    values = dict(args)
    terms = TERMS.get(language)
    if terms:
        values = {name: terms.get(str(value), value) for name, value in values.items()}
    return CATALOGUES.get(language, MESSAGES)[key].format(**values)


def word_hint(hint: str, language: str | None = None) -> str:
    """Return a hint in `language`: "did you mean 'x'?" and the fixed hints are translated."""
    language = language or _current[0]
    if language == "en" or not hint:
        return hint
    match = _HINT_DID_YOU_MEAN.match(hint)
    if match:
        return messages_fr.DID_YOU_MEAN.format(choice=match.group(1))
    return messages_fr.HINTS.get(hint, hint)


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
        """The message, from the catalogue of the current language, filled in with `args`."""
        return word(self.key, self.args)

    @property
    def text(self) -> str:
        """The message followed by its hint in parentheses, if any."""
        return self.text_in(current_language())

    def text_in(self, language: str) -> str:
        """The message and its hint, in `language`."""
        message = word(self.key, self.args, language)
        hint = word_hint(self.hint, language)
        return f"{message} ({hint})" if hint else message


@valueclass(frozen=True, eq=False)
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
        # In English whatever the current language, so that the order is the same in every one.
        return (self.file, self.line, self.column, self.field, self.text_in("en"), self.severity)

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
        # "warning:" is the marker of content-format.md's line format, in every language.
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
    """A problem the user can fix; the CLI prints its message and exits with 1.

    `KamdocsError.of(key, **args)` names a message of the catalogue, worded in the current
    language when shown; `KamdocsError(text)` carries a finished text (a template's error, for
    the people who write templates).
    """

    key = ""
    values: Args = ()

    @classmethod
    def of(cls, key: str, **args: Any) -> KamdocsError:
        """Return the error of message `key` with its arguments by name."""
        error = cls(word(key, make_args(args), "en"))
        error.key, error.values = key, make_args(args)
        return error

    def __str__(self) -> str:
        return word(self.key, self.values) if self.key else super().__str__()


class ContentError(KamdocsError):
    """Content problems that block a document; carries every located problem at once."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class InvalidValue(ValueError):
    """A model validator's refusal, by message key, for the loader to report as a problem."""

    def __init__(self, key: str, **args: Any):
        self.key = key
        self.values = args
        super().__init__(word(key, make_args(args), "en"))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return the hint "did you mean 'x'?" for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
