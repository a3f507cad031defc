"""The private iCalendar feed of a user's due dates."""

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from backend.core.errors import NotFound
from backend.deadlines.feed import (
    calendar_feed,
    escape_text,
    fold,
    issue_calendar_token,
    revoke_calendar_token,
)
from backend.models import Membership
from backend.models.enums import CycleState, ReportState, Role
from tests.deadlines.factories import grant, make_cycle, make_municipality, make_report, make_user

NOW = datetime(2027, 2, 1, 8, 30, tzinfo=UTC)
BASE = "https://samordna.testby.se/"


def unfold(feed: str) -> list[str]:
    return feed.replace("\r\n ", "").split("\r\n")


def test_the_feed_lists_exactly_the_due_dates_on_the_users_desk(session: Session) -> None:
    town = make_municipality(session, ["Barn- och utbildningsnämnden, BUN", "Kulturnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=date(2027, 2, 19), label="2026")
    mine = make_report(session, cycle, town.units["Barn- och utbildningsnämnden, BUN"])
    make_report(session, cycle, town.units["Kulturnämnden"])  # another unit's desk
    contact = town.contacts["Barn- och utbildningsnämnden, BUN"]
    token = issue_calendar_token(session=session, user_id=contact.id)

    feed = calendar_feed(session=session, token=token, now=NOW, base_url=BASE)

    assert feed.endswith("END:VCALENDAR\r\n") and "\n" not in feed.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    lines = unfold(feed)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:report-{mine.id}-draft@samordna" in lines
    assert "DTSTART;VALUE=DATE:20270219" in lines and "DTEND;VALUE=DATE:20270220" in lines
    assert "DTSTAMP:20270201T083000Z" in lines
    assert "SUMMARY:Sista dag: Barn- och utbildningsnämnden\\, BUN\\, 2026" in lines
    assert f"URL:https://samordna.testby.se/rapporter/{mine.id}" in lines
    committee = town.committees["Barn- och utbildningsnämnden, BUN"]
    committee_feed = calendar_feed(
        session=session, token=issue_calendar_token(session=session, user_id=committee.id),
        now=NOW, base_url=BASE)
    assert "BEGIN:VEVENT" not in committee_feed  # a draft is not on the committee's desk


def test_the_coordinator_sees_submitted_reports_and_the_council_the_compilation(
    session: Session,
) -> None:
    town = make_municipality(session, ["Socialnämnden"])
    cycle = make_cycle(session, town.organisation, draft_due=date(2027, 2, 19))
    report = make_report(session, cycle, town.units["Socialnämnden"], state=ReportState.SUBMITTED)
    compiled = make_cycle(session, town.organisation, draft_due=date(2026, 2, 19), label="2025",
                          state=CycleState.COMPILED)
    council = make_user(session, "Rådet Ordförande")
    grant(session, council, town.organisation, Role.COUNCIL)

    coordinator_feed = unfold(calendar_feed(
        session=session, token=issue_calendar_token(session=session, user_id=town.coordinator.id),
        now=NOW, base_url=BASE))
    council_feed = unfold(calendar_feed(
        session=session, token=issue_calendar_token(session=session, user_id=council.id),
        now=NOW, base_url=BASE))

    assert f"UID:report-{report.id}-submitted@samordna" in coordinator_feed
    assert coordinator_feed.count("BEGIN:VEVENT") == 1
    assert f"UID:cycle-{compiled.id}-compiled@samordna" in council_feed
    assert f"DTSTART;VALUE=DATE:{compiled.council_due:%Y%m%d}" in council_feed
    assert council_feed.count("BEGIN:VEVENT") == 1


def test_a_revoked_or_replaced_token_no_longer_opens_the_feed(session: Session) -> None:
    user = make_user(session, "Anna Andersson")
    old = issue_calendar_token(session=session, user_id=user.id)
    new = issue_calendar_token(session=session, user_id=user.id)
    assert old != new and len(new) >= 40
    with pytest.raises(NotFound):
        calendar_feed(session=session, token=old, now=NOW, base_url=BASE)
    assert "BEGIN:VCALENDAR" in calendar_feed(session=session, token=new, now=NOW, base_url=BASE)
    revoke_calendar_token(session=session, user_id=user.id)
    with pytest.raises(NotFound):
        calendar_feed(session=session, token=new, now=NOW, base_url=BASE)
    with pytest.raises(NotFound):
        issue_calendar_token(session=session, user_id=uuid.uuid4())


def test_text_escaping_and_folding_follow_rfc_5545() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "DESCRIPTION:" + "å" * 80
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_a_coordinator_of_a_region_sees_each_event_named_by_its_organisation(
    session: Session,
) -> None:
    habo = make_municipality(session, ["Socialnämnden"])
    mullsjo = make_municipality(session, ["Socialnämnden"])
    for town in (habo, mullsjo):
        cycle = make_cycle(session, town.organisation, draft_due=date(2027, 2, 19))
        make_report(session, cycle, town.units["Socialnämnden"], state=ReportState.SUBMITTED)
    grant(session, habo.coordinator, mullsjo.organisation, Role.COORDINATOR)
    token = issue_calendar_token(session=session, user_id=habo.coordinator.id)

    feed = unfold(calendar_feed(session=session, token=token, now=NOW, base_url=BASE))

    summaries = sorted(line for line in feed if line.startswith("SUMMARY:"))
    assert summaries == sorted(
        f"SUMMARY:Sista dag: Socialnämnden\\, 2026 ({town.organisation.name})"
        for town in (habo, mullsjo))
    # A role an organisation ended puts nothing on the person's desk there.
    for membership in session.exec(select(Membership).where(
            Membership.user_id == habo.coordinator.id,
            Membership.organisation_id == mullsjo.organisation.id)):
        membership.active = False
    session.flush()
    alone = unfold(calendar_feed(session=session, token=token, now=NOW, base_url=BASE))
    assert [line for line in alone if line.startswith("SUMMARY:")] == [
        "SUMMARY:Sista dag: Socialnämnden\\, 2026"]
