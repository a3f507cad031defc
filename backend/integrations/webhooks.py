"""Webhooks per the Standard Webhooks spec: subscriptions and fan-out into the outbox.

`feed.subscribers.fan_out` queues each event for the subscribed webhooks in the event's own
transaction. Sending is `webhook_delivery`; where a webhook may post is `webhook_destinations`.
"""

import base64
import logging
import secrets
import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from backend.audit import service as audit
from backend.auth.policies import (
    require_role,
    require_scope_or_role,
    require_visible,
    single_organisation,
)
from backend.auth.principal import Principal, Scope
from backend.core.errors import NotAllowed
from backend.core.schemas import SINGLE_LINE
from backend.core.versioning import check_version
from backend.feed.subscribers import ALL_EVENTS, CHANNEL
from backend.integrations.webhook_destinations import HOST, check_destination, parse_ip
from backend.models import Organisation, OutboxMessage, Webhook
from backend.models.base import utcnow
from backend.models.enums import OutboxStatus, Role
from backend.notifications import outbox
from backend.reporting.workflow import FEED_EVENTS

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
TIMEOUT_SECONDS = 10.0
# A leased row is invisible to other runs; a batch of BATCH_SIZE must finish well within it.
LEASE = timedelta(minutes=10)
BATCH_SIZE = 25
MANAGERS = frozenset({Role.ADMIN})
DEFAULT_OVERLAP_HOURS = 24
MAX_OVERLAP_HOURS = 720


# The change-feed types a webhook may subscribe to (from the workflow table); `*` means all.
EventType = StrEnum("EventType", {"ALL": ALL_EVENTS, **{  # type: ignore[misc]
    name.upper().replace(".", "_"): name for name in FEED_EVENTS}})


def _distinct(values: list[Any]) -> list[Any]:
    return sorted(set(values))


def _host(value: str) -> str:
    host = value.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if not (HOST.fullmatch(host) or parse_ip(host)):
        raise ValueError(f"'{value}' is not a host name or IP address")
    return host


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"url": "https://diarium.example.se/samordna/webhook",
         "events": ["cycle.adopted", "report.accepted"]}]})

    url: Annotated[str, Field(min_length=1, max_length=2000,
                              description="https, or http for a host the admin has allowed"),
                   SINGLE_LINE]
    events: Annotated[list[EventType], Field(min_length=1, max_length=len(EventType)),
                      AfterValidator(_distinct)]
    organisation_id: uuid.UUID | None = Field(
        None, description="May be left out when you manage one organisation's webhooks only")


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"active": True}, {"url": "https://diarium.example.se/samordna/v2"},
        {"events": ["*"]}]})

    url: Annotated[str, SINGLE_LINE] | None = Field(
        None, min_length=1, max_length=2000,
        description="https, or http for a host the admin has allowed")
    events: Annotated[list[EventType], Field(min_length=1, max_length=len(EventType)),
                      AfterValidator(_distinct)] | None = None
    active: bool | None = Field(None, description="`true` re-enables a disabled webhook "
                                                  "(new events only); `false` pauses it")


class WebhookRotate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"overlap_hours": 24}]})

    overlap_hours: int = Field(
        DEFAULT_OVERLAP_HOURS, ge=0, le=MAX_OVERLAP_HOURS,
        description="How long deliveries are signed with the old secret too; 0 drops it now")


class WebhookHosts(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"hosts": ["diarium.kommun.local", "10.20.0.15"]}]})

    hosts: Annotated[list[Annotated[str, Field(max_length=253), SINGLE_LINE,
                                      AfterValidator(_host)]],
                     Field(max_length=50), AfterValidator(_distinct)]


# --- subscriptions ---------------------------------------------------------------------------

def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signing_secrets(webhook: Webhook, now: datetime) -> list[str]:
    """The secrets a delivery is signed with: after a rotation, the old one too until its
    overlap ends (Standard Webhooks: several space-separated signatures)."""
    expires = webhook.previous_secret_expires_at
    if webhook.previous_secret and expires is not None and expires > now:
        return [webhook.secret, webhook.previous_secret]
    return [webhook.secret]


