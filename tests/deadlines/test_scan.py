"""The reminder scan: who is reminded, at which step, and never twice."""

from datetime import date

import pytest
from sqlalchemy import delete
from sqlmodel import Session, select

from backend.deadlines.reminders import reminder_key, scan
from backend.models import OutboxMessage, ReminderScan
from backend.models.enums import CycleState, ReportState, Role
from tests.deadlines.factories import (
    at,
    grant,
    make_cycle,
    make_municipality,
    make_report,
    make_user,
    move,
)

DUE = date(2027, 2, 19)  # a Friday


def queued(session: Session) -> set[tuple[str, str]]:
    """(dedup key, recipient) of everything in the outbox."""
    rows = session.exec(select(OutboxMessage)).all()
    return {(row.dedup_key, row.recipient) for row in rows}


@pytest.fixture
def town(session: Session):  # type: ignore[no-untyped-def]
    town = make_municipality(session, ["Barn- och utbildningsnämnden", "Kulturnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=DUE)
    town.cycle = cycle
    town.report = make_report(session, cycle, town.units["Barn- och utbildningsnämnden"])
    # The other unit's report is due later (an extension), so it stays quiet on these days.
    make_report(session, cycle, town.units["Kulturnämnden"], due_on=date(2027, 5, 3))
    unit = town.units["Barn- och utbildningsnämnden"]
    town.second_contact = make_user(session, "Andra Kontakten")
    grant(session, town.second_contact, town.organisation, Role.CONTACT_PERSON, unit)
    retired = make_user(session, "Slutat Kontakt", active=False)
    grant(session, retired, town.organisation, Role.CONTACT_PERSON, unit)
    return town


@pytest.mark.parametrize(("day", "step"), [
    (date(2027, 2, 5), "before-14"),
    (date(2027, 2, 16), "before-3"),
    (date(2027, 2, 19), "before-0"),
    (date(2027, 2, 26), "overdue-7"),
    (date(2027, 3, 5), "overdue-14"),
])
def test_each_step_reminds_exactly_the_unit_contact_persons(
    session: Session, town, day: date, step: str,  # type: ignore[no-untyped-def]
) -> None:
    assert scan(session=session, now=at(day)) == 2
    contacts = [town.contacts["Barn- och utbildningsnämnden"], town.second_contact]
    assert queued(session) == {
        (reminder_key(town.report.id, "draft", step, user.id), user.email) for user in contacts
    }


def test_days_between_steps_queue_nothing(session: Session, town) -> None:  # type: ignore[no-untyped-def]
    for day in (date(2027, 2, 4), date(2027, 2, 15), date(2027, 2, 17), date(2027, 2, 25)):
        # Each day as a daily job sees it, not as a catch-up of the days since the last one.
        session.execute(delete(ReminderScan))
        assert scan(session=session, now=at(day)) == 0
    assert queued(session) == set()


def test_escalation_goes_to_the_coordinator_from_one_day_overdue(
    session: Session, town,  # type: ignore[no-untyped-def]
) -> None:
    other_town = make_municipality(session, ["Tekniska nämnden"])
    coordinator = town.coordinator
    # One day overdue is Saturday 20 February; the escalation goes out on Monday the 22nd.
    assert scan(session=session, now=at(date(2027, 2, 20))) == 0
    assert scan(session=session, now=at(date(2027, 2, 22))) == 1
    key = reminder_key(town.report.id, "draft", "escalation-1", coordinator.id)
    assert queued(session) == {(key, coordinator.email)}
    assert other_town.coordinator.email not in {recipient for _, recipient in queued(session)}
    # Then every repeat interval: 8 days overdue is Saturday 27 February, sent Monday 1 March,
    # with the catch-up of the contacts' overdue-7 reminder of Friday the 26th (no run then).
    assert scan(session=session, now=at(date(2027, 3, 1))) == 3
    assert (reminder_key(town.report.id, "draft", "escalation-8", coordinator.id),
            coordinator.email) in queued(session)


def test_committee_review_reminds_the_committee_by_the_cycle_date(
    session: Session, town,  # type: ignore[no-untyped-def]
) -> None:
    move(session, town.report, ReportState.COMMITTEE_REVIEW)  # due: cycle.committee_due
    committee = town.committees["Barn- och utbildningsnämnden"]
    assert scan(session=session, now=at(town.cycle.committee_due)) == 1
    assert queued(session) == {
        (reminder_key(town.report.id, "committee_review", "before-0", committee.id),
         committee.email)}


def test_a_submitted_report_reminds_the_coordinator_without_escalating_to_them(
    session: Session, town,  # type: ignore[no-untyped-def]
) -> None:
    move(session, town.report, ReportState.SUBMITTED, due_on=date(2027, 3, 1))
    coordinator = town.coordinator
    assert scan(session=session, now=at(date(2027, 3, 1))) == 1
    assert scan(session=session, now=at(date(2027, 3, 2))) == 0  # would be escalation-1
    assert queued(session) == {
        (reminder_key(town.report.id, "submitted", "before-0", coordinator.id),
         coordinator.email)}


def test_settled_reports_and_closed_cycles_are_left_alone(
    session: Session, town,  # type: ignore[no-untyped-def]
) -> None:
    move(session, town.report, ReportState.ACCEPTED)
    planned = make_cycle(session, town.organisation, draft_due=DUE, label="2027",
                         state=CycleState.PLANNED)
    make_report(session, planned, town.units["Kulturnämnden"])
    assert scan(session=session, now=at(DUE)) == 0


def test_a_second_run_the_same_day_queues_nothing(session: Session, town) -> None:  # type: ignore[no-untyped-def]
    assert scan(session=session, now=at(DUE, 6)) == 2
    assert scan(session=session, now=at(DUE, 18)) == 0
    assert len(queued(session)) == 2


def test_each_organisation_uses_its_own_policy(session: Session) -> None:
    town = make_municipality(session, ["Miljönämnden"], days_before=[5], repeat_days=2,
                             escalation_after_days=3)
    cycle = make_cycle(session, town.organisation, draft_due=date(2027, 2, 10))  # Wednesday
    report = make_report(session, cycle, town.units["Miljönämnden"])
    contact = town.contacts["Miljönämnden"]
    expected = {
        date(2027, 2, 5): {"before-5"},
        date(2027, 2, 10): set(),  # 0 is not one of this organisation's steps
        date(2027, 2, 12): {"overdue-2"},
        # Monday: overdue-4 fell on Sunday and rolls in; escalation-3 fell on Saturday but
        # escalation-5 is due by Monday and replaces it.
        date(2027, 2, 15): {"overdue-4", "escalation-5"},
    }
    for day, steps in expected.items():
        before = queued(session)
        scan(session=session, now=at(day))
        added = queued(session) - before
        assert {key.split(":")[3] for key, _ in added} == steps, day
        recipients = {recipient for key, recipient in added if "escalation" not in key}
        assert recipients <= {contact.email}
        assert all(key.split(":")[1] == str(report.id) for key, _ in added)
