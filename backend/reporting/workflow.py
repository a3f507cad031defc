"""The reporting cycle as data: every state, action, actor, guard, owner and due date.

The API's `/actions`, the buttons on the pages, the reminder scan and the dashboard
columns all read these tables; only `reporting.service` applies them.
"""

from dataclasses import dataclass
from enum import StrEnum

from backend.models.enums import CycleState, ReportState, Role


class ReportAction(StrEnum):
    SEND_TO_COMMITTEE = "send_to_committee"
    APPROVE = "approve"
    SEND_BACK = "return"
    SUBMIT = "submit"
    ACCEPT = "accept"
    REOPEN = "reopen"
    EXEMPT = "exempt"
    UNEXEMPT = "unexempt"


class CycleAction(StrEnum):
    OPEN = "open"
    COMPILE = "compile"
    ADOPT = "adopt"
    SEND_BACK = "return"


class Guard(StrEnum):
    """Checks beyond the required fields; each maps to a function in the service."""

    CONTENT_COMPLETE = "content_complete"
    DEADLINES_ORDERED = "deadlines_ordered"
    ALL_REPORTS_SETTLED = "all_reports_settled"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actor: Role
    event: str  # its type in the change feed, the audit log and webhooks
    needs: tuple[str, ...] = ()
    guards: tuple[Guard, ...] = ()


@dataclass(frozen=True)
class Desk:
    """Whose desk a state is on, and which cycle date it is due by."""

    owner: Role | None
    due_field: str | None


def _from(*states: str) -> frozenset[str]:
    return frozenset(states)


R = ReportState
REPORT_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        ReportAction.SEND_TO_COMMITTEE, _from(R.DRAFT, R.RETURNED), R.COMMITTEE_REVIEW,
        Role.CONTACT_PERSON, "report.sent_to_committee", guards=(Guard.CONTENT_COMPLETE,),
    ),
    Transition(
        ReportAction.APPROVE, _from(R.COMMITTEE_REVIEW), R.COMMITTEE_APPROVED,
        Role.COMMITTEE, "report.approved", needs=("decision_ref",),
    ),
    Transition(
        ReportAction.SEND_BACK, _from(R.COMMITTEE_REVIEW), R.RETURNED,
        Role.COMMITTEE, "report.returned", needs=("comment",),
    ),
    Transition(ReportAction.SUBMIT, _from(R.COMMITTEE_APPROVED), R.SUBMITTED,
               Role.CONTACT_PERSON, "report.submitted"),
    Transition(ReportAction.ACCEPT, _from(R.SUBMITTED), R.ACCEPTED, Role.COORDINATOR,
               "report.accepted"),
    Transition(
        ReportAction.SEND_BACK, _from(R.SUBMITTED), R.RETURNED,
        Role.COORDINATOR, "report.returned", needs=("comment",),
    ),
    Transition(
        ReportAction.REOPEN, _from(R.ACCEPTED), R.RETURNED, Role.COORDINATOR,
        "report.reopened", needs=("comment",),
    ),
    Transition(
        ReportAction.EXEMPT,
        _from(R.DRAFT, R.RETURNED, R.COMMITTEE_REVIEW, R.COMMITTEE_APPROVED, R.SUBMITTED),
        R.EXEMPTED, Role.COORDINATOR, "report.exempted", needs=("reason",),
    ),
    Transition(ReportAction.UNEXEMPT, _from(R.EXEMPTED), R.DRAFT, Role.COORDINATOR,
               "report.unexempted"),
)

REPORT_DESKS: dict[str, Desk] = {
    R.DRAFT: Desk(Role.CONTACT_PERSON, "draft_due"),
    R.RETURNED: Desk(Role.CONTACT_PERSON, "draft_due"),
    R.COMMITTEE_REVIEW: Desk(Role.COMMITTEE, "committee_due"),
    R.COMMITTEE_APPROVED: Desk(Role.CONTACT_PERSON, "submit_due"),
    R.SUBMITTED: Desk(Role.COORDINATOR, "review_due"),
    R.ACCEPTED: Desk(None, None),
    R.EXEMPTED: Desk(None, None),
}

EDITABLE_REPORT_STATES = frozenset({R.DRAFT, R.RETURNED})
SETTLED_REPORT_STATES = frozenset({R.ACCEPTED, R.EXEMPTED})

C = CycleState
CYCLE_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        CycleAction.OPEN, _from(C.PLANNED), C.OPEN, Role.COORDINATOR, "cycle.opened",
        guards=(Guard.DEADLINES_ORDERED,),
    ),
    Transition(
        CycleAction.COMPILE, _from(C.OPEN), C.COMPILED, Role.COORDINATOR, "cycle.compiled",
        guards=(Guard.ALL_REPORTS_SETTLED,),
    ),
    Transition(
        CycleAction.ADOPT, _from(C.COMPILED), C.ADOPTED, Role.COUNCIL, "cycle.adopted",
        needs=("decision_ref", "decided_on"),
    ),
    Transition(CycleAction.SEND_BACK, _from(C.COMPILED), C.OPEN, Role.COUNCIL,
               "cycle.returned", needs=("comment",)),
)

CYCLE_DESKS: dict[str, Desk] = {
    C.PLANNED: Desk(Role.COORDINATOR, None),
    C.OPEN: Desk(Role.COORDINATOR, None),
    C.COMPILED: Desk(Role.COUNCIL, "council_due"),
    C.ADOPTED: Desk(None, None),
}
SETTLED_CYCLE_STATES = frozenset({C.ADOPTED})

REPORT_ACTIONS = frozenset(t.action for t in REPORT_TRANSITIONS)
CYCLE_ACTIONS = frozenset(t.action for t in CYCLE_TRANSITIONS)

# Changes outside the table that still go into the change feed.
REPORT_EXTENDED = "report.extended"
REPORT_REGISTERED = "report.registered"
COMPILATION_REGISTERED = "compilation.registered"
FEED_EVENTS: tuple[str, ...] = tuple(dict.fromkeys((
    *(t.event for t in REPORT_TRANSITIONS), REPORT_EXTENDED, REPORT_REGISTERED,
    *(t.event for t in CYCLE_TRANSITIONS), COMPILATION_REGISTERED)))


def find_transition(
    table: tuple[Transition, ...], state: str, action: str
) -> Transition | None:
    """The one transition for this action from this state, if the table has it."""
    return next((t for t in table if t.action == action and state in t.sources), None)


def actors_of(table: tuple[Transition, ...], action: str) -> frozenset[Role]:
    return frozenset(t.actor for t in table if t.action == action)


def transitions_from(table: tuple[Transition, ...], state: str) -> tuple[Transition, ...]:
    return tuple(t for t in table if state in t.sources)
