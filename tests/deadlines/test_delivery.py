"""Scan, outbox and digest delivery together, against a real SMTP server on localhost."""

import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from backend.core.config import Settings, get_settings
from backend.deadlines.scheduled import RunCounts, run_reminders
from backend.models import OutboxMessage
from backend.models.enums import OutboxStatus, ReportState, Role
from tests.deadlines.factories import (
    Municipality,
    at,
    grant,
    make_cycle,
    make_municipality,
    make_report,
    move,
)
from tests.notifications.smtp_server import SmtpServer

DUE = date(2027, 2, 19)  # a Friday
BASE_URL = "https://samordna.testby.se"
LINK = re.compile(re.escape(BASE_URL) + r"/rapporter/([0-9a-f-]{36})")


@pytest.fixture
def settings() -> Settings:
    return get_settings().model_copy(update={"base_url": BASE_URL,
                                             "mail_from": "Samordna <samordna@testby.se>"})


@pytest.fixture
def run(session: Session, smtp_server: SmtpServer, settings: Settings
        ) -> Callable[..., RunCounts]:
    """The whole job as cron runs it, on the test's session and the local SMTP server."""
    def sessions() -> AbstractContextManager[Session]:
        return nullcontext(session)

    def run_at(day: date, hour: int = 7) -> RunCounts:
        with smtp_server.mailer() as mailer:
            return run_reminders(at(day, hour), sessions=sessions, mailer=mailer,
                                 settings=settings)
    return run_at


def outbox(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage)).all())


