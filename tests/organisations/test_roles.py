"""/users/{id}/roles: granting and revoking roles, with the unit-role rules."""

from backend.models.enums import Role
from tests.factories import make_user, make_world, token

USERS = "/api/v1/users"


def _new_user(client, world, email="ny.person@habo.se"):
    created = client.post(USERS, json={"email": email, "name": "Ny Person",
                                       "password": "ett långt lösenord"},
                          headers=world.as_(Role.ADMIN))
    assert created.status_code == 201, created.text
    return created.json()


def test_granting_a_unit_role_gives_access_to_that_unit(client, session):
    world = make_world(session, client)
    user = _new_user(client, world)
    unit = world.units[1]
    granted = client.post(f"{USERS}/{user['id']}/roles",
                          json={"role": "contact_person", "unit_id": str(unit.id)},
                          headers=world.as_(Role.ADMIN))
    assert granted.status_code == 201, granted.text
    role = granted.json()
    assert (role["role"], role["unit_id"], role["organisation_id"]) == (
        "contact_person", str(unit.id), str(world.organisation.id))
    roles = client.get(f"{USERS}/{user['id']}/roles", headers=world.as_(Role.ADMIN)).json()
    assert [r["id"] for r in roles["items"]] == [role["id"]]
    me = client.get("/api/v1/me", headers=token_for(client, "ny.person@habo.se")).json()
    assert [(m["role"], m["unit_id"]) for m in me["memberships"]] == [
        ("contact_person", str(unit.id))]


def token_for(client, email):
    answer = client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": email, "password": "ett långt lösenord"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_unit_roles_need_a_unit_and_organisation_roles_must_not_have_one(client, session):
    world = make_world(session, client)
    user, admin = _new_user(client, world), world.as_(Role.ADMIN)
    url = f"{USERS}/{user['id']}/roles"
    for body in ({"role": "committee"}, {"role": "contact_person", "unit_id": None}):
        answer = client.post(url, json=body, headers=admin)
        assert answer.status_code == 422, body
        assert answer.json()["errors"][0]["field"] == "unit_id"
    with_unit = client.post(url, json={"role": "coordinator", "unit_id": str(world.units[0].id)},
                            headers=admin)
    assert with_unit.status_code == 422 and with_unit.json()["errors"][0]["field"] == "unit_id"
    unknown = client.post(url, json={"role": "mayor"}, headers=admin)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "role"
    assert client.post(url, json={"role": "coordinator"}, headers=admin).status_code == 201


def test_a_unit_of_another_organisation_is_refused(client, session):
    world, other = make_world(session, client), make_world(session, client)
    user = _new_user(client, world)
    answer = client.post(f"{USERS}/{user['id']}/roles",
                         json={"role": "committee", "unit_id": str(other.units[0].id)},
                         headers=world.as_(Role.ADMIN))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "unit_id"


def test_the_same_role_twice_is_a_conflict(client, session):
    world = make_world(session, client)
    user, admin = _new_user(client, world), world.as_(Role.ADMIN)
    url = f"{USERS}/{user['id']}/roles"
    body = {"role": "committee", "unit_id": str(world.units[0].id)}
    assert client.post(url, json=body, headers=admin).status_code == 201
    assert client.post(url, json=body, headers=admin).status_code == 409
    assert client.post(url, json={"role": "viewer"}, headers=admin).status_code == 201
    assert client.post(url, json={"role": "viewer"}, headers=admin).status_code == 409
    other_unit = {"role": "committee", "unit_id": str(world.units[1].id)}
    assert client.post(url, json=other_unit, headers=admin).status_code == 201


def test_revoking_a_role_takes_effect_on_the_next_request(client, session):
    world = make_world(session, client)
    viewer = world.users[Role.VIEWER]
    roles = client.get(f"{USERS}/{viewer.id}/roles", headers=world.as_(Role.ADMIN)).json()
    membership_id = roles["items"][0]["id"]
    assert client.get("/api/v1/events", headers=world.as_(Role.VIEWER)).status_code == 200
    revoked = client.delete(f"{USERS}/{viewer.id}/roles/{membership_id}",
                            headers=world.as_(Role.ADMIN))
    assert revoked.status_code == 204
    assert client.get("/api/v1/events", headers=world.as_(Role.VIEWER)).status_code == 403
    again = client.delete(f"{USERS}/{viewer.id}/roles/{membership_id}",
                          headers=world.as_(Role.ADMIN))
    assert again.status_code == 404


def test_only_admins_grant_and_the_last_admin_stays(client, session):
    world = make_world(session, client)
    target = world.users[Role.VIEWER]
    unseen = client.post(f"{USERS}/{target.id}/roles", json={"role": "admin"},
                         headers=world.as_(Role.COORDINATOR))
    assert unseen.status_code == 404
    himself = client.post(f"{USERS}/{target.id}/roles", json={"role": "admin"},
                          headers=world.as_(Role.VIEWER))
    assert himself.status_code == 403
    admin = world.users[Role.ADMIN]
    own = client.get(f"{USERS}/{admin.id}/roles", headers=world.as_(Role.ADMIN)).json()["items"]
    last = client.delete(f"{USERS}/{admin.id}/roles/{own[0]['id']}",
                         headers=world.as_(Role.ADMIN))
    assert last.status_code == 409
    second = make_user(session, world.organisation, Role.ADMIN)
    assert client.delete(f"{USERS}/{admin.id}/roles/{own[0]['id']}",
                         headers=token(client, second)).status_code == 204


def test_roles_in_another_organisation_are_invisible(client, session):
    world, other = make_world(session, client), make_world(session, client)
    theirs = other.users[Role.VIEWER]
    membership = client.get(f"{USERS}/{theirs.id}/roles",
                            headers=other.as_(Role.ADMIN)).json()["items"][0]
    admin = world.as_(Role.ADMIN)
    assert client.post(f"{USERS}/{theirs.id}/roles", json={"role": "admin"},
                       headers=admin).status_code == 404
    assert client.delete(f"{USERS}/{theirs.id}/roles/{membership['id']}",
                         headers=admin).status_code == 404
