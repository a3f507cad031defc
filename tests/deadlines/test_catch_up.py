"""A day the job did not run is caught up once by the next run, per organisation."""

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlmodel import Session, select

from backend.core.config import Settings, get_settings
from backend.deadlines.coverage import MAX_CATCH_UP_DAYS, days_to_cover
from backend.deadlines.scheduled import RunCounts, run_reminders
from backend.models import OutboxMessage, ReminderScan
from tests.deadlines.factories import at, make_cycle, make_municipality, make_report
from tests.notifications.smtp_server import SmtpServer

DUE = date(2027, 2, 19)  # a Friday; step 3 is Tuesday the 16th
BASE_URL = "https://samordna.testby.se"


@pytest.fixture
def run(session: Session, smtp_server: SmtpServer) -> Callable[..., RunCounts]:
    settings: Settings = get_settings().model_copy(update={"base_url": BASE_URL})

    def sessions() -> AbstractContextManager[Session]:
        return nullcontext(session)

    def run_at(day: date) -> RunCounts:
        with smtp_server.mailer() as mailer:
            return run_reminders(at(day), sessions=sessions, mailer=mailer, settings=settings)
    return run_at


def steps(session: Session) -> list[str]:
    session.expire_all()
    return sorted(m.payload["step"] for m in session.exec(select(OutboxMessage)))


def scanned_through(session: Session, organisation_id: object) -> date | None:
    session.expire_all()
    row = session.get(ReminderScan, organisation_id)
    return row.scanned_through if row else None


def test_a_step_due_during_an_outage_goes_out_once_afterwards(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Kulturnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    make_report(session, cycle, town.units["Kulturnämnden"])
    contact = town.contacts["Kulturnämnden"].email

    assert run(date(2027, 2, 15)).queued == 0  # Monday: no step
    assert scanned_through(session, town.organisation.id) == date(2027, 2, 15)
    # The job is down on Tuesday (step 3) and Wednesday; Thursday's run catches up.
    thursday = run(date(2027, 2, 18))
    assert (thursday.queued, thursday.emails_sent) == (1, 1)
    assert steps(session) == ["before-3"]
    assert "Sista dag: 19 februari 2027 (1 dag kvar)" in smtp_server.handler.to(contact)[0].text
    assert run(date(2027, 2, 18)).queued == 0  # a rerun sends nothing again
    assert run(date(2027, 2, 19)).queued == 1  # step 0 on time
    assert steps(session) == ["before-0", "before-3"]
    assert len(smtp_server.handler.to(contact)) == 2


def test_each_organisation_catches_up_from_its_own_last_run(
    session: Session, run: Callable[..., RunCounts],
) -> None:
    behind = make_municipality(session, ["Socialnämnden"])
    current = make_municipality(session, ["Tekniska nämnden"])
    for town, unit in ((behind, "Socialnämnden"), (current, "Tekniska nämnden")):
        make_report(session, make_cycle(session, town.organisation, draft_due=DUE),
                    town.units[unit])
    now = at(date(2027, 2, 17))
    session.add(ReminderScan(organisation_id=behind.organisation.id,
                             scanned_through=date(2027, 2, 15), scanned_at=now))
    session.add(ReminderScan(organisation_id=current.organisation.id,
                             scanned_through=date(2027, 2, 16), scanned_at=now))
    session.flush()
    # Only the organisation whose run missed Tuesday gets Tuesday's step on Wednesday.
    assert run(date(2027, 2, 17)).queued == 1
    session.expire_all()
    (message,) = session.exec(select(OutboxMessage)).all()
    assert message.organisation_id == behind.organisation.id
    assert message.payload["step"] == "before-3"
    assert scanned_through(session, behind.organisation.id) == date(2027, 2, 17)
    assert scanned_through(session, current.organisation.id) == date(2027, 2, 17)


def test_the_latest_missed_step_replaces_earlier_ones(
    session: Session, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Kulturnämnden"])
    make_report(session, make_cycle(session, town.organisation, draft_due=DUE),
                town.units["Kulturnämnden"])
    assert run(date(2027, 2, 15)).queued == 0
    # Down from Tuesday (step 3) through Friday (step 0) and the weekend (one day overdue):
    # Monday the 22nd sends the latest missed reminder step and the escalation, once each.
    run(date(2027, 2, 22))
    assert steps(session) == ["before-0", "escalation-1"]


def test_a_run_on_a_weekend_neither_sends_nor_moves_the_mark(
    session: Session, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Kulturnämnden"])
    make_report(session, make_cycle(session, town.organisation, draft_due=DUE),
                town.units["Kulturnämnden"])
    assert run(date(2027, 2, 15)).queued == 0
    assert run(date(2027, 2, 20)).queued == 0  # Saturday
    assert scanned_through(session, town.organisation.id) == date(2027, 2, 15)


def test_a_catch_up_reaches_back_a_month_at_most(session: Session) -> None:
    town = make_municipality(session, ["Kulturnämnden"])
    session.add(ReminderScan(organisation_id=town.organisation.id,
                             scanned_through=date(2026, 11, 2), scanned_at=at(date(2026, 11, 2))))
    session.flush()
    today = date(2027, 1, 12)
    days = days_to_cover(session, today)
    assert len(days) == MAX_CATCH_UP_DAYS
    assert days[0] == today and days[-1] == today - timedelta(days=MAX_CATCH_UP_DAYS - 1)


def test_reminder_mail_has_date_message_id_on_the_domain_and_auto_submitted(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Kulturnämnden"])
    make_report(session, make_cycle(session, town.organisation, draft_due=DUE),
                town.units["Kulturnämnden"])
    before = datetime.now(UTC).replace(microsecond=0)
    assert run(DUE).emails_sent == 1
    (mail,) = smtp_server.handler.messages
    sent_at = parsedate_to_datetime(mail.message["Date"])
    assert before <= sent_at <= datetime.now(UTC) + timedelta(seconds=1)
    assert mail.message["Message-ID"].endswith("@samordna.testby.se>")
    assert mail.message["Auto-Submitted"] == "auto-generated"
