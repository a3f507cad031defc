"""Swedish working days in Europe/Stockholm, and what a due date means in local time.

A due date ends at 23:59 local time. Working days are Monday to Friday except Swedish
public holidays and the days the Annual Leave Act treats like them (midsommarafton,
julafton, nyårsafton — the `holidays` package's DE_FACTO category).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays.constants import DE_FACTO, PUBLIC

from backend.core.clock import (  # noqa: F401  (one clock, re-exported for the scan)
    STOCKHOLM,
    days_left,
    deadline_of,
    is_overdue,
    local_date,
)

SATURDAY = 5
# Longest run of non-working days (e.g. julafton to annandag jul plus a weekend) is far below.
MAX_NON_WORKING_RUN = 14

MONTHS_SV = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    # Sundays are excluded from the package's list (include_sundays=False, the default in
    # recent versions, not in older ones); weekends are handled by weekday() instead.
    calendar = holidays.country_holidays(
        "SE", years=year, categories=(PUBLIC, DE_FACTO), include_sundays=False
    )
    return frozenset(calendar)


def is_holiday(day: date) -> bool:
    """A Swedish public holiday or midsommarafton, julafton or nyårsafton."""
    return day in _holidays_of(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < SATURDAY and not is_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    candidate = day - timedelta(days=1)
    while not is_working_day(candidate):
        candidate -= timedelta(days=1)
    return candidate


def working_day_on_or_after(day: date) -> date:
    """`day` itself when it is a working day, otherwise the next one."""
    return day if is_working_day(day) else next_working_day(day)


def days_overdue(due_on: date, today: date) -> int:
    """Whole days the due date lies behind the local date `today` (0 when not overdue)."""
    return max(0, (today - due_on).days)


def reminder_dates(today: date) -> list[date]:
    """The calendar days whose reminders go out on `today`, latest first.

    Nothing goes out on a non-working day; a working day also sends what fell on the
    non-working days since the previous working day.
    """
    if not is_working_day(today):
        return []
    dates = [today]
    day = today - timedelta(days=1)
    while not is_working_day(day) and len(dates) <= MAX_NON_WORKING_RUN:
        dates.append(day)
        day -= timedelta(days=1)
    return dates


def swedish_date(day: date) -> str:
    """A date as Swedes write it in running text: '19 februari 2027'."""
    return f"{day.day} {MONTHS_SV[day.month - 1]} {day.year}"
