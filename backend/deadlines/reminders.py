"""The reminder scan: which (report, state, step, recipient) is due today, into the outbox.

How "due today" is found in SQL, portably and set-based:

1. Python computes the calendar days the run covers (`coverage.days_to_cover`): the days
   since the last successful run, which for a daily job are today plus the weekend/holiday
   days just before it (a step on a non-working day goes out on the next working day), and
   after an outage every day it missed. On a non-working day the list is empty and nothing
   is sent.
2. One SELECT crosses every open report of every open cycle of every organisation with
   the days its organisation has not yet covered and keeps the pairs where a step of the
   organisation's policy falls:
   `lead` = due date − day; a reminder when `lead` is in `reminder_days_before`, or the
   report is `reminder_repeat_days`·k overdue; an escalation to the coordinators when it is
   `escalation_after_days` + `reminder_repeat_days`·k overdue.
3. Per report and kind only the latest such day is kept (ROW_NUMBER): a later step that is
   due by then replaces one postponed from a non-working day.
4. The rows are joined to the members holding the desk's role and inserted into the outbox
   in one bulk INSERT ... ON CONFLICT DO NOTHING on the key
   `reminder:{report_id}:{state}:{step}:{user_id}`, so reruns and concurrent runs queue
   nothing twice, and a report that changed state never matches its old keys.
5. The same transaction records every organisation as covered through today.
"""

import math
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, literal_column, select, union_all
from sqlmodel import Session, col

from backend.core.errors import NotAllowed, NotFound, TooManyRequests
from backend.deadlines.calendar import STOCKHOLM, local_date
from backend.deadlines.coverage import covered_through_column, days_to_cover, record_scan
from backend.deadlines.desks import holds_role, open_report_desks
from backend.deadlines.sql import days_between, int_in_json_array
from backend.models import Membership, Organisation, OutboxMessage, ReminderScan, Report, User
from backend.models.enums import Role
from backend.notifications.outbox import EMAIL, Queued, enqueue_many

REMINDER = "reminder"
ESCALATION = "escalation"
KEY_PREFIX = "reminder:"
MANUAL_INTERVAL = timedelta(hours=1)


class ReminderRateLimited(TooManyRequests):
    """A reminder for this report was sent by hand less than an hour ago."""


def reminder_key(report_id: uuid.UUID, state: str, step: str, user_id: uuid.UUID) -> str:
    """The outbox deduplication key of one reminder."""
    return f"{KEY_PREFIX}{report_id}:{state}:{step}:{user_id}"


def _step_name(kind: str, lead: int) -> str:
    if kind == ESCALATION:
        return f"escalation-{-lead}"
    return f"before-{lead}" if lead >= 0 else f"overdue-{-lead}"


def _due_query(days: list[date], today: date) -> Any:
    targets = union_all(
        *(select(literal(day, Date).label("target_on")) for day in days)
    ).cte("targets")
    desks = open_report_desks().cte("desks")
    lead = days_between(desks.c.due_on, targets.c.target_on)
    candidates = (
        select(*desks.c, targets.c.target_on, lead.label("lead"),
               Organisation.reminder_days_before.label("steps"),  # type: ignore[attr-defined]
               # NULLIF: a zero interval in the table must not fail the scan with a division.
               func.nullif(Organisation.reminder_repeat_days, 0).label("repeat_days"),
               col(Organisation.escalation_after_days).label("escalate_after"))
        .join(Organisation, col(Organisation.id) == desks.c.organisation_id)
        .outerjoin(ReminderScan, col(ReminderScan.organisation_id) == Organisation.id)
        .join(targets, targets.c.target_on > covered_through_column(today))
    ).cte("candidates")
    c = candidates.c
    overdue = -c.lead
    reminder_due = ((c.lead >= 0) & int_in_json_array(c.steps, c.lead)) | (
        (c.lead < 0) & (overdue % c.repeat_days == 0))
    escalation_due = ((c.owner_role != Role.COORDINATOR.value) & (overdue >= c.escalate_after)
                      & ((overdue - c.escalate_after) % c.repeat_days == 0))
    hits = union_all(*(
        select(c.report_id, c.state, c.unit_id, c.cycle_id, c.organisation_id, c.owner_role,
               c.due_on, c.target_on, c.lead, literal_column(f"'{kind}'").label("kind"))
        .where(condition)
        for kind, condition in ((REMINDER, reminder_due), (ESCALATION, escalation_due))
    )).cte("hits")
    ranked = select(
        *hits.c,
        func.row_number().over(partition_by=(hits.c.report_id, hits.c.kind),
                               order_by=hits.c.target_on.desc()).label("recency"),
    ).cte("ranked")
    r = ranked.c
    recipient_role = case((r.kind == ESCALATION, Role.COORDINATOR.value), else_=r.owner_role)
    return (
        select(r.report_id, r.state, r.unit_id, r.cycle_id, r.organisation_id, r.due_on,
               r.lead.label("lead"), r.kind, col(User.id).label("user_id"),
               col(User.email).label("email"))
        .select_from(ranked)
        .join(Membership, holds_role(recipient_role, r.organisation_id, r.unit_id))
        .join(User, col(User.id) == Membership.user_id)
        .where(r.recency == 1, col(User.active).is_(True))
    )


