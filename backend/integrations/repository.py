"""Queries for the change feed."""

import uuid

from sqlmodel import Session, col, select

from backend.models import FeedEvent


def events_after(session: Session, organisation_ids: frozenset[uuid.UUID], *, after: int,
                 limit: int) -> list[FeedEvent]:
    """The organisations' events with a position after `after`, in feed order."""
    return list(session.exec(
        select(FeedEvent)
        .where(col(FeedEvent.organisation_id).in_(organisation_ids), FeedEvent.position > after)
        .order_by(col(FeedEvent.position)).limit(limit)))
