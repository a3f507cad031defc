"""The audit log, and the change feed the document system reads in order."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from backend.models.base import Entity, timestamp


class AuditEvent(Entity, table=True):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_org_created", "organisation_id", "created_at"),)

    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="organisations.id")
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    actor_service_account_id: uuid.UUID | None = Field(
        default=None, foreign_key="service_accounts.id"
    )
    action: str = Field(max_length=80)
    object_type: str = Field(max_length=40)
    object_id: uuid.UUID | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class FeedCounter(SQLModel, table=True):
    """A single row; incrementing it locks it, so feed positions follow commit order."""

    __tablename__ = "feed_counter"

    id: int = Field(default=1, primary_key=True)
    last_position: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class FeedEvent(SQLModel, table=True):
    __tablename__ = "feed_events"
    __table_args__ = (Index("ix_feed_events_org_position", "organisation_id", "position"),)

    position: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    type: str = Field(max_length=60)
    subject_type: str = Field(max_length=40)
    subject_id: uuid.UUID
    occurred_at: datetime = timestamp()
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
