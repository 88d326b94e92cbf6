"""Typed, frozen models of every file kind of the content format (version 1).

The model knows nothing about documents. Money and ratios are `Decimal`; ratios are stored as
fractions (`35%` -> Decimal("0.35")). Fields marked *(md)* in the content format are `Md`
strings: Markdown to be parsed as its own fragment, never as a template. `{include: ...}`
mappings are resolved into text by the loader before validation.

This module does without `from __future__ import annotations`: pydantic would otherwise
evaluate each of its ~340 annotation strings at import (10 ms of every command's start).
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)

from kamdocs.errors import InvalidValue

# --- scalar types -------------------------------------------------------------------------


def _parse_ratio(value: Any) -> Any:
    """Accept `35%`, `0.35`, `35 %` and return a Decimal fraction; leave other input to pydantic."""
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if text.endswith("%"):
            try:
                return Decimal(text[:-1].strip()) / 100
            except InvalidOperation:
                raise InvalidValue("expected_ratio", value=repr(value)) from None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise InvalidValue("expected_ratio", value=repr(value)) from None
    if isinstance(value, bool):
        raise InvalidValue("expected_ratio", value=repr(value))
    return value


def _parse_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise InvalidValue("expected_number", value=repr(value))
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(" ", "").replace("\u202f", ""))
        except InvalidOperation:
            raise InvalidValue("expected_number", value=repr(value)) from None
    return value


# Above this, products of amounts and quantities outgrow the 28 digits of Decimal's default
# context (and no key account counts in hundreds of billions).
LARGEST_NUMBER = Decimal(10) ** 11


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise InvalidValue("expected_finite_number")
    if abs(value) > LARGEST_NUMBER:
        raise InvalidValue("number_too_large", value=str(value), largest="100 000 000 000")
    return value


def _to_text(value: Any) -> Any:
    """Periods, ids and years may be written unquoted (2026, 1.10); keep them as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | float):
        return str(value)
    return value


def _bounded_ratio(low: Decimal, high: Decimal) -> Any:
    """Return a validator that reads a ratio and refuses it outside `low`..`high`.

    A bare number above 1 is most often a percentage written without its sign (`vat_rate: 20`);
    its refusal says what to write rather than reading it as 2 000 %.
    """

    def check(value: Any) -> Any:
        written_as_percent = isinstance(value, str) and value.strip().endswith("%")
        ratio = _parse_ratio(value)
        if not isinstance(ratio, int | float | Decimal) or isinstance(ratio, bool):
            return ratio
        ratio = ratio if isinstance(ratio, Decimal) else Decimal(repr(ratio))
        if not ratio.is_finite() or low <= ratio <= high:
            return ratio
        shown = str(value).strip()
        if not written_as_percent and low * 100 <= ratio <= high * 100:
            raise InvalidValue("ratio_without_percent", value=shown, fraction=_plain(ratio / 100))
        raise InvalidValue(
            "ratio_out_of_range", value=shown, low=f"{_plain(low * 100)}%",
            high=f"{_plain(high * 100)}%",
        )  # fmt: skip

    check.ratio_bounds = (low, high)  # type: ignore[attr-defined]  # read by the JSON Schema
    return check


def _plain(value: Decimal) -> str:
    """Return `value` without exponent or trailing zeros (20 -> '20', 0.2000 -> '0.2')."""
    text = f"{value.normalize():f}"
    return text


def _not_negative(value: Any) -> Any:
    """Refuse a negative amount where the content format allows none."""
    number = _parse_number(value)
    if isinstance(number, int | Decimal) and not isinstance(number, bool) and number < 0:
        raise InvalidValue("negative_amount", value=str(value).strip())
    return number


# Trends and growth: any percentage, negative included.
Ratio = Annotated[Decimal, BeforeValidator(_parse_ratio)]
# VAT, discounts, probabilities, shares, tolerances: 0 % to 100 %.
Share = Annotated[Decimal, BeforeValidator(_bounded_ratio(Decimal(0), Decimal(1)))]
# Margins: -100 % to 100 %.
Margin = Annotated[Decimal, BeforeValidator(_bounded_ratio(Decimal(-1), Decimal(1)))]
Number = Annotated[Decimal, BeforeValidator(_parse_number)]
# Amounts of money are never negative, except a pricing line's unit price (a credit line).
Money = Annotated[Decimal, BeforeValidator(_not_negative)]
SignedMoney = Number
Text = Annotated[str, BeforeValidator(_to_text)]


