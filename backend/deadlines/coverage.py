"""Which calendar days a reminder run covers, per organisation, so outages are caught up.

A successful scan records, per organisation, the Stockholm day it covered through
(`reminder_scans`). The next run on a working day covers every day after that one up to
today, so a step that fell while the job was down goes out once afterwards; the outbox's
deduplication keys keep it from going out twice. With no record, or when the record is
already today (a rerun), a run covers today and the non-working days just before it, as a
daily job would. A catch-up never reaches further back than MAX_CATCH_UP_DAYS.
"""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, case, func, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from backend.deadlines.calendar import is_working_day, previous_working_day
from backend.models import Organisation, ReminderScan

MAX_CATCH_UP_DAYS = 31


def days_to_cover(session: Session, today: date) -> list[date]:
    """Every day some organisation's run must cover on `today`, latest first (none on a
    non-working day: those wait for the next working day's run)."""
    if not is_working_day(today):
        return []
    earliest = session.scalar(select(func.min(ReminderScan.scanned_through)))
    covered_through = _covered_through(today, earliest)
    return [today - timedelta(days=offset) for offset in range((today - covered_through).days)]


def _covered_through(today: date, scanned_through: date | None) -> date:
    daily = previous_working_day(today)
    floor = today - timedelta(days=MAX_CATCH_UP_DAYS)
    if scanned_through is None or scanned_through >= daily:
        return max(daily, floor)
    return max(scanned_through, floor)


def covered_through_column(today: date) -> Any:
    """SQL: per organisation, the last day already covered (the run covers what follows).

    To be joined with `outerjoin(ReminderScan, ReminderScan.organisation_id == ...)`.
    """
    daily = literal(max(previous_working_day(today),
                        today - timedelta(days=MAX_CATCH_UP_DAYS)), Date)
    floor = literal(today - timedelta(days=MAX_CATCH_UP_DAYS), Date)
    scanned = col(ReminderScan.scanned_through)
    return case(
        (scanned.is_(None), daily),
        (scanned >= daily, daily),
        (scanned < floor, floor),
        else_=scanned,
    )


def record_scan(session: Session, today: date, now: datetime) -> None:
    """Every organisation is now covered through `today` (never moved backwards)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = ReminderScan.__table__  # type: ignore[attr-defined]
    # `WHERE true` keeps SQLite from reading ON CONFLICT as a join condition.
    rows = select(col(Organisation.id), literal(today, Date), literal(now, table.c.scanned_at.type)
                  ).where(true())
    insert = dialect.insert(table).from_select(
        ["organisation_id", "scanned_through", "scanned_at"], rows)
    later = case((insert.excluded.scanned_through > table.c.scanned_through,
                  insert.excluded.scanned_through), else_=table.c.scanned_through)
    session.execute(insert.on_conflict_do_update(
        index_elements=["organisation_id"],
        set_={"scanned_through": later, "scanned_at": insert.excluded.scanned_at}))
