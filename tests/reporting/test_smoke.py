from backend.models.enums import Role
from tests.factories import COMPLETE_CONTENT, make_world, open_cycle, reports_by_unit


def test_a_report_goes_from_draft_to_accepted(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    rid = report["id"]
    saved = client.put(f"/api/v1/reports/{rid}/content", json=COMPLETE_CONTENT,
                       headers={**world.as_("contact0"), "If-Match": f'"{report["version"]}"'})
    assert saved.status_code == 200, saved.text
    for who, body in [("contact0", {"action": "send_to_committee"}),
                      ("committee0", {"action": "approve", "decision_ref": "BUN 2027-02-12 § 14"}),
                      ("contact0", {"action": "submit"}),
                      (Role.COORDINATOR, {"action": "accept"})]:
        answer = client.post(f"/api/v1/reports/{rid}/transitions", json=body,
                             headers=world.as_(who))
        assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "accepted"
    history = client.get(f"/api/v1/reports/{rid}/history", headers=world.as_("viewer"))
    assert [h["action"] for h in history.json()["items"]] == [
        "send_to_committee", "approve", "submit", "accept"]