class LangStr(str):
    """A company.yaml text written per language (`{fr: ..., en: ...}`). As a string it is
    its first value; `by_lang` holds each language's text. Documents print the value of
    their language (`workspace.localize`); a plain string is a text of the workspace's."""

    by_lang: dict[str, str]


def _to_lang_text(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Accept a plain text or a mapping of languages to texts (`{fr: Formation, en: Training}`)."""
    if not isinstance(value, dict):
        return handler(_to_text(value))
    texts = {k: str(_to_text(v)).strip() for k, v in value.items() if v is not None}
    wrong = [str(k) for k in value if k not in ("fr", "en")]
    if wrong or not texts or not all(texts.values()):
        raise InvalidValue("lang_text_keys", keys=", ".join(wrong or map(str, value)) or "{}")
    text = LangStr(next(iter(texts.values())))
    text.by_lang = texts
    return text


# A company.yaml text that may be written per language.
LangText = Annotated[str, WrapValidator(_to_lang_text)]


class Prose:
    """The mark of a free-text field (Markdown), as opposed to a name, a label or an id."""


PROSE = Prose()
Md = Annotated[str, BeforeValidator(_to_text), PROSE]  # Markdown fragment ("(md)")
Score = Annotated[Decimal, BeforeValidator(_parse_number), Field(ge=0, le=10)]
Points = Annotated[Decimal, BeforeValidator(_parse_number), Field(ge=0, le=100)]  # a 0-100 axis

QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
PERIOD_RE = re.compile(r"^\d{4}(-Q[1-4])?$")


def _period(value: Any) -> Any:
    value = _to_text(value)
    if isinstance(value, str) and not PERIOD_RE.match(value):
        raise InvalidValue("expected_period", value=repr(value))
    return value


def _quarter(value: Any) -> Any:
    if isinstance(value, str) and not QUARTER_RE.match(value):
        raise InvalidValue("expected_quarter", value=repr(value))
    return value


Period = Annotated[str, BeforeValidator(_period)]
Quarter = Annotated[str, BeforeValidator(_quarter)]

Role = Literal["decision_maker", "budget_holder", "influencer", "user", "executive_sponsor"]
Attitude = Literal["champion", "ally", "neutral", "detractor"]
Relationship = Literal["red", "orange", "green"]
Stage = Literal["exploratory", "basic", "cooperative", "interdependent", "integrated"]
ActionStatus = Literal["planned", "on_track", "at_risk", "late", "done"]
CellState = Literal["sold", "pipeline", "opportunity", "not_relevant"]
OppStage = Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"]
Level = Literal["low", "medium", "high"]
RiskStatus = Literal["open", "closed"]
PlanStatus = Literal["draft", "submitted", "approved"]
DecisionStatus = Literal["open", "done"]
Direction = Literal["up", "down"]
ProposalMode = Literal["standard", "tender"]
ProposalStatus = Literal["open", "won", "lost"]
Compliance = Literal["compliant", "partial", "non_compliant"]
Dimension = Literal[
    "product_range", "quality", "branding", "price", "distribution", "promotion",
    "merchandising", "service", "other",
]  # fmt: skip
Recurrence = Literal["yearly", "monthly"]
Language = Literal["fr", "en"]
ProposalPart = Literal[
    "context", "solution", "methodology", "planning", "team", "pricing", "guarantees",
    "references", "risks", "annexes",
]  # fmt: skip
PROPOSAL_PARTS: tuple[str, ...] = get_args(ProposalPart)
Extra = dict[str, Any]

# --- audience (content format, "Audience") -------------------------------------------------

Audience = Literal["client", "internal"]
AUDIENCE_KEY = "x-audience"  # the JSON Schema keyword that marks a field internal by nature


def internal(description: str | None = None) -> Any:
    """Mark a field internal by nature: no client edition ever shows it (a client view
    leaves it empty, and a template that asks for it there gets a located error)."""
    return Field(description=description, json_schema_extra={AUDIENCE_KEY: "internal"})


def is_internal(cls: type[BaseModel], name: str) -> bool:
    """Return whether field `name` of model `cls` is internal by nature."""
    info = cls.model_fields.get(name)
    extra = info.json_schema_extra if info is not None else None
    return isinstance(extra, dict) and extra.get(AUDIENCE_KEY) == "internal"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The class's JSON Schema, every model class completed first: the schema encodes
        the defaults, and a default that is a model instance (built without validation in
        a class body) needs its own class's serializer, which `defer_build` builds only
        on first use (a run served from the model cache builds none)."""
        _complete_every_model()
        return super().model_json_schema(*args, **kwargs)

    @field_validator("*", mode="after")
    @classmethod
    def _no_infinite_numbers(cls, value: Any) -> Any:
        if isinstance(value, Decimal):
            return _finite(value)
        if isinstance(value, dict):  # revenue targets, classification scores, weights
            for item in value.values():
                if isinstance(item, Decimal):
                    _finite(item)
        return value


def _complete_every_model() -> None:
    """Build the validator and serializer of every model class that has none yet."""
    pending: list[type[Model]] = [Model]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls is not Model and not cls.__pydantic_complete__:
            cls.model_rebuild()


class TextItem(Model):
    """An item of a list of texts written as a mapping, to mark it for one audience."""

    text: Md
    audience: Audience = "client"


# The tags of the two forms of a shared text item; the loader leaves them out of field paths.
UNION_TAGS = frozenset({"plain_text", "text_item"})


def _text_form(value: Any) -> str:
    return "text_item" if isinstance(value, dict) else "plain_text"


# An item of a client-shareable list of texts: plain text, or {text, audience}.
SharedText = Annotated[
    Annotated[Md, Tag("plain_text")] | Annotated[TextItem, Tag("text_item")],
    Discriminator(_text_form),
]


def item_text(item: "str | TextItem") -> str:
    """Return the text of a shared text item, whichever form it was written in."""
    return item.text if isinstance(item, TextItem) else item


def item_audience(item: Any) -> str:
    """Return the audience of a list item: its `audience` field, else client."""
    return getattr(item, "audience", "client")


# --- workspace settings (kamdocs.yaml) -----------------------------------------------------


class Confidentiality(Model):
    internal: Text | None = None
    client: Text | None = None


class SelectionWeights(Model):
    financial: Number = Decimal("0.40")
    strategic: Number = Decimal("0.35")
    maturity: Number = Decimal("0.25")


class HealthWeights(Model):
    revenue: Number = Decimal(20)
    growth: Number = Decimal(10)
    pipeline: Number = Decimal(15)
    satisfaction: Number = Decimal(20)
    breadth: Number = Decimal(15)
    execution: Number = Decimal(10)
    risk: Number = Decimal(10)


class Freshness(Model):
    contact_days: int = Field(default=90, ge=1)


StyleKey = Literal[
    "title", "heading_1", "heading_2", "heading_3", "body", "table", "caption", "header", "footer",
]  # fmt: skip


# `format: 1` or `1.1` (content-format.md, "Keys added in format 1.1"), read as text.
FormatVersion = Annotated[Literal["1", "1.1"], BeforeValidator(_to_text)]


def _output_folder(value: Any) -> str:
    from kamdocs.workspace.outputdir import output_folder

    return output_folder(_to_text(value))


OutputFolder = Annotated[str, BeforeValidator(_output_folder)]


class Settings(Model):
    format: FormatVersion = "1"
    language: Language = "fr"
    currency: Text = "EUR"
    vat_rate: Share = Decimal("0.20")
    fiscal_year_start: int = Field(default=1, ge=1, le=12)
    confidentiality: Confidentiality = Confidentiality.model_construct()
    selection_threshold: Number = Decimal(60)
    selection_weights: SelectionWeights = SelectionWeights.model_construct()
    health_weights: HealthWeights = HealthWeights.model_construct()
    styles: dict[StyleKey, Text] = {}
    soffice: Text = "soffice"
    matrix_split: Points = Decimal(50)
    tender_mapping: dict[ProposalPart, tuple[Text, ...]] = {}
    freshness: Freshness = Freshness.model_construct()
    output_dir: OutputFolder = "build"


# --- company.yaml ------------------------------------------------------------------------


class TeamMember(Model):
    name: Text
    role: Text | None = None
    function: Text | None = None
    cv: Text | None = None
    sponsor: bool = False
    email: Text | None = None


class Reference(Model):
    client: Text
    project: Text | None = None
    year: Text | None = None
    result: Md | None = None


class ServiceLevel(Model):
    metric: Text
    commitment: Text | None = None
    measurement: Text | None = None
    penalty: Text | None = None


class Company(Model):
    name: LangText
    logo: Text | None = None
    address: LangText | None = None
    legal: LangText | None = None
    offerings: tuple[LangText, ...] = ()
    team: tuple[TeamMember, ...] = ()
    references: tuple[Reference, ...] = ()
    sla: tuple[ServiceLevel, ...] = ()


# --- account.yaml ------------------------------------------------------------------------


class Person(Model):
    name: Text
    email: Text | None = None
    title: Text | None = None


class ClientValidation(Model):
    name: Text | None = None
    date: dt.date | None = None


class Plan(Model):
    version: Text | None = None
    date: dt.date | None = None
    status: PlanStatus = "draft"
    validated_by_client: ClientValidation | None = None
    next_revision: dt.date | None = None


class Strategy(Model):
    choices: tuple[Md, ...] = ()
    assumptions: tuple[Md, ...] = ()
    resources_requested: tuple[Md, ...] = ()


class Selection(Model):
    financial: Score | None = None
    strategic: Score | None = None
    maturity: Score | None = None


class SelectionOverride(Model):
    key_account: bool
    reason: Text


class ClassificationWeights(Model):
    attractiveness: dict[Text, Number] = {}
    strength: dict[Text, Number] = {}


class Classification(Model):
    attractiveness: dict[Text, Score] = {}
    strength: dict[Text, Score] = {}
    weights: ClassificationWeights = ClassificationWeights.model_construct()
    competitor_strength: dict[Text, Score] = {}


class RevenueEntry(Model):
    period: Period
    amount: Money
    margin: Annotated[Margin | None, internal()] = None
    cost_to_serve: Annotated[Money | None, internal()] = None


class Revenue(Model):
    history: tuple[RevenueEntry, ...] = ()
    targets: dict[Period, Money] = {}

    @field_validator("targets", mode="before")
    @classmethod
    def _period_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_to_text(k): v for k, v in value.items()}
        return value


