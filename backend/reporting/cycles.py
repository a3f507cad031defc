"""Cycles: create with ordered deadlines, change deadlines, and the cycle transitions."""

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy import insert
from sqlmodel import Session

from backend.audit import service as audit
from backend.auth.policies import can_see_cycles, require_visible, single_organisation
from backend.auth.principal import Principal
from backend.core.db import unique
from backend.core.errors import Forbidden, Invalid, NotAllowed
from backend.core.schemas import MULTI_LINE, SINGLE_LINE, Day
from backend.core.versioning import check_version
from backend.feed import events
from backend.models import Cycle, CycleTransition, Report
from backend.models.base import utcnow
from backend.models.cycle import DUE_FIELDS
from backend.models.enums import CycleState, ReportState, Role
from backend.reporting import repository
from backend.reporting.workflow import (
    CYCLE_ACTIONS,
    CYCLE_TRANSITIONS,
    REPORT_DESKS,
    SETTLED_REPORT_STATES,
    Guard,
    Transition,
    actors_of,
    find_transition,
    transitions_from,
)


def deadline_order_errors(dates: dict[str, date]) -> dict[str, str]:
    """draft_due ≤ committee_due ≤ submit_due ≤ review_due ≤ council_due."""
    errors = {}
    for earlier, later in zip(DUE_FIELDS, DUE_FIELDS[1:], strict=False):
        if dates[later] < dates[earlier]:
            errors[later] = f"must be on or after {earlier}"
    return errors


class Deadlines(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "draft_due": "2027-01-29", "committee_due": "2027-02-19", "submit_due": "2027-02-26",
        "review_due": "2027-03-12", "council_due": "2027-04-28"}]})

    draft_due: Day
    committee_due: Day
    submit_due: Day
    review_due: Day
    council_due: Day

    @model_validator(mode="after")
    def _ordered(self) -> "Deadlines":
        errors = deadline_order_errors(self.model_dump())
        if errors:
            raise ValueError("; ".join(f"{k} {v}" for k, v in errors.items()))
        return self


class CycleCreate(Deadlines):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "label": "2026", "draft_due": "2027-01-29", "committee_due": "2027-02-19",
        "submit_due": "2027-02-26", "review_due": "2027-03-12", "council_due": "2027-04-28"}]})

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=100), SINGLE_LINE]
    organisation_id: uuid.UUID | None = None


class CycleTransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"action": "open"}, {"action": "compile"},
        {"action": "adopt", "decision_ref": "KF 2027-04-28 § 46", "decided_on": "2027-04-28"},
        {"action": "return", "comment": "Komplettera med Miljö- och byggnämnden."}]})

    action: Annotated[str, Field(max_length=40), SINGLE_LINE]
    comment: Annotated[str | None, Field(max_length=4000), MULTI_LINE] = None
    decision_ref: Annotated[str | None, Field(max_length=200), SINGLE_LINE] = None
    decided_on: Day | None = None


def visible_cycle(session: Session, principal: Principal, cycle_id: uuid.UUID, *,
                  lock: bool = False) -> Cycle:
    cycle = repository.cycle(session, cycle_id, lock=lock)
    require_visible(cycle is not None and can_see_cycles(principal, cycle.organisation_id),
                    "The cycle")
    assert cycle is not None
    return cycle


def create(*, session: Session, principal: Principal, data: CycleCreate) -> Cycle:
    coordinated = frozenset(g.organisation_id for g in principal.grants
                            if g.role == Role.COORDINATOR)
    organisation_id = single_organisation(principal, data.organisation_id,
                                          allowed=coordinated or None)
    if not principal.has_role(Role.COORDINATOR, organisation_id):
        raise Forbidden("Only a coordinator may create cycles")
    conflict = f"A cycle labelled '{data.label}' already exists"
    if repository.cycle_by_label(session, organisation_id, data.label):
        raise NotAllowed(conflict)
    cycle = Cycle(organisation_id=organisation_id, label=data.label, state=CycleState.PLANNED,
                  **data.model_dump(include=set(DUE_FIELDS)))
    with unique(session, conflict):
        session.add(cycle)
    audit.record(session=session, principal=principal, action="cycle.created",
                 object_type="cycle", object_id=cycle.id, organisation_id=organisation_id,
                 detail={"label": cycle.label})
    return cycle


def change_deadlines(*, session: Session, principal: Principal, cycle_id: uuid.UUID,
                     deadlines: Deadlines, expected_version: int) -> Cycle:
    """New due dates while planned or open; reports without an extension follow them."""
    cycle = visible_cycle(session, principal, cycle_id, lock=True)
    if not principal.has_role(Role.COORDINATOR, cycle.organisation_id):
        raise Forbidden("Only the coordinator may change deadlines")
    check_version(cycle.version, expected_version)
    if cycle.state not in (CycleState.PLANNED, CycleState.OPEN):
        raise NotAllowed(f"The cycle is {cycle.state}; its deadlines are fixed")
    for name, value in deadlines.model_dump().items():
        setattr(cycle, name, value)
    cycle.version += 1
    cycle.updated_at = utcnow()
    for report, _unit in repository.reports_of_cycle(session, cycle.id):
        field = REPORT_DESKS[report.state].due_field
        if field and report.extension_reason is None:
            report.due_on = getattr(cycle, field)
    audit.record(session=session, principal=principal, action="cycle.deadlines_changed",
                 object_type="cycle", object_id=cycle.id, organisation_id=cycle.organisation_id,
                 detail=deadlines.model_dump(mode="json"))
    session.flush()
    return cycle


