"""Every (state, action, role): allowed ones succeed, the rest answer 403/404/409 per the SPEC."""

import pytest

from tests.factories import make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import PATHS, drive, headers_for

# The SPEC's report table, written out independently of backend/reporting/workflow.py.
ALLOWED = {
    ("draft", "send_to_committee", "contact"): "committee_review",
    ("returned", "send_to_committee", "contact"): "committee_review",
    ("committee_review", "approve", "committee"): "committee_approved",
    ("committee_review", "return", "committee"): "returned",
    ("committee_approved", "submit", "contact"): "submitted",
    ("submitted", "accept", "coordinator"): "accepted",
    ("submitted", "return", "coordinator"): "returned",
    ("accepted", "reopen", "coordinator"): "returned",
    **{(state, "exempt", "coordinator"): "exempted" for state in
       ("draft", "returned", "committee_review", "committee_approved", "submitted")},
    ("exempted", "unexempt", "coordinator"): "draft",
}
ACTORS = {"send_to_committee": {"contact"}, "approve": {"committee"},
          "return": {"committee", "coordinator"}, "submit": {"contact"},
          "accept": {"coordinator"}, "reopen": {"coordinator"}, "exempt": {"coordinator"},
          "unexempt": {"coordinator"}}
CANNOT_SEE = {"admin", "other_contact", "other_committee"}
PRINCIPALS = ["contact", "committee", "coordinator", "council", "viewer", "admin",
              "other_contact", "other_committee"]
BODY = {"comment": "Kommentar.", "decision_ref": "BUN 2027-02-12 § 14", "reason": "Skäl."}


def expected_status(state: str, action: str, who: str) -> int:
    if who in CANNOT_SEE:
        return 404
    if (state, action, who) in ALLOWED:
        return 200
    if who not in ACTORS[action]:
        return 403
    if not any(s == state and a == action for s, a, _ in ALLOWED):
        return 409
    return 403


@pytest.mark.parametrize("state", list(PATHS))
def test_every_action_by_every_role_from(state, client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    reports = reports_by_unit(client, world, cycle["id"])
    report = drive(client, world, reports[str(world.units[0].id)], 0, state)
    successes = []
    for action in ACTORS:
        for who in PRINCIPALS:
            status = expected_status(state, action, who)
            if status == 200:
                successes.append((action, who))
                continue
            answer = client.post(f"/api/v1/reports/{report['id']}/transitions",
                                 json={"action": action, **BODY},
                                 headers=headers_for(world, who, 0))
            assert answer.status_code == status, (state, action, who, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
    unchanged = client.get(f"/api/v1/reports/{report['id']}", headers=world.as_("coordinator"))
    assert unchanged.json()["state"] == state
    assert unchanged.json()["version"] == report["version"]

    for number, (action, who) in enumerate(successes, start=1):
        fresh_cycle = open_cycle(client, world, label=f"2026:{number}")
        fresh = reports_by_unit(client, world, fresh_cycle["id"])[str(world.units[0].id)]
        fresh = drive(client, world, fresh, 0, state)
        answer = client.post(f"/api/v1/reports/{fresh['id']}/transitions",
                             json={"action": action, **BODY}, headers=headers_for(world, who, 0))
        assert answer.status_code == 200, (state, action, who, answer.text)
        assert answer.json()["state"] == ALLOWED[(state, action, who)]
        assert answer.json()["version"] == fresh["version"] + 1


def test_actions_endpoint_lists_exactly_the_allowed_actions(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    report = drive(client, world, report, 0, "submitted")
    for who in ("contact", "committee", "coordinator", "council", "viewer"):
        listed = client.get(f"/api/v1/reports/{report['id']}/actions",
                            headers=headers_for(world, who, 0))
        assert listed.status_code == 200
        assert sorted(listed.json()["items"]) == sorted(
            a for (s, a, w) in ALLOWED if s == "submitted" and w == who)
    hidden = client.get(f"/api/v1/reports/{report['id']}/actions",
                        headers=headers_for(world, "other_contact", 0))
    assert hidden.status_code == 404
