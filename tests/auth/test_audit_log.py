"""The audit log: every admin write, and every call a service account makes."""

from backend.auth import service as auth_service
from backend.auth.service_accounts import record_service_call
from backend.models.enums import Role
from tests.auth.factories import create_service_account, service_headers, with_version
from tests.factories import make_world

AUDIT = "/api/v1/audit"


def test_writes_are_audited_newest_first(client, session):
    world = make_world(session, client)
    admin = world.as_(Role.ADMIN)
    unit = client.post("/api/v1/units", json={"name": "Revisionen", "kind": "committee"},
                       headers=admin).json()
    client.patch(f"/api/v1/units/{unit['id']}", json={"short_name": "REV"},
                 headers=with_version(admin, 1))
    user = client.post("/api/v1/users", json={"email": "ny@habo.se", "name": "Ny"},
                       headers=admin).json()
    client.post(f"/api/v1/users/{user['id']}/roles", json={"role": "viewer"}, headers=admin)
    create_service_account(client, world, "events:read")
    log = client.get(AUDIT, headers=admin).json()["items"]
    assert [e["action"] for e in log] == [
        "service_account.created", "role.granted", "user.created", "unit.updated",
        "unit.created"]
    assert log[3]["detail"] == {"short_name": {"from": "", "to": "REV"}}
    assert all(e["actor_user_id"] == str(world.users[Role.ADMIN].id) for e in log)
    assert "client_secret" not in str(log[0]["detail"])

    first = client.get(AUDIT, params={"limit": 2}, headers=admin).json()
    rest = client.get(AUDIT, params={"limit": 10, "cursor": first["next_cursor"]},
                      headers=admin).json()
    assert [e["id"] for e in first["items"] + rest["items"]] == [e["id"] for e in log]
    only_unit = client.get(AUDIT, params={"object_id": unit["id"]}, headers=admin).json()
    assert [e["action"] for e in only_unit["items"]] == ["unit.updated", "unit.created"]


def test_only_admins_read_their_own_audit_log(client, session):
    world, other = make_world(session, client), make_world(session, client)
    client.post("/api/v1/units", json={"name": "Hemlig", "kind": "committee"},
                headers=other.as_(Role.ADMIN))
    assert client.get(AUDIT, headers=world.as_(Role.ADMIN)).json()["items"] == []
    assert client.get(AUDIT, headers=world.as_(Role.COORDINATOR)).status_code == 403
    assert client.get(AUDIT, params={"organisation_id": str(other.organisation.id)},
                      headers=world.as_(Role.ADMIN)).status_code == 404


def test_a_service_accounts_calls_can_be_audited(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    bearer = service_headers(client, account)["Authorization"].removeprefix("Bearer ")
    principal = auth_service.resolve(session=session, token=bearer)
    record_service_call(session, principal, "GET", "/api/v1/events")
    user = auth_service.resolve(session=session, token=world.as_(Role.VIEWER)[
        "Authorization"].removeprefix("Bearer "))
    record_service_call(session, user, "GET", "/api/v1/units")
    calls = client.get(AUDIT, params={"action": "service_account.call"},
                       headers=world.as_(Role.ADMIN)).json()["items"]
    assert [(c["actor_service_account_id"], c["detail"]) for c in calls] == [
        (account["id"], {"method": "GET", "path": "/api/v1/events"})]
