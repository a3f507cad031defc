"""Mina uppgifter: everything on one person's desk, read off the workflow's desk table."""

import uuid
from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, col, select

from backend.auth.principal import Principal
from backend.core.clock import days_left, is_overdue
from backend.models import Cycle, Report, Unit
from backend.models.enums import UNIT_ROLES, CycleState, Role
from backend.reporting.workflow import (
    CYCLE_DESKS,
    CYCLE_TRANSITIONS,
    REPORT_DESKS,
    REPORT_TRANSITIONS,
    Desk,
    transitions_from,
)


class Task(BaseModel):
    kind: str
    id: uuid.UUID
    organisation_id: uuid.UUID
    cycle_id: uuid.UUID
    cycle_label: str
    unit_id: uuid.UUID | None
    unit_name: str | None
    state: str
    role: str
    action: str | None
    due_on: date | None
    overdue: bool
    days_left: int | None


def _states_owned_by(desks: Mapping[str, Desk], role: Role) -> list[str]:
    return [state for state, desk in desks.items() if desk.owner == role]


def _next_action(table: tuple, state: str, role: Role) -> str | None:  # type: ignore[type-arg]
    return next((t.action for t in transitions_from(table, state) if t.actor == role), None)


def _report_conditions(principal: Principal) -> list[ColumnElement[bool]]:
    conditions = []
    for grant in principal.grants:
        states = _states_owned_by(REPORT_DESKS, grant.role)
        if not states:
            continue
        scope = (col(Report.unit_id) == grant.unit_id) if grant.role in UNIT_ROLES \
            else (col(Cycle.organisation_id) == grant.organisation_id)
        conditions.append(and_(scope, col(Report.state).in_(states)))
    return conditions


def tasks_for(*, session: Session, principal: Principal) -> list[Task]:
    """Reports and cycles waiting for this principal, soonest due first (two queries)."""
    tasks: list[Task] = []
    report_conditions = _report_conditions(principal)
    rows = session.exec(
        select(Report, Cycle, Unit)
        .join(Cycle, col(Cycle.id) == Report.cycle_id).join(Unit, col(Unit.id) == Report.unit_id)
        .where(Cycle.state == CycleState.OPEN, or_(false(), *report_conditions))
    ).all() if report_conditions else []
    for report, cycle, unit in rows:
        role = REPORT_DESKS[report.state].owner
        assert role is not None
        tasks.append(Task(
            kind="report", id=report.id, organisation_id=cycle.organisation_id,
            cycle_id=cycle.id, cycle_label=cycle.label, unit_id=unit.id, unit_name=unit.name,
            state=report.state, role=role,
            action=_next_action(REPORT_TRANSITIONS, report.state, role), due_on=report.due_on,
            overdue=is_overdue(report.due_on),
            days_left=days_left(report.due_on) if report.due_on else None))
    cycle_conditions = [
        and_(col(Cycle.organisation_id) == g.organisation_id,
             col(Cycle.state).in_(_states_owned_by(CYCLE_DESKS, g.role)))
        for g in principal.grants if _states_owned_by(CYCLE_DESKS, g.role)]
    cycles = session.exec(select(Cycle).where(or_(false(), *cycle_conditions))).all() \
        if cycle_conditions else []
    for cycle in cycles:
        desk = CYCLE_DESKS[cycle.state]
        assert desk.owner is not None
        due = getattr(cycle, desk.due_field) if desk.due_field else None
        tasks.append(Task(
            kind="cycle", id=cycle.id, organisation_id=cycle.organisation_id, cycle_id=cycle.id,
            cycle_label=cycle.label, unit_id=None, unit_name=None, state=cycle.state,
            role=desk.owner, action=_next_action(CYCLE_TRANSITIONS, cycle.state, desk.owner),
            due_on=due, overdue=is_overdue(due), days_left=days_left(due) if due else None))
    return sorted(tasks, key=lambda t: (t.due_on is None, t.due_on or date.max,
                                        t.unit_name or ""))