def _queued(*, desk: Any, user_id: uuid.UUID, email: str, step: str, kind: str) -> Queued:
    payload = {"kind": kind, "report_id": str(desk.report_id), "state": desk.state,
               "step": step, "due_on": desk.due_on.isoformat(), "user_id": str(user_id),
               "unit_id": str(desk.unit_id), "cycle_id": str(desk.cycle_id)}
    return Queued(EMAIL, reminder_key(desk.report_id, desk.state, step, user_id),
                  email, payload, desk.organisation_id)


def scan(*, session: Session, now: datetime) -> int:
    """Queue every reminder and escalation due on `now`'s Stockholm date, or on a day since
    the last successful run that none covered; returns new rows."""
    today = local_date(now)
    days = days_to_cover(session, today)
    if not days:
        return 0
    rows = session.execute(_due_query(days, today)).all()
    messages = [
        _queued(desk=row, user_id=row.user_id, email=row.email,
                step=_step_name(row.kind, int(row.lead)), kind=row.kind)
        for row in rows
    ]
    queued = enqueue_many(session=session, messages=messages, now=now)
    record_scan(session, today, now)
    return queued


def send_reminder_now(*, session: Session, report_id: uuid.UUID, now: datetime) -> int:
    """Queue a reminder for one report to whoever holds its desk; returns how many.

    At most once per report per hour (ReminderRateLimited otherwise). The next delivery run
    (timer or cron, or the caller right after committing) sends it.
    """
    desk = session.execute(open_report_desks().where(col(Report.id) == report_id)).first()
    if desk is None:
        if session.get(Report, report_id) is None:
            raise NotFound("No such report")
        raise NotAllowed("The report is on nobody's desk: it is settled or its cycle is closed")
    last = session.scalar(
        select(func.max(OutboxMessage.created_at))
        .where(col(OutboxMessage.dedup_key).like(f"{KEY_PREFIX}{report_id}:%:manual-%")))
    if last is not None and now - last < MANUAL_INTERVAL:
        wait = math.ceil((last + MANUAL_INTERVAL - now).total_seconds())
        raise ReminderRateLimited(
            "A reminder for this report was sent less than an hour ago", retry_after=wait)
    recipients = session.execute(
        select(col(User.id), col(User.email)).select_from(User)
        .join(Membership, and_(col(Membership.user_id) == User.id,
                               holds_role(desk.owner_role, desk.organisation_id, desk.unit_id)))
        .where(col(User.active).is_(True))).all()
    # The hour in the step collapses two clicks in the same instant into one e-mail.
    step = f"manual-{now.astimezone(STOCKHOLM):%Y%m%dT%H}"
    messages = [_queued(desk=desk, user_id=user_id, email=email, step=step, kind=REMINDER)
                for user_id, email in recipients]
    return enqueue_many(session=session, messages=messages, now=now)
