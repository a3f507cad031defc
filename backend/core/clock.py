"""Time as the municipality sees it: Europe/Stockholm dates, due dates ending 23:59 local."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEADLINE_TIME = time(23, 59)


def now() -> datetime:
    return datetime.now(UTC)


def local_date(at: datetime | None = None) -> date:
    """The calendar date in Stockholm at the aware instant `at` (default: now)."""
    at = at or now()
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return at.astimezone(STOCKHOLM).date()


def deadline_of(due_on: date) -> datetime:
    """The instant a due date ends: 23:59 Stockholm time on that day (DST-aware)."""
    return datetime.combine(due_on, DEADLINE_TIME, tzinfo=STOCKHOLM)


def is_overdue(due_on: date | None, at: datetime | None = None) -> bool:
    """True once the due date's 23:59 local time has passed."""
    return due_on is not None and (at or now()) > deadline_of(due_on)


def days_left(due_on: date, today: date | None = None) -> int:
    """Whole days from the local date `today` to the due date; negative when overdue."""
    return (due_on - (today or local_date())).days
