"""Managing a webhook after registration: re-enable, change, rotate the secret, redeliver."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select
from standardwebhooks.webhooks import Webhook as StandardWebhook

from backend.models import AuditEvent, Webhook
from backend.models.enums import Role
from tests.auth.factories import service_as
from tests.factories import make_world, open_cycle
from tests.integrations.test_webhooks import (
    HOOKS,
    _allow,
    _deliver,
    _log,
    _register,
    _send_to_committee,
)


def _patch(client, world, hook: dict, body: dict, headers=None):
    return client.patch(f"{HOOKS}/{hook['id']}", json=body, headers={
        **(headers or world.as_(Role.ADMIN)), "If-Match": f'"{hook["version"]}"'})


def test_a_webhook_disabled_by_410_is_re_enabled_and_old_events_redelivered(
        client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["*"])
    cycle = open_cycle(client, world)
    receiver.answers = [410]
    assert _deliver(session).disabled == 1
    disabled = client.get(f"{HOOKS}/{hook['id']}", headers=world.as_(Role.ADMIN)).json()
    (lost,) = _log(client, world, hook["id"])
    redeliver = f"{HOOKS}/{hook['id']}/deliveries/{lost['id']}/redeliver"
    assert client.post(redeliver, headers=world.as_(Role.ADMIN)).status_code == 409

    assert _patch(client, world, hook, {"active": True}).status_code == 409  # stale version
    enabled = _patch(client, world, disabled, {"active": True})
    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["active"] is True and enabled.json()["disabled_reason"] is None
    assert enabled.headers["ETag"] == f'"{disabled["version"] + 1}"'
    _send_to_committee(client, world, cycle["id"], 0)  # a new event is queued again
    again = client.post(redeliver, headers=world.as_(Role.ADMIN))
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "pending" and again.json()["last_error"] is None
    counts = _deliver(session)
    assert (counts.sent, counts.failed) == (2, 0)
    assert [b["type"] for b in receiver.bodies()[1:]] == ["cycle.opened",
                                                          "report.sent_to_committee"]
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers[
        "webhook-id"]  # the same event: a receiver that has it can skip it
    actions = set(session.exec(select(AuditEvent.action).where(
        AuditEvent.object_id == uuid.UUID(disabled["id"]))))
    assert {"webhook.updated", "webhook.redelivered"} <= actions


def test_a_sent_event_can_be_sent_once_more(client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["cycle.opened"])
    open_cycle(client, world)
    assert _deliver(session).sent == 1
    (sent,) = _log(client, world, hook["id"])
    answer = client.post(f"{HOOKS}/{hook['id']}/deliveries/{sent['id']}/redeliver",
                         headers=world.as_(Role.ADMIN))
    assert answer.status_code == 202
    assert _deliver(session).sent == 1 and len(receiver.requests) == 2
    (resent,) = _log(client, world, hook["id"])
    assert (resent["status"], resent["attempts"]) == ("sent", 2)


def test_url_and_events_are_changed_and_the_url_is_checked_again(client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["report.accepted"])
    refused = _patch(client, world, hook, {"url": "https://10.0.0.1/hook"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "url"
    assert _patch(client, world, hook, {"events": ["nonsense"]}).status_code == 422
    changed = _patch(client, world, hook, {"url": receiver.url(path="/ny"),
                                           "events": ["cycle.opened"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["url"] == receiver.url(path="/ny")
    assert changed.json()["events"] == ["cycle.opened"]
    open_cycle(client, world)
    assert _deliver(session).sent == 1
    assert [r.path for r in receiver.requests] == ["/ny"]
    paused = _patch(client, world, changed.json(), {"active": False})
    assert paused.json()["active"] is False


def test_a_rotated_secret_signs_with_both_during_the_overlap(client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["*"])
    rotated = client.post(f"{HOOKS}/{hook['id']}/rotate-secret", json={"overlap_hours": 2},
                          headers=world.as_(Role.ADMIN))
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["secret"]
    assert new.startswith("whsec_") and new != hook["secret"]
    overlap = datetime.fromisoformat(rotated.json()["previous_secret_expires_at"]) - \
        datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < overlap <= timedelta(hours=2)
    assert "secret" not in client.get(f"{HOOKS}/{hook['id']}",
                                      headers=world.as_(Role.ADMIN)).json()
    open_cycle(client, world)
    assert _deliver(session).sent == 1
    request = receiver.requests[0]
    signatures = request.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2 and all(s.startswith("v1,") for s in signatures)
    for secret in (new, hook["secret"]):  # a receiver with either secret accepts it
        StandardWebhook(secret).verify(request.body, request.headers)

    # The overlap ends: only the new secret signs.
    stored = session.get(Webhook, uuid.UUID(rotated.json()["id"]))
    stored.previous_secret_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    session.flush()
    _send_to_committee(client, world, open_cycle_id(client, world), 0)
    assert _deliver(session).sent == 1
    last = receiver.requests[-1]
    assert " " not in last.headers["webhook-signature"]
    StandardWebhook(new).verify(last.body, last.headers)
    with pytest.raises(Exception, match="signature"):
        StandardWebhook(hook["secret"]).verify(last.body, last.headers)


def open_cycle_id(client, world) -> str:
    return str(client.get("/api/v1/cycles", headers=world.as_(Role.COORDINATOR)
                          ).json()["items"][0]["id"])


def test_rotation_without_overlap_and_out_of_range(client, session):
    world = make_world(session, client)
    hook = _register(client, world, "https://93.184.216.34/hook", ["*"])
    for overlap in (-1, 721, "ett dygn"):
        assert client.post(f"{HOOKS}/{hook['id']}/rotate-secret",
                           json={"overlap_hours": overlap},
                           headers=world.as_(Role.ADMIN)).status_code == 422
    at_once = client.post(f"{HOOKS}/{hook['id']}/rotate-secret", json={"overlap_hours": 0},
                          headers=world.as_(Role.ADMIN)).json()
    assert at_once["previous_secret_expires_at"] is None
    assert session.get(Webhook, uuid.UUID(at_once["id"])).previous_secret is None


def test_management_needs_the_right_and_stays_inside_the_organisation(client, session):
    world = make_world(session, client)
    stranger = make_world(session, client)
    hook = _register(client, world, "https://93.184.216.34/hook", ["*"])
    manager = service_as(client, world, "webhooks:manage")
    for headers, status in ((world.as_(Role.COORDINATOR), 403),
                            (stranger.as_(Role.ADMIN), 404)):
        assert _patch(client, world, hook, {"active": False}, headers).status_code == status
        assert client.post(f"{HOOKS}/{hook['id']}/rotate-secret",
                           headers=headers).status_code == status
    assert _patch(client, world, hook, {"events": ["cycle.opened"]}, manager).status_code == 200
    missing = client.post(f"{HOOKS}/{hook['id']}/deliveries/{hook['id']}/redeliver",
                          headers=world.as_(Role.ADMIN))
    assert missing.status_code == 404
