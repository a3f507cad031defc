"""One digest e-mail per recipient: all their queued reminders and escalations at once."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from backend.core import vocabulary
from backend.deadlines.calendar import days_left, local_date, swedish_date
from backend.deadlines.desks import report_due_on
from backend.deadlines.reminders import ESCALATION, KEY_PREFIX
from backend.models import Cycle, OutboxMessage, Report, Unit, User
from backend.models.enums import CycleState
from backend.notifications.mail import build_email, render_email
from backend.notifications.outbox import (
    EMAIL,
    claim,
    discard,
    mark_attempt_failed,
    mark_sent,
)
from backend.notifications.smtp import Mailer
from backend.reporting.workflow import REPORT_DESKS


def countdown_sv(days: int) -> str:
    """'3 dagar kvar', 'sista dagen är i dag', '1 dag försenad', '8 dagar försenad'."""
    if days > 1:
        return f"{days} dagar kvar"
    if days == 1:
        return "1 dag kvar"
    if days == 0:
        return "sista dagen är i dag"
    return "1 dag försenad" if days == -1 else f"{-days} dagar försenad"


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest: a report on the recipient's desk, or a late unit (escalation)."""

    kind: str
    report_id: uuid.UUID
    state: str
    unit_name: str
    cycle_label: str
    due_on: date
    days_left: int
    url: str

    @property
    def due_text(self) -> str:
        return swedish_date(self.due_on)

    @property
    def countdown(self) -> str:
        return countdown_sv(self.days_left)

    @property
    def task(self) -> str:
        step = vocabulary.REPORT_NEXT_STEPS.get(self.state)
        return f"{step}." if step else ""

    @property
    def owner(self) -> str:
        return str(REPORT_DESKS[self.state].owner)

    @property
    def role_label(self) -> str:
        return vocabulary.label(vocabulary.ROLE_NOUNS, self.owner)

    @property
    def desk_label(self) -> str:
        return vocabulary.label(vocabulary.DESKS, self.owner)


@dataclass(frozen=True)
class DigestOutcome:
    """What happened to one recipient's queued messages in one run."""

    sent_items: int = 0
    dropped: int = 0
    failed: bool = False


def _current_reports(session: Session, report_ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    rows = session.execute(
        select(col(Report.id), col(Report.state), col(Unit.name).label("unit_name"),
               col(Cycle.label).label("cycle_label"), col(Cycle.state).label("cycle_state"),
               report_due_on().label("due_on"))
        .join(Unit, col(Unit.id) == Report.unit_id).join(Cycle, col(Cycle.id) == Report.cycle_id)
        .where(col(Report.id).in_(report_ids))
    ).all()
    return {row.id: row for row in rows}


def _items(
    session: Session, messages: list[OutboxMessage], today: date, base_url: str,
) -> tuple[list[DigestItem], list[OutboxMessage]]:
    """Items still true now, and the messages whose report moved on (to drop)."""
    reports = _current_reports(session, {uuid.UUID(m.payload["report_id"]) for m in messages})
    items: dict[tuple[str, uuid.UUID], DigestItem] = {}
    stale = []
    for message in messages:
        report = reports.get(uuid.UUID(message.payload["report_id"]))
        if (report is None or report.state != message.payload["state"]
                or report.cycle_state != CycleState.OPEN or report.due_on is None):
            stale.append(message)
            continue
        items[(message.payload["kind"], report.id)] = DigestItem(
            kind=message.payload["kind"], report_id=report.id, state=report.state,
            unit_name=report.unit_name, cycle_label=report.cycle_label, due_on=report.due_on,
            days_left=days_left(report.due_on, today),
            url=f"{base_url.rstrip('/')}/rapporter/{report.id}",
        )
    ordered = sorted(items.values(), key=lambda i: (i.due_on, i.unit_name, i.cycle_label))
    return ordered, stale


def _subject(reminders: list[DigestItem], escalations: list[DigestItem]) -> str:
    parts = []
    if len(reminders) == 1:
        parts.append(f"{reminders[0].unit_name}, sista dag {reminders[0].due_text}")
    elif reminders:
        parts.append(f"{len(reminders)} rapporter väntar på dig")
    if escalations:
        late = len(escalations)
        parts.append("1 enhet är sen med rapporten" if late == 1
                     else f"{late} enheter är sena med rapporten")
    return "Påminnelse från Samordna: " + "; ".join(parts)


def compose_digest(
    *, recipient: str, name: str, items: list[DigestItem], sender: str, base_url: str,
) -> EmailMessage:
    """The digest e-mail (Swedish, plain text and HTML) for the given items."""
    reminders = [item for item in items if item.kind != ESCALATION]
    escalations = [item for item in items if item.kind == ESCALATION]
    text, html = render_email("reminder_digest", {
        "name": name, "reminders": reminders, "escalations": escalations})
    try:
        to: str | Address = Address(display_name=name, addr_spec=recipient)
    except (ValueError, IndexError):
        to = recipient
    return build_email(sender=sender, to=to, subject=_subject(reminders, escalations),
                       text=text, html=html, base_url=base_url)


def deliver_digest(
    *, session: Session, recipient: str, now: datetime, mailer: Mailer, sender: str,
    base_url: str,
) -> DigestOutcome:
    """Claim the recipient's due reminders, drop those that no longer hold, send one e-mail.

    A failed send keeps the messages queued with the error and a later next attempt.
    """
    messages = claim(session=session, channel=EMAIL, recipient=recipient, now=now,
                     key_prefix=KEY_PREFIX)
    if not messages:
        return DigestOutcome()
    items, stale = _items(session, messages, local_date(now), base_url)
    stale_ids = {message.id for message in stale}
    live = [message for message in messages if message.id not in stale_ids]
    discard(session=session, messages=stale)
    if not live:
        return DigestOutcome(dropped=len(stale))
    user = session.get(User, uuid.UUID(live[0].payload["user_id"]))
    try:
        mailer.send(compose_digest(recipient=recipient, name=user.name if user else "",
                                   items=items, sender=sender, base_url=base_url))
    except Exception as exc:  # noqa: BLE001 - any failure must leave the rows queued
        mark_attempt_failed(session=session, messages=live, now=now,
                            error=f"{type(exc).__name__}: {exc}")
        return DigestOutcome(dropped=len(stale), failed=True)
    mark_sent(session=session, messages=live, now=now)
    return DigestOutcome(sent_items=len(items), dropped=len(stale))