def available_actions(principal: Principal, cycle: Cycle) -> list[str]:
    return [t.action for t in transitions_from(CYCLE_TRANSITIONS, cycle.state)
            if principal.has_role(t.actor, cycle.organisation_id)]


def fire(*, session: Session, principal: Principal, cycle_id: uuid.UUID,
         request: CycleTransitionRequest, expected_version: int | None = None) -> Cycle:
    """open / compile / adopt / return, checked against the cycle table."""
    cycle = visible_cycle(session, principal, cycle_id, lock=True)
    if request.action not in CYCLE_ACTIONS:
        raise Invalid(f"Unknown action '{request.action}'",
                      fields={"action": f"one of: {', '.join(sorted(CYCLE_ACTIONS))}"})
    if not any(principal.has_role(r, cycle.organisation_id)
               for r in actors_of(CYCLE_TRANSITIONS, request.action)):
        raise Forbidden(f"Your roles do not allow '{request.action}' on this cycle")
    check_version(cycle.version, expected_version)
    transition = find_transition(CYCLE_TRANSITIONS, cycle.state, request.action)
    if transition is None:
        raise NotAllowed(f"'{request.action}' is not possible while the cycle is {cycle.state}")
    if not principal.has_role(transition.actor, cycle.organisation_id):
        raise Forbidden(f"'{request.action}' is for the {transition.actor}")
    missing = {f: "required" for f in transition.needs
               if not str(getattr(request, f) or "").strip()}
    if missing:
        raise Invalid(f"'{transition.action}' needs: {', '.join(missing)}", fields=missing)
    _check_guards(session, transition, cycle)
    _apply(session, principal, cycle, transition, request)
    return cycle


def _check_guards(session: Session, transition: Transition, cycle: Cycle) -> None:
    if Guard.DEADLINES_ORDERED in transition.guards:
        errors = deadline_order_errors({f: getattr(cycle, f) for f in DUE_FIELDS})
        if errors:
            raise Invalid("The deadlines are not in order", fields=errors)
    if Guard.ALL_REPORTS_SETTLED in transition.guards:
        waiting = repository.unsettled_units(session, cycle.id, SETTLED_REPORT_STATES)
        if waiting:
            raise Invalid(f"{len(waiting)} reports are not accepted or exempted yet",
                          fields={"reports": ", ".join(waiting)})


def _apply(session: Session, principal: Principal, cycle: Cycle, transition: Transition,
           request: CycleTransitionRequest) -> None:
    from_state = cycle.state
    cycle.state = transition.target
    cycle.version += 1
    cycle.updated_at = utcnow()
    detail: dict[str, object] = {}
    if transition.action == "open":
        cycle.opened_at = utcnow()
        detail["reports_created"] = _create_reports(session, cycle)
    elif transition.action == "compile":
        from backend.compilation.versions import freeze

        compilation = freeze(session=session, cycle=cycle, author=principal.name)
        detail["compilation_number"] = compilation.number
    elif transition.action == "adopt":
        from backend.compilation.versions import latest

        cycle.decision_ref = request.decision_ref
        cycle.decided_on = request.decided_on
        current = latest(session=session, cycle_id=cycle.id)
        cycle.adopted_compilation_id = current.id if current else None
        detail["compilation_number"] = current.number if current else None
    session.add(CycleTransition(
        cycle_id=cycle.id, action=transition.action, from_state=from_state,
        to_state=cycle.state, actor_user_id=principal.user_id,
        actor_service_account_id=principal.service_account_id, actor_name=principal.name,
        comment=request.comment, decision_ref=request.decision_ref))
    event = transition.event
    audit.record(session=session, principal=principal, action=event, object_type="cycle",
                 object_id=cycle.id, organisation_id=cycle.organisation_id,
                 detail={"from": from_state, "to": cycle.state, **detail})
    events.append(session=session, organisation_id=cycle.organisation_id, type=event,
                  subject_type="cycle", subject_id=cycle.id, data={
                      "cycle_id": str(cycle.id), "label": cycle.label, "action": transition.action,
                      "from_state": from_state, "to_state": cycle.state,
                      "actor": principal.name, "comment": request.comment,
                      "decision_ref": request.decision_ref,
                      "decided_on": request.decided_on.isoformat() if request.decided_on else None,
                      **detail,
                      "links": {"cycle": f"/api/v1/cycles/{cycle.id}",
                                "compilation": f"/api/v1/cycles/{cycle.id}/compilation"},
                  })
    session.flush()


def _create_reports(session: Session, cycle: Cycle) -> int:
    """One draft per active unit, in one bulk insert."""
    now = utcnow()
    existing = {report.unit_id for report, _ in repository.reports_of_cycle(session, cycle.id)}
    rows = [{"id": uuid.uuid4(), "cycle_id": cycle.id, "unit_id": unit.id,
             "state": ReportState.DRAFT, "version": 1, "due_on": cycle.draft_due,
             "created_at": now, "updated_at": now, "summary": "", "monitoring": "",
             "competence": "", "next_year_plans": "", "no_international_work": False}
            for unit in repository.active_units(session, cycle.organisation_id)
            if unit.id not in existing]
    if rows:
        session.execute(insert(Report), rows)
    return len(rows)
