"""Swedish working days and due dates in Europe/Stockholm, around holidays and DST."""

from datetime import UTC, date, datetime

import pytest

from backend.deadlines.calendar import (
    STOCKHOLM,
    days_left,
    days_overdue,
    deadline_of,
    is_holiday,
    is_overdue,
    is_working_day,
    local_date,
    next_working_day,
    previous_working_day,
    reminder_dates,
    swedish_date,
    working_day_on_or_after,
)


@pytest.mark.parametrize("day", [
    date(2026, 1, 1),    # nyårsdagen
    date(2026, 1, 6),    # trettondedag jul
    date(2026, 4, 3),    # långfredagen
    date(2026, 4, 6),    # annandag påsk
    date(2026, 5, 1),    # första maj
    date(2026, 5, 14),   # Kristi himmelsfärdsdag
    date(2025, 6, 6),    # nationaldagen on a Friday
    date(2026, 6, 19),   # midsommarafton (de facto)
    date(2026, 12, 24),  # julafton (de facto)
    date(2026, 12, 25),  # juldagen
    date(2026, 12, 31),  # nyårsafton (de facto)
])
def test_holidays_and_their_eves_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5
    assert is_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [
    date(2026, 6, 22), date(2026, 4, 2), date(2026, 12, 23), date(2026, 4, 30),
    date(2026, 12, 28), date(2027, 1, 5),  # valborg, trettondagsafton: ordinary working days
])
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert is_working_day(day) and not is_holiday(day)


def test_weekends_are_never_working_days_and_sundays_are_not_listed_as_holidays() -> None:
    assert not is_working_day(date(2026, 3, 7))   # Saturday
    assert not is_working_day(date(2026, 3, 8))   # Sunday
    assert not is_holiday(date(2026, 3, 8))       # the package lists Sundays only on request


def test_next_and_previous_working_day_skip_easter_and_christmas() -> None:
    assert next_working_day(date(2027, 3, 25)) == date(2027, 3, 30)  # skärtorsdag -> tisdag
    assert previous_working_day(date(2027, 3, 30)) == date(2027, 3, 25)
    assert next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 12, 30)) == date(2027, 1, 4)  # over nyår, trettondagen
    assert working_day_on_or_after(date(2026, 6, 19)) == date(2026, 6, 22)
    assert working_day_on_or_after(date(2026, 6, 22)) == date(2026, 6, 22)


def test_reminder_dates_gather_the_non_working_days_before_a_working_day() -> None:
    assert reminder_dates(date(2026, 3, 7)) == []  # Saturday: nothing goes out
    assert reminder_dates(date(2027, 3, 30)) == [
        date(2027, 3, 30), date(2027, 3, 29), date(2027, 3, 28), date(2027, 3, 27),
        date(2027, 3, 26)]
    assert reminder_dates(date(2026, 3, 11)) == [date(2026, 3, 11)]


@pytest.mark.parametrize(("instant", "expected"), [
    # Spring forward on 29 March 2026 at 02:00 CET -> 03:00 CEST.
    (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), date(2026, 3, 28)),
    (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), date(2026, 3, 29)),
    (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),  # 23:59 CEST
    (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 3, 30)),
    # Fall back on 25 October 2026 at 03:00 CEST -> 02:00 CET.
    (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), date(2026, 10, 24)),
    (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),
    (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),  # 23:59 CET
    (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26)),
])
def test_the_local_date_follows_stockholm_time_across_dst(instant: datetime,
                                                          expected: date) -> None:
    assert local_date(instant) == expected


def test_a_due_date_ends_at_23_59_local_time_in_summer_and_winter() -> None:
    assert deadline_of(date(2026, 3, 28)) == datetime(2026, 3, 28, 22, 59, tzinfo=UTC)
    assert deadline_of(date(2026, 3, 29)) == datetime(2026, 3, 29, 21, 59, tzinfo=UTC)
    assert deadline_of(date(2026, 10, 25)) == datetime(2026, 10, 25, 22, 59, tzinfo=UTC)
    due = date(2026, 10, 25)
    assert not is_overdue(due, datetime(2026, 10, 25, 22, 59, tzinfo=UTC))
    assert is_overdue(due, datetime(2026, 10, 25, 23, 0, tzinfo=UTC))
    assert not is_overdue(date(2026, 3, 29), datetime(2026, 3, 29, 23, 58, tzinfo=STOCKHOLM))


def test_days_left_and_overdue_count_local_calendar_days() -> None:
    due = date(2027, 2, 19)
    assert days_left(due, date(2027, 2, 16)) == 3
    assert days_left(due, due) == 0
    assert days_left(due, date(2027, 2, 26)) == -7
    assert days_overdue(due, date(2027, 2, 26)) == 7
    assert days_overdue(due, date(2027, 2, 1)) == 0
    # 25 October has 25 hours; still exactly one calendar day.
    assert days_left(date(2026, 10, 26), local_date(datetime(2026, 10, 25, 0, 30,
                                                            tzinfo=UTC))) == 1


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 3, 29, 12, 0))


def test_swedish_date_in_running_text() -> None:
    assert swedish_date(date(2027, 2, 19)) == "19 februari 2027"
    assert swedish_date(date(2026, 12, 1)) == "1 december 2026"
