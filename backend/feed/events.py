"""Appending to the change feed. Positions follow commit order, so a reader never skips one.

Each append increments the single feed_counter row; the row lock is held until commit, so a
transaction that took position N commits before any that takes N+1.
"""

import uuid
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from backend.feed.subscribers import fan_out
from backend.models import FeedCounter, FeedEvent
from backend.models.base import utcnow


def append(*, session: Session, organisation_id: uuid.UUID, type: str, subject_type: str,
           subject_id: uuid.UUID, data: dict[str, Any]) -> FeedEvent:
    position = session.execute(
        update(FeedCounter).where(FeedCounter.id == 1)  # type: ignore[arg-type]
        .values(last_position=FeedCounter.last_position + 1)
        .returning(FeedCounter.last_position)
    ).scalar_one()
    event = FeedEvent(position=position, organisation_id=organisation_id, type=type,
                      subject_type=subject_type, subject_id=subject_id, occurred_at=utcnow(),
                      data=data)
    session.add(event)
    fan_out(session=session, event=event)
    return event
