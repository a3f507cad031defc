"""Request and response bodies for organisations, units, users, roles and the framework."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)

from backend.core.patterns import compile_pattern
from backend.core.schemas import MULTI_LINE, SINGLE_LINE
from backend.deadlines.policy import MAX_STEPS, EscalationDays, RepeatDays, StepDays
from backend.models.enums import Role, UnitKind
from backend.organisations.organisation_number import normalise_organisation_number

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                 SINGLE_LINE]
ShortName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), SINGLE_LINE]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000),
                        MULTI_LINE]
Password = Annotated[str, Field(min_length=12, max_length=1000,
                                description="At least 12 characters; stored as an argon2 hash"),
                     SINGLE_LINE]


def _compilable(pattern: str) -> str:
    compile_pattern(pattern)
    return pattern


def _lowercase(email: str) -> str:
    return email.lower()


Email = Annotated[EmailStr, Field(max_length=254), SINGLE_LINE, AfterValidator(_lowercase)]
Pattern = Annotated[str, Field(min_length=1, max_length=200, description=(
    "RE2 syntax (no backreferences or lookaround), matched in linear time")), SINGLE_LINE,
    AfterValidator(_compilable)]


def _organisation_number(text: str) -> str:
    return normalise_organisation_number(text) if text.strip() else ""


OrganisationNumber = Annotated[str, Field(
    max_length=20, description="Swedish organisationsnummer, NNNNNN-NNNN (the last digit a "
    "Luhn check digit; given without the hyphen it is stored with it); empty to remove it"),
    SINGLE_LINE, AfterValidator(_organisation_number)]
AgreementRef = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200),
                         SINGLE_LINE]


class OrganisationPublic(BaseModel):
    id: uuid.UUID
    name: str
    version: int
    registration_pattern: str = Field(
        description="Regular expression a registration number (diarienummer) must match")
    reminder_days_before: list[int]
    reminder_repeat_days: int
    escalation_after_days: int
    organisation_number: str = Field(
        description="Organisationsnummer, NNNNNN-NNNN, or empty; the archive package names "
        "the submitting organisation and the archival creator by it")
    submission_agreement_ref: str = Field(
        description="The reference of the submission agreement (leveransöverenskommelse) "
        "with the archive; empty when there is none")


class OrganisationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Habo kommun", "registration_pattern": r"^KS ?\d{4}/\d{1,5}$"},
        {"reminder_days_before": [14, 3, 0], "reminder_repeat_days": 7},
        {"organisation_number": "212000-0142", "submission_agreement_ref": "KS 2026/0815"}]})

    name: Name | None = None
    registration_pattern: Pattern | None = None
    # The ranges of backend.deadlines.policy, the one place the scan relies on.
    reminder_days_before: list[StepDays] | None = Field(
        None, max_length=MAX_STEPS, description="Remind this many days before a due date (0–90)")
    reminder_repeat_days: RepeatDays | None = Field(
        None, description="Remind again every this many days while overdue (1–60)")
    escalation_after_days: EscalationDays | None = Field(
        None, description="Tell the coordinator from this many days overdue (0–60)")
    organisation_number: OrganisationNumber | None = None
    submission_agreement_ref: AgreementRef | None = None


class UnitPublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    short_name: str
    kind: str
    active: bool
    version: int
    created_at: datetime


class UnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Barn- och utbildningsnämnden", "short_name": "BUN", "kind": "committee"},
        {"name": "Habo Energi AB", "kind": "company",
         "organisation_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}]})

    name: Name
    short_name: ShortName = ""
    kind: UnitKind
    active: bool = True
    organisation_id: uuid.UUID | None = Field(
        None, description="May be left out when you administer one organisation only")


class UnitUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Kultur- och fritidsnämnden", "short_name": "KFN"}, {"active": False}]})

    name: Name | None = None
    short_name: ShortName | None = None
    kind: UnitKind | None = None
    active: bool | None = None


class RolePublic(BaseModel):
    """One membership: a role in an organisation, for one unit or the whole organisation."""

    id: uuid.UUID
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    role: str
    unit_id: uuid.UUID | None
    active: bool = Field(description="false when an admin ended the person's part there")
    created_at: datetime


class RoleGrant(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"role": "contact_person", "unit_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
        {"role": "coordinator"}]})

    role: Role
    unit_id: uuid.UUID | None = Field(
        None, description="Required for contact_person and committee; not allowed otherwise")
    organisation_id: uuid.UUID | None = Field(
        None, description="For organisation roles when you administer several organisations")


class UserPublic(BaseModel):
    id: uuid.UUID
    email: str
    name: str
    active: bool = Field(description="Whether the person works in the organisations you see: "
                         "false when their account or all their roles there have ended")
    version: int
    created_at: datetime
    last_login_at: datetime | None
    roles: list[RolePublic] = Field(
        description="The user's roles in the organisations you may see")


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"email": "anna.svensson@habo.se", "name": "Anna Svensson",
         "password": "ett långt lösenord"}]})

    email: Email
    name: Name
    password: Password | None = Field(
        None, description="Optional; without one the user cannot log in with a password yet")
    organisation_id: uuid.UUID | None = Field(
        None, description="May be left out when you administer one organisation only")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Anna Berg"}, {"active": False}]})

    name: Name | None = None
    active: bool | None = Field(
        None, description="false ends the person's roles in the organisations you administer; "
        "when they belong to no other, their account and every session end too")


class StrategicAreaPublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    description: str
    position: int


class StrategicAreaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Attraktiv kommun", "description": "Habo som plats att bo och verka i.",
         "position": 1}]})

    name: Name
    description: Description = ""
    position: int = Field(0, ge=0, le=10_000, description="Sort order")
    organisation_id: uuid.UUID | None = Field(
        None, description="May be left out when you administer one organisation only")


class StrategicAreaUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"description": "Kunskap och kompetens genom internationellt utbyte."}]})

    name: Name | None = None
    description: Description | None = None
    position: int | None = Field(None, ge=0, le=10_000)


class InvitationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"email": "helena.bergstrom@jonkoping.se", "role": "coordinator"},
        {"email": "anna.svensson@habo.se", "role": "contact_person",
         "unit_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "Anna Svensson"}]})

    email: Email
    role: Role
    unit_id: uuid.UUID | None = Field(
        None, description="Required for contact_person and committee; not allowed otherwise")
    name: Name | None = Field(
        None, description="Used only if the address is new to Samordna; the person can "
        "change it")


class InvitationPublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    email: str
    role: str
    unit_id: uuid.UUID | None
    unit_name: str | None
    status: Literal["pending", "accepted", "declined", "revoked", "expired"]
    created_at: datetime
    expires_at: datetime


class MyInvitationPublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    role: str
    unit_id: uuid.UUID | None
    unit_name: str | None
    expires_at: datetime
