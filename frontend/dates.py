"""Dates and times as Swedish users write them, in Europe/Stockholm."""

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def today() -> date:
    return datetime.now(UTC).astimezone(STOCKHOLM).date()


def as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(STOCKHOLM).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM)


def long_date(value: date | str | None) -> str:
    """'19 februari 2027'."""
    day = as_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "–"


def date_time(value: datetime | str | None) -> str:
    """'19 februari 2027 kl. 14.05' in Swedish time."""
    if not value:
        return "–"
    moment = as_datetime(value)
    return f"{long_date(moment.date())} kl. {moment:%H.%M}"


def days_left(due: date | str | None, on: date | None = None) -> int | None:
    day = as_date(due)
    return (day - (on or today())).days if day else None


def days_left_text(days: int | None) -> str:
    """Never colour alone: the text says how it stands."""
    if days is None:
        return "Ingen sista dag"
    if days < 0:
        return f"{-days} {'dag' if days == -1 else 'dagar'} försenad"
    if days == 0:
        return "Ska vara klar i dag"
    return f"{days} {'dag' if days == 1 else 'dagar'} kvar"


def urgency(days: int | None) -> str:
    """CSS modifier: overdue, soon (≤ 7 days), later."""
    if days is None:
        return "none"
    if days < 0:
        return "overdue"
    return "soon" if days <= 7 else "later"


@lru_cache(maxsize=8)
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    # Public holidays plus the de facto ones offices close on (midsommarafton, julafton …).
    return holidays.Sweden(years=year, language="sv", categories=("public", "de_facto"))


def non_working_reason(day: date) -> str | None:
    """Why a date is not a Swedish working day ('en lördag', 'en helgdag (Juldagen)'), or None."""
    name = _swedish_holidays(day.year).get(day)
    if day.weekday() >= 5:
        weekday = f"en {WEEKDAYS[day.weekday()]}"
        return f"{weekday} ({name})" if name and name != "Söndag" else weekday
    return f"en helgdag ({name})" if name else None
