"""Delivering webhook messages: lease, POST in feed order outside any transaction, record.

`deliver_webhooks` leases a webhook's due rows in one short transaction, POSTs them signed
per the Standard Webhooks spec with no lock held, then records the outcomes in another. A
crash means a resend after the lease, never a loss: receivers deduplicate on `webhook-id`.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.core.db import SessionFactory, new_session, unit_of_work
from backend.core.errors import Invalid
from backend.feed.subscribers import CHANNEL, KEY_PREFIX
from backend.integrations.webhook_destinations import check_destination
from backend.integrations.webhooks import (
    BATCH_SIZE,
    LEASE,
    SECRET_PREFIX,
    TIMEOUT_SECONDS,
    organisation_of,
    pending_messages,
    signing_secrets,
)
from backend.models import OutboxMessage, Webhook
from backend.models.enums import OutboxStatus
from backend.notifications import outbox

log = logging.getLogger(__name__)
DELIVERY_DEADLINE_SECONDS = 10.0


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
    secrets: list[str]  # the current one, and the one it replaced while the overlap lasts
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
    organisation = organisation_of(session, webhook.organisation_id)
    return Batch(webhook.id, webhook.url, signing_secrets(webhook, now),
                 list(organisation.webhook_allowed_hosts),
                 [(m.id, dict(m.payload)) for m in ready])


async def _post(client: httpx.AsyncClient, batch: Batch,
                payload: dict[str, Any]) -> httpx.Response:
    destination = await asyncio.to_thread(check_destination, batch.url, batch.allowed_hosts,
                                          resolve_allowed=True)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    message_id = payload["data"]["id"]
    timestamp = int(time.time())  # the moment of sending: receivers check it against their clock
    signatures = " ".join(sign(secret, message_id, timestamp, body) for secret in batch.secrets)
    headers = {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
               "webhook-signature": signatures,
               "content-type": "application/json", "user-agent": "Samordna-Webhooks/1"}
    url = httpx.URL(destination.url)
    extensions: dict[str, Any] = {}
    if destination.addresses:
        # Connect to the address just checked, so a second DNS answer cannot redirect us.
        headers["host"] = url.netloc.decode("ascii")
        extensions["sni_hostname"] = destination.host
        url = url.copy_with(host=destination.addresses[0])
    return await client.post(url, content=body, headers=headers, extensions=extensions)


def send(batch: Batch, *, deadline: float = DELIVERY_DEADLINE_SECONDS) -> list[Outcome]:
    """POST the batch in order; stop at the first message that does not go through.

    Each POST has `deadline` seconds in all (DNS, connect, send, answer): httpx's timeouts
    count per read, so a receiver trickling a byte at a time could hold a run for minutes.
    """
    return asyncio.run(_send(batch, deadline))


async def _send(batch: Batch, deadline: float) -> list[Outcome]:
    outcomes = []
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False,
                                 trust_env=False) as client:
        for message_id, payload in batch.messages:
            try:
                response = await asyncio.wait_for(_post(client, batch, payload), deadline)
            except Invalid as exc:
                outcomes.append(Outcome(message_id, "refused", exc.detail))
                break
            except TimeoutError:
                outcomes.append(Outcome(message_id, "failed",
                                        f"No complete answer within {deadline:g} s"))
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
        _give_up(session, pending_messages(session, webhook_id), webhook.disabled_reason)


def deliver_webhooks(*, now: datetime, engine: Engine | None = None,
                     sessions: SessionFactory | None = None,
                     deadline: float = DELIVERY_DEADLINE_SECONDS) -> DeliveryCounts:
    """Send every due webhook message; one failing webhook never stops the others."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if sessions is None:
        sessions = new_session if engine is None else (
            lambda: Session(engine, expire_on_commit=False))
    counts = DeliveryCounts()
    with unit_of_work(sessions=sessions) as session:
        due = outbox.due_recipients(session=session, channel=CHANNEL, now=now,
                                    key_prefix=KEY_PREFIX)
    for recipient in due:
        try:
            with unit_of_work(sessions=sessions) as session:
                batch = lease(session=session, webhook_id=uuid.UUID(recipient), now=now)
            if batch is None or not batch.messages:
                continue
            counts.webhooks += 1
            outcomes = send(batch, deadline=deadline)
            with unit_of_work(sessions=sessions) as session:
                record(session=session, batch=batch, outcomes=outcomes, now=now,
                       counts=counts)
        except Exception:
            log.exception("Webhook delivery to %s failed", recipient)
            counts.errors += 1
    return counts
