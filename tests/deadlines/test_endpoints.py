"""The reminder API: policy, outbox, remind-now (rate-limited) and the calendar feed."""

from tests.factories import COMPLETE_CONTENT, make_world, open_cycle, reports_by_unit


def test_admin_reads_and_changes_the_policy_with_validation(client, session):
    world = make_world(session, client)
    url = f"/api/v1/organisations/{world.organisation.id}/reminder-policy"
    current = client.get(url, headers=world.as_("coordinator"))
    assert current.status_code == 200
    assert current.json()["days_before"] == [14, 3, 0]
    assert current.json()["repeat_days"] == 7 and current.json()["escalation_after_days"] == 1
    etag = current.headers["ETag"]
    body = {"days_before": [21, 7, 1], "repeat_days": 5, "escalation_after_days": 2}
    assert client.put(url, json=body, headers={**world.as_("coordinator"), "If-Match": etag}
                      ).status_code == 403
    bad = client.put(url, json={**body, "days_before": [3, 3, 120], "repeat_days": 0},
                     headers={**world.as_("admin"), "If-Match": etag})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"days_before.2", "repeat_days"}
    changed = client.put(url, json=body, headers={**world.as_("admin"), "If-Match": etag})
    assert changed.status_code == 200 and changed.json()["days_before"] == [21, 7, 1]
    stale = client.put(url, json=body, headers={**world.as_("admin"), "If-Match": etag})
    assert stale.status_code == 409
    stranger = make_world(session, client)
    assert client.get(url, headers=stranger.as_("admin")).status_code == 404


def test_coordinator_reminds_now_once_an_hour_and_admin_sees_the_outbox(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    url = f"/api/v1/reports/{report['id']}/reminders"
    assert client.post(url, headers=world.as_("contact0")).status_code == 403
    first = client.post(url, headers=world.as_("coordinator"))
    assert first.status_code == 202 and first.json() == {"queued": 1}
    second = client.post(url, headers=world.as_("coordinator"))
    assert second.status_code == 429 and int(second.headers["Retry-After"]) > 0
    queued = client.get("/api/v1/outbox?status=pending", headers=world.as_("admin"))
    assert queued.status_code == 200
    assert [i["recipient"] for i in queued.json()["items"]] == [world.users["contact0"].email]
    assert client.get("/api/v1/outbox", headers=world.as_("coordinator")).status_code in (403,
                                                                                         422)
    assert client.get("/api/v1/outbox?status=lost",
                      headers=world.as_("admin")).status_code == 422


def test_private_calendar_feed_lists_my_due_dates_and_can_be_revoked(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    client.put(f"/api/v1/reports/{report['id']}/content", json=COMPLETE_CONTENT,
               headers={**world.as_("contact0"), "If-Match": '"1"'})
    link = client.post("/api/v1/me/calendar", headers=world.as_("contact0"))
    assert link.status_code == 200
    path = link.json()["url"].split("://", 1)[1].split("/", 1)[1]
    feed = client.get(f"/{path}")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    text = feed.text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 1
    assert f"DTSTART;VALUE=DATE:{cycle['draft_due'].replace('-', '')}" in text
    assert client.delete("/api/v1/me/calendar", headers=world.as_("contact0")).status_code == 204
    assert client.get(f"/{path}").status_code == 404
    assert client.get("/api/v1/calendar/not-a-token.ics").status_code == 404
