"""Each user's private calendar feed (iCalendar, RFC 5545) of the due dates on their desk.

The feed URL carries `User.calendar_token`; issuing a new token revokes the old URL.
"""

import secrets
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, select
from sqlmodel import Session, col

from backend.core import vocabulary
from backend.core.errors import NotFound
from backend.deadlines.desks import holds_role, open_report_desks, report_owner_role
from backend.models import Cycle, Membership, Organisation, Report, Unit, User
from backend.reporting.workflow import CYCLE_DESKS

MAX_LINE_OCTETS = 75


def _step(steps: dict[str, str], state: str) -> str:
    return f"{steps[state]}." if state in steps else ""


def issue_calendar_token(*, session: Session, user_id: uuid.UUID) -> str:
    """A new secret feed token for the user; the previous feed URL stops working."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    user.calendar_token = secrets.token_urlsafe(32)
    session.add(user)
    session.flush()
    return user.calendar_token


def revoke_calendar_token(*, session: Session, user_id: uuid.UUID) -> None:
    """Turn the user's calendar feed off."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    user.calendar_token = None
    session.add(user)
    session.flush()


def escape_text(value: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into CRLF-joined parts of at most 75 octets (never mid-character)."""
    parts: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = " ", 1, MAX_LINE_OCTETS
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _report_items(session: Session, user_id: uuid.UUID) -> list[Any]:
    holders = select(col(Membership.id)).where(
        col(Membership.user_id) == user_id,
        holds_role(report_owner_role(), Cycle.organisation_id, Report.unit_id))
    statement = (
        open_report_desks()
        .add_columns(col(Unit.name).label("unit_name"), col(Cycle.label).label("cycle_label"),
                     col(Organisation.name).label("organisation_name"))
        .join(Unit, col(Unit.id) == Report.unit_id)
        .join(Organisation, col(Organisation.id) == Cycle.organisation_id)
        .where(holders.exists())
    )
    return list(session.execute(statement).all())


def _cycle_items(session: Session, user_id: uuid.UUID) -> list[Any]:
    dated = {state: desk for state, desk in CYCLE_DESKS.items() if desk.owner and desk.due_field}
    if not dated:
        return []
    owner = case({s: str(d.owner) for s, d in dated.items()}, value=Cycle.state)
    due_on = case({s: getattr(Cycle, str(d.due_field)) for s, d in dated.items()},
                  value=Cycle.state)
    statement = (
        select(col(Cycle.id), col(Cycle.state), col(Cycle.label), owner.label("owner_role"),
               due_on.label("due_on"), col(Organisation.name).label("organisation_name"))
        .join(Organisation, col(Organisation.id) == Cycle.organisation_id)
        .join(Membership, and_(col(Membership.user_id) == user_id,
                               holds_role(owner, Cycle.organisation_id, None)))
        .where(col(Cycle.state).in_(dated))
    )
    return list(session.execute(statement).all())


def _event(uid: str, due_on: date, summary: str, description: str, url: str,
           stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{due_on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{due_on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}", f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}", "TRANSP:TRANSPARENT", "END:VEVENT",
    ]


def calendar_feed(*, session: Session, token: str, now: datetime, base_url: str) -> str:
    """The iCalendar text (CRLF, folded) of the due dates on the token owner's desk."""
    user = session.scalars(select(User).where(col(User.calendar_token) == token)).first()
    if not token or user is None or not user.active:
        raise NotFound("No such calendar")
    return user_calendar(session=session, user_id=user.id, now=now, base_url=base_url)


def user_calendar(*, session: Session, user_id: uuid.UUID, now: datetime, base_url: str) -> str:
    """The iCalendar text (CRLF, folded) of the due dates on the user's desk."""
    base = base_url.rstrip("/")
    stamp = f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samordna//Sista dagar//SV",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text('Samordna, sista dagar')}",
             "X-WR-TIMEZONE:Europe/Stockholm"]
    reports, cycles = _report_items(session, user_id), _cycle_items(session, user_id)
    # In a region, every event names its organisation: two "Omgång 2026" are not the same.
    several = len({r.organisation_name for r in [*reports, *cycles]}) > 1

    def named(text: str, organisation: str) -> str:
        return f"{text} ({organisation})" if several else text

    for row in sorted(reports, key=lambda r: (r.due_on, r.unit_name)):
        role = vocabulary.label(vocabulary.ROLE_NOUNS, row.owner_role)
        lines += _event(
            f"report-{row.report_id}-{row.state}@samordna", row.due_on,
            named(f"Sista dag: {row.unit_name}, {row.cycle_label}", row.organisation_name),
            f"{_step(vocabulary.REPORT_NEXT_STEPS, row.state)}\nDen ligger på ditt bord som "
            f"{role}. Sista dagen gäller till kl. 23.59.\n{base}/rapporter/{row.report_id}",
            f"{base}/rapporter/{row.report_id}", stamp)
    for row in sorted(cycles, key=lambda r: r.due_on):
        lines += _event(
            f"cycle-{row.id}-{row.state}@samordna", row.due_on,
            named(f"Sista dag: sammanställningen {row.label}", row.organisation_name),
            f"{_step(vocabulary.CYCLE_NEXT_STEPS, row.state)}\n{base}/omgangar/{row.id}",
            f"{base}/omgangar/{row.id}", stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
