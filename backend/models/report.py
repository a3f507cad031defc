"""A unit's report in a cycle, its activities (rows, for SQL aggregates) and its history."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.models.base import Entity, timestamp


class Report(Entity, table=True):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("cycle_id", "unit_id"),
        Index("ix_reports_cycle_state", "cycle_id", "state"),
        Index("ix_reports_state_due_on", "state", "due_on"),
    )

    cycle_id: uuid.UUID = Field(foreign_key="cycles.id")
    unit_id: uuid.UUID = Field(foreign_key="units.id", index=True)
    state: str = Field(sa_column=Column(String(20), nullable=False))
    version: int = 1
    due_on: date | None = None
    extension_reason: str | None = Field(default=None, max_length=2000)
    registration_number: str | None = Field(default=None, max_length=50)
    summary: str = Field(default="", sa_type=Text)
    monitoring: str = Field(default="", sa_type=Text)
    competence: str = Field(default="", sa_type=Text)
    next_year_plans: str = Field(default="", sa_type=Text)
    no_international_work: bool = False
    updated_at: datetime = timestamp()


class Activity(Entity, table=True):
    __tablename__ = "activities"

    report_id: uuid.UUID = Field(foreign_key="reports.id", index=True, ondelete="CASCADE")
    position: int = 0
    title: str = Field(max_length=300)
    kind: str = Field(max_length=40, index=True)
    partners: str = Field(default="", max_length=2000)
    starts_on: date | None = None
    ends_on: date | None = None
    programme: str = Field(default="none", max_length=40, index=True)
    external_funding_sek: int = 0
    own_funding_sek: int = 0
    benefits: list[str] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default="ongoing", max_length=20)
    outcome: str = Field(default="", sa_type=Text)


class ActivityCountry(SQLModel, table=True):
    __tablename__ = "activity_countries"

    activity_id: uuid.UUID = Field(
        foreign_key="activities.id", primary_key=True, ondelete="CASCADE"
    )
    country_code: str = Field(max_length=2, primary_key=True)


class ActivityStrategicArea(SQLModel, table=True):
    __tablename__ = "activity_strategic_areas"

    activity_id: uuid.UUID = Field(
        foreign_key="activities.id", primary_key=True, ondelete="CASCADE"
    )
    strategic_area_id: uuid.UUID = Field(
        foreign_key="strategic_areas.id", primary_key=True, index=True
    )


class ReportTransition(Entity, table=True):
    """One step of a report's history; `content` is the report as it stood at that moment."""

    __tablename__ = "report_transitions"
    __table_args__ = (Index("ix_report_transitions_report_created", "report_id", "created_at"),)

    report_id: uuid.UUID = Field(foreign_key="reports.id")
    action: str = Field(max_length=40)
    from_state: str = Field(max_length=20)
    to_state: str = Field(max_length=20)
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    actor_service_account_id: uuid.UUID | None = Field(
        default=None, foreign_key="service_accounts.id"
    )
    actor_name: str = Field(default="", max_length=200)
    comment: str | None = Field(default=None, sa_type=Text)
    decision_ref: str | None = Field(default=None, max_length=200)
    due_on: date | None = None
    content: dict[str, Any] | None = Field(default=None, sa_type=JSON)