class Wallet(Model):
    total_spend: Money | None = None
    period: Period | None = None


class MarketLine(Model):
    product: Text
    volume: Number | None = None
    unit: Text | None = None
    value: Money | None = None
    trend: Ratio | None = None
    source: Text | None = None
    date: dt.date | None = None


class NewsItem(Model):
    date: dt.date
    text: Md
    impact: Annotated[Md | None, internal("what the news means for us")] = None
    audience: Audience = "client"


class Objective(Model):
    id: Text
    title: Md
    kpi: Text | None = None
    unit: Text | None = None
    baseline: Number | None = None
    target: Number | None = None
    current: Number | None = None
    due: dt.date | None = None
    budget: Annotated[Money | None, internal()] = None
    client_goal: Text | None = None
    audience: Audience = "client"


class Stakeholder(Model):
    name: Text
    title: Text | None = None
    unit: Text | None = None
    email: Text | None = None
    crm_id: Text | None = None
    function: Annotated[Text | None, internal()] = None
    roles: Annotated[tuple[Role, ...], internal()] = ()
    attitude: Annotated[Attitude | None, internal()] = None
    relationship: Annotated[Relationship | None, internal()] = None
    influence: Annotated[int | None, Field(ge=1, le=5), internal()] = None
    our_contact: Annotated[Text | None, internal()] = None
    last_contact: Annotated[dt.date | None, internal()] = None
    channel: Annotated[Text | None, internal()] = None
    stake: Annotated[Md | None, internal()] = None
    notes: Annotated[Md | None, internal()] = None
    extra: Annotated[Extra, internal()] = {}


