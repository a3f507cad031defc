"""Who hears an event: one outbox row per subscribed webhook, in the event's transaction."""

from typing import Any

from sqlmodel import Session, col, select

from backend.models import FeedEvent, Webhook
from backend.notifications import outbox

CHANNEL = "webhook"
KEY_PREFIX = "webhook:"
ALL_EVENTS = "*"


def payload_of(event: FeedEvent) -> dict[str, Any]:
    """The Standard Webhooks body; `data` is the item `GET /events` gives for the event."""
    occurred = event.occurred_at.isoformat().replace("+00:00", "Z")
    return {"type": event.type, "timestamp": occurred, "data": {
        "id": str(event.id), "position": event.position,
        "organisation_id": str(event.organisation_id), "type": event.type,
        "occurred_at": occurred, "subject_type": event.subject_type,
        "subject_id": str(event.subject_id), "data": event.data}}


def fan_out(*, session: Session, event: FeedEvent) -> int:
    """Queue the event for every active webhook of its organisation subscribed to its type."""
    subscribed = [webhook_id for webhook_id, types in session.execute(
        select(Webhook.id, Webhook.events).where(
            col(Webhook.organisation_id) == event.organisation_id,
            col(Webhook.active).is_(True)))
        if ALL_EVENTS in types or event.type in types]
    if not subscribed:
        return 0
    payload = payload_of(event)
    return outbox.enqueue_many(session=session, now=event.occurred_at, messages=[
        outbox.Queued(CHANNEL, f"{KEY_PREFIX}{webhook_id}:{event.id}", str(webhook_id),
                      payload, event.organisation_id)
        for webhook_id in subscribed])