def test_one_digest_lists_all_items_sorted_by_due_date(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Barn- och utbildningsnämnden", "Kulturnämnden"])
    contact = town.contacts["Barn- och utbildningsnämnden"]
    grant(session, contact, town.organisation, Role.CONTACT_PERSON, town.units["Kulturnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE, label="Uppföljning 2026")
    later = make_report(session, cycle, town.units["Kulturnämnden"], due_on=DUE + timedelta(3))
    sooner = make_report(session, cycle, town.units["Barn- och utbildningsnämnden"])

    tuesday = run(DUE - timedelta(days=3))  # step 3 of the sooner report
    friday = run(DUE)  # step 0 of the sooner report, step 3 of the later one: one digest

    mails = smtp_server.handler.to(contact.email)
    assert (tuesday.emails_sent, tuesday.items_sent) == (1, 1)
    assert (friday.emails_sent, friday.items_sent) == (2, 3)  # + Kulturnämnden's own contact
    assert len(mails) == 2
    digest = mails[-1]
    assert LINK.findall(digest.text) == [str(sooner.id), str(later.id)]
    assert LINK.findall(digest.html) == [str(sooner.id), str(later.id)]
    assert f"Hej {contact.name}!" in digest.text
    assert "2 rapporter väntar på dig" in digest.text
    assert "Sista dag: 19 februari 2027 (sista dagen är i dag)" in digest.text
    assert "Sista dag: 22 februari 2027 (3 dagar kvar)" in digest.text
    assert "Uppföljning 2026" in digest.text and "Kulturnämnden" in digest.html
    assert "Den ligger på ditt bord som kontaktperson." in digest.text
    assert digest.message["Subject"] == "Påminnelse från Samordna: 2 rapporter väntar på dig"
    assert digest.message["From"] == "Samordna <samordna@testby.se>"
    assert {m.status for m in outbox(session)} == {OutboxStatus.SENT}


def test_a_second_run_the_same_day_sends_nothing(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Socialnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    make_report(session, cycle, town.units["Socialnämnden"])
    first = run(DUE, 6)
    second = run(DUE, 15)
    assert (first.queued, first.emails_sent) == (1, 1)
    assert (second.queued, second.emails_sent, second.items_sent) == (0, 0, 0)
    assert len(smtp_server.handler.messages) == 1


def test_nothing_goes_out_on_weekends_and_holidays_then_it_rolls_forward(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Tekniska nämnden"])
    # Due Tuesday after Easter 2027: step 3 falls on Easter Saturday, step 0 on the Tuesday.
    cycle = make_cycle(session, town.organisation, draft_due=date(2027, 3, 30))
    report = make_report(session, cycle, town.units["Tekniska nämnden"])
    for day in (date(2027, 3, 26), date(2027, 3, 27), date(2027, 3, 28), date(2027, 3, 29)):
        assert run(day).queued == 0, day  # Good Friday, Saturday, Easter Day, Easter Monday
    assert smtp_server.handler.messages == []
    assert run(date(2027, 3, 30)).emails_sent == 1
    # Step 0 is due the day step 3 would have rolled to, so it replaces it: one item.
    (mail,) = smtp_server.handler.messages
    assert LINK.findall(mail.text) == [str(report.id)]
    assert [m.dedup_key.split(":")[3] for m in outbox(session)] == ["before-0"]


def test_christmas_step_rolls_to_the_next_working_day(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Kommunstyrelsen"])
    cycle = make_cycle(session, town.organisation, draft_due=date(2026, 12, 29))
    make_report(session, cycle, town.units["Kommunstyrelsen"])
    for day in (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27)):
        assert run(day).queued == 0, day
    assert run(date(2026, 12, 28)).emails_sent == 1  # step 3 fell on annandag jul
    assert "1 dag kvar" in smtp_server.handler.messages[0].text


def _late_units_town(session: Session) -> tuple[Municipality, set[str]]:
    names = ["Byggnadsnämnden", "Miljönämnden", "Kulturnämnden", "Valnämnden", "Gymnasienämnden"]
    town = make_municipality(session, names)
    cycle = make_cycle(session, town.organisation, draft_due=DUE - timedelta(days=1))
    make_report(session, cycle, town.units["Byggnadsnämnden"])  # draft, due Thursday
    make_report(session, cycle, town.units["Miljönämnden"], state=ReportState.COMMITTEE_REVIEW,
                due_on=DUE - timedelta(days=1))
    make_report(session, cycle, town.units["Kulturnämnden"], due_on=DUE + timedelta(days=10))
    make_report(session, cycle, town.units["Valnämnden"], state=ReportState.ACCEPTED)
    make_report(session, cycle, town.units["Gymnasienämnden"], state=ReportState.SUBMITTED,
                due_on=DUE - timedelta(days=1))
    return town, {"Byggnadsnämnden", "Miljönämnden"}


def test_escalation_names_exactly_the_late_units(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town, late = _late_units_town(session)
    run(DUE)  # one day overdue
    (mail,) = smtp_server.handler.to(town.coordinator.email)
    listed = set(re.findall(r"^\* (\S+nämnden), omgång 2026: ligger", mail.text, re.MULTILINE))
    assert listed == late
    assert "2 enheter är sena med sin rapport" in mail.text
    assert "ligger hos kontaktpersonen, sista dag var 18 februari 2027 (1 dag försenad)" \
        in mail.text
    assert "Miljönämnden</strong>, omgång 2026: ligger hos nämnden" in mail.html
    for on_time in ("Kulturnämnden", "Valnämnden", "Gymnasienämnden"):
        assert on_time not in mail.text and on_time not in mail.html
    assert "2 enheter är sena" in mail.message["Subject"]


def test_a_report_that_moved_on_stops_getting_its_old_reminders(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Överförmyndarnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    report = make_report(session, cycle, town.units["Överförmyndarnämnden"])
    contact = town.contacts["Överförmyndarnämnden"]
    committee = town.committees["Överförmyndarnämnden"]
    smtp_server.handler.refuse = True
    assert run(DUE).emails_failed == 1  # queued, not yet delivered
    smtp_server.handler.refuse = False
    move(session, report, ReportState.COMMITTEE_REVIEW)  # due: cycle.committee_due, DUE + 14

    counts = run(DUE + timedelta(days=3), 8)  # Monday: the pending draft reminder is dropped
    assert (counts.dropped, counts.emails_sent) == (1, 0)
    for day in (DUE + timedelta(days=7), DUE + timedelta(days=14)):
        run(day)  # draft would be overdue-7; committee_review is at step 0

    assert smtp_server.handler.to(contact.email) == []
    (mail,) = smtp_server.handler.to(committee.email)
    assert "Godkänn rapporten eller skicka tillbaka den." in mail.text
    assert [m.dedup_key.split(":")[2:4] for m in outbox(session)] == [
        ["committee_review", "before-0"]]


def test_smtp_refusing_then_recovering_delivers_each_mail_exactly_once(
    session: Session, smtp_server: SmtpServer, run: Callable[..., RunCounts],
) -> None:
    town = make_municipality(session, ["Barnnämnden", "Fritidsnämnden", "Vård- och omsorgsnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    for unit in town.units.values():
        make_report(session, cycle, unit)
    smtp_server.handler.refuse = True

    failed = run(DUE, 7)
    assert (failed.queued, failed.emails_failed, failed.emails_sent) == (3, 3, 0)
    rows = outbox(session)
    assert {(m.status, m.attempts) for m in rows} == {(OutboxStatus.PENDING, 1)}
    assert all("451" in (m.last_error or "") for m in rows)
    assert {m.next_attempt_at for m in rows} == {at(DUE, 7) + timedelta(minutes=1)}

    smtp_server.handler.refuse = False
    assert run(DUE, 7).emails_sent == 0  # 7:00 again: the backoff has not passed
    recovered = run(DUE, 8)
    assert (recovered.emails_sent, recovered.emails_failed) == (3, 0)
    assert run(DUE, 9).emails_sent == 0
    assert smtp_server.handler.refused == 3
    for contact in town.contacts.values():
        assert len(smtp_server.handler.to(contact.email)) == 1
    assert {(m.status, m.attempts, m.last_error) for m in outbox(session)} == {
        (OutboxStatus.SENT, 2, None)}


def test_an_unreachable_smtp_server_loses_nothing(
    session: Session, settings: Settings,
) -> None:
    from tests.notifications.smtp_server import free_port

    town = make_municipality(session, ["Räddningsnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    make_report(session, cycle, town.units["Räddningsnämnden"])
    nowhere = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    counts = run_reminders(at(DUE), sessions=lambda: nullcontext(session), settings=nowhere)
    assert (counts.queued, counts.emails_failed) == (1, 1)
    (row,) = outbox(session)
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert "ConnectionRefused" in (row.last_error or "")
