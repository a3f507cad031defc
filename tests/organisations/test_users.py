"""/users: create, read, list, change, deactivate; visibility across organisations."""

from backend.models.enums import Role
from tests.auth.factories import service_as, with_version
from tests.factories import make_world, token

USERS = "/api/v1/users"


def _login(client, email, password):
    return client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": email, "password": password})


def test_admin_creates_a_user_who_can_log_in(client, session):
    world = make_world(session, client)
    created = client.post(USERS, json={"email": "Anna.Svensson@Habo.SE",
                                       "name": "Anna Svensson",
                                       "password": "ett långt lösenord"},
                          headers=world.as_(Role.ADMIN))
    assert created.status_code == 201, created.text
    user = created.json()
    assert (user["email"], user["active"], user["roles"]) == ("anna.svensson@habo.se", True, [])
    assert "password" not in user and "password_hash" not in user
    assert _login(client, "anna.svensson@habo.se", "ett långt lösenord").status_code == 200
    emails = [u["email"] for u in client.get(USERS, headers=world.as_(Role.ADMIN))
              .json()["items"]]
    assert "anna.svensson@habo.se" in emails and emails == sorted(emails)
    read = client.get(f"{USERS}/{user['id']}", headers=world.as_(Role.ADMIN))
    assert read.status_code == 200 and read.headers["ETag"] == '"1"'


def test_a_user_without_password_cannot_log_in(client, session):
    world = make_world(session, client)
    created = client.post(USERS, json={"email": "nils@habo.se", "name": "Nils"},
                          headers=world.as_(Role.ADMIN))
    assert created.status_code == 201
    assert _login(client, "nils@habo.se", "whatever-long-enough").status_code == 400


def test_existing_email_and_bad_input(client, session):
    world = make_world(session, client)
    admin = world.as_(Role.ADMIN)
    taken = world.users[Role.VIEWER].email.upper()
    again = client.post(USERS, json={"email": taken, "name": "Dubblett"}, headers=admin)
    assert again.status_code == 409 and "invite them" in again.json()["detail"]
    assert taken.lower() not in again.text
    bad = client.post(USERS, json={"email": "inte-en-adress", "name": "",
                                   "password": "kort"}, headers=admin)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"email", "name", "password"}


def test_only_admins_create_and_list_users(client, session):
    world = make_world(session, client)
    for who in (Role.COORDINATOR, Role.VIEWER, "committee0"):
        assert client.post(USERS, json={"email": "x@habo.se", "name": "X"},
                           headers=world.as_(who)).status_code == 403
        assert client.get(USERS, headers=world.as_(who)).status_code == 403
    services = service_as(client, world, "reports:read", "events:read")
    assert client.get(USERS, headers=services).status_code == 403


def test_a_user_reads_himself_but_not_others(client, session):
    world = make_world(session, client)
    me, other = world.users["contact0"], world.users[Role.VIEWER]
    mine = client.get(f"{USERS}/{me.id}", headers=world.as_("contact0"))
    assert mine.status_code == 200
    assert [(r["role"], r["unit_id"]) for r in mine.json()["roles"]] == [
        ("contact_person", str(world.units[0].id))]
    assert client.get(f"{USERS}/{other.id}", headers=world.as_("contact0")).status_code == 404
    # A person's name is theirs to change; whether they work here is the admin's.
    own_change = client.patch(f"{USERS}/{me.id}", json={"name": "Jag"},
                              headers=with_version(world.as_("contact0"), 1))
    assert own_change.status_code == 200 and own_change.json()["name"] == "Jag"
    own_end = client.patch(f"{USERS}/{me.id}", json={"active": False},
                           headers=with_version(world.as_("contact0"), 2))
    assert own_end.status_code == 403


def test_admin_renames_with_if_match(client, session):
    world = make_world(session, client)
    url, admin = f"{USERS}/{world.users[Role.VIEWER].id}", world.as_(Role.ADMIN)
    assert client.patch(url, json={"name": "Ny"}, headers=admin).status_code == 428
    renamed = client.patch(url, json={"name": "Vera Viewer"}, headers=with_version(admin, 1))
    assert renamed.status_code == 200 and renamed.json()["name"] == "Vera Viewer"
    assert renamed.json()["version"] == 2
    stale = client.patch(url, json={"name": "Gammal"}, headers=with_version(admin, 1))
    assert stale.status_code == 409
    unknown = client.patch(url, json={"email": "new@habo.se"}, headers=with_version(admin, 2))
    assert unknown.status_code == 422


def test_deactivating_a_user_ends_their_sessions_at_once(client, session):
    world = make_world(session, client)
    viewer = world.users[Role.VIEWER]
    assert client.get("/api/v1/me", headers=world.as_(Role.VIEWER)).status_code == 200
    off = client.patch(f"{USERS}/{viewer.id}", json={"active": False},
                       headers=with_version(world.as_(Role.ADMIN), 1))
    assert off.status_code == 200 and off.json()["active"] is False
    assert client.get("/api/v1/me", headers=world.as_(Role.VIEWER)).status_code == 401
    assert client.get("/api/v1/units", headers=world.as_(Role.VIEWER)).status_code == 401
    assert _login(client, viewer.email, "correct horse battery staple").status_code == 400
    on = client.patch(f"{USERS}/{viewer.id}", json={"active": True},
                      headers=with_version(world.as_(Role.ADMIN), 2))
    assert on.status_code == 200
    assert client.get("/api/v1/me", headers=token(client, viewer)).status_code == 200


def test_an_admin_cannot_deactivate_himself(client, session):
    world = make_world(session, client)
    admin = world.users[Role.ADMIN]
    answer = client.patch(f"{USERS}/{admin.id}", json={"active": False},
                          headers=with_version(world.as_(Role.ADMIN), 1))
    assert answer.status_code == 409
    assert client.get("/api/v1/me", headers=world.as_(Role.ADMIN)).status_code == 200


def test_another_organisations_users_are_invisible(client, session):
    world, other = make_world(session, client), make_world(session, client)
    admin, theirs = world.as_(Role.ADMIN), other.users[Role.VIEWER]
    assert client.get(f"{USERS}/{theirs.id}", headers=admin).status_code == 404
    assert client.patch(f"{USERS}/{theirs.id}", json={"active": False},
                        headers=with_version(admin, 1)).status_code == 404
    assert client.get(f"{USERS}/{theirs.id}/roles", headers=admin).status_code == 404
    listed = {u["id"] for u in client.get(USERS, headers=admin).json()["items"]}
    assert str(theirs.id) not in listed
    assert str(world.users[Role.VIEWER].id) in listed
    assert client.get("/api/v1/me", headers=other.as_(Role.VIEWER)).status_code == 200


def test_a_new_user_without_roles_stays_with_the_creating_organisation(client, session):
    world, other = make_world(session, client), make_world(session, client)
    created = client.post(USERS, json={"email": "ny@habo.se", "name": "Ny"},
                          headers=world.as_(Role.ADMIN)).json()
    assert client.get(f"{USERS}/{created['id']}", headers=world.as_(Role.ADMIN)
                      ).status_code == 200
    assert client.get(f"{USERS}/{created['id']}", headers=other.as_(Role.ADMIN)
                      ).status_code == 404
