"""/service-accounts: secrets shown once, scopes, rotation, revocation and access."""

import uuid
from datetime import UTC, datetime, timedelta

from backend.models import ServiceAccount
from backend.models.enums import Role
from tests.auth.factories import (
    client_credentials,
    create_service_account,
    service_headers,
    with_version,
)
from tests.factories import make_world

ACCOUNTS = "/api/v1/service-accounts"


def test_admin_creates_an_account_whose_secret_is_shown_once(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read", "reports:read",
                                     "events:read")
    assert account["scopes"] == ["events:read", "reports:read"]
    assert account["client_id"].startswith("samordna-") and len(account["client_secret"]) > 30
    stored = session.get(ServiceAccount, uuid.UUID(account["id"]))
    assert stored is not None
    assert stored.secret_hash.startswith("$argon2id$")
    assert account["client_secret"] not in stored.secret_hash
    read = client.get(f"{ACCOUNTS}/{account['id']}", headers=world.as_(Role.ADMIN))
    assert read.status_code == 200 and "client_secret" not in read.json()
    listed = client.get(ACCOUNTS, headers=world.as_(Role.ADMIN)).json()["items"]
    assert [a["id"] for a in listed] == [account["id"]]
    assert "client_secret" not in listed[0]
    me = client.get("/api/v1/me", headers=service_headers(client, account)).json()
    assert (me["kind"], me["scopes"]) == ("service", ["events:read", "reports:read"])


def test_bad_scopes_and_names_are_refused(client, session):
    world = make_world(session, client)
    admin = world.as_(Role.ADMIN)
    for body in ({"name": "Diarium", "scopes": ["reports:write"]},
                 {"name": "Diarium", "scopes": []},
                 {"name": "", "scopes": ["events:read"]}):
        answer = client.post(ACCOUNTS, json=body, headers=admin)
        assert answer.status_code == 422, body
    unknown = client.post(ACCOUNTS, json={"name": "D", "scopes": ["admin"]}, headers=admin)
    assert unknown.json()["errors"][0]["field"].startswith("scopes")


def test_only_admins_manage_service_accounts(client, session):
    world, other = make_world(session, client), make_world(session, client)
    account = create_service_account(client, world, "events:read")
    for who in (Role.COORDINATOR, Role.VIEWER):
        assert client.get(ACCOUNTS, headers=world.as_(who)).status_code == 403
        assert client.post(ACCOUNTS, json={"name": "X", "scopes": ["events:read"]},
                           headers=world.as_(who)).status_code == 403
        assert client.post(f"{ACCOUNTS}/{account['id']}/rotate",
                           headers=world.as_(who)).status_code == 403
    itself = service_headers(client, account)
    assert client.get(ACCOUNTS, headers=itself).status_code == 403
    assert client.delete(f"{ACCOUNTS}/{account['id']}", headers=itself).status_code == 403
    stranger = other.as_(Role.ADMIN)
    assert client.get(f"{ACCOUNTS}/{account['id']}", headers=stranger).status_code == 404
    assert client.post(f"{ACCOUNTS}/{account['id']}/rotate", headers=stranger
                       ).status_code == 404
    assert client.delete(f"{ACCOUNTS}/{account['id']}", headers=stranger).status_code == 404
    assert client.get(ACCOUNTS, headers=stranger).json()["items"] == []


