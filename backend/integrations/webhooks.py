"""Webhooks per the Standard Webhooks spec: subscriptions, fan-out into the outbox, delivery.

`fan_out` runs inside `events.append`, so a webhook message commits with its event or not
at all. `deliver_webhooks` sends what is due: it leases a webhook's rows in one short
transaction, POSTs them in feed order outside any transaction, then records the outcomes in
another (no lock is held during HTTP, and a crash means a resend after the lease, never a
loss: receivers deduplicate on `webhook-id`).
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import re
import secrets
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

import httpx
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import func, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.audit import service as audit
from backend.auth.policies import require_scope_or_role, require_visible, single_organisation
from backend.auth.principal import Principal, Scope
from backend.core.db import SessionFactory, get_engine, unit_of_work
from backend.core.errors import Forbidden, Invalid, Stale
from backend.models import FeedEvent, Organisation, OutboxMessage, Webhook
from backend.models.enums import OutboxStatus, Role
from backend.notifications import outbox

log = logging.getLogger(__name__)

CHANNEL = "webhook"
KEY_PREFIX = "webhook:"
SECRET_PREFIX = "whsec_"
TIMEOUT_SECONDS = 10.0
# A leased row is invisible to other runs; a batch of BATCH_SIZE must finish well within it.
LEASE = timedelta(minutes=10)
BATCH_SIZE = 25
MANAGERS = frozenset({Role.ADMIN})


class EventType(StrEnum):
    """The change-feed types a webhook may subscribe to; `*` means all of them."""

    ALL = "*"
    REPORT_SENT_TO_COMMITTEE = "report.sent_to_committee"
    REPORT_APPROVED = "report.approved"
    REPORT_RETURNED = "report.returned"
    REPORT_SUBMITTED = "report.submitted"
    REPORT_ACCEPTED = "report.accepted"
    REPORT_REOPENED = "report.reopened"
    REPORT_EXEMPTED = "report.exempted"
    REPORT_UNEXEMPTED = "report.unexempted"
    REPORT_EXTENDED = "report.extended"
    REPORT_REGISTERED = "report.registered"
    CYCLE_OPENED = "cycle.opened"
    CYCLE_COMPILED = "cycle.compiled"
    CYCLE_ADOPTED = "cycle.adopted"
    CYCLE_RETURNED = "cycle.returned"
    COMPILATION_REGISTERED = "compilation.registered"


HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
                  r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def _distinct(values: list[Any]) -> list[Any]:
    return sorted(set(values))


def _host(value: str) -> str:
    host = value.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if not (HOST.fullmatch(host) or _ip(host)):
        raise ValueError(f"'{value}' is not a host name or IP address")
    return host


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"url": "https://diarium.example.se/samordna/webhook",
         "events": ["cycle.adopted", "report.accepted"]}]})

    url: str = Field(min_length=1, max_length=2000,
                     description="https, or http for a host the admin has allowed")
    events: Annotated[list[EventType], Field(min_length=1, max_length=len(EventType)),
                      AfterValidator(_distinct)]
    organisation_id: uuid.UUID | None = Field(
        None, description="May be left out when you manage one organisation's webhooks only")


class WebhookHosts(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"hosts": ["diarium.kommun.local", "10.20.0.15"]}]})

    hosts: Annotated[list[Annotated[str, Field(max_length=253), AfterValidator(_host)]],
                     Field(max_length=50), AfterValidator(_distinct)]


# --- destinations: refuse internal addresses (SSRF) ------------------------------------------

def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local (cloud metadata), multicast, reserved, unspecified."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address.is_loopback or address.is_private or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified
            or not address.is_global)


@dataclass(frozen=True)
class Destination:
    url: str
    host: str
    allowed: bool
    addresses: tuple[str, ...] = ()


def _invalid_url(message: str) -> Invalid:
    return Invalid(f"The webhook URL is refused: {message}", fields={"url": message})


def _resolve(host: str, port: int) -> tuple[str, ...]:
    literal = _ip(host)
    if literal is not None:
        return (str(literal),)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise _invalid_url(f"the host '{host}' cannot be resolved") from exc
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


def check_destination(url: str, allowed_hosts: list[str], *, resolve_allowed: bool) -> Destination:
    """Where a webhook may post: https to public addresses, anything to allowed hosts.

    Raises Invalid (422) with the reason. Every address the host resolves to must be
    public, so a name with one internal record among public ones is refused too.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise _invalid_url("not a valid URL") from exc
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        raise _invalid_url("it must be an absolute https:// URL")
    if not (HOST.fullmatch(host) or _ip(host)):
        raise _invalid_url(f"'{host}' is not a valid host name")
    if parts.username is not None or parts.password is not None:
        raise _invalid_url("credentials in the URL are not allowed")
    allowed = host in {h.lower() for h in allowed_hosts}
    if allowed:
        addresses = _resolve(host, port) if resolve_allowed else ()
        return Destination(url.strip(), host, True, addresses)
    if parts.scheme != "https":
        raise _invalid_url("use https (http only for a host an admin has allowed)")
    addresses = _resolve(host, port)
    internal = [a for a in addresses if is_internal(ipaddress.ip_address(a))]
    if internal:
        raise _invalid_url(f"'{host}' resolves to an internal address ({internal[0]}); an "
                           "admin may allow the host (PUT /organisations/{id}/webhook-hosts)")
    return Destination(url.strip(), host, False, addresses)


