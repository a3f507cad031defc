"""A reporting cycle (rapporteringsomgång) of one organisation, with its five due dates."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field

from backend.models.base import Entity, UTCDateTime, timestamp

DUE_FIELDS = ("draft_due", "committee_due", "submit_due", "review_due", "council_due")


class Cycle(Entity, table=True):
    __tablename__ = "cycles"
    __table_args__ = (UniqueConstraint("organisation_id", "label"),)

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    label: str = Field(max_length=100)
    state: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    version: int = 1
    draft_due: date
    committee_due: date
    submit_due: date
    review_due: date
    council_due: date
    decision_ref: str | None = Field(default=None, max_length=200)
    decided_on: date | None = None
    adopted_compilation_id: uuid.UUID | None = Field(default=None)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = timestamp()


class CycleTransition(Entity, table=True):
    __tablename__ = "cycle_transitions"

    cycle_id: uuid.UUID = Field(foreign_key="cycles.id", index=True)
    action: str = Field(max_length=40)
    from_state: str = Field(max_length=20)
    to_state: str = Field(max_length=20)
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    actor_service_account_id: uuid.UUID | None = Field(
        default=None, foreign_key="service_accounts.id"
    )
    actor_name: str = Field(default="", max_length=200)
    comment: str | None = Field(default=None, max_length=4000)
    decision_ref: str | None = Field(default=None, max_length=200)
