"""The region overview: every organisation's current cycle side by side, in two statements
whatever the number of organisations, units or reports."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlmodel import Session, col

from backend.deadlines.desks import DESK_STATES, report_due_on
from backend.models import Activity, Cycle, Organisation, Report
from backend.models.enums import CycleState, ReportState


def current_cycles(session: Session, organisation_ids: frozenset[uuid.UUID]) -> list[Any]:
    """Each organisation (by name) with its current cycle: the latest one already opened,
    else the latest planned one, else none."""
    latest_first = func.row_number().over(
        partition_by=col(Cycle.organisation_id),
        order_by=(case((col(Cycle.state) == CycleState.PLANNED, 1), else_=0),
                  col(Cycle.created_at).desc(), col(Cycle.id)))
    ranked = (select(col(Cycle.id).label("cycle_id"), latest_first.label("rank"))
              .where(col(Cycle.organisation_id).in_(organisation_ids)).subquery())
    statement = (
        select(col(Organisation.id).label("organisation_id"),
               col(Organisation.name).label("organisation_name"), Cycle)
        .select_from(Organisation)
        .outerjoin(Cycle, col(Cycle.organisation_id) == Organisation.id)
        .outerjoin(ranked, ranked.c.cycle_id == Cycle.id)
        .where(col(Organisation.id).in_(organisation_ids),
               (ranked.c.rank == 1) | col(Cycle.id).is_(None))
        .order_by(col(Organisation.name)))
    return list(session.execute(statement).all())


def report_counts(session: Session, cycle_ids: list[uuid.UUID], today: date) -> list[Any]:
    """Per cycle and report state: how many, how many overdue, how many with external money."""
    if not cycle_ids:
        return []
    funded = (select(col(Activity.id)).where(col(Activity.report_id) == Report.id,
                                             col(Activity.external_funding_sek) > 0).exists())
    overdue = and_(col(Cycle.state) == CycleState.OPEN, col(Report.state).in_(DESK_STATES),
                   report_due_on() < today)
    statement = (
        select(col(Report.cycle_id), col(Report.state), func.count().label("reports"),
               func.sum(case((overdue, 1), else_=0)).label("overdue"),
               func.sum(case((funded, 1), else_=0)).label("funded"))
        .join(Cycle, col(Cycle.id) == Report.cycle_id)
        .where(col(Report.cycle_id).in_(cycle_ids))
        .group_by(col(Report.cycle_id), col(Report.state)))
    return list(session.execute(statement).all())


def counted(rows: list[Any]) -> dict[uuid.UUID, dict[str, Any]]:
    """The counts of each cycle; the funding share leaves out exempted units."""
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for row in rows:
        figures = found.setdefault(row.cycle_id, {"by_state": {}, "overdue": 0, "funded": 0,
                                                  "counted": 0})
        figures["by_state"][row.state] = int(row.reports)
        figures["overdue"] += int(row.overdue or 0)
        if row.state != ReportState.EXEMPTED:
            figures["counted"] += int(row.reports)
            figures["funded"] += int(row.funded or 0)
    return found
