"""Whose desk an open report is on and by when, as SQL read from the workflow table."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlmodel import col

from backend.models import Cycle, Membership, Report
from backend.models.enums import UNIT_ROLES, CycleState
from backend.reporting.workflow import REPORT_DESKS

# States that sit on someone's desk with a due date: the ones reminders are about.
DESK_STATES: tuple[str, ...] = tuple(
    state for state, desk in REPORT_DESKS.items() if desk.owner and desk.due_field
)
_UNIT_ROLES = sorted(role.value for role in UNIT_ROLES)


def report_owner_role() -> ColumnElement[str]:
    """The role whose desk the report's current state is on."""
    owners = {state: REPORT_DESKS[state].owner.value for state in DESK_STATES}  # type: ignore[union-attr]
    return case(owners, value=col(Report.state))


def report_due_on() -> ColumnElement[date]:
    """The report's own (possibly extended) due date, else its cycle's date for the state."""
    cycle_dates = [
        (col(Report.state) == state, getattr(Cycle, str(REPORT_DESKS[state].due_field)))
        for state in DESK_STATES
    ]
    return func.coalesce(col(Report.due_on), case(*cycle_dates))


def holds_role(role: Any, organisation_id: Any, unit_id: Any) -> ColumnElement[bool]:
    """The membership grants `role` for this unit (unit roles) or organisation (the rest)."""
    member_role, member_unit = col(Membership.role), col(Membership.unit_id)
    return and_(
        col(Membership.organisation_id) == organisation_id,
        col(Membership.active).is_(True),
        member_role == role,
        or_(
            and_(member_role.in_(_UNIT_ROLES), member_unit == unit_id),
            and_(member_role.not_in(_UNIT_ROLES), member_unit.is_(None)),
        ),
    )


def open_report_desks() -> Select[Any]:
    """Every report of every open cycle that is on someone's desk, with owner and due date."""
    return (
        select(
            col(Report.id).label("report_id"),
            col(Report.state).label("state"),
            col(Report.unit_id).label("unit_id"),
            col(Report.cycle_id).label("cycle_id"),
            col(Cycle.organisation_id).label("organisation_id"),
            report_owner_role().label("owner_role"),
            report_due_on().label("due_on"),
        )
        .join(Cycle, col(Cycle.id) == Report.cycle_id)
        .where(col(Cycle.state) == CycleState.OPEN, col(Report.state).in_(DESK_STATES))
    )