class Interaction(Model):
    date: dt.date
    ours: Text
    theirs: Text
    channel: Text | None = None
    our_function: Text | None = None
    crm_id: Text | None = None


class SwotItem(Model):
    dimension: Dimension = "other"
    text: Md
    indicator: Text | None = None


class Swot(Model):
    strengths: tuple[SwotItem, ...] = ()
    weaknesses: tuple[SwotItem, ...] = ()
    opportunities: tuple[SwotItem, ...] = ()
    threats: tuple[SwotItem, ...] = ()


class Competitor(Model):
    name: Text
    share: Share | None = None
    position: Text | None = None
    strengths: Md | None = None
    weaknesses: Md | None = None
    moves: Md | None = None


class Roi(Model):
    investment: Money | None = None
    annual_gain: Money | None = None
    horizon_years: Number | None = None
    assumptions: Md | None = None
    source: Text | None = None


class Offer(Model):
    summary: Md | None = None
    value_points: tuple[Md, ...] = ()
    roi: Roi | None = None


class WhitespaceCell(Model):
    offering: Text
    unit: Text
    state: CellState
    note: Text | None = None


class Whitespace(Model):
    business_units: tuple[Text, ...] = ()
    cells: tuple[WhitespaceCell, ...] = ()


class Opportunity(Model):
    name: Text
    unit: Text | None = None
    offering: Text | None = None
    stage: OppStage
    amount: Annotated[Money | None, internal()] = None
    probability: Annotated[Share | None, internal()] = None
    close: dt.date | None = None
    owner: Text | None = None
    next_step: Md | None = None
    crm_id: Text | None = None
    updated_on: dt.date | None = None
    extra: Extra = {}
    audience: Audience = "client"