def test_rotation_without_grace_stops_the_old_secret_and_the_old_token(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    old_token = service_headers(client, account)
    assert client.get("/api/v1/events", headers=old_token).status_code == 200
    rotated = client.post(f"{ACCOUNTS}/{account['id']}/rotate", headers=world.as_(Role.ADMIN),
                          json={"grace_hours": 0})
    assert rotated.status_code == 200, rotated.text
    fresh = rotated.json()
    assert fresh["client_id"] == account["client_id"]
    assert fresh["client_secret"] != account["client_secret"] and fresh["rotated_at"]
    assert fresh["previous_secret_expires_at"] is None
    assert client.get("/api/v1/events", headers=old_token).status_code == 401
    assert client_credentials(client, account["client_id"], account["client_secret"]
                              ).status_code == 401
    assert client.get("/api/v1/events", headers=service_headers(client, fresh)).status_code == 200
    stale = client.post(f"{ACCOUNTS}/{account['id']}/rotate",
                        headers=with_version(world.as_(Role.ADMIN), account["version"]))
    assert stale.status_code == 409


def test_revoking_stops_the_account_at_once(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    headers = service_headers(client, account)
    revoked = client.delete(f"{ACCOUNTS}/{account['id']}", headers=world.as_(Role.ADMIN))
    assert revoked.status_code == 204
    assert client.get("/api/v1/events", headers=headers).status_code == 401
    assert client_credentials(client, account["client_id"], account["client_secret"]
                              ).status_code == 401
    assert client.post(f"{ACCOUNTS}/{account['id']}/rotate", headers=world.as_(Role.ADMIN)
                       ).status_code == 409
    listed = client.get(ACCOUNTS, headers=world.as_(Role.ADMIN)).json()["items"]
    assert [(a["id"], a["active"]) for a in listed] == [(account["id"], False)]


def test_changing_scopes_applies_to_the_next_request(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    headers, admin = service_headers(client, account), world.as_(Role.ADMIN)
    url = f"{ACCOUNTS}/{account['id']}"
    assert client.patch(url, json={"scopes": ["reports:read"]}, headers=admin).status_code == 428
    changed = client.patch(url, json={"scopes": ["reports:read"]}, headers=with_version(admin, 1))
    assert changed.status_code == 200 and changed.json()["scopes"] == ["reports:read"]
    assert client.get("/api/v1/events", headers=headers).status_code == 403
    assert client.get("/api/v1/units", headers=headers).status_code == 200
    assert client.patch(url, json={"name": "Ciceron"}, headers=with_version(admin, 1)
                        ).status_code == 409


def test_scopes_are_enforced_per_endpoint(client, session):
    world = make_world(session, client)
    scoped = {scope: service_headers(client, create_service_account(
        client, world, scope, name=scope)) for scope in (
        "events:read", "reports:read", "registration:write", "webhooks:manage")}
    expectations = [
        ("/api/v1/events", {"events:read"}),
        ("/api/v1/units", {"events:read", "reports:read"}),
        ("/api/v1/strategic-areas", {"events:read", "reports:read"}),
        ("/api/v1/users", set()),
        ("/api/v1/service-accounts", set()),
        ("/api/v1/audit", set()),
    ]
    for path, allowed in expectations:
        for scope, headers in scoped.items():
            status = client.get(path, headers=headers).status_code
            assert status == (200 if scope in allowed else 403), (path, scope, status)


def test_rotation_keeps_the_old_secret_for_the_grace_period_the_admin_chose(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    old_token = service_headers(client, account)
    default = client.post(f"{ACCOUNTS}/{account['id']}/rotate", headers=world.as_(Role.ADMIN))
    assert default.status_code == 200, default.text
    first = default.json()
    grace = datetime.fromisoformat(first["previous_secret_expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=23, minutes=59) < grace <= timedelta(hours=24)
    # During the overlap both secrets get tokens, and tokens already issued keep working.
    assert client.get("/api/v1/events", headers=old_token).status_code == 200
    for secret in (account["client_secret"], first["client_secret"]):
        assert client_credentials(client, account["client_id"], secret).status_code == 200
    # The admin's grace period ends: only the newest secret works.
    stored = session.get(ServiceAccount, uuid.UUID(account["id"]))
    assert stored is not None
    stored.previous_secret_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    session.flush()
    assert client_credentials(client, account["client_id"], account["client_secret"]
                              ).status_code == 401
    # A second rotation with a grace of two hours replaces the first one's old secret.
    second = client.post(f"{ACCOUNTS}/{account['id']}/rotate", headers=world.as_(Role.ADMIN),
                         json={"grace_hours": 2}).json()
    grace = datetime.fromisoformat(second["previous_secret_expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < grace <= timedelta(hours=2)
    assert client_credentials(client, account["client_id"], first["client_secret"]
                              ).status_code == 200
    assert client_credentials(client, account["client_id"], account["client_secret"]
                              ).status_code == 401


def test_rotation_refuses_a_grace_period_out_of_range(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    for grace in (-1, 721, "ett dygn", 1.5):
        answer = client.post(f"{ACCOUNTS}/{account['id']}/rotate",
                             headers=world.as_(Role.ADMIN), json={"grace_hours": grace})
        assert answer.status_code == 422, grace
    assert client_credentials(client, account["client_id"], account["client_secret"]
                              ).status_code == 200