def managed_organisations(principal: Principal) -> frozenset[uuid.UUID]:
    return frozenset(o for o in principal.organisation_ids()
                     if principal.has_scope(Scope.WEBHOOKS_MANAGE, o)
                     or principal.has_any_role(MANAGERS, o))


def require_manager(principal: Principal, organisation_id: uuid.UUID) -> None:
    require_scope_or_role(principal, organisation_id, scope=Scope.WEBHOOKS_MANAGE,
                          roles=MANAGERS)


def organisation_of(session: Session, organisation_id: uuid.UUID) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    assert organisation is not None
    return organisation


def create(*, session: Session, principal: Principal, data: WebhookCreate) -> Webhook:
    """Admin or `webhooks:manage`: subscribe a URL to event types; its secret is new."""
    organisation_id = single_organisation(principal, data.organisation_id,
                                          allowed=managed_organisations(principal) or None)
    require_manager(principal, organisation_id)
    organisation = organisation_of(session, organisation_id)
    destination = check_destination(data.url, organisation.webhook_allowed_hosts,
                                    resolve_allowed=False)
    webhook = Webhook(organisation_id=organisation_id, url=destination.url,
                      events=[str(e) for e in data.events], secret=new_secret())
    session.add(webhook)
    session.flush()
    audit.record(session=session, principal=principal, action="webhook.created",
                 object_type="webhook", object_id=webhook.id, organisation_id=organisation_id,
                 detail={"url": webhook.url, "events": webhook.events})
    return webhook


def visible_webhook(session: Session, principal: Principal, webhook_id: uuid.UUID, *,
                    lock: bool = False) -> Webhook:
    """404 outside your organisations, 403 without the admin role or `webhooks:manage`."""
    webhook = session.get(Webhook, webhook_id, with_for_update=lock)
    require_visible(webhook is not None
                    and webhook.organisation_id in principal.organisation_ids(), "The webhook")
    assert webhook is not None
    require_manager(principal, webhook.organisation_id)
    return webhook


def _record(session: Session, principal: Principal, webhook: Webhook, action: str,
            detail: dict[str, Any]) -> None:
    audit.record(session=session, principal=principal, action=action, object_type="webhook",
                 object_id=webhook.id, organisation_id=webhook.organisation_id, detail=detail)


def update(*, session: Session, principal: Principal, webhook_id: uuid.UUID,
           changes: WebhookUpdate, expected_version: int) -> Webhook:
    """Change the URL or the events, re-enable (or pause) the webhook."""
    webhook = visible_webhook(session, principal, webhook_id, lock=True)
    check_version(webhook.version, expected_version)
    changed: dict[str, Any] = {}
    if changes.url is not None and changes.url.strip() != webhook.url:
        organisation = organisation_of(session, webhook.organisation_id)
        webhook.url = check_destination(changes.url, organisation.webhook_allowed_hosts,
                                        resolve_allowed=False).url
        changed["url"] = webhook.url
    if changes.events is not None and [str(e) for e in changes.events] != webhook.events:
        webhook.events = changed["events"] = [str(e) for e in changes.events]
    if changes.active is not None and changes.active != webhook.active:
        webhook.active = changed["active"] = changes.active
        webhook.disabled_reason = None if changes.active else "Paused by an admin"
    if changed:
        webhook.version += 1
        _record(session, principal, webhook, "webhook.updated", changed)
        session.flush()
    return webhook


def rotate_secret(*, session: Session, principal: Principal, webhook_id: uuid.UUID,
                  expected_version: int | None, overlap: timedelta) -> Webhook:
    """A new signing secret; deliveries carry both signatures for `overlap`."""
    webhook = visible_webhook(session, principal, webhook_id, lock=True)
    if expected_version is not None:
        check_version(webhook.version, expected_version)
    now = utcnow()
    keep = overlap > timedelta(0)
    webhook.previous_secret = webhook.secret if keep else None
    webhook.previous_secret_expires_at = now + overlap if keep else None
    webhook.secret = new_secret()
    webhook.version += 1
    _record(session, principal, webhook, "webhook.secret_rotated",
            {"overlap_hours": overlap.total_seconds() / 3600})
    session.flush()
    return webhook


