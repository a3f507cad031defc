"""/cycles: create, read, deadlines, transitions, the cycle's reports and compilation."""

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import can_read_all_reports, can_see_cycles
from backend.auth.principal import Principal
from backend.core.deps import SessionDep
from backend.core.pagination import Cursor, Limit, decode_cursor, next_cursor_of
from backend.core.schemas import SINGLE_LINE, Page
from backend.core.versioning import IfMatch, parse_if_match, require_if_match, set_etag
from backend.models import Cycle
from backend.models.enums import ReportState, UnitKind
from backend.reporting import cycles, repository, tasks
from backend.reporting.cycles import CycleCreate, CycleTransitionRequest, Deadlines
from backend.reporting.endpoints import ERRORS, summary_page
from backend.reporting.schemas import ActionList, ReportSummary
from backend.reporting.workflow import CYCLE_DESKS

router = APIRouter(prefix="/cycles", tags=["cycles"])


class CyclePublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    label: str
    state: str
    version: int
    owner_role: str | None
    draft_due: date
    committee_due: date
    submit_due: date
    review_due: date
    council_due: date
    decision_ref: str | None
    decided_on: date | None
    adopted_compilation_id: uuid.UUID | None
    opened_at: datetime | None
    report_counts: dict[str, int] | None = None
    actions: list[str] | None = Field(None, description=(
        "On a single cycle: the actions open to you now (as `GET /cycles/{id}/actions`)"))


class CycleOverview(BaseModel):
    """A cycle and the first page of its reports: what a status board shows, in one call."""

    cycle: CyclePublic
    reports: Page[ReportSummary]


class CycleHistoryItem(BaseModel):
    action: str
    from_state: str
    to_state: str
    actor: str
    comment: str | None
    decision_ref: str | None
    at: datetime


def public_of(cycle: Cycle, counts: dict[str, int] | None = None,
              actions: list[str] | None = None) -> CyclePublic:
    return CyclePublic(**cycle.model_dump(exclude={"created_at", "updated_at"}),
                       owner_role=CYCLE_DESKS[cycle.state].owner, report_counts=counts,
                       actions=actions)


def _answer(session: SessionDep, principal: Principal, response: Response,
            cycle: Cycle) -> CyclePublic:
    set_etag(response, cycle.version)
    return public_of(cycle, repository.state_counts(session, cycle.id),
                     cycles.available_actions(principal, cycle))


@router.get("", response_model=Page[CyclePublic], summary="List cycles")
def list_cycles(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
                limit: Limit = 100,
                state: Annotated[str | None, Query(max_length=20), SINGLE_LINE] = None,
                organisation_id: uuid.UUID | None = None) -> Page[CyclePublic]:
    """The cycles of your organisations, newest label first."""
    orgs = frozenset(o for o in principal.organisation_ids()
                     if organisation_id in (None, o) and can_see_cycles(principal, o))
    rows = repository.cycles_in(session, orgs, state=state, after=decode_cursor(cursor),
                                limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.label, r.id))
    return Page[CyclePublic](items=[public_of(c) for c in rows[:limit]], next_cursor=next_cursor)


@router.post("", response_model=CyclePublic, status_code=201, responses=ERRORS,
             summary="Create a cycle (planned)")
def create_cycle(body: CycleCreate, principal: CurrentPrincipal, session: SessionDep,
                 response: Response) -> CyclePublic:
    """Coordinator. The five due dates must be in order: draft_due ≤ committee_due ≤
    submit_due ≤ review_due ≤ council_due (422 otherwise). `organisation_id` may be left out
    when you coordinate one organisation only."""
    cycle = cycles.create(session=session, principal=principal, data=body)
    return _answer(session, principal, response, cycle)


@router.get("/{cycle_id}", response_model=CyclePublic, responses=ERRORS, summary="Read a cycle")
def read_cycle(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
               response: Response) -> CyclePublic:
    """The cycle with its due dates and the number of reports in each state."""
    cycle = cycles.visible_cycle(session, principal, cycle_id)
    return _answer(session, principal, response, cycle)


@router.put("/{cycle_id}/deadlines", response_model=CyclePublic, responses=ERRORS,
            summary="Change a cycle's due dates")
def change_deadlines(cycle_id: uuid.UUID, body: Deadlines, principal: CurrentPrincipal,
                     session: SessionDep, response: Response,
                     if_match: IfMatch = None) -> CyclePublic:
    """Coordinator, while planned or open; needs `If-Match`. Reports without an individual
    extension follow the new dates."""
    cycle = cycles.change_deadlines(session=session, principal=principal, cycle_id=cycle_id,
                                    deadlines=body, expected_version=require_if_match(if_match))
    return _answer(session, principal, response, cycle)


