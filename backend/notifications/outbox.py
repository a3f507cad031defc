"""The outbox: what is queued for delivery, claimed safely, retried with backoff.

A row is queued at most once: `dedup_key` is unique and inserts use ON CONFLICT DO NOTHING,
so a second run or a second server queues nothing twice. Delivery claims rows with
SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite has a single writer anyway).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from backend.core.errors import Invalid
from backend.models import OutboxMessage
from backend.models.base import utcnow
from backend.models.enums import OutboxStatus

EMAIL = "email"
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# With doubling delays capped at LONGEST_RETRY, this keeps trying for about four days.
MAX_ATTEMPTS = 24
MAX_ERROR_LENGTH = 2000
# First key of the PostgreSQL advisory locks taken per recipient ("outb" in ASCII).
RECIPIENT_LOCK_CLASS = 0x6F757462


@dataclass(frozen=True)
class Queued:
    """One message to put in the outbox."""

    channel: str
    dedup_key: str
    recipient: str
    payload: dict[str, Any]
    organisation_id: uuid.UUID | None


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(OutboxMessage.__table__)  # type: ignore[attr-defined]


def enqueue_many(*, session: Session, messages: Sequence[Queued], now: datetime) -> int:
    """Queue messages in one statement, skipping dedup keys already queued; returns how many."""
    if not messages:
        return 0
    rows = [
        {"id": uuid.uuid4(), "created_at": now, "organisation_id": m.organisation_id,
         "channel": m.channel, "dedup_key": m.dedup_key, "recipient": m.recipient,
         "payload": m.payload, "status": OutboxStatus.PENDING.value, "attempts": 0,
         "next_attempt_at": now}
        # One order for every writer, so concurrent runs wait on each other, never deadlock.
        for m in sorted(messages, key=lambda m: m.dedup_key)
    ]
    statement = (
        _insert(session)
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(OutboxMessage.__table__.c.id)  # type: ignore[attr-defined]
    )
    return len(session.execute(statement, rows).all())


def enqueue(
    *, session: Session, channel: str, dedup_key: str, recipient: str,
    payload: dict[str, Any], organisation_id: uuid.UUID | None, now: datetime | None = None,
) -> bool:
    """Queue one message unless its dedup key is already queued; True when it was added."""
    message = Queued(channel, dedup_key, recipient, payload, organisation_id)
    return enqueue_many(session=session, messages=[message], now=now or utcnow()) == 1


def _due(channel: str, now: datetime, key_prefix: str) -> Any:
    return (
        col(OutboxMessage.channel) == channel,
        col(OutboxMessage.status) == OutboxStatus.PENDING,
        col(OutboxMessage.next_attempt_at) <= now,
        col(OutboxMessage.dedup_key).startswith(key_prefix, autoescape=True),
    )


def due_recipients(
    *, session: Session, channel: str, now: datetime, key_prefix: str = "", limit: int = 1000,
) -> list[str]:
    """Recipients with messages due for delivery now."""
    statement = (
        select(col(OutboxMessage.recipient)).where(*_due(channel, now, key_prefix))
        .group_by(col(OutboxMessage.recipient)).order_by(func.min(OutboxMessage.next_attempt_at))
        .limit(limit)
    )
    return list(session.scalars(statement))


def claim(
    *, session: Session, channel: str, recipient: str, now: datetime, key_prefix: str = "",
) -> list[OutboxMessage]:
    """Lock one recipient's due messages; rows another run holds are skipped, not waited for.

    On PostgreSQL the recipient itself is locked first (advisory, until commit), so two
    concurrent runs never split one recipient's messages into two e-mails.
    """
    if session.get_bind().dialect.name == "postgresql":
        lock = func.pg_try_advisory_xact_lock(
            RECIPIENT_LOCK_CLASS, func.hashtext(f"{channel}:{recipient}"))
        if not session.scalar(select(lock)):
            return []
    statement = (
        select(OutboxMessage).where(*_due(channel, now, key_prefix),
                                    col(OutboxMessage.recipient) == recipient)
        .order_by(col(OutboxMessage.created_at), col(OutboxMessage.dedup_key))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(statement))


def mark_sent(*, session: Session, messages: Sequence[OutboxMessage], now: datetime) -> None:
    """Record a successful delivery."""
    for message in messages:
        message.status = OutboxStatus.SENT
        message.attempts += 1
        message.sent_at = now
        message.last_error = None
        session.add(message)
    session.flush()


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the given number of failed attempts: 1, 2, 4 ... minutes, at most 6 h."""
    delay = FIRST_RETRY * 2 ** max(0, min(attempts - 1, 20))
    return min(delay, LONGEST_RETRY)


def mark_attempt_failed(
    *, session: Session, messages: Sequence[OutboxMessage], now: datetime, error: str,
) -> None:
    """Keep the messages queued for a later attempt, or give up after MAX_ATTEMPTS."""
    for message in messages:
        message.attempts += 1
        message.last_error = error[:MAX_ERROR_LENGTH]
        message.next_attempt_at = now + retry_delay(message.attempts)
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
        session.add(message)
    session.flush()


def discard(*, session: Session, messages: Sequence[OutboxMessage]) -> None:
    """Remove messages that no longer apply (their subject moved on)."""
    if messages:
        ids = [message.id for message in messages]
        session.execute(delete(OutboxMessage).where(col(OutboxMessage.id).in_(ids)))
        for message in messages:
            session.expunge(message)


def list_outbox(
    *, session: Session, organisation_id: uuid.UUID, status: str | None = None,
    limit: int = 100, offset: int = 0,
) -> list[OutboxMessage]:
    """An organisation's outbox, newest first: pending, sent and failed (with the error)."""
    statement = select(OutboxMessage).where(col(OutboxMessage.organisation_id) == organisation_id)
    if status is not None:
        if status not in set(OutboxStatus):
            allowed = ", ".join(OutboxStatus)
            raise Invalid(f"Unknown status {status!r}", fields={"status": f"one of {allowed}"})
        statement = statement.where(col(OutboxMessage.status) == status)
    statement = statement.order_by(col(OutboxMessage.created_at).desc(),
                                   col(OutboxMessage.dedup_key)).limit(limit).offset(offset)
    return list(session.scalars(statement))
