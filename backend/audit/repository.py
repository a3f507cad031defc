"""Queries for the audit log."""

import uuid
from datetime import datetime

from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from backend.models import AuditEvent


def events_in(session: Session, organisation_ids: frozenset[uuid.UUID], *,
              action: str | None, object_id: uuid.UUID | None,
              before: tuple[datetime, uuid.UUID] | None, limit: int) -> list[AuditEvent]:
    """Newest first; `before` is the (created_at, id) of the last row of the previous page."""
    statement = select(AuditEvent).where(col(AuditEvent.organisation_id).in_(organisation_ids))
    if action:
        statement = statement.where(AuditEvent.action == action)
    if object_id:
        statement = statement.where(AuditEvent.object_id == object_id)
    if before:
        key = tuple_(col(AuditEvent.created_at), col(AuditEvent.id))
        statement = statement.where(key < tuple_(*before))  # type: ignore[arg-type]
    return list(session.exec(statement.order_by(col(AuditEvent.created_at).desc(),
                                                col(AuditEvent.id).desc()).limit(limit)))