@router.post("/{cycle_id}/transitions", response_model=CyclePublic, responses=ERRORS,
             summary="Open, compile, adopt or return a cycle")
def transition(cycle_id: uuid.UUID, body: CycleTransitionRequest, principal: CurrentPrincipal,
               session: SessionDep, response: Response,
               if_match: IfMatch = None) -> CyclePublic:
    """`open` (coordinator; creates a draft report per active unit), `compile` (coordinator;
    every report accepted or exempted; freezes compilation version N), `adopt` (council;
    `decision_ref` and `decided_on`), `return` (council; `comment`; back to open)."""
    cycle = cycles.fire(session=session, principal=principal, cycle_id=cycle_id, request=body,
                        expected_version=parse_if_match(if_match))
    return _answer(session, principal, response, cycle)


@router.get("/{cycle_id}/actions", response_model=ActionList, responses=ERRORS,
            summary="What you may do with the cycle now")
def cycle_actions(cycle_id: uuid.UUID, principal: CurrentPrincipal,
                  session: SessionDep) -> ActionList:
    """The cycle actions open to you in its current state."""
    return ActionList(items=cycles.available_actions(
        principal, cycles.visible_cycle(session, principal, cycle_id)))


@router.get("/{cycle_id}/history", response_model=Page[CycleHistoryItem], responses=ERRORS,
            summary="A cycle's history")
def cycle_history(cycle_id: uuid.UUID, principal: CurrentPrincipal,
                  session: SessionDep) -> Page[CycleHistoryItem]:
    """Every open, compile, adopt and return of the cycle."""
    cycles.visible_cycle(session, principal, cycle_id)
    return Page[CycleHistoryItem](items=[CycleHistoryItem(
        action=t.action, from_state=t.from_state, to_state=t.to_state, actor=t.actor_name,
        comment=t.comment, decision_ref=t.decision_ref, at=t.created_at)
        for t in repository.cycle_history(session, cycle_id)])


StateFilter = Annotated[list[ReportState] | None, Query(description="Filter; repeatable")]


def _report_page(session: SessionDep, principal: Principal, cycle: Cycle, cursor: Cursor,
                 limit: int, state: StateFilter, unit_kind: UnitKind | None,
                 ) -> Page[ReportSummary]:
    unit_ids = None if can_read_all_reports(principal, cycle.organisation_id) \
        else principal.unit_ids(cycle.organisation_id)
    rows = repository.report_summaries(
        session, cycle.id, unit_ids=unit_ids, states=[s.value for s in state or []],
        unit_kind=unit_kind, after=decode_cursor(cursor), limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.unit_name, r.id))
    return summary_page(rows[:limit], next_cursor)


@router.get("/{cycle_id}/reports", response_model=Page[ReportSummary], responses=ERRORS,
            summary="The reports of a cycle")
def cycle_reports(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                  cursor: Cursor = None, limit: Limit = 100, state: StateFilter = None,
                  unit_kind: UnitKind | None = None) -> Page[ReportSummary]:
    """Coordinators, the council, viewers and `reports:read` services see every unit's
    report; contact persons and committees see their own units'. Ordered by unit name."""
    cycle = cycles.visible_cycle(session, principal, cycle_id)
    return _report_page(session, principal, cycle, cursor, limit, state, unit_kind)


@router.get("/{cycle_id}/overview", response_model=CycleOverview, responses=ERRORS,
            summary="A cycle and its reports in one answer")
def cycle_overview(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                   response: Response, cursor: Cursor = None, limit: Limit = 100,
                   state: StateFilter = None, unit_kind: UnitKind | None = None,
                   ) -> CycleOverview:
    """`GET /cycles/{id}` and a page of `GET /cycles/{id}/reports` (the same filters, paging
    and access) in one call, as the coordinator's dashboard shows them. Follow
    `reports.next_cursor` on `/cycles/{id}/reports`."""
    cycle = cycles.visible_cycle(session, principal, cycle_id)
    return CycleOverview(cycle=_answer(session, principal, response, cycle),
                         reports=_report_page(session, principal, cycle, cursor, limit, state,
                                              unit_kind))


tasks_router = APIRouter(tags=["me"])


@tasks_router.get("/me/tasks", response_model=Page[tasks.Task], summary="What is on my desk")
def my_tasks(principal: CurrentPrincipal, session: SessionDep) -> Page[tasks.Task]:
    """Every report and cycle waiting for you, across your units and organisations, soonest
    due first, with the next action the workflow expects from you."""
    return Page[tasks.Task](items=tasks.tasks_for(session=session, principal=principal))
