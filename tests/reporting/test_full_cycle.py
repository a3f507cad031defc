"""A whole cycle over the API, as a script or a document system would drive it."""

from tests.factories import COMPLETE_CONTENT, make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import drive


def _post(client, url, body, headers):
    answer = client.post(url, json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_from_creation_to_adoption(client, session):
    world = make_world(session, client)
    coordinator, council = world.as_("coordinator"), world.as_("council")
    cycle = open_cycle(client, world)
    assert cycle["state"] == "open" and cycle["report_counts"] == {"draft": 2}
    reports = reports_by_unit(client, world, cycle["id"])
    first = reports[str(world.units[0].id)]
    second = reports[str(world.units[1].id)]

    # Unit 0: the coordinator returns it once, then accepts it.
    submitted = drive(client, world, first, 0, "submitted")
    returned = _post(client, f"/api/v1/reports/{first['id']}/transitions",
                     {"action": "return", "comment": "Ange finansieringen."}, coordinator)
    assert returned["state"] == "returned" and returned["owner_role"] == "contact_person"
    assert returned["due_on"] == cycle["draft_due"]
    fixed = client.put(f"/api/v1/reports/{first['id']}/content",
                       json={**COMPLETE_CONTENT, "summary": "Kompletterad."},
                       headers={**world.as_("contact0"), "If-Match": f'"{returned["version"]}"'})
    assert fixed.status_code == 200
    for who, body in [("contact0", {"action": "send_to_committee"}),
                      ("committee0", {"action": "approve", "decision_ref": "BUN § 2"}),
                      ("contact0", {"action": "submit"}), ("coordinator", {"action": "accept"})]:
        last = _post(client, f"/api/v1/reports/{first['id']}/transitions", body,
                     world.as_(who))
    assert last["state"] == "accepted" and last["version"] > submitted["version"]

    # Compiling waits for unit 1, which reports no international work.
    early = client.post(f"/api/v1/cycles/{cycle['id']}/transitions", json={"action": "compile"},
                        headers=coordinator)
    assert early.status_code == 422
    assert world.units[1].name in early.json()["errors"][0]["message"]
    client.put(f"/api/v1/reports/{second['id']}/content",
               json={"summary": "Ingen internationell verksamhet.", "no_international_work": True},
               headers={**world.as_("contact1"), "If-Match": '"1"'})
    for who, body in [("contact1", {"action": "send_to_committee"}),
                      ("committee1", {"action": "approve", "decision_ref": "KFN § 9"}),
                      ("contact1", {"action": "submit"}), ("coordinator", {"action": "accept"})]:
        _post(client, f"/api/v1/reports/{second['id']}/transitions", body, world.as_(who))

    preview = client.get(f"/api/v1/cycles/{cycle['id']}/compilation", headers=coordinator)
    assert preview.status_code == 200 and preview.json()["version"] is None
    compiled = _post(client, f"/api/v1/cycles/{cycle['id']}/transitions",
                     {"action": "compile"}, coordinator)
    assert compiled["state"] == "compiled" and compiled["owner_role"] == "council"
    v1 = client.get(f"/api/v1/cycles/{cycle['id']}/compilation", headers=council).json()
    assert v1["version"] == 1 and len(v1["content_hash"]) == 64
    assert v1["data"]["figures"]["totals"]["activities"] == 2

    # The council sends it back, a report is reopened and re-accepted, version 2 follows.
    _post(client, f"/api/v1/cycles/{cycle['id']}/transitions",
          {"action": "return", "comment": "Lägg till nätverket."}, council)
    _post(client, f"/api/v1/reports/{first['id']}/transitions",
          {"action": "reopen", "comment": "Enligt fullmäktige."}, coordinator)
    reopened = client.get(f"/api/v1/reports/{first['id']}", headers=coordinator).json()
    client.put(f"/api/v1/reports/{first['id']}/content",
               json={**COMPLETE_CONTENT, "activities": COMPLETE_CONTENT["activities"] + [
                   {"title": "Vänort Kangasala", "kind": "twin_town", "countries": ["FI"]}]},
               headers={**world.as_("contact0"), "If-Match": f'"{reopened["version"]}"'})
    for who, body in [("contact0", {"action": "send_to_committee"}),
                      ("committee0", {"action": "approve", "decision_ref": "BUN § 3"}),
                      ("contact0", {"action": "submit"}), ("coordinator", {"action": "accept"})]:
        _post(client, f"/api/v1/reports/{first['id']}/transitions", body, world.as_(who))
    _post(client, f"/api/v1/cycles/{cycle['id']}/transitions", {"action": "compile"},
          coordinator)
    adopted = _post(client, f"/api/v1/cycles/{cycle['id']}/transitions",
                    {"action": "adopt", "decision_ref": "KF 2027-04-28 § 46",
                     "decided_on": "2027-04-28"}, council)
    assert adopted["state"] == "adopted" and adopted["decision_ref"] == "KF 2027-04-28 § 46"

    versions = client.get(f"/api/v1/cycles/{cycle['id']}/compilations",
                          headers=council).json()["items"]
    assert [(v["version"], v["adopted"]) for v in versions] == [(1, False), (2, True)]
    assert versions[0]["content_hash"] != versions[1]["content_hash"]
    final = client.get(f"/api/v1/cycles/{cycle['id']}/compilation", headers=council).json()
    assert final["version"] == 2 and final["adopted"]
    assert final["data"]["figures"]["totals"]["activities"] == 3

    # After adoption nothing changes.
    for body in ({"action": "return", "comment": "x"}, {"action": "compile"}):
        assert client.post(f"/api/v1/cycles/{cycle['id']}/transitions", json=body,
                           headers=council if body["action"] == "return" else coordinator
                           ).status_code == 409
    frozen = client.post(f"/api/v1/reports/{first['id']}/transitions",
                         json={"action": "reopen", "comment": "x"}, headers=coordinator)
    assert frozen.status_code == 409
    pdf = client.get(f"/api/v1/cycles/{cycle['id']}/compilation.pdf", headers=council)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = client.get(f"/api/v1/cycles/{cycle['id']}/compilation.csv", headers=council)
    assert csv.status_code == 200 and "Vänort Kangasala" in csv.content.decode("utf-8-sig")
    history = client.get(f"/api/v1/cycles/{cycle['id']}/history", headers=council).json()
    assert [h["action"] for h in history["items"]] == [
        "open", "compile", "return", "compile", "adopt"]
