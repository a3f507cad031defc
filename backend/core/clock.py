"""Time as the municipality sees it: Europe/Stockholm dates, due dates ending 23:59 local."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now() -> datetime:
    return datetime.now(UTC)


def local_date(at: datetime | None = None) -> date:
    return (at or now()).astimezone(STOCKHOLM).date()


def is_overdue(due_on: date | None, at: datetime | None = None) -> bool:
    """A due date lasts the whole local day; it is overdue from the next day on."""
    return due_on is not None and local_date(at) > due_on


def days_left(due_on: date, at: datetime | None = None) -> int:
    """Positive while there is time left, 0 on the day, negative when overdue."""
    return (due_on - local_date(at)).days
