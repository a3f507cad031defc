"""Small factories for the reminder tests: rows inserted directly, flushed, not committed."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from backend.deadlines.calendar import STOCKHOLM
from backend.models import Cycle, Membership, Organisation, Report, Unit, User
from backend.models.enums import CycleState, ReportState, Role, UnitKind


def at(day: date, hour: int = 7) -> datetime:
    """An aware instant on a Stockholm calendar day (the injected `now`)."""
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def _suffix() -> str:
    return uuid.uuid4().hex[:8]


def make_organisation(session: Session, *, name: str | None = None,
                      days_before: list[int] | None = None, repeat_days: int = 7,
                      escalation_after_days: int = 1) -> Organisation:
    organisation = Organisation(name=name or f"Testby kommun {_suffix()}",
                                reminder_days_before=days_before or [14, 3, 0],
                                reminder_repeat_days=repeat_days,
                                escalation_after_days=escalation_after_days)
    session.add(organisation)
    session.flush()
    return organisation


def make_unit(session: Session, organisation: Organisation, name: str) -> Unit:
    unit = Unit(organisation_id=organisation.id, name=name, kind=UnitKind.COMMITTEE)
    session.add(unit)
    session.flush()
    return unit


def make_user(session: Session, name: str, *, active: bool = True) -> User:
    local = name.lower().replace(" ", ".")
    user = User(email=f"{local}.{_suffix()}@testby.se", name=name, active=active)
    session.add(user)
    session.flush()
    return user


def grant(session: Session, user: User, organisation: Organisation, role: Role,
          unit: Unit | None = None) -> Membership:
    membership = Membership(user_id=user.id, organisation_id=organisation.id, role=role,
                            unit_id=unit.id if unit else None)
    session.add(membership)
    session.flush()
    return membership


def make_cycle(session: Session, organisation: Organisation, *, draft_due: date,
               label: str = "2026", state: str = CycleState.OPEN) -> Cycle:
    """A cycle whose later due dates follow draft_due two weeks apart."""
    step = timedelta(days=14)
    cycle = Cycle(organisation_id=organisation.id, label=label, state=state,
                  draft_due=draft_due, committee_due=draft_due + step,
                  submit_due=draft_due + 2 * step, review_due=draft_due + 3 * step,
                  council_due=draft_due + 4 * step)
    session.add(cycle)
    session.flush()
    return cycle


def make_report(session: Session, cycle: Cycle, unit: Unit, *,
                state: str = ReportState.DRAFT, due_on: date | None = None) -> Report:
    report = Report(cycle_id=cycle.id, unit_id=unit.id, state=state, due_on=due_on)
    session.add(report)
    session.flush()
    return report


def move(session: Session, report: Report, state: str, due_on: date | None = None) -> None:
    """Stand-in for the transition service (written elsewhere): set state and due date."""
    report.state = state
    report.due_on = due_on
    report.version += 1
    session.add(report)
    session.flush()


@dataclass
class Municipality:
    """An organisation with a coordinator and, per unit, a contact person and a committee."""

    organisation: Organisation
    coordinator: User
    units: dict[str, Unit] = field(default_factory=dict)
    contacts: dict[str, User] = field(default_factory=dict)
    committees: dict[str, User] = field(default_factory=dict)


def make_municipality(session: Session, unit_names: list[str], **policy: object
                      ) -> Municipality:
    organisation = make_organisation(session, **policy)  # type: ignore[arg-type]
    coordinator = make_user(session, "Eva Samordnare")
    grant(session, coordinator, organisation, Role.COORDINATOR)
    town = Municipality(organisation, coordinator)
    for name in unit_names:
        unit = make_unit(session, organisation, name)
        contact = make_user(session, f"Kontakt {name.split()[0]}")
        committee = make_user(session, f"Ledamot {name.split()[0]}")
        grant(session, contact, organisation, Role.CONTACT_PERSON, unit)
        grant(session, committee, organisation, Role.COMMITTEE, unit)
        town.units[name], town.contacts[name], town.committees[name] = unit, contact, committee
    return town