# --- subscriptions ---------------------------------------------------------------------------

def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def managed_organisations(principal: Principal) -> frozenset[uuid.UUID]:
    return frozenset(o for o in principal.organisation_ids()
                     if principal.has_scope(Scope.WEBHOOKS_MANAGE, o)
                     or principal.has_any_role(MANAGERS, o))


def require_manager(principal: Principal, organisation_id: uuid.UUID) -> None:
    require_scope_or_role(principal, organisation_id, scope=Scope.WEBHOOKS_MANAGE,
                          roles=MANAGERS)


def _organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    assert organisation is not None
    return organisation


def create(*, session: Session, principal: Principal, data: WebhookCreate) -> Webhook:
    """Admin or `webhooks:manage`: subscribe a URL to event types; its secret is new."""
    organisation_id = single_organisation(principal, data.organisation_id,
                                          allowed=managed_organisations(principal) or None)
    require_manager(principal, organisation_id)
    organisation = _organisation(session, organisation_id)
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


def visible_webhook(session: Session, principal: Principal, webhook_id: uuid.UUID) -> Webhook:
    """404 outside your organisations, 403 without the admin role or `webhooks:manage`."""
    webhook = session.get(Webhook, webhook_id)
    require_visible(webhook is not None
                    and webhook.organisation_id in principal.organisation_ids(), "The webhook")
    assert webhook is not None
    require_manager(principal, webhook.organisation_id)
    return webhook


def delete(*, session: Session, principal: Principal, webhook_id: uuid.UUID) -> None:
    """Remove the subscription and whatever it still had queued."""
    webhook = visible_webhook(session, principal, webhook_id)
    outbox.discard(session=session, messages=_pending(session, webhook.id))
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
               after: tuple[str, uuid.UUID] | None, limit: int) -> list[OutboxMessage]:
    """The webhook's outbox rows, newest first."""
    statement = select(OutboxMessage).where(col(OutboxMessage.channel) == CHANNEL,
                                            col(OutboxMessage.recipient) == str(webhook_id))
    if status is not None:
        statement = statement.where(col(OutboxMessage.status) == status)
    if after:
        at = datetime.fromisoformat(after[0])
        statement = statement.where(
            (col(OutboxMessage.created_at) < at)
            | ((col(OutboxMessage.created_at) == at) & (col(OutboxMessage.id) < after[1])))
    return list(session.exec(statement.order_by(col(OutboxMessage.created_at).desc(),
                                                col(OutboxMessage.id).desc()).limit(limit)))


