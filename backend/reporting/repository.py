"""Every query the reporting domain runs."""

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, insert, tuple_
from sqlmodel import Session, col, select

from backend.models import (
    Activity,
    ActivityCountry,
    ActivityStrategicArea,
    Cycle,
    CycleTransition,
    Report,
    ReportTransition,
    StrategicArea,
    Unit,
)


def report_with_context(session: Session, report_id: uuid.UUID, *,
                        lock: bool = False) -> tuple[Report, Cycle, Unit] | None:
    statement = (
        select(Report, Cycle, Unit)
        .join(Cycle, col(Cycle.id) == Report.cycle_id)
        .join(Unit, col(Unit.id) == Report.unit_id)
        .where(Report.id == report_id)
    )
    if lock:
        statement = statement.with_for_update(of=Report)  # type: ignore[arg-type]
    row = session.exec(statement).first()
    return (row[0], row[1], row[2]) if row else None


def cycle(session: Session, cycle_id: uuid.UUID, *, lock: bool = False) -> Cycle | None:
    statement = select(Cycle).where(Cycle.id == cycle_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def cycles_in(session: Session, organisation_ids: frozenset[uuid.UUID], *,
              state: str | None, after: tuple[str, uuid.UUID] | None,
              limit: int) -> list[Cycle]:
    statement = select(Cycle).where(col(Cycle.organisation_id).in_(organisation_ids))
    if state:
        statement = statement.where(Cycle.state == state)
    if after:
        statement = statement.where(tuple_(Cycle.label, Cycle.id) < tuple_(*after))
    return list(session.exec(
        statement.order_by(col(Cycle.label).desc(), col(Cycle.id).desc()).limit(limit)))


def cycle_by_label(session: Session, organisation_id: uuid.UUID, label: str) -> Cycle | None:
    return session.exec(select(Cycle).where(Cycle.organisation_id == organisation_id,
                                            Cycle.label == label)).first()


# What a list of reports shows, as plain rows: the texts stay in the database (a 300-unit
# list read 1 MB) and no ORM objects are built (a fifth of the time for 300 rows).
SUMMARY_COLUMNS = (
    col(Report.id), col(Report.cycle_id), col(Report.unit_id),
    col(Unit.name).label("unit_name"), col(Unit.kind).label("unit_kind"), col(Report.state),
    col(Report.version), col(Report.due_on), col(Report.extension_reason),
    col(Report.registration_number), col(Report.updated_at),
)


def _of_cycle(statement: Any, cycle_id: uuid.UUID, *,
              unit_ids: frozenset[uuid.UUID] | None = None, states: list[str] | None = None,
              unit_kind: str | None = None, after: tuple[str, uuid.UUID] | None = None,
              limit: int | None = None) -> Any:
    statement = statement.join(Unit, col(Unit.id) == Report.unit_id).where(
        Report.cycle_id == cycle_id)
    if unit_ids is not None:
        statement = statement.where(col(Report.unit_id).in_(unit_ids))
    if states:
        statement = statement.where(col(Report.state).in_(states))
    if unit_kind:
        statement = statement.where(Unit.kind == unit_kind)
    if after:
        statement = statement.where(tuple_(Unit.name, Report.id) > tuple_(*after))
    statement = statement.order_by(Unit.name, Report.id)
    return statement.limit(limit) if limit else statement


def reports_of_cycle(session: Session, cycle_id: uuid.UUID, *,
                     unit_ids: frozenset[uuid.UUID] | None = None,
                     states: list[str] | None = None, unit_kind: str | None = None,
                     after: tuple[str, uuid.UUID] | None = None,
                     limit: int | None = None) -> list[tuple[Report, Unit]]:
    statement = _of_cycle(select(Report, Unit).select_from(Report), cycle_id,
                          unit_ids=unit_ids, states=states, unit_kind=unit_kind, after=after,
                          limit=limit)
    return [(r, u) for r, u in session.exec(statement)]


def report_summaries(session: Session, cycle_id: uuid.UUID, *,
                     unit_ids: frozenset[uuid.UUID] | None = None,
                     states: list[str] | None = None, unit_kind: str | None = None,
                     after: tuple[str, uuid.UUID] | None = None,
                     limit: int | None = None) -> list[Any]:
    """The same reports as `reports_of_cycle`, as rows of SUMMARY_COLUMNS."""
    statement = _of_cycle(select(*SUMMARY_COLUMNS).select_from(Report), cycle_id,
                          unit_ids=unit_ids, states=states, unit_kind=unit_kind, after=after,
                          limit=limit)
    return list(session.execute(statement))


def unsettled_units(session: Session, cycle_id: uuid.UUID, settled: frozenset[str]) -> list[str]:
    return list(session.exec(
        select(Unit.name).join(Report, col(Report.unit_id) == Unit.id)
        .where(Report.cycle_id == cycle_id, col(Report.state).not_in(settled))
        .order_by(Unit.name)))


def active_units(session: Session, organisation_id: uuid.UUID) -> list[Unit]:
    return list(session.exec(select(Unit).where(Unit.organisation_id == organisation_id,
                                                col(Unit.active).is_(True))))


def strategic_area_ids(session: Session, organisation_id: uuid.UUID) -> set[uuid.UUID]:
    return set(session.exec(select(StrategicArea.id)
                            .where(StrategicArea.organisation_id == organisation_id)))


def activities_of(session: Session, report_id: uuid.UUID) -> list[dict[str, Any]]:
    """The report's activities with their countries and areas, in three queries."""
    return activities_of_reports(session, [report_id]).get(report_id, [])


def activities_of_reports(session: Session, report_ids: list[uuid.UUID]
                          ) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Each report's activities with their countries and areas, in three queries however
    many reports (one when none has an activity)."""
    activities = list(session.exec(select(Activity).where(col(Activity.report_id).in_(
        report_ids)).order_by(col(Activity.report_id), col(Activity.position))))
    countries: dict[uuid.UUID, list[str]] = defaultdict(list)
    areas: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if activities:
        of_reports = select(Activity.id).where(col(Activity.report_id).in_(report_ids))
        for activity_id, code in session.exec(
                select(ActivityCountry.activity_id, ActivityCountry.country_code)
                .where(col(ActivityCountry.activity_id).in_(of_reports))
                .order_by(ActivityCountry.country_code)):
            countries[activity_id].append(code)
        for activity_id, area_id in session.exec(
                select(ActivityStrategicArea.activity_id, ActivityStrategicArea.strategic_area_id)
                .where(col(ActivityStrategicArea.activity_id).in_(of_reports))):
            areas[activity_id].append(area_id)
    by_report: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for a in activities:
        by_report[a.report_id].append({
            "title": a.title, "kind": a.kind or None, "countries": countries[a.id],
            "partners": a.partners,
            "starts_on": a.starts_on, "ends_on": a.ends_on, "programme": a.programme,
            "external_funding_sek": a.external_funding_sek, "own_funding_sek": a.own_funding_sek,
            "strategic_area_ids": areas[a.id], "benefits": a.benefits, "status": a.status,
            "outcome": a.outcome})
    return dict(by_report)


def replace_activities(session: Session, report_id: uuid.UUID,
                       activities: list[dict[str, Any]]) -> None:
    """Swap the report's activity rows for new ones: a few bulk statements."""
    old = select(Activity.id).where(Activity.report_id == report_id).scalar_subquery()
    session.execute(delete(ActivityCountry).where(col(ActivityCountry.activity_id).in_(old)))
    session.execute(delete(ActivityStrategicArea)
                    .where(col(ActivityStrategicArea.activity_id).in_(old)))
    session.execute(delete(Activity).where(col(Activity.report_id) == report_id))
    rows, country_rows, area_rows = [], [], []
    for position, data in enumerate(activities):
        activity_id = uuid.uuid4()
        rows.append({
            "id": activity_id, "report_id": report_id, "position": position,
            "title": data["title"], "kind": data["kind"] or "", "partners": data["partners"],
            "starts_on": data["starts_on"], "ends_on": data["ends_on"],
            "programme": data["programme"], "external_funding_sek": data["external_funding_sek"],
            "own_funding_sek": data["own_funding_sek"], "benefits": list(data["benefits"]),
            "status": data["status"], "outcome": data["outcome"],
        })
        country_rows += [{"activity_id": activity_id, "country_code": c}
                         for c in data["countries"]]
        area_rows += [{"activity_id": activity_id, "strategic_area_id": a}
                      for a in data["strategic_area_ids"]]
    from backend.models.base import utcnow

    created = utcnow()
    for row in rows:
        row["created_at"] = created
    if rows:
        session.execute(insert(Activity), rows)
    if country_rows:
        session.execute(insert(ActivityCountry), country_rows)
    if area_rows:
        session.execute(insert(ActivityStrategicArea), area_rows)


def report_history(session: Session, report_id: uuid.UUID) -> list[ReportTransition]:
    return list(session.exec(select(ReportTransition)
                             .where(ReportTransition.report_id == report_id)
                             .order_by(col(ReportTransition.created_at),
                                       col(ReportTransition.id))))


def cycle_history(session: Session, cycle_id: uuid.UUID) -> list[CycleTransition]:
    return list(session.exec(select(CycleTransition).where(CycleTransition.cycle_id == cycle_id)
                             .order_by(col(CycleTransition.created_at))))


def state_counts(session: Session, cycle_id: uuid.UUID) -> dict[str, int]:
    rows = session.exec(select(Report.state, func.count()).where(Report.cycle_id == cycle_id)
                        .group_by(Report.state))
    return {state: count for state, count in rows}
