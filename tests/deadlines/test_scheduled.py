"""The job wrapper: the in-process timer, and two runs at once on PostgreSQL."""

import os
import re
import threading
from collections import Counter
from contextlib import nullcontext
from datetime import UTC, date, datetime, timedelta

from fastapi import FastAPI
from sqlmodel import Session, select

from backend.core import migrations
from backend.core.config import get_settings
from backend.deadlines.reminders import send_reminder_now
from backend.deadlines.scheduled import (
    RunCounts,
    run_reminders,
    start_reminder_timer,
    stop_reminder_timer,
)
from backend.models import OutboxMessage
from backend.models.enums import OutboxStatus, Role
from tests.deadlines.factories import at, grant, make_cycle, make_municipality, make_report
from tests.notifications.smtp_server import SmtpServer

LINK = re.compile(r"/rapporter/([0-9a-f-]{36})")


def test_the_timer_runs_the_job_and_stops(session: Session, smtp_server: SmtpServer) -> None:
    town = make_municipality(session, ["Kommunstyrelsen"])
    cycle = make_cycle(session, town.organisation, draft_due=date(2027, 2, 19))
    report = make_report(session, cycle, town.units["Kommunstyrelsen"])
    # Queued by hand so the timer has something to send whatever today's date is.
    assert send_reminder_now(session=session, report_id=report.id,
                             now=datetime.now(UTC) - timedelta(seconds=1)) == 1
    app = FastAPI()
    settings = get_settings().model_copy(update={"reminders_in_process": True})
    with smtp_server.mailer() as mailer:
        timer = start_reminder_timer(app, settings=settings, interval=3600,
                                     sessions=lambda: nullcontext(session), mailer=mailer)
        assert timer is not None and app.state.reminder_timer is timer
        assert timer.wait_for_runs(1, timeout=10)
        stop_reminder_timer(app)
    assert app.state.reminder_timer is None and timer.runs == 1
    assert timer.last is not None and timer.last.emails_sent == 1
    assert len(smtp_server.handler.to(town.contacts["Kommunstyrelsen"].email)) == 1


def test_the_timer_is_off_when_reminders_run_from_cron() -> None:
    app = FastAPI()
    settings = get_settings().model_copy(update={"reminders_in_process": False})
    assert start_reminder_timer(app, settings=settings) is None
    stop_reminder_timer(app)  # harmless without a timer


DUE = date(2027, 2, 19)  # a Friday


def _committed_town(session: Session) -> set[tuple[str, str]]:
    """Six units: three late (escalated), three due today, one contact holding two units."""
    names = [f"Nämnd {letter}" for letter in "ABCDEF"]
    town = make_municipality(session, names)
    grant(session, town.contacts["Nämnd D"], town.organisation, Role.CONTACT_PERSON,
          town.units["Nämnd E"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    expected = set()
    for index, name in enumerate(names):
        late = index < 3
        report = make_report(session, cycle, town.units[name],
                             due_on=DUE - timedelta(days=1) if late else DUE)
        holders = [town.coordinator] if late else [town.contacts[name]]
        if name == "Nämnd E":
            holders.append(town.contacts["Nämnd D"])
        expected |= {(user.email, str(report.id)) for user in holders}
    session.commit()
    return expected


if os.environ.get("TEST_DATABASE_URL"):
    # Collected only with PostgreSQL: SQLite has a single writer, so there is no race to test.
    from tests.db_helpers import scratch_postgres_engine

    def test_two_concurrent_runs_on_postgresql_send_each_mail_once(
        smtp_server: SmtpServer,
    ) -> None:
        engine = scratch_postgres_engine("samordna_t_reminders_concurrent")
        migrations.upgrade(engine)
        with Session(engine, expire_on_commit=False) as session:
            expected = _committed_town(session)
        smtp_server.handler.delay_seconds = 0.02  # keeps the two deliveries overlapping
        start = threading.Barrier(2)
        results: list[RunCounts] = []

        def job() -> None:
            with smtp_server.mailer() as mailer:
                start.wait()
                results.append(run_reminders(
                    at(DUE), mailer=mailer,
                    sessions=lambda: Session(engine, expire_on_commit=False)))

        try:
            for _ in range(2):  # and a second pair of runs the same day sends nothing
                threads = [threading.Thread(target=job) for _ in range(2)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
            with Session(engine) as session:
                rows = session.exec(select(OutboxMessage)).all()
        finally:
            engine.dispose()

        delivered = Counter(
            (address, report_id)
            for mail in smtp_server.handler.messages for address in mail.envelope_to
            for report_id in dict.fromkeys(LINK.findall(mail.text)))
        assert set(delivered) == expected
        assert set(delivered.values()) == {1}
        assert sum(r.queued for r in results) == len(rows) == 7
        assert sum(r.items_sent for r in results) == 7 and sum(r.errors for r in results) == 0
        assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.SENT, 1)}
        per_recipient = Counter(a for m in smtp_server.handler.messages for a in m.envelope_to)
        assert max(per_recipient.values()) == 1  # one digest each: coordinator, Nämnd D's contact