def set_allowed_hosts(*, session: Session, principal: Principal, organisation_id: uuid.UUID,
                      hosts: list[str], expected_version: int) -> Organisation:
    """Admin: hosts webhooks may reach over http or at internal addresses."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    organisation = _organisation(session, organisation_id)
    if not principal.has_role(Role.ADMIN, organisation_id):
        raise Forbidden("Only the organisation's admin may allow webhook hosts")
    if organisation.version != expected_version:
        raise Stale(f"The organisation has changed (version {organisation.version}, you sent "
                    f"{expected_version}); reload it and apply your change again")
    organisation.webhook_allowed_hosts = list(hosts)
    organisation.version += 1
    audit.record(session=session, principal=principal, action="organisation.webhook_hosts",
                 object_type="organisation", object_id=organisation.id,
                 organisation_id=organisation.id, detail={"hosts": list(hosts)})
    session.flush()
    return organisation


# --- fan-out: one outbox row per subscribed webhook, in the event's transaction --------------

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
        if EventType.ALL in types or event.type in types]
    if not subscribed:
        return 0
    payload = payload_of(event)
    return outbox.enqueue_many(session=session, now=event.occurred_at, messages=[
        outbox.Queued(CHANNEL, f"{KEY_PREFIX}{webhook_id}:{event.id}", str(webhook_id),
                      payload, event.organisation_id)
        for webhook_id in subscribed])


# --- delivery --------------------------------------------------------------------------------

@dataclass
class DeliveryCounts:
    """What one delivery run did."""

    webhooks: int = 0
    sent: int = 0
    failed: int = 0
    refused: int = 0
    disabled: int = 0
    errors: int = 0

    def summary_sv(self) -> str:
        return (f"Webhooks: {self.webhooks} mottagare, {self.sent} skickade, {self.failed} "
                f"misslyckade (nytt försök senare), {self.refused} stoppade (intern adress), "
                f"{self.disabled} avstängda (410), {self.errors} fel.")


@dataclass
class Batch:
    """What a run took on for one webhook: plain values, usable after the lease commits."""

    webhook_id: uuid.UUID
    url: str
    secret: str
    allowed_hosts: list[str]
    messages: list[tuple[uuid.UUID, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    message_id: uuid.UUID
    kind: str  # "sent" | "failed" | "refused" | "gone"
    error: str = ""


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the decoded secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(digest.digest()).decode()


def _pending(session: Session, webhook_id: uuid.UUID) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(
        col(OutboxMessage.channel) == CHANNEL, col(OutboxMessage.recipient) == str(webhook_id),
        col(OutboxMessage.status) == OutboxStatus.PENDING)))


def _give_up(session: Session, messages: list[OutboxMessage], reason: str) -> None:
    for message in messages:
        message.status = OutboxStatus.FAILED
        message.last_error = reason
        session.add(message)


def lease(*, session: Session, webhook_id: uuid.UUID, now: datetime) -> Batch | None:
    """Claim the webhook's due rows that no earlier pending row waits before, in feed order."""
    claimed = outbox.claim(session=session, channel=CHANNEL, recipient=str(webhook_id), now=now)
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        outbox.discard(session=session, messages=claimed)
        return None
    if not webhook.active:
        _give_up(session, claimed, f"The webhook is disabled: {webhook.disabled_reason}")
        return None
    # A row waiting for its retry holds back every later one: receivers get events in order.
    waiting_since = session.scalar(select(func.min(OutboxMessage.created_at)).where(
        col(OutboxMessage.channel) == CHANNEL, col(OutboxMessage.recipient) == str(webhook_id),
        col(OutboxMessage.status) == OutboxStatus.PENDING,
        col(OutboxMessage.next_attempt_at) > now))
    ready = sorted((m for m in claimed if waiting_since is None or m.created_at < waiting_since),
                   key=lambda m: (m.created_at, m.payload["data"]["position"]))[:BATCH_SIZE]
    for message in ready:
        message.next_attempt_at = now + LEASE
        session.add(message)
    session.flush()
    organisation = _organisation(session, webhook.organisation_id)
    return Batch(webhook.id, webhook.url, webhook.secret,
                 list(organisation.webhook_allowed_hosts),
                 [(m.id, dict(m.payload)) for m in ready])


