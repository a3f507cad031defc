"""Request and response bodies for cycles and reports."""

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from backend.core.schemas import MULTI_LINE, SINGLE_LINE, Day
from backend.models.enums import ActivityKind, ActivityStatus, Benefit, Programme
from backend.reporting.countries import is_country_code

MAX_TEXT = 20_000
MAX_ACTIVITIES = 200
MAX_SEK = 100_000_000_000


def _country(code: str) -> str:
    code = code.strip().upper()
    if not is_country_code(code):
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
    return code


CountryCode = Annotated[str, Field(max_length=2), SINGLE_LINE, AfterValidator(_country)]
Sek = Annotated[int, Field(ge=0, le=MAX_SEK, description="Whole Swedish kronor")]


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


class ActivityContent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(max_length=300), SINGLE_LINE] = ""
    kind: ActivityKind | None = None
    countries: Annotated[list[CountryCode], AfterValidator(_unique)] = Field(
        default_factory=list, max_length=60)
    partners: Annotated[str, Field(max_length=2000), MULTI_LINE] = ""
    starts_on: Day | None = None
    ends_on: Day | None = None
    programme: Programme = Programme.NONE
    external_funding_sek: Sek = 0
    own_funding_sek: Sek = 0
    strategic_area_ids: Annotated[list[uuid.UUID], AfterValidator(_unique)] = Field(
        default_factory=list, max_length=20)
    benefits: Annotated[list[Benefit], AfterValidator(_unique)] = Field(
        default_factory=list, max_length=len(Benefit))
    status: ActivityStatus = ActivityStatus.ONGOING
    outcome: Annotated[str, Field(max_length=MAX_TEXT), MULTI_LINE] = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> "ActivityContent":
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class ReportContent(BaseModel):
    """What a unit reports. Drafts may be incomplete; sending to the committee checks it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "summary": "Förvaltningen deltog i två EU-projekt och tog emot ett studiebesök.",
        "no_international_work": False,
        "activities": [{
            "title": "Digitala klassrum", "kind": "eu_project", "countries": ["FI", "EE"],
            "partners": "Tartu kommun, Åbo stad", "programme": "erasmus_plus",
            "starts_on": "2026-01-01", "ends_on": "2027-06-30",
            "external_funding_sek": 450000, "own_funding_sek": 50000,
            "strategic_area_ids": [], "benefits": ["knowledge", "new_methods"],
            "status": "ongoing", "outcome": "Fyra lärare fortbildade.",
        }],
        "monitoring": "Bevakar Erasmus+ utlysningar via Region Jönköpings län.",
        "competence": "Två medarbetare gick EU-kunskapskurs.",
        "next_year_plans": "Söka ett nytt Erasmus+ projekt för yrkesvux.",
    }]})

    summary: Annotated[str, Field(max_length=MAX_TEXT), MULTI_LINE] = ""
    no_international_work: bool = False
    activities: list[ActivityContent] = Field(default_factory=list, max_length=MAX_ACTIVITIES)
    monitoring: Annotated[str, Field(max_length=MAX_TEXT), MULTI_LINE] = ""
    competence: Annotated[str, Field(max_length=MAX_TEXT), MULTI_LINE] = ""
    next_year_plans: Annotated[str, Field(max_length=MAX_TEXT), MULTI_LINE] = ""


def missing_for_committee(content: ReportContent) -> dict[str, str]:
    """The fields that must be filled before the report may go to the committee."""
    missing: dict[str, str] = {}
    if not content.summary.strip():
        missing["summary"] = "required"
    if content.no_international_work:
        return missing
    if not content.activities:
        missing["activities"] = "at least one activity, or report no international work"
    for index, activity in enumerate(content.activities):
        if not activity.title.strip():
            missing[f"activities.{index}.title"] = "required"
        if activity.kind is None:
            missing[f"activities.{index}.kind"] = "required"
    return missing


class ReportSummary(BaseModel):
    id: uuid.UUID
    cycle_id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    unit_kind: str
    state: str
    version: int
    owner_role: str | None = Field(description="Whose desk the report is on now")
    due_on: date | None
    overdue: bool
    extension_reason: str | None
    registration_number: str | None
    updated_at: datetime


class ReportPublic(ReportSummary):
    organisation_id: uuid.UUID
    cycle_label: str
    cycle_state: str
    content: ReportContent
    actions: list[str] = Field(default_factory=list, description=(
        "The transition actions open to you now (as `GET /reports/{id}/actions`)"))
    can_edit: bool = Field(False, description="You may change the content now")
    can_extend: bool = Field(False, description="You may extend the current due date now")


class ReportTransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"action": "send_to_committee"},
        {"action": "approve", "decision_ref": "BUN 2027-02-12 § 14"},
        {"action": "return", "comment": "Komplettera med finansieringen för projektet."},
        {"action": "exempt", "reason": "Nämnden har upphört."},
    ]})

    action: Annotated[str, Field(max_length=40), SINGLE_LINE]
    comment: Annotated[str | None, Field(max_length=4000), MULTI_LINE] = None
    decision_ref: Annotated[str | None, Field(max_length=200), SINGLE_LINE] = None
    reason: Annotated[str | None, Field(max_length=2000), MULTI_LINE] = None


class ExtensionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"due_on": "2027-02-26", "reason": "Nämndens sammanträde flyttades en vecka."}]})

    due_on: Day
    reason: Annotated[str, Field(min_length=1, max_length=2000), MULTI_LINE]


class RegistrationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"registration_number": "KS 2027/0195"}]})

    registration_number: Annotated[str, Field(min_length=1, max_length=50), SINGLE_LINE]


class HistoryItem(BaseModel):
    id: uuid.UUID
    action: str
    from_state: str
    to_state: str
    actor: str
    comment: str | None
    decision_ref: str | None
    due_on: date | None
    at: datetime
    content: ReportContent | None = None


class ActionList(BaseModel):
    items: list[str]
