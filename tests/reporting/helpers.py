"""Driving reports through the API into any state, for the workflow tests."""

from fastapi.testclient import TestClient

from tests.factories import COMPLETE_CONTENT, World

# How to reach each state from a fresh draft: (who, body) steps, who relative to the unit.
PATHS: dict[str, list[tuple[str, dict]]] = {
    "draft": [],
    "committee_review": [("contact", {"action": "send_to_committee"})],
    "committee_approved": [("contact", {"action": "send_to_committee"}),
                           ("committee", {"action": "approve", "decision_ref": "BUN § 1"})],
    "submitted": [("contact", {"action": "send_to_committee"}),
                  ("committee", {"action": "approve", "decision_ref": "BUN § 1"}),
                  ("contact", {"action": "submit"})],
    "accepted": [("contact", {"action": "send_to_committee"}),
                 ("committee", {"action": "approve", "decision_ref": "BUN § 1"}),
                 ("contact", {"action": "submit"}), ("coordinator", {"action": "accept"})],
    "returned": [("contact", {"action": "send_to_committee"}),
                 ("committee", {"action": "return", "comment": "Komplettera."})],
    "exempted": [("coordinator", {"action": "exempt", "reason": "Vilande nämnd."})],
}


def headers_for(world: World, who: str, unit_index: int) -> dict[str, str]:
    if who in ("contact", "committee"):
        return world.as_(f"{who}{unit_index}")
    if who == "other_contact":
        return world.as_(f"contact{1 - unit_index}")
    if who == "other_committee":
        return world.as_(f"committee{1 - unit_index}")
    return world.as_(who)


def save_content(client: TestClient, world: World, report: dict, unit_index: int,
                 content: dict | None = None) -> dict:
    answer = client.put(f"/api/v1/reports/{report['id']}/content", json=content or
                        COMPLETE_CONTENT, headers={**headers_for(world, "contact", unit_index),
                                                   "If-Match": f'"{report["version"]}"'})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def drive(client: TestClient, world: World, report: dict, unit_index: int, state: str) -> dict:
    current = save_content(client, world, report, unit_index)
    for who, body in PATHS[state]:
        answer = client.post(f"/api/v1/reports/{report['id']}/transitions", json=body,
                             headers=headers_for(world, who, unit_index))
        assert answer.status_code == 200, answer.text
        current = answer.json()
    assert current["state"] == state
    return current
