"""No input produces a 500: malformed JSON, bad UUIDs, unknown actions, oversized bodies."""

from tests.factories import COMPLETE_CONTENT, make_world, open_cycle, reports_by_unit


def _report(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    return world, cycle, reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]


def _put(client, world, report, body, version=None, **kwargs):
    headers = {**world.as_("contact0"), "If-Match": f'"{version or report["version"]}"'}
    return client.put(f"/api/v1/reports/{report['id']}/content", json=body, headers=headers,
                      **kwargs)


def test_content_validation_names_the_fields(client, session):
    world, _, report = _report(client, session)
    bad = {**COMPLETE_CONTENT, "activities": [
        {"title": "x", "kind": "party", "countries": ["XX"], "external_funding_sek": -1,
         "starts_on": "2027-02-01", "ends_on": "2027-01-01", "benefits": ["fame"]}]}
    answer = _put(client, world, report, bad)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"activities.0.kind", "activities.0.countries.0",
            "activities.0.external_funding_sek", "activities.0.benefits.0"} <= fields
    assert any(f.startswith("activities.0") for f in fields)
    unknown_field = _put(client, world, report, {**COMPLETE_CONTENT, "colour": "blue"})
    assert unknown_field.status_code == 422


def test_limits_on_texts_activities_and_request_size(client, session):
    world, _, report = _report(client, session)
    too_long = _put(client, world, report, {**COMPLETE_CONTENT, "summary": "å" * 20_001})
    assert too_long.status_code == 422
    too_many = _put(client, world, report, {
        **COMPLETE_CONTENT, "activities": [{"title": f"A{i}", "kind": "network"}
                                           for i in range(201)]})
    assert too_many.status_code == 422
    huge = client.put(f"/api/v1/reports/{report['id']}/content",
                      content=b'{"summary": "' + b"a" * 1_100_000 + b'"}',
                      headers={**world.as_("contact0"), "If-Match": '"1"',
                               "Content-Type": "application/json"})
    assert huge.status_code == 413
    assert huge.headers["content-type"] == "application/problem+json"


def test_malformed_json_bad_uuids_unknown_actions_and_if_match(client, session):
    world, cycle, report = _report(client, session)
    headers = {**world.as_("contact0"), "Content-Type": "application/json", "If-Match": '"1"'}
    broken = client.put(f"/api/v1/reports/{report['id']}/content", content=b'{"summary": ',
                        headers=headers)
    assert broken.status_code == 422
    assert client.get("/api/v1/reports/not-a-uuid",
                      headers=world.as_("viewer")).status_code == 422
    assert client.get("/api/v1/reports/00000000-0000-0000-0000-000000000000",
                      headers=world.as_("viewer")).status_code == 404
    unknown = client.post(f"/api/v1/reports/{report['id']}/transitions",
                          json={"action": "explode"}, headers=world.as_("contact0"))
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "action"
    garbage_version = _put(client, world, report, COMPLETE_CONTENT, version="abc")
    assert garbage_version.status_code == 422
    missing = client.put(f"/api/v1/reports/{report['id']}/content", json=COMPLETE_CONTENT,
                         headers=world.as_("contact0"))
    assert missing.status_code == 428
    bad_cursor = client.get(f"/api/v1/cycles/{cycle['id']}/reports?cursor=%%%",
                            headers=world.as_("viewer"))
    assert bad_cursor.status_code == 422
    bad_state = client.get(f"/api/v1/cycles/{cycle['id']}/reports?state=lost",
                           headers=world.as_("viewer"))
    assert bad_state.status_code == 422


def test_a_stale_save_answers_409_and_keeps_the_saved_content(client, session):
    world, _, report = _report(client, session)
    first = _put(client, world, report, COMPLETE_CONTENT)
    assert first.status_code == 200
    stale = _put(client, world, report, {**COMPLETE_CONTENT, "summary": "Skriver över"})
    assert stale.status_code == 409
    current = client.get(f"/api/v1/reports/{report['id']}", headers=world.as_("contact0"))
    assert current.json()["content"]["summary"] == COMPLETE_CONTENT["summary"]
    assert current.headers["ETag"] == f'"{first.json()["version"]}"'


def test_send_to_committee_lists_what_is_missing(client, session):
    world, _, report = _report(client, session)
    _put(client, world, report, {"summary": "", "activities": [{"title": ""}]})
    answer = client.post(f"/api/v1/reports/{report['id']}/transitions",
                         json={"action": "send_to_committee"}, headers=world.as_("contact0"))
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {
        "summary", "activities.0.title", "activities.0.kind"}


def test_no_international_work_needs_only_a_summary(client, session):
    world, _, report = _report(client, session)
    _put(client, world, report, {"summary": "Ingen internationell verksamhet i år.",
                                 "no_international_work": True})
    answer = client.post(f"/api/v1/reports/{report['id']}/transitions",
                         json={"action": "send_to_committee"}, headers=world.as_("contact0"))
    assert answer.status_code == 200, answer.text
