"""Object-level access on every report and cycle route: 404 for what one may not see."""

from tests.factories import (
    COMPLETE_CONTENT,
    deadlines,
    make_world,
    open_cycle,
    reports_by_unit,
)

REPORT_ROUTES = [
    ("GET", "", None), ("GET", "/content", None), ("PUT", "/content", COMPLETE_CONTENT),
    ("POST", "/transitions", {"action": "send_to_committee"}), ("GET", "/actions", None),
    ("GET", "/history", None),
    ("POST", "/extensions", {"due_on": "2030-01-01", "reason": "Skäl"}),
    ("PUT", "/registration", {"registration_number": "KS 2027/0195"}),
]
CYCLE_ROUTES = [
    ("GET", "", None), ("GET", "/reports", None), ("GET", "/overview", None),
    ("GET", "/actions", None), ("GET", "/history", None),
    ("POST", "/transitions", {"action": "compile"}),
    ("PUT", "/deadlines", deadlines()),
]


def _call(client, method, url, body, headers):
    return client.request(method, url, json=body, headers={**headers, "If-Match": '"1"'})


def test_other_units_and_other_organisations_get_404_on_every_report_route(client, session):
    world = make_world(session, client)
    stranger = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    for who in (world.as_("contact1"), world.as_("committee1"), world.as_("admin"),
                stranger.as_("coordinator"), stranger.as_("viewer")):
        for method, suffix, body in REPORT_ROUTES:
            answer = _call(client, method, f"/api/v1/reports/{report['id']}{suffix}", body, who)
            assert answer.status_code == 404, (method, suffix, answer.text)
    for method, suffix, body in CYCLE_ROUTES:
        answer = _call(client, method, f"/api/v1/cycles/{cycle['id']}{suffix}", body,
                       stranger.as_("coordinator"))
        assert answer.status_code == 404, (method, suffix, answer.text)


def test_roles_that_see_but_may_not_act_get_403(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    url = f"/api/v1/reports/{report['id']}"
    for who in ("viewer", "council", "committee0", "coordinator"):
        assert _call(client, "PUT", f"{url}/content", COMPLETE_CONTENT,
                     world.as_(who)).status_code == 403, who
    for who in ("viewer", "contact0", "council"):
        assert _call(client, "POST", f"{url}/extensions",
                     {"due_on": "2030-01-01", "reason": "x"}, world.as_(who)).status_code == 403
        assert _call(client, "PUT", f"{url}/registration", {"registration_number": "KS 2027/1"},
                     world.as_(who)).status_code == 403
    assert _call(client, "POST", f"/api/v1/cycles/{cycle['id']}/transitions",
                 {"action": "compile"}, world.as_("viewer")).status_code == 403


def test_contact_persons_list_only_their_own_units_reports(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    own = client.get(f"/api/v1/cycles/{cycle['id']}/reports", headers=world.as_("contact0"))
    assert [r["unit_id"] for r in own.json()["items"]] == [str(world.units[0].id)]
    everything = client.get(f"/api/v1/cycles/{cycle['id']}/reports", headers=world.as_("viewer"))
    assert len(everything.json()["items"]) == 2


def test_cycle_creation_checks_the_deadline_order_and_duplicates(client, session):
    world = make_world(session, client)
    dates = deadlines()
    dates["submit_due"], dates["committee_due"] = dates["committee_due"], dates["submit_due"]
    wrong = client.post("/api/v1/cycles", json={"label": "2026", **dates},
                        headers=world.as_("coordinator"))
    assert wrong.status_code == 422
    good = client.post("/api/v1/cycles", json={"label": "2026", **deadlines()},
                       headers=world.as_("coordinator"))
    assert good.status_code == 201 and good.json()["state"] == "planned"
    assert good.headers["ETag"] == '"1"'
    again = client.post("/api/v1/cycles", json={"label": "2026", **deadlines()},
                        headers=world.as_("coordinator"))
    assert again.status_code == 409
    not_coordinator = client.post("/api/v1/cycles", json={"label": "2027", **deadlines()},
                                  headers=world.as_("viewer"))
    assert not_coordinator.status_code == 403
    blank = client.post("/api/v1/cycles", json={"label": "   ", **deadlines()},
                        headers=world.as_("coordinator"))
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "label"


def test_opening_creates_one_draft_per_active_unit_due_at_draft_due(client, session):
    world = make_world(session, client)
    world.units[1].active = False
    session.flush()
    cycle = open_cycle(client, world)
    reports = reports_by_unit(client, world, cycle["id"])
    assert list(reports) == [str(world.units[0].id)]
    only = reports[str(world.units[0].id)]
    assert only["state"] == "draft" and only["due_on"] == cycle["draft_due"]
    assert only["owner_role"] == "contact_person"
    again = client.post(f"/api/v1/cycles/{cycle['id']}/transitions", json={"action": "open"},
                        headers=world.as_("coordinator"))
    assert again.status_code == 409


def test_extension_moves_the_due_date_and_is_in_the_history(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    url = f"/api/v1/reports/{report['id']}"
    earlier = client.post(f"{url}/extensions", json={"due_on": "2020-01-01", "reason": "x"},
                          headers=world.as_("coordinator"))
    assert earlier.status_code == 422
    extended = client.post(f"{url}/extensions",
                           json={"due_on": cycle["committee_due"], "reason": "Sjukdom"},
                           headers=world.as_("coordinator"))
    assert extended.status_code == 200, extended.text
    assert extended.json()["due_on"] == cycle["committee_due"]
    assert extended.json()["extension_reason"] == "Sjukdom"
    history = client.get(f"{url}/history", headers=world.as_("contact0")).json()["items"]
    assert [(h["action"], h["comment"], h["due_on"]) for h in history] == [
        ("extend", "Sjukdom", cycle["committee_due"])]


def test_registration_number_is_validated_and_recorded(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    url = f"/api/v1/reports/{report['id']}/registration"
    headers = {**world.as_("coordinator"), "If-Match": f'"{report["version"]}"'}
    bad = client.put(url, json={"registration_number": "hello"}, headers=headers)
    assert bad.status_code == 422
    for number in ("KS 2027/0195", "KS2027/0196", "BUN 2027/12"):
        answer = client.put(url, json={"registration_number": number}, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json()["registration_number"] == number
        headers["If-Match"] = answer.headers["ETag"]
