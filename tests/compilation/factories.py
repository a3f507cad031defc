"""Small factories for compilation tests: model rows inserted directly."""

import itertools
from datetime import date
from typing import Any

from sqlmodel import Session

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
from backend.models.enums import CycleState, ReportState, UnitKind

_sequence = itertools.count(1)


def organisation(session: Session, name: str | None = None) -> Organisation:
    row = Organisation(name=name or f"Exempelby kommun {next(_sequence)}")
    session.add(row)
    session.flush()
    return row


def strategic_area(session: Session, org: Organisation, name: str,
                   position: int = 0) -> StrategicArea:
    row = StrategicArea(organisation_id=org.id, name=name, position=position)
    session.add(row)
    session.flush()
    return row


def unit(session: Session, org: Organisation, name: str,
         kind: str = UnitKind.COMMITTEE) -> Unit:
    row = Unit(organisation_id=org.id, name=name, kind=kind)
    session.add(row)
    session.flush()
    return row


def cycle(session: Session, org: Organisation, year: int, state: str = CycleState.COMPILED,
          **fields: Any) -> Cycle:
    """A cycle labelled by its year, with due dates in the following spring."""
    row = Cycle(
        organisation_id=org.id, label=str(year), state=state,
        draft_due=date(year + 1, 1, 15), committee_due=date(year + 1, 2, 15),
        submit_due=date(year + 1, 2, 28), review_due=date(year + 1, 3, 15),
        council_due=date(year + 1, 4, 28), **fields,
    )
    session.add(row)
    session.flush()
    return row


def adopted_cycle(session: Session, org: Organisation, year: int) -> Cycle:
    return cycle(session, org, year, CycleState.ADOPTED,
                 decision_ref=f"KF {year + 1}-04-28 § 46", decided_on=date(year + 1, 4, 28))


def report(session: Session, cyc: Cycle, of_unit: Unit, state: str = ReportState.ACCEPTED,
           **content: Any) -> Report:
    content.setdefault("summary", f"Sammanfattning för {of_unit.name}.")
    row = Report(cycle_id=cyc.id, unit_id=of_unit.id, state=state, **content)
    session.add(row)
    session.flush()
    return row


def activity(session: Session, rep: Report, title: str, kind: str, *,
             countries: tuple[str, ...] = (), areas: tuple[StrategicArea, ...] = (),
             **fields: Any) -> Activity:
    row = Activity(report_id=rep.id, title=title, kind=kind, **fields)
    session.add(row)
    session.flush()
    session.add_all([ActivityCountry(activity_id=row.id, country_code=c) for c in countries])
    session.add_all([ActivityStrategicArea(activity_id=row.id, strategic_area_id=a.id)
                     for a in areas])
    session.flush()
    return row