def _post(client: httpx.Client, batch: Batch, payload: dict[str, Any]) -> httpx.Response:
    destination = check_destination(batch.url, batch.allowed_hosts, resolve_allowed=True)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    message_id = payload["data"]["id"]
    timestamp = int(time.time())  # the moment of sending: receivers check it against their clock
    headers = {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
               "webhook-signature": sign(batch.secret, message_id, timestamp, body),
               "content-type": "application/json", "user-agent": "Samordna-Webhooks/1"}
    url = httpx.URL(destination.url)
    extensions: dict[str, Any] = {}
    if destination.addresses:
        # Connect to the address just checked, so a second DNS answer cannot redirect us.
        headers["host"] = url.netloc.decode("ascii")
        extensions["sni_hostname"] = destination.host
        url = url.copy_with(host=destination.addresses[0])
    return client.post(url, content=body, headers=headers, extensions=extensions)


def send(client: httpx.Client, batch: Batch) -> list[Outcome]:
    """POST the batch in order; stop at the first message that does not go through."""
    outcomes = []
    for message_id, payload in batch.messages:
        try:
            response = _post(client, batch, payload)
        except Invalid as exc:
            outcomes.append(Outcome(message_id, "refused", exc.detail))
            break
        except httpx.HTTPError as exc:
            outcomes.append(Outcome(message_id, "failed", f"{type(exc).__name__}: {exc}"))
            break
        if response.is_success:
            outcomes.append(Outcome(message_id, "sent"))
            continue
        kind = "gone" if response.status_code == 410 else "failed"
        outcomes.append(Outcome(message_id, kind, f"HTTP {response.status_code}: "
                                                  f"{response.text[:300]}"))
        break
    return outcomes


def record(*, session: Session, batch: Batch, outcomes: list[Outcome], now: datetime,
           counts: DeliveryCounts) -> None:
    """Write what happened; rows the run did not get to are released for the next run."""
    done = {o.message_id for o in outcomes}
    for outcome in outcomes:
        message = session.get(OutboxMessage, outcome.message_id)
        if message is None or message.status != OutboxStatus.PENDING:
            continue
        if outcome.kind == "sent":
            outbox.mark_sent(session=session, messages=[message], now=now)
            counts.sent += 1
        elif outcome.kind == "gone":
            _disable(session, batch.webhook_id, outcome.error)
            counts.disabled += 1
        else:
            outbox.mark_attempt_failed(session=session, messages=[message], now=now,
                                       error=outcome.error)
            counts.refused += outcome.kind == "refused"
            counts.failed += outcome.kind == "failed"
    for message_id, _ in batch.messages:
        untried = session.get(OutboxMessage, message_id) if message_id not in done else None
        if untried is not None and untried.status == OutboxStatus.PENDING:
            untried.next_attempt_at = now
            session.add(untried)
    session.flush()


def _disable(session: Session, webhook_id: uuid.UUID, error: str) -> None:
    webhook = session.get(Webhook, webhook_id)
    if webhook is not None:
        webhook.active = False
        webhook.disabled_reason = f"The receiver answered 410 Gone ({error[:200]})"
        webhook.version += 1
        session.add(webhook)
        _give_up(session, _pending(session, webhook_id), webhook.disabled_reason)


def deliver_webhooks(*, now: datetime, engine: Engine | None = None,
                     sessions: SessionFactory | None = None,
                     client: httpx.Client | None = None) -> DeliveryCounts:
    """Send every due webhook message; one failing webhook never stops the others."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    bound = engine
    sessions = sessions or (lambda: Session(bound or get_engine(), expire_on_commit=False))
    counts = DeliveryCounts()
    with unit_of_work(sessions=sessions) as session:
        due = outbox.due_recipients(session=session, channel=CHANNEL, now=now,
                                    key_prefix=KEY_PREFIX)
    http = client or httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False,
                                  trust_env=False)
    try:
        for recipient in due:
            try:
                with unit_of_work(sessions=sessions) as session:
                    batch = lease(session=session, webhook_id=uuid.UUID(recipient), now=now)
                if batch is None or not batch.messages:
                    continue
                counts.webhooks += 1
                outcomes = send(http, batch)
                with unit_of_work(sessions=sessions) as session:
                    record(session=session, batch=batch, outcomes=outcomes, now=now,
                           counts=counts)
            except Exception:
                log.exception("Webhook delivery to %s failed", recipient)
                counts.errors += 1
    finally:
        if client is None:
            http.close()
    return counts
