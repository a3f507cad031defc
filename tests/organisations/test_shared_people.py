"""A person who serves several organisations belongs to none of them: each admin ends only
their own organisation's part, and only the person changes what is theirs."""

from sqlmodel import select

from backend.models import AuditEvent
from backend.models.enums import Role
from backend.organisations.service import grant
from tests.factories import make_world, token

USERS = "/api/v1/users"


def _shared_coordinator(session, client):
    habo, jonkoping = make_world(session, client), make_world(session, client)
    person = jonkoping.users[Role.COORDINATOR]
    grant(session=session, user=person, organisation=habo.organisation, role=Role.COORDINATOR)
    session.commit()
    return habo, jonkoping, person


def _patch(client, headers, user_id, body):
    current = client.get(f"{USERS}/{user_id}", headers=headers)
    return client.patch(f"{USERS}/{user_id}", json=body,
                        headers={**headers, "If-Match": current.headers["ETag"]})


def test_deactivating_a_shared_person_ends_only_this_organisations_part(client, session):
    habo, jonkoping, person = _shared_coordinator(session, client)
    own = token(client, person)
    ended = _patch(client, habo.as_(Role.ADMIN), person.id, {"active": False})
    assert ended.status_code == 200, ended.text
    assert ended.json()["active"] is False
    assert [r["active"] for r in ended.json()["roles"]] == [False]
    me = client.get("/api/v1/me", headers=own)
    assert me.status_code == 200
    assert {m["organisation_name"] for m in me.json()["memberships"]} == {
        jonkoping.organisation.name}
    visible = client.get("/api/v1/organisations", headers=own).json()["items"]
    assert [o["id"] for o in visible] == [str(jonkoping.organisation.id)]
    assert client.get(f"{USERS}/{person.id}", headers=jonkoping.as_(Role.ADMIN)).json()[
        "active"] is True
    inactive = client.get(f"{USERS}?active=false", headers=habo.as_(Role.ADMIN)).json()
    assert [u["email"] for u in inactive["items"]] == [person.email]
    rows = session.exec(select(AuditEvent).where(AuditEvent.action == "user.deactivated")).all()
    assert [r.organisation_id for r in rows] == [habo.organisation.id]

    back = _patch(client, habo.as_(Role.ADMIN), person.id, {"active": True})
    assert back.json()["active"] is True
    assert len(client.get("/api/v1/me", headers=own).json()["memberships"]) == 2


def test_a_person_in_one_organisation_is_deactivated_everywhere(client, session):
    habo = make_world(session, client)
    viewer = habo.users[Role.VIEWER]
    own = token(client, viewer)
    assert _patch(client, habo.as_(Role.ADMIN), viewer.id,
                  {"active": False}).status_code == 200
    assert client.get("/api/v1/me", headers=own).status_code == 401


def test_only_the_person_renames_or_resets_a_shared_account(client, session):
    habo, jonkoping, person = _shared_coordinator(session, client)
    renamed = _patch(client, habo.as_(Role.ADMIN), person.id, {"name": "Någon annan"})
    assert renamed.status_code == 403 and "Only the person" in renamed.json()["detail"]
    link = client.post(f"{USERS}/{person.id}/password-link", headers=habo.as_(Role.ADMIN))
    assert link.status_code == 403
    self_renamed = _patch(client, jonkoping.as_(Role.COORDINATOR), person.id,
                          {"name": "Helena Berg"})
    assert self_renamed.status_code == 200 and self_renamed.json()["name"] == "Helena Berg"
    not_own = _patch(client, jonkoping.as_(Role.COORDINATOR), person.id, {"active": False})
    assert not_own.status_code == 403
    viewer = habo.users[Role.VIEWER]
    assert _patch(client, habo.as_(Role.ADMIN), viewer.id,
                  {"name": "Ny Läsare"}).json()["name"] == "Ny Läsare"


def test_error_texts_never_name_another_tenants_people(client, session):
    habo, jonkoping, person = _shared_coordinator(session, client)
    elsewhere = jonkoping.users[Role.VIEWER]
    taken = client.post(USERS, json={"email": elsewhere.email, "name": "X"},
                        headers=habo.as_(Role.ADMIN))
    own = client.post(USERS, json={"email": habo.users[Role.VIEWER].email, "name": "X"},
                      headers=habo.as_(Role.ADMIN))
    assert taken.status_code == own.status_code == 409
    assert taken.json()["detail"] == own.json()["detail"]
    assert elsewhere.email not in taken.text and elsewhere.name not in taken.text
    twice = client.post(f"{USERS}/{person.id}/roles", json={"role": "coordinator"},
                        headers=habo.as_(Role.ADMIN))
    assert twice.status_code == 409 and person.name not in twice.text
