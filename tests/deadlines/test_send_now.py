"""The coordinator's "send a reminder now" for one report, at most once an hour."""

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from backend.core.errors import NotAllowed, NotFound
from backend.deadlines.reminders import ReminderRateLimited, send_reminder_now
from backend.models import OutboxMessage
from backend.models.enums import ReportState
from tests.deadlines.factories import at, make_cycle, make_municipality, make_report

DUE = date(2027, 2, 19)


def test_a_reminder_now_goes_to_the_desk_holder_at_most_once_an_hour(session: Session) -> None:
    town = make_municipality(session, ["Kultur- och fritidsnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    report = make_report(session, cycle, town.units["Kultur- och fritidsnämnden"],
                         state=ReportState.COMMITTEE_REVIEW)
    committee = town.committees["Kultur- och fritidsnämnden"]
    now = at(date(2027, 2, 25), 10)

    assert send_reminder_now(session=session, report_id=report.id, now=now) == 1
    with pytest.raises(ReminderRateLimited) as raised:
        send_reminder_now(session=session, report_id=report.id, now=now + timedelta(minutes=59))
    assert raised.value.status == 429 and raised.value.retry_after == 60
    assert send_reminder_now(session=session, report_id=report.id,
                             now=now + timedelta(hours=1)) == 1

    rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.created_at)).all()
    assert [row.recipient for row in rows] == [committee.email, committee.email]
    assert [row.dedup_key.split(":")[3] for row in rows] == [
        "manual-20270225T10", "manual-20270225T11"]
    assert rows[0].payload["state"] == "committee_review"


def test_a_settled_report_cannot_be_reminded(session: Session) -> None:
    town = make_municipality(session, ["Valnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    report = make_report(session, cycle, town.units["Valnämnden"], state=ReportState.ACCEPTED)
    with pytest.raises(NotAllowed):
        send_reminder_now(session=session, report_id=report.id, now=at(DUE))
    with pytest.raises(NotFound):
        send_reminder_now(session=session, report_id=uuid.uuid4(), now=at(DUE))