def redeliver(*, session: Session, principal: Principal, webhook_id: uuid.UUID,
              delivery_id: uuid.UUID, now: datetime) -> OutboxMessage:
    """Queue one event for this webhook again, due now (same `webhook-id`)."""
    webhook = visible_webhook(session, principal, webhook_id)
    message = session.get(OutboxMessage, delivery_id, with_for_update=True)
    require_visible(message is not None and message.channel == CHANNEL
                    and message.recipient == str(webhook.id), "The delivery")
    assert message is not None
    if not webhook.active:
        raise NotAllowed("The webhook is disabled; re-enable it first")
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now
    message.last_error = None
    message.sent_at = None
    session.add(message)
    _record(session, principal, webhook, "webhook.redelivered",
            {"delivery_id": str(message.id), "event_id": message.payload["data"]["id"]})
    session.flush()
    return message


def delete(*, session: Session, principal: Principal, webhook_id: uuid.UUID) -> None:
    """Remove the subscription and whatever it still had queued."""
    webhook = visible_webhook(session, principal, webhook_id)
    outbox.discard(session=session, messages=pending_messages(session, webhook.id))
    audit.record(session=session, principal=principal, action="webhook.deleted",
                 object_type="webhook", object_id=webhook.id,
                 organisation_id=webhook.organisation_id, detail={"url": webhook.url})
    session.delete(webhook)
    session.flush()


def list_webhooks(session: Session, organisation_ids: frozenset[uuid.UUID], *,
                  after: tuple[str, uuid.UUID] | None, limit: int) -> list[Webhook]:
    statement = select(Webhook).where(col(Webhook.organisation_id).in_(organisation_ids))
    if after:
        statement = statement.where(
            tuple_(Webhook.url, Webhook.id) > tuple_(*after))  # type: ignore[arg-type]
    return list(session.exec(statement.order_by(col(Webhook.url), col(Webhook.id))
                             .limit(limit)))


def deliveries(session: Session, webhook_id: uuid.UUID, *, status: OutboxStatus | None,
               after: tuple[datetime, uuid.UUID] | None, limit: int) -> list[OutboxMessage]:
    """The webhook's outbox rows, newest first."""
    statement = select(OutboxMessage).where(col(OutboxMessage.channel) == CHANNEL,
                                            col(OutboxMessage.recipient) == str(webhook_id))
    if status is not None:
        statement = statement.where(col(OutboxMessage.status) == status)
    if after:
        at = after[0]
        statement = statement.where(
            (col(OutboxMessage.created_at) < at)
            | ((col(OutboxMessage.created_at) == at) & (col(OutboxMessage.id) < after[1])))
    return list(session.exec(statement.order_by(col(OutboxMessage.created_at).desc(),
                                                col(OutboxMessage.id).desc()).limit(limit)))


def set_allowed_hosts(*, session: Session, principal: Principal, organisation_id: uuid.UUID,
                      hosts: list[str], expected_version: int) -> Organisation:
    """Admin: hosts webhooks may reach over http or at internal addresses."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    organisation = organisation_of(session, organisation_id)
    require_role(principal, Role.ADMIN, organisation_id)
    check_version(organisation.version, expected_version)
    organisation.webhook_allowed_hosts = list(hosts)
    organisation.version += 1
    audit.record(session=session, principal=principal, action="organisation.webhook_hosts",
                 object_type="organisation", object_id=organisation.id,
                 organisation_id=organisation.id, detail={"hosts": list(hosts)})
    session.flush()
    return organisation


def pending_messages(session: Session, webhook_id: uuid.UUID) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(
        col(OutboxMessage.channel) == CHANNEL, col(OutboxMessage.recipient) == str(webhook_id),
        col(OutboxMessage.status) == OutboxStatus.PENDING)))
