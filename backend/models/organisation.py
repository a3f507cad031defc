"""Organisations (tenants), their framework, units, users and memberships."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field

from backend.models.base import Entity, UTCDateTime

DEFAULT_REMINDER_DAYS = [14, 3, 0]
DEFAULT_REGISTRATION_PATTERN = r"^[A-ZÅÄÖ]{2,6} ?\d{4}/\d{1,5}$"


class Organisation(Entity, table=True):
    __tablename__ = "organisations"

    name: str = Field(max_length=200, unique=True)
    version: int = 1
    reminder_days_before: list[int] = Field(
        default_factory=lambda: list(DEFAULT_REMINDER_DAYS), sa_type=JSON
    )
    reminder_repeat_days: int = 7
    escalation_after_days: int = 1
    registration_pattern: str = Field(default=DEFAULT_REGISTRATION_PATTERN, max_length=200)
    # Hosts an admin allows webhooks to reach even though they resolve to internal addresses.
    webhook_allowed_hosts: list[str] = Field(default_factory=list, sa_type=JSON)
    # What the archive package names the organisation by (FGS Paketstruktur / E-ARK SIP).
    organisation_number: str = Field(default="", max_length=11)
    submission_agreement_ref: str = Field(default="", max_length=200)


class StrategicArea(Entity, table=True):
    """One part of the organisation's policy (framework) that activities link to."""

    __tablename__ = "strategic_areas"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    position: int = 0


class Unit(Entity, table=True):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    name: str = Field(max_length=200)
    short_name: str = Field(default="", max_length=20)
    kind: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    active: bool = True
    version: int = 1


class User(Entity, table=True):
    __tablename__ = "users"

    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    password_hash: str | None = Field(default=None, max_length=200)
    active: bool = True
    version: int = 1
    calendar_token: str | None = Field(default=None, max_length=64, unique=True)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Membership(Entity, table=True):
    """A role a user holds in an organisation, for one unit or for the whole organisation."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "role", "unit_id"),)

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    role: str = Field(max_length=20)
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="units.id", index=True)
    # An admin ends a person's part in their own organisation only: the person may serve
    # other organisations of the region, so `User.active` is not theirs to change.
    active: bool = True


class Invitation(Entity, table=True):
    """An admin's offer of a role to an e-mail address; the person accepts or declines."""

    __tablename__ = "invitations"

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    email: str = Field(max_length=254, index=True)
    role: str = Field(max_length=20)
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="units.id")
    invited_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    expires_at: datetime = Field(sa_type=UTCDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    declined_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
