"""Reading and changing an organisation's reminder policy."""

import uuid

import pytest
from sqlmodel import Session

from backend.core.errors import Invalid, NotFound, Stale
from backend.deadlines.policy import ReminderPolicy, get_policy, update_policy
from tests.deadlines.factories import make_organisation


def test_a_new_organisation_has_the_default_policy(session: Session) -> None:
    organisation = make_organisation(session)
    assert get_policy(session=session, organisation_id=organisation.id) == ReminderPolicy(
        (14, 3, 0), 7, 1, 1)


def test_update_stores_the_steps_descending_and_bumps_the_version(session: Session) -> None:
    organisation = make_organisation(session)
    policy = update_policy(session=session, organisation_id=organisation.id,
                           days_before=[0, 30, 7], repeat_days=2, escalation_after_days=0,
                           expected_version=1)
    assert policy == ReminderPolicy((30, 7, 0), 2, 0, 2)
    assert organisation.reminder_days_before == [30, 7, 0]


@pytest.mark.parametrize(("days_before", "repeat", "escalation", "fields"), [
    ([14, 14], 7, 1, {"days_before"}),
    ([91], 7, 1, {"days_before"}),
    ([-1], 7, 1, {"days_before"}),
    ([3.5], 7, 1, {"days_before"}),
    ([True], 7, 1, {"days_before"}),
    (list(range(11)), 7, 1, {"days_before"}),
    ([3], 0, 1, {"repeat_days"}),
    ([3], 61, 1, {"repeat_days"}),
    ([3], 7, 61, {"escalation_after_days"}),
    ([3], 7, -1, {"escalation_after_days"}),
    ([3, 3], 0, 99, {"days_before", "repeat_days", "escalation_after_days"}),
])
def test_invalid_policies_name_the_wrong_fields(
    session: Session, days_before: list[int], repeat: int, escalation: int, fields: set[str],
) -> None:
    organisation = make_organisation(session)
    with pytest.raises(Invalid) as raised:
        update_policy(session=session, organisation_id=organisation.id, days_before=days_before,
                      repeat_days=repeat, escalation_after_days=escalation)
    assert set(raised.value.fields) == fields
    assert organisation.reminder_days_before == [14, 3, 0]


def test_a_stale_version_changes_nothing(session: Session) -> None:
    organisation = make_organisation(session)
    with pytest.raises(Stale):
        update_policy(session=session, organisation_id=organisation.id, days_before=[1],
                      repeat_days=1, escalation_after_days=1, expected_version=7)
    assert organisation.reminder_repeat_days == 7


def test_an_unknown_organisation_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_policy(session=session, organisation_id=uuid.uuid4())
