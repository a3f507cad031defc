"""GET /events: ordered, resumable, paginated, per organisation, for the right readers."""

from backend.models.enums import Role
from tests.auth.factories import create_service_account, service_as, service_headers
from tests.factories import COMPLETE_CONTENT, make_world, open_cycle, reports_by_unit

EVENTS = "/api/v1/events"


def _walk_a_report_to_accepted(client, world, cycle_id, unit_index=0):
    report = reports_by_unit(client, world, cycle_id)[str(world.units[unit_index].id)]
    contact, committee = f"contact{unit_index}", f"committee{unit_index}"
    saved = client.put(f"/api/v1/reports/{report['id']}/content", json=COMPLETE_CONTENT,
                       headers={**world.as_(contact), "If-Match": f'"{report["version"]}"'})
    assert saved.status_code == 200, saved.text
    for who, body in [(contact, {"action": "send_to_committee"}),
                      (committee, {"action": "approve", "decision_ref": "BUN 2027-02-12 § 14"}),
                      (contact, {"action": "submit"}),
                      (Role.COORDINATOR, {"action": "accept"})]:
        answer = client.post(f"/api/v1/reports/{report['id']}/transitions", json=body,
                             headers=world.as_(who))
        assert answer.status_code == 200, answer.text
    return report["id"]


def _read_all(client, headers, after="0", limit=2):
    items, pages = [], 0
    while True:
        page = client.get(EVENTS, params={"after": after, "limit": limit}, headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        pages += 1
        if not body["items"]:
            assert body["next_cursor"] == after
            return items, pages
        assert body["next_cursor"] == str(body["items"][-1]["position"])
        items += body["items"]
        after = body["next_cursor"]


def test_the_feed_lists_every_transition_in_order(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report_id = _walk_a_report_to_accepted(client, world, cycle["id"])
    page = client.get(EVENTS, headers=world.as_(Role.COORDINATOR)).json()
    assert [e["type"] for e in page["items"]] == [
        "cycle.opened", "report.sent_to_committee", "report.approved", "report.submitted",
        "report.accepted"]
    positions = [e["position"] for e in page["items"]]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    submitted = page["items"][3]
    assert (submitted["subject_type"], submitted["subject_id"]) == ("report", report_id)
    assert submitted["data"]["to_state"] == "submitted"
    assert submitted["data"]["links"]["report"] == f"/api/v1/reports/{report_id}"
    assert page["next_cursor"] == str(positions[-1])
    assert set(page["items"][0]) == {"id", "position", "organisation_id", "type",
                                     "occurred_at", "subject_type", "subject_id", "data"}


def test_the_feed_pages_and_resumes_exactly_after_its_cursor(client, session):
    world = make_world(session, client)
    reader = service_as(client, world, "events:read")
    cycle = open_cycle(client, world)
    _walk_a_report_to_accepted(client, world, cycle["id"])
    everything, pages = _read_all(client, reader, limit=2)
    assert len(everything) == 5 and pages == 4
    whole = client.get(EVENTS, params={"limit": 500}, headers=reader).json()["items"]
    assert [e["id"] for e in everything] == [e["id"] for e in whole]

    cursor = str(everything[2]["position"])
    resumed = client.get(EVENTS, params={"after": cursor}, headers=reader).json()
    assert [e["id"] for e in resumed["items"]] == [e["id"] for e in everything[3:]]

    last = str(everything[-1]["position"])
    quiet = client.get(EVENTS, params={"after": last}, headers=reader).json()
    assert quiet == {"items": [], "next_cursor": last}
    _walk_a_report_to_accepted(client, world, cycle["id"], unit_index=1)
    newer, _ = _read_all(client, reader, after=last, limit=3)
    assert [e["type"] for e in newer] == ["report.sent_to_committee", "report.approved",
                                          "report.submitted", "report.accepted"]
    assert all(e["position"] > int(last) for e in newer)


def test_another_organisations_events_are_invisible(client, session):
    world, other = make_world(session, client), make_world(session, client)
    open_cycle(client, world)
    theirs = open_cycle(client, other, label="Deras 2026")
    for headers in (world.as_(Role.COORDINATOR), world.as_(Role.VIEWER),
                    service_as(client, world, "events:read")):
        items = client.get(EVENTS, headers=headers).json()["items"]
        assert [e["type"] for e in items] == ["cycle.opened"]
        assert {e["organisation_id"] for e in items} == {str(world.organisation.id)}
        assert theirs["id"] not in {e["subject_id"] for e in items}
    filtered = client.get(EVENTS, params={"organisation_id": str(other.organisation.id)},
                          headers=world.as_(Role.COORDINATOR))
    assert filtered.status_code == 404


def test_only_event_readers_may_read_the_feed(client, session):
    world = make_world(session, client)
    for who in (Role.ADMIN, Role.COUNCIL, "contact0", "committee1"):
        assert client.get(EVENTS, headers=world.as_(who)).status_code == 403, who
    no_scope = service_headers(client, create_service_account(client, world, "reports:read"))
    assert client.get(EVENTS, headers=no_scope).status_code == 403
    assert client.get(EVENTS).status_code == 401


def test_after_must_be_a_non_negative_integer(client, session):
    world = make_world(session, client)
    for after in ("abc", "-1", "1.5", "99999999999999999999"):
        answer = client.get(EVENTS, params={"after": after}, headers=world.as_(Role.VIEWER))
        assert answer.status_code == 422, after
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["errors"][0]["field"] == "after"
    assert client.get(EVENTS, params={"limit": 0}, headers=world.as_(Role.VIEWER)
                      ).status_code == 422


def test_cursor_is_another_name_for_after(client, session):
    world = make_world(session, client)
    reader = service_as(client, world, "events:read")
    cycle = open_cycle(client, world)
    _walk_a_report_to_accepted(client, world, cycle["id"])
    everything = client.get(EVENTS, headers=reader).json()["items"]
    cursor = str(everything[1]["position"])
    by_after = client.get(EVENTS, params={"after": cursor}, headers=reader).json()
    by_cursor = client.get(EVENTS, params={"cursor": cursor}, headers=reader).json()
    assert by_cursor == by_after and len(by_cursor["items"]) == len(everything) - 2
    both = client.get(EVENTS, params={"after": cursor, "cursor": cursor}, headers=reader)
    assert both.json() == by_after
    differing = client.get(EVENTS, params={"after": "1", "cursor": cursor}, headers=reader)
    assert differing.status_code == 422
    assert differing.json()["errors"][0]["field"] == "cursor"
    for bad in ("abc", "-1", "99999999999999999999"):
        answer = client.get(EVENTS, params={"cursor": bad}, headers=reader)
        assert answer.status_code == 422, bad
        assert answer.json()["errors"][0]["field"] == "cursor"
