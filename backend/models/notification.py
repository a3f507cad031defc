"""The outbox (e-mails and webhook deliveries) and webhook subscriptions."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field

from backend.models.base import Entity, UTCDateTime, timestamp


class OutboxMessage(Entity, table=True):
    """Something to deliver; `dedup_key` is unique so a message is queued at most once."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="organisations.id")
    channel: str = Field(max_length=20)
    dedup_key: str = Field(max_length=300, unique=True)
    recipient: str = Field(max_length=300, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = timestamp()
    last_error: str | None = Field(default=None, max_length=2000)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Webhook(Entity, table=True):
    __tablename__ = "webhooks"

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=list, sa_type=JSON)
    secret: str = Field(max_length=100)
    # After a rotation deliveries are signed with both secrets until this moment.
    previous_secret: str | None = Field(default=None, max_length=100)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    active: bool = True
    disabled_reason: str | None = Field(default=None, max_length=500)
    version: int = 1
