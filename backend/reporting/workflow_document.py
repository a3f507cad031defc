"""The workflow table and the Swedish vocabulary as one JSON document (GET /api/v1/workflow).

Built once from `reporting.workflow` and `core.vocabulary`: the pages draw their columns,
buttons, required fields and labels from it instead of restating the table.
"""

from functools import cache

from pydantic import BaseModel, Field

from backend.core import vocabulary
from backend.models.cycle import DUE_FIELDS
from backend.models.enums import UNIT_ROLES, Role
from backend.reporting.workflow import (
    CYCLE_DESKS,
    CYCLE_TRANSITIONS,
    EDITABLE_REPORT_STATES,
    REPORT_DESKS,
    REPORT_TRANSITIONS,
    SETTLED_CYCLE_STATES,
    SETTLED_REPORT_STATES,
    Desk,
    Transition,
)


class WorkflowState(BaseModel):
    code: str
    label: str
    owner: str | None = Field(description="The role whose desk it is on (null: nobody's)")
    due_field: str | None = Field(description="The cycle's date it is due by")
    editable: bool = Field(description="A report's content may be changed in this state")
    settled: bool = Field(description="Done: counts as handled for the compilation")


class WorkflowTransition(BaseModel):
    action: str
    label: str
    from_states: list[str]
    to_state: str
    actor: str
    event: str = Field(description="Its type in the change feed and in webhooks")
    needs: list[str] = Field(description="Fields the request must carry")
    guards: list[str] = Field(description="Checks the server makes (see `vocabularies.guard`)")


class StateMachine(BaseModel):
    states: list[WorkflowState] = Field(description="In the order a dashboard shows them")
    transitions: list[WorkflowTransition]


class WorkflowRole(BaseModel):
    code: str
    label: str
    unit_scoped: bool = Field(description="Held for one unit rather than the organisation")


class DueField(BaseModel):
    code: str
    label: str


class Workflow(BaseModel):
    report: StateMachine
    cycle: StateMachine
    roles: list[WorkflowRole]
    due_fields: list[DueField] = Field(description="The cycle's deadlines, in order")
    vocabularies: dict[str, dict[str, str]] = Field(description=(
        "The Swedish word for every code the API speaks, by vocabulary name"))


def _states(desks: dict[str, Desk], words: dict[str, str], *, editable: frozenset[str],
            settled: frozenset[str]) -> list[WorkflowState]:
    return [WorkflowState(code=code, label=words[code], owner=desk.owner,
                          due_field=desk.due_field, editable=code in editable,
                          settled=code in settled) for code, desk in desks.items()]


def _transitions(table: tuple[Transition, ...],
                 words: dict[str, str]) -> list[WorkflowTransition]:
    return [WorkflowTransition(action=t.action, label=words[t.action],
                               from_states=sorted(t.sources), to_state=t.target, actor=t.actor,
                               event=t.event, needs=list(t.needs), guards=list(t.guards))
            for t in table]


@cache
def workflow_document() -> Workflow:
    """The whole document; it only changes with a new release."""
    return Workflow(
        report=StateMachine(
            states=_states(REPORT_DESKS, vocabulary.REPORT_STATES,
                           editable=EDITABLE_REPORT_STATES, settled=SETTLED_REPORT_STATES),
            transitions=_transitions(REPORT_TRANSITIONS, vocabulary.REPORT_ACTIONS)),
        cycle=StateMachine(
            states=_states(CYCLE_DESKS, vocabulary.CYCLE_STATES, editable=frozenset(),
                           settled=SETTLED_CYCLE_STATES),
            transitions=_transitions(CYCLE_TRANSITIONS, vocabulary.CYCLE_ACTIONS)),
        roles=[WorkflowRole(code=role, label=vocabulary.ROLES[role],
                            unit_scoped=role in UNIT_ROLES) for role in Role],
        due_fields=[DueField(code=f, label=vocabulary.CONTENT_FIELDS[f]) for f in DUE_FIELDS],
        vocabularies={name: dict(words) for name, words in vocabulary.VOCABULARIES.items()},
    )
