"""The transition service: the only code that changes a report's state.

fire(): lock the row, check visibility, role, state, version, required fields and guards,
apply, then write the history row (with a content snapshot), the audit event and the
change-feed event, all in the caller's transaction.
"""

import uuid
from datetime import date

from sqlmodel import Session

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.core.clock import local_date
from backend.core.errors import Forbidden, Invalid, NotAllowed
from backend.core.versioning import check_version
from backend.feed import events
from backend.models import Cycle, Report, ReportTransition
from backend.models.base import utcnow
from backend.models.enums import CycleState, Role
from backend.reporting.content import ReportInContext, visible_report_in_context
from backend.reporting.schemas import ReportTransitionRequest, missing_for_committee
from backend.reporting.workflow import (
    REPORT_ACTIONS,
    REPORT_DESKS,
    REPORT_EXTENDED,
    REPORT_TRANSITIONS,
    Guard,
    Transition,
    actors_of,
    find_transition,
    transitions_from,
)


def available_actions(principal: Principal, report: Report, cycle: Cycle) -> list[str]:
    """The actions this principal may take on the report now (the table, filtered)."""
    if cycle.state != CycleState.OPEN:
        return []
    return [t.action for t in transitions_from(REPORT_TRANSITIONS, report.state)
            if principal.has_role(t.actor, cycle.organisation_id, report.unit_id)]


def may_extend(principal: Principal, report: Report, cycle: Cycle) -> bool:
    """Whether `extend` would accept a (later) date from this principal now."""
    return (cycle.state == CycleState.OPEN and report.due_on is not None
            and principal.has_role(Role.COORDINATOR, cycle.organisation_id))


def may_act_as(principal: Principal, role: Role, cycle: Cycle, unit_id: uuid.UUID) -> bool:
    return principal.has_role(role, cycle.organisation_id, unit_id)


def _check_needs(transition: Transition, request: ReportTransitionRequest) -> None:
    missing = {f: "required" for f in transition.needs
               if not (getattr(request, f) or "").strip()}
    if missing:
        raise Invalid(f"'{transition.action}' needs: {', '.join(missing)}", fields=missing)


def _check_guards(session: Session, transition: Transition, found: ReportInContext) -> None:
    if Guard.CONTENT_COMPLETE in transition.guards:
        missing = missing_for_committee(found.content(session))
        if missing:
            raise Invalid("The report is not complete enough to send to the committee",
                          fields=missing)


def fire(*, session: Session, principal: Principal, report_id: uuid.UUID,
         request: ReportTransitionRequest,
         expected_version: int | None = None) -> ReportInContext:
    """Apply one action to a report, or raise NotFound/Forbidden/NotAllowed/Stale/Invalid."""
    found = visible_report_in_context(session, principal, report_id, lock=True)
    report, cycle, unit = found.report, found.cycle, found.unit
    if request.action not in REPORT_ACTIONS:
        raise Invalid(f"Unknown action '{request.action}'",
                      fields={"action": f"one of: {', '.join(sorted(REPORT_ACTIONS))}"})
    if not any(may_act_as(principal, role, cycle, unit.id)
               for role in actors_of(REPORT_TRANSITIONS, request.action)):
        raise Forbidden(f"Your roles do not allow '{request.action}' on this report")
    check_version(report.version, expected_version)
    transition = find_transition(REPORT_TRANSITIONS, report.state, request.action)
    if transition is None:
        raise NotAllowed(f"'{request.action}' is not possible while the report is "
                         f"{report.state}")
    if not may_act_as(principal, transition.actor, cycle, unit.id):
        raise Forbidden(f"'{request.action}' from {report.state} is for the {transition.actor}")
    if cycle.state != CycleState.OPEN:
        raise NotAllowed(f"The cycle is {cycle.state}; reports can only change while it is open")
    _check_needs(transition, request)
    _check_guards(session, transition, found)
    _apply(session, principal, found, transition, request)
    return found


def _due_on(cycle: Cycle, state: str) -> date | None:
    field = REPORT_DESKS[state].due_field
    return getattr(cycle, field) if field else None


def _apply(session: Session, principal: Principal, found: ReportInContext,
           transition: Transition, request: ReportTransitionRequest) -> None:
    report, cycle = found.report, found.cycle
    from_state = report.state
    report.state = transition.target
    report.version += 1
    report.due_on = _due_on(cycle, transition.target)
    report.extension_reason = None
    report.updated_at = utcnow()
    comment = request.comment if "comment" in transition.needs else request.reason
    _write_history(session, principal, found, action=transition.action,
                   from_state=from_state, comment=comment,
                   decision_ref=request.decision_ref if "decision_ref" in transition.needs
                   else None, event=transition.event)


def _write_history(session: Session, principal: Principal, found: ReportInContext, *,
                   action: str, from_state: str, comment: str | None,
                   decision_ref: str | None, event: str, due_on: date | None = None) -> None:
    report, cycle, unit = found.report, found.cycle, found.unit
    session.add(ReportTransition(
        report_id=report.id, action=action, from_state=from_state, to_state=report.state,
        actor_user_id=principal.user_id, actor_service_account_id=principal.service_account_id,
        actor_name=principal.name, comment=comment, decision_ref=decision_ref, due_on=due_on,
        content=found.content(session).model_dump(mode="json"),
    ))
    detail = {"from": from_state, "to": report.state, "action": action, "version": report.version}
    audit.record(session=session, principal=principal, action=event, object_type="report",
                 object_id=report.id, organisation_id=cycle.organisation_id, detail=detail)
    events.append(session=session, organisation_id=cycle.organisation_id, type=event,
                  subject_type="report", subject_id=report.id, data={
                      "report_id": str(report.id), "cycle_id": str(cycle.id),
                      "unit_id": str(unit.id), "unit_name": unit.name, "action": action,
                      "from_state": from_state, "to_state": report.state, "actor": principal.name,
                      "comment": comment, "decision_ref": decision_ref,
                      "due_on": report.due_on.isoformat() if report.due_on else None,
                      "links": {"report": f"/api/v1/reports/{report.id}",
                                "history": f"/api/v1/reports/{report.id}/history"},
                  })
    session.flush()


def extend(*, session: Session, principal: Principal, report_id: uuid.UUID, due_on: date,
           reason: str, expected_version: int | None = None) -> ReportInContext:
    """Give one report a later due date for its current state (coordinator)."""
    found = visible_report_in_context(session, principal, report_id, lock=True)
    report, cycle = found.report, found.cycle
    if not principal.has_role(Role.COORDINATOR, cycle.organisation_id):
        raise Forbidden("Only the coordinator may grant extensions")
    check_version(report.version, expected_version)
    if cycle.state != CycleState.OPEN or report.due_on is None:
        raise NotAllowed(f"A report that is {report.state} in a {cycle.state} cycle has no "
                         "due date to extend")
    if not reason.strip():
        raise Invalid("An extension needs a reason", fields={"reason": "required"})
    if due_on <= report.due_on or due_on < local_date():
        raise Invalid("The new due date must be later than the current one and not in the past",
                      fields={"due_on": f"after {report.due_on.isoformat()}"})
    report.due_on = due_on
    report.extension_reason = reason
    report.version += 1
    report.updated_at = utcnow()
    _write_history(session, principal, found, action="extend",
                   from_state=report.state, comment=reason, decision_ref=None,
                   event=REPORT_EXTENDED, due_on=due_on)
    return found
