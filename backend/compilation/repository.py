"""Every query of the compilation: GROUP BY aggregates over the accepted reports of cycles.

Each function runs exactly one statement, whatever the number of units or cycles, so a
compilation costs the same handful of queries for 3 units as for 300.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Text, case, cast, distinct, func
from sqlmodel import Session, col, select

from backend.models import (
    Activity,
    ActivityCountry,
    ActivityStrategicArea,
    Cycle,
    Organisation,
    Report,
    StrategicArea,
    Unit,
)
from backend.models.enums import ActivityKind, Benefit, CycleState, ReportState

PROJECT_KINDS = (ActivityKind.EU_PROJECT, ActivityKind.OTHER_PROJECT)
TREND_LENGTH = 5


def _accepted(statement: Any, cycle_ids: Sequence[uuid.UUID]) -> Any:
    """What every aggregate starts from: the activities of the cycles' accepted reports."""
    return (
        statement.select_from(Activity)
        .join(Report, col(Report.id) == col(Activity.report_id))
        .where(col(Report.cycle_id).in_(cycle_ids), col(Report.state) == ReportState.ACCEPTED)
    )


def _columns(*columns: Any) -> Any:
    # sqlmodel's select() is typed for at most four columns; aggregates need more.
    return select(*columns)


def _sum(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def get_cycle(session: Session, cycle_id: uuid.UUID) -> tuple[Cycle, Organisation] | None:
    statement = (
        select(Cycle, Organisation)
        .join(Organisation, col(Organisation.id) == col(Cycle.organisation_id))
        .where(col(Cycle.id) == cycle_id)
    )
    row = session.exec(statement).first()
    return (row[0], row[1]) if row else None


def list_adopted_cycles_before(session: Session, cycle: Cycle) -> list[Cycle]:
    """The organisation's adopted cycles due before this one, newest first."""
    statement = (
        select(Cycle)
        .where(
            col(Cycle.organisation_id) == cycle.organisation_id,
            col(Cycle.state) == CycleState.ADOPTED,
            col(Cycle.id) != cycle.id,
            col(Cycle.council_due) < cycle.council_due,
        )
        .order_by(col(Cycle.council_due).desc(), col(Cycle.decided_on).desc(), col(Cycle.id))
        .limit(TREND_LENGTH)
    )
    return list(session.exec(statement).all())


def list_strategic_areas(session: Session, organisation_id: uuid.UUID) -> list[StrategicArea]:
    statement = (
        select(StrategicArea)
        .where(col(StrategicArea.organisation_id) == organisation_id)
        .order_by(col(StrategicArea.position), col(StrategicArea.name))
    )
    return list(session.exec(statement).all())


def list_reports_with_units(session: Session, cycle_id: uuid.UUID) -> list[tuple[Report, Unit]]:
    statement = (
        select(Report, Unit)
        .join(Unit, col(Unit.id) == col(Report.unit_id))
        .where(col(Report.cycle_id) == cycle_id)
    )
    return [(report, unit) for report, unit in session.exec(statement).all()]


def count_reports(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, state, no_international_work, reports)."""
    statement = (
        select(Report.cycle_id, Report.state, Report.no_international_work,
               func.count(col(Report.id)))
        .where(col(Report.cycle_id).in_(cycle_ids))
        .group_by(col(Report.cycle_id), col(Report.state), col(Report.no_international_work))
    )
    return list(session.exec(statement).all())


def sum_by_kind(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, kind, activities, external, own, with_external_funding)."""
    statement = _accepted(_columns(
        Report.cycle_id, Activity.kind, func.count(col(Activity.id)),
        _sum(Activity.external_funding_sek), _sum(Activity.own_funding_sek),
        _count_if(col(Activity.external_funding_sek) > 0),
    ), cycle_ids).group_by(col(Report.cycle_id), col(Activity.kind))
    return list(session.exec(statement).all())


def sum_by_programme(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, programme, activities, external, own)."""
    statement = _accepted(_columns(
        Report.cycle_id, Activity.programme, func.count(col(Activity.id)),
        _sum(Activity.external_funding_sek), _sum(Activity.own_funding_sek),
    ), cycle_ids).group_by(col(Report.cycle_id), col(Activity.programme))
    return list(session.exec(statement).all())


def sum_by_unit(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, unit_id, unit_name, activities, external, own, projects)."""
    statement = (
        _accepted(_columns(
            Report.cycle_id, Unit.id, Unit.name, func.count(col(Activity.id)),
            _sum(Activity.external_funding_sek), _sum(Activity.own_funding_sek),
            _count_if(col(Activity.kind).in_(PROJECT_KINDS)),
        ), cycle_ids)
        .join(Unit, col(Unit.id) == col(Report.unit_id))
        .group_by(col(Report.cycle_id), col(Unit.id), col(Unit.name))
    )
    return list(session.exec(statement).all())


def count_by_strategic_area(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, strategic_area_id or None for unlinked activities, activities)."""
    link = ActivityStrategicArea
    statement = (
        _accepted(select(
            Report.cycle_id, link.strategic_area_id, func.count(distinct(col(Activity.id))),
        ), cycle_ids)
        .outerjoin(link, col(link.activity_id) == col(Activity.id))
        .group_by(col(Report.cycle_id), col(link.strategic_area_id))
    )
    return list(session.exec(statement).all())


def count_by_country(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, country_code, activities)."""
    statement = (
        _accepted(select(
            Report.cycle_id, ActivityCountry.country_code, func.count(col(Activity.id)),
        ), cycle_ids)
        .join(ActivityCountry, col(ActivityCountry.activity_id) == col(Activity.id))
        .group_by(col(Report.cycle_id), col(ActivityCountry.country_code))
    )
    return list(session.exec(statement).all())


def count_by_benefit(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, one count per Benefit in enum order).

    `benefits` is a JSON list of fixed codes; matching the quoted code in its text form
    works alike on SQLite and PostgreSQL, whose JSON-expanding functions differ.
    """
    as_text = cast(Activity.benefits, Text)
    counts = [_count_if(as_text.contains(f'"{benefit.value}"', autoescape=True))
              for benefit in Benefit]
    statement = _accepted(select(Report.cycle_id, *counts), cycle_ids).group_by(
        col(Report.cycle_id)
    )
    return list(session.exec(statement).all())


def list_activities(session: Session, cycle_id: uuid.UUID) -> list[tuple[Activity, uuid.UUID]]:
    """Every activity of the cycle's accepted reports, with its unit id."""
    statement = _accepted(select(Activity, Report.unit_id), [cycle_id]).order_by(
        col(Activity.position), col(Activity.id)
    )
    return [(activity, unit_id) for activity, unit_id in session.exec(statement).all()]


def list_activity_countries(session: Session, cycle_id: uuid.UUID) -> list[Any]:
    """Rows (activity_id, country_code) of the cycle's accepted activities."""
    statement = (
        _accepted(select(ActivityCountry.activity_id, ActivityCountry.country_code), [cycle_id])
        .join(ActivityCountry, col(ActivityCountry.activity_id) == col(Activity.id))
        .order_by(col(ActivityCountry.country_code))
    )
    return list(session.exec(statement).all())


def list_activity_areas(session: Session, cycle_id: uuid.UUID) -> list[Any]:
    """Rows (activity_id, strategic_area_id) of the cycle's accepted activities."""
    link = ActivityStrategicArea
    statement = _accepted(select(link.activity_id, link.strategic_area_id), [cycle_id]).join(
        link, col(link.activity_id) == col(Activity.id)
    )
    return list(session.exec(statement).all())
