"""An organisation's reminder policy: steps before the due date, repeat, escalation."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field
from sqlmodel import Session

from backend.core.errors import Invalid, NotFound
from backend.core.versioning import check_version
from backend.models import Organisation

STEP_RANGE = range(0, 91)
REPEAT_RANGE = range(1, 61)
ESCALATION_RANGE = range(0, 61)
MAX_STEPS = 10
# The same ranges for request bodies: a huge number is refused before any lookup.
StepDays = Annotated[int, Field(ge=STEP_RANGE.start, le=STEP_RANGE.stop - 1)]
RepeatDays = Annotated[int, Field(ge=REPEAT_RANGE.start, le=REPEAT_RANGE.stop - 1)]
EscalationDays = Annotated[int, Field(ge=ESCALATION_RANGE.start, le=ESCALATION_RANGE.stop - 1)]


@dataclass(frozen=True)
class ReminderPolicy:
    """Days before due to remind (descending), the overdue repeat, and escalation start."""

    days_before: tuple[int, ...]
    repeat_days: int
    escalation_after_days: int
    version: int


def _organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation")
    return organisation


def get_policy(*, session: Session, organisation_id: uuid.UUID) -> ReminderPolicy:
    """The organisation's current reminder policy."""
    organisation = _organisation(session, organisation_id)
    return ReminderPolicy(tuple(sorted(organisation.reminder_days_before, reverse=True)),
                          organisation.reminder_repeat_days,
                          organisation.escalation_after_days, organisation.version)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_policy(
    days_before: Sequence[object], repeat_days: object, escalation_after_days: object,
) -> dict[str, str]:
    """The fields that are wrong, with why (empty when the policy is valid)."""
    errors: dict[str, str] = {}
    steps = list(days_before)
    if not all(_is_int(step) and step in STEP_RANGE for step in steps):
        errors["days_before"] = "each step must be a whole number of days from 0 to 90"
    elif len(set(steps)) != len(steps):
        errors["days_before"] = "the steps must be distinct"
    elif len(steps) > MAX_STEPS:
        errors["days_before"] = f"at most {MAX_STEPS} steps"
    if not (_is_int(repeat_days) and repeat_days in REPEAT_RANGE):
        errors["repeat_days"] = "must be a whole number of days from 1 to 60"
    if not (_is_int(escalation_after_days) and escalation_after_days in ESCALATION_RANGE):
        errors["escalation_after_days"] = "must be a whole number of days from 0 to 60"
    return errors


def update_policy(
    *, session: Session, organisation_id: uuid.UUID, days_before: Sequence[int],
    repeat_days: int, escalation_after_days: int, expected_version: int | None = None,
) -> ReminderPolicy:
    """Replace the organisation's reminder policy (admin). Invalid lists the bad fields."""
    errors = validate_policy(days_before, repeat_days, escalation_after_days)
    if errors:
        raise Invalid("The reminder policy is not valid", fields=errors)
    organisation = _organisation(session, organisation_id)
    check_version(organisation.version, expected_version)
    organisation.reminder_days_before = sorted(days_before, reverse=True)
    organisation.reminder_repeat_days = repeat_days
    organisation.escalation_after_days = escalation_after_days
    organisation.version += 1
    session.add(organisation)
    session.flush()
    return get_policy(session=session, organisation_id=organisation_id)