class Action(Model):
    id: Text | None = None
    objective: Text | None = None
    action: Md
    owner: Text
    due: dt.date
    expected_result: Md | None = None
    status: ActionStatus = "planned"
    done_on: dt.date | None = None
    updated_on: dt.date | None = None
    previous_due: dt.date | None = None
    extra: Extra = {}
    audience: Audience = "client"


class Risk(Model):
    text: Md
    likelihood: Level | None = None
    impact: Level | None = None
    mitigation: Md | None = None
    owner: Text | None = None
    status: RiskStatus = "open"


class Meeting(Model):
    date: dt.date
    kind: Text | None = None
    note: Text | None = None
    attendees: tuple[Text, ...] = ()
    audience: Audience = "client"


class Cadence(Model):
    email: Text | None = None
    call: Text | None = None
    review: Text | None = None
    recipients: tuple[Text, ...] = ()
    next_meetings: tuple[Meeting, ...] = ()


TrustLever = Literal[
    "whole_client", "satisfaction", "information", "novelty", "programmes", "co_creation"
]
TRUST_LEVERS: tuple[str, ...] = get_args(TrustLever)


class TrustRating(Model):
    lever: TrustLever
    rating: Annotated[int, Field(ge=0, le=3)]
    evidence: Md | None = None
    date: dt.date | None = None


