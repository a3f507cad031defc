"""Every query of the compilation: GROUP BY aggregates over the accepted reports of cycles.

Each function runs exactly one statement, whatever the number of units or cycles, so a
compilation costs the same handful of queries for 3 units as for 300.
"""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

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


class ReportRow(NamedTuple):
    """A report of the cycle with its unit. Plain columns, not ORM entities, and a
    NamedTuple, not SQLAlchemy's Row, whose attribute access is costly over many rows."""

    state: str
    no_international_work: bool
    registration_number: str | None
    summary: str
    monitoring: str
    competence: str
    next_year_plans: str
    unit_id: uuid.UUID
    unit_name: str
    short_name: str
    unit_kind: str


def list_reports_with_units(session: Session, cycle_id: uuid.UUID) -> list[ReportRow]:
    statement = _columns(  # in ReportRow's order
        Report.state, Report.no_international_work, Report.registration_number,
        Report.summary, Report.monitoring, Report.competence, Report.next_year_plans,
        Unit.id, Unit.name, Unit.short_name, Unit.kind,
    ).join(Unit, col(Unit.id) == col(Report.unit_id)).where(col(Report.cycle_id) == cycle_id)
    return [ReportRow._make(row) for row in session.exec(statement)]


def count_reports(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, state, no_international_work, reports)."""
    statement = (
        select(Report.cycle_id, Report.state, Report.no_international_work,
               func.count(col(Report.id)))
        .where(col(Report.cycle_id).in_(cycle_ids))
        .group_by(col(Report.cycle_id), col(Report.state), col(Report.no_international_work))
    )
    return list(session.exec(statement).all())


def sum_by_kind_and_programme(session: Session, cycle_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Rows (cycle_id, kind, programme, activities, external, own, with_external_funding,
    then one count per Benefit in enum order).

    One scan gives the totals and the kind, programme and benefit breakdowns: there are
    few kind and programme pairs, so adding them up by kind or programme costs nothing.
    `benefits` is a JSON list of fixed codes; matching the quoted code in its text form
    works alike on SQLite and PostgreSQL, whose JSON-expanding functions differ.
    """
    as_text = cast(Activity.benefits, Text)
    benefits = [_count_if(as_text.contains(f'"{benefit.value}"', autoescape=True))
                for benefit in Benefit]
    statement = _accepted(_columns(
        Report.cycle_id, Activity.kind, Activity.programme, func.count(col(Activity.id)),
        _sum(Activity.external_funding_sek), _sum(Activity.own_funding_sek),
        _count_if(col(Activity.external_funding_sek) > 0), *benefits,
    ), cycle_ids).group_by(col(Report.cycle_id), col(Activity.kind), col(Activity.programme))
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


class ActivityRow(NamedTuple):
    """An accepted activity with its unit id, country codes and strategic area ids (as
    text joined by commas, None when there are none); a NamedTuple as ReportRow."""

    id: uuid.UUID
    position: int
    title: str
    kind: str
    programme: str
    status: str
    starts_on: date | None
    ends_on: date | None
    external_funding_sek: int
    own_funding_sek: int
    benefits: list[str] | None
    partners: str
    outcome: str
    unit_id: uuid.UUID
    country_codes: str | None
    strategic_area_ids: str | None


def _linked(value: Any, activity_id: Any) -> Any:
    """A link table's values for the outer activity, as text joined by commas (or None).

    One correlated index lookup per activity: cheaper than a second query and its rows.
    """
    return (
        select(func.aggregate_strings(cast(value, Text), ","))
        .where(activity_id == col(Activity.id))
        .scalar_subquery()
    )


def list_activities(session: Session, cycle_id: uuid.UUID) -> list[ActivityRow]:
    """Every activity of the cycle's accepted reports."""
    link = ActivityStrategicArea
    statement = _accepted(_columns(  # in ActivityRow's order
        Activity.id, Activity.position, Activity.title, Activity.kind, Activity.programme,
        Activity.status, Activity.starts_on, Activity.ends_on, Activity.external_funding_sek,
        Activity.own_funding_sek, Activity.benefits, Activity.partners, Activity.outcome,
        Report.unit_id, _linked(ActivityCountry.country_code, ActivityCountry.activity_id),
        _linked(link.strategic_area_id, link.activity_id),
    ), [cycle_id])
    return [ActivityRow._make(row) for row in session.exec(statement)]