class Account(Model):
    name: Text
    crm_id: Text | None = None
    language: Language | None = None
    sector: Text | None = None
    group: Text | None = None
    headquarters: Text | None = None
    client_since: dt.date | None = None
    main_contact: Text | None = None
    owner: Person | None = None
    team: tuple[TeamMember, ...] = ()
    plan: Plan | None = None
    strategy: Annotated[Strategy | None, internal()] = None
    purchasing_process: Annotated[Md | None, internal()] = None
    selection: Annotated[Selection | None, internal()] = None
    selection_override: Annotated[SelectionOverride | None, internal()] = None
    classification: Annotated[Classification | None, internal()] = None
    relationship_stage: Annotated[Stage | None, internal()] = None
    target_stage: Annotated[Stage | None, internal()] = None
    revenue: Revenue = Revenue.model_construct()
    # The client's spend beside our revenue gives away our share of it: internal.
    wallet: Annotated[Wallet | None, internal("the client's spend in our categories")] = None
    country: Text = "FR"
    market: tuple[MarketLine, ...] = ()
    news: tuple[NewsItem, ...] = ()
    goals: tuple[SharedText, ...] = ()
    objectives: tuple[Objective, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    interactions: Annotated[tuple[Interaction, ...], internal()] = ()
    swot: Annotated[Swot | None, internal()] = None
    competitors: Annotated[tuple[Competitor, ...], internal()] = ()
    offer: Offer | None = None
    whitespace: Annotated[Whitespace | None, internal()] = None
    opportunities: tuple[Opportunity, ...] = ()
    actions: tuple[Action, ...] = ()
    risks: Annotated[tuple[Risk, ...], internal()] = ()
    cadence: Cadence | None = None
    trust: Annotated[
        tuple[TrustRating, ...], internal("the KAM's ratings of the six trust levers")
    ] = ()
    extra: Extra = {}
    example: bool = False  # the starter account of `kamdocs init`: not in the portfolio


# --- reviews/<YYYY-Qn>.yaml ---------------------------------------------------------------


class Kpi(Model):
    name: Text
    unit: Text | None = None
    direction: Direction = "up"
    tolerance: Share = Decimal("0.05")
    target: Number | None = None
    actual: Number | None = None
    previous: Number | None = None
    last_year: Number | None = None
    audience: Audience = "client"


class Decision(Model):
    decision: Md
    why: Md | None = None
    by: Text | None = None
    date: dt.date | None = None
    status: DecisionStatus = "open"
    audience: Audience = "client"


class Satisfaction(Model):
    nps: Number | None = None
    previous_nps: Number | None = None


class ActionUpdate(Model):
    id: Text
    status: ActionStatus | None = None
    comment: Md | None = None


class Priority(Model):
    text: Md
    owner: Text | None = None
    due: dt.date | None = None
    audience: Audience = "client"


Outcome = Literal["done", "in_progress", "dropped"]


class Commitment(Model):
    commitment: Md
    outcome: Outcome | None = None
    note: Md | None = None
    audience: Audience = "client"


class NextReview(Model):
    date: dt.date | None = None
    open_questions: tuple[Md, ...] = ()


# The slides of the QBR deck, in their order, whose title `Review.slide_titles` may replace:
# the main slides, then the appendix (the details the main slides leave out).
REVIEW_MAIN_SLIDES = (
    "summary",
    "last_quarter",
    "decisions",
    "kpis",
    "revenue",
    "projects",
    "highlights",
    "actions",
    "satisfaction",
    "stakeholders",
    "priorities",
    "next_review",
)
REVIEW_APPENDIX_SLIDES = (
    "kpis_detail",
    "projects_detail",
    "highlights_detail",
    "actions_detail",
    "stakeholders_detail",
)
REVIEW_SLIDES = REVIEW_MAIN_SLIDES + REVIEW_APPENDIX_SLIDES


class Review(Model):
    quarter: Quarter
    date: dt.date | None = None
    attendees: tuple[Text, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    successes: tuple[SharedText, ...] = ()
    obstacles: tuple[SharedText, ...] = ()
    new_opportunities: tuple[SharedText, ...] = ()
    decisions_needed: tuple[Decision, ...] = ()
    satisfaction: Satisfaction | None = None
    stakeholder_changes: tuple[SharedText, ...] = ()
    action_updates: tuple[ActionUpdate, ...] = ()
    priorities: tuple[Priority, ...] = ()
    last_quarter: tuple[Commitment, ...] = ()
    next_review: NextReview | None = None
    extra: Extra = {}
    slide_titles: dict[Text, Text] = {}


# --- proposals/<id>.yaml -----------------------------------------------------------------


class Need(Model):
    id: Text
    text: Md


class Measure(Model):
    text: Md
    kpi: Text | None = None
    unit: Text | None = None
    baseline: Text | None = None
    target: Text | None = None
    due: dt.date | None = None
    measurement: Text | None = None


class Phase(Model):
    phase: Text
    start: dt.date | None = None
    end: dt.date | None = None
    deliverable: Text | None = None


class ProposalTeamMember(Model):
    name: Text
    role: Text | None = None
    cv: Text | None = None


class PricingLine(Model):
    label: Text
    quantity: Number = Decimal(1)
    unit: Text | None = None
    unit_price: SignedMoney  # negative for a credit line
    discount: Share | None = None
    vat_rate: Share | None = None
    recurring: Recurrence | None = None
    optional: bool = False
    code: Text | None = None
    extra: Extra = {}


class Pricing(Model):
    vat_rate: Share | None = None
    vat_note: Text | None = None
    payment_terms: Text | None = None
    global_discount: Share | None = None
    lines: tuple[PricingLine, ...] = ()


class ProposalRisk(Model):
    text: Md
    mitigation: Md | None = None


class Step(Model):
    step: Md
    date: dt.date | None = None
    owner: Text | None = None


class Criterion(Model):
    id: Text
    name: Text
    weight: Number
    parts: tuple[ProposalPart, ...] = ()
    answer: Md | None = None
    price: bool = False
    subcriteria: tuple["Criterion", ...] = ()


class PriceScheduleLine(Model):
    code: Text
    label: Text
    unit: Text | None = None
    quantity: Number
    unit_price: Money
    recurring: Recurrence | None = None
    vat_rate: Ratio | None = None
    optional: bool = False


class Evidence(Model):
    text: Text
    annex: Text | None = None


class Requirement(Model):
    id: Text
    source: Text | None = None
    text: Text
    eliminatory: bool = False
    criterion: Text | None = None
    compliance: Compliance
    justification: Md | None = None
    section: Text | None = None
    evidence: Text | Evidence | None = None
    owner: Annotated[Text | None, internal("who prepares the answer on our side")] = None
    extra: Extra = {}

    @property
    def evidence_text(self) -> str:
        """The evidence as text (of `{text, annex}` its text); empty when there is none."""
        return self.evidence.text if isinstance(self.evidence, Evidence) else self.evidence or ""


class Signatory(Model):
    name: Text
    title: Text | None = None


class RequiredPiece(Model):
    piece: Text
    file: Text


PriceColumn = Literal["code", "label", "unit", "quantity", "unit_price", "total"]


class Tender(Model):
    buyer: Text | None = None
    procedure: Text | None = None
    reference: Text | None = None
    lot: Text | None = None
    deadline: dt.datetime | None = None
    validity_days: int | None = Field(default=None, ge=0)
    page_limit: int | None = Field(default=None, ge=1)
    variants_allowed: bool = False
    criteria: tuple[Criterion, ...] = ()
    price_schedule: tuple[PriceScheduleLine, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    signatory: Signatory | None = None
    contract_months: int | None = Field(default=None, ge=1)
    price_columns: tuple[PriceColumn, ...] = ()
    required_pieces: tuple[RequiredPiece, ...] = ()
    file_pattern: Text | None = None
    max_size_mb: Number | None = Field(default=None, gt=0)


class Proposal(Model):
    title: Text
    reference: Text | None = None
    version: Text | None = None
    date: dt.date | None = None
    valid_until: dt.date | None = None
    language: Language | None = None
    mode: ProposalMode = "standard"
    status: ProposalStatus = "open"
    contact: Text | None = None
    cover_letter: Md | None = None
    executive_summary: Md | None = None
    context: Md | None = None
    needs: tuple[Need, ...] = ()
    objectives: tuple[Measure, ...] = ()
    solution: Md | None = None
    methodology: Md | None = None
    planning: tuple[Phase, ...] = ()
    team: tuple[ProposalTeamMember, ...] = ()
    pricing: Pricing | None = None
    roi: Roi | None = None
    guarantees: tuple[ServiceLevel, ...] = ()
    references: tuple[Reference, ...] | Md | None = None  # None: the company's references
    risks: tuple[ProposalRisk, ...] = ()
    next_steps: tuple[Step, ...] = ()
    annexes: tuple[Text, ...] = ()
    tender: Tender | None = None
    extra: Extra = {}


KINDS: dict[str, type[Model]] = {
    "account": Account,
    "review": Review,
    "proposal": Proposal,
    "company": Company,
    "settings": Settings,
}
