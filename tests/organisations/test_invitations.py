"""Invitations over real SMTP: a region's admins add a shared coordinator without learning
anything about other organisations, and the person accepts or declines."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from backend.models import Invitation
from backend.models.enums import Role
from backend.notifications.smtp import get_mailer
from tests.factories import make_world, token
from tests.notifications.smtp_server import SmtpServer, smtp_server  # noqa: F401


@pytest.fixture
def mail(app, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    app.dependency_overrides[get_mailer] = smtp_server.mailer
    return smtp_server


def _invite(client, world, body):
    return client.post(f"/api/v1/organisations/{world.organisation.id}/invitations",
                       json=body, headers=world.as_(Role.ADMIN))


def _comparable(answer):
    body = answer.json()
    return answer.status_code, sorted(body), body["status"], body["role"]


def test_the_answer_is_the_same_for_a_known_and_a_new_address(client, session, mail):
    habo, jonkoping = make_world(session, client), make_world(session, client)
    coordinator = jonkoping.users[Role.COORDINATOR]
    known = _invite(client, habo, {"email": coordinator.email.upper(), "role": "coordinator"})
    new = _invite(client, habo, {"email": "ny.person@vaggeryd.se", "role": "coordinator"})
    assert known.status_code == 201, known.text
    assert _comparable(known) == _comparable(new)
    assert coordinator.name not in known.text
    assert known.json()["email"] == coordinator.email
    # The known person is asked to sign in; the new one gets a link to choose a password.
    to_known = mail.handler.to(coordinator.email)[-1]
    assert habo.organisation.name in to_known.message["Subject"]
    assert "Mina uppgifter" in to_known.text and "/valj-losenord/" not in to_known.text
    to_new = mail.handler.to("ny.person@vaggeryd.se")[-1]
    assert "bjuder in dig" in to_new.text and "/valj-losenord/" in to_new.text
    # Neither becomes one of Habo's users before accepting.
    listed = client.get("/api/v1/users", headers=habo.as_(Role.ADMIN)).json()["items"]
    assert {u["email"] for u in listed}.isdisjoint({coordinator.email, "ny.person@vaggeryd.se"})


def test_accepting_gives_the_role_from_the_next_request(client, session, mail):
    habo, jonkoping = make_world(session, client), make_world(session, client)
    coordinator = jonkoping.users[Role.COORDINATOR]
    invited = _invite(client, habo, {"email": coordinator.email, "role": "coordinator"}).json()
    me = jonkoping.as_(Role.COORDINATOR)
    mine = client.get("/api/v1/me/invitations", headers=me).json()["items"]
    assert [(i["id"], i["organisation_name"], i["role"]) for i in mine] == [
        (invited["id"], habo.organisation.name, "coordinator")]
    # Someone else cannot see or answer it.
    viewer = habo.as_(Role.VIEWER)
    assert client.get("/api/v1/me/invitations", headers=viewer).json()["items"] == []
    stolen = client.post(f"/api/v1/me/invitations/{invited['id']}/accept", headers=viewer)
    assert stolen.status_code == 404

    accepted = client.post(f"/api/v1/me/invitations/{invited['id']}/accept", headers=me)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["organisation_id"] == str(habo.organisation.id)
    organisations = {m["organisation_name"] for m in
                     client.get("/api/v1/me", headers=me).json()["memberships"]}
    assert organisations == {habo.organisation.name, jonkoping.organisation.name}
    cycles = client.get(f"/api/v1/cycles?organisation_id={habo.organisation.id}", headers=me)
    assert cycles.status_code == 200
    again = client.post(f"/api/v1/me/invitations/{invited['id']}/accept", headers=me)
    assert again.status_code == 410
    statuses = client.get(f"/api/v1/organisations/{habo.organisation.id}/invitations",
                          headers=habo.as_(Role.ADMIN)).json()["items"]
    assert [i["status"] for i in statuses] == ["accepted"]


def test_unit_roles_decline_revoke_and_expiry(client, session, mail):
    habo, jonkoping = make_world(session, client), make_world(session, client)
    person = jonkoping.users[Role.VIEWER]
    me = jonkoping.as_(Role.VIEWER)
    no_unit = _invite(client, habo, {"email": person.email, "role": "contact_person"})
    assert no_unit.status_code == 422 and no_unit.json()["errors"][0]["field"] == "unit_id"
    foreign_unit = _invite(client, habo, {"email": person.email, "role": "contact_person",
                                          "unit_id": str(jonkoping.units[0].id)})
    assert foreign_unit.status_code == 422

    first = _invite(client, habo, {"email": person.email, "role": "contact_person",
                                   "unit_id": str(habo.units[0].id)}).json()
    assert first["unit_name"] == habo.units[0].name
    declined = client.post(f"/api/v1/me/invitations/{first['id']}/decline", headers=me)
    assert declined.status_code == 204
    assert client.get("/api/v1/me/invitations", headers=me).json()["items"] == []

    second = _invite(client, habo, {"email": person.email, "role": "viewer"}).json()
    admin = habo.as_(Role.ADMIN)
    path = f"/api/v1/organisations/{habo.organisation.id}/invitations/{second['id']}"
    assert client.delete(path, headers=habo.as_(Role.COORDINATOR)).status_code == 403
    assert client.delete(path, headers=admin).status_code == 204
    assert client.delete(path, headers=admin).status_code == 409
    withdrawn = client.post(f"/api/v1/me/invitations/{second['id']}/accept", headers=me)
    assert withdrawn.status_code == 410

    third = _invite(client, habo, {"email": person.email, "role": "viewer"}).json()
    row = session.get(Invitation, uuid.UUID(third["id"]))
    row.expires_at -= timedelta(days=30)
    session.commit()
    expired = client.post(f"/api/v1/me/invitations/{third['id']}/accept", headers=me)
    assert expired.status_code == 410 and "expired" in expired.json()["detail"]


def test_only_the_organisations_admin_invites(client, session, mail):
    habo, jonkoping = make_world(session, client), make_world(session, client)
    body = {"email": "x@habo.se", "role": "viewer"}
    url = f"/api/v1/organisations/{habo.organisation.id}/invitations"
    assert client.post(url, json=body, headers=habo.as_(Role.COORDINATOR)).status_code == 403
    assert client.post(url, json=body, headers=jonkoping.as_(Role.ADMIN)).status_code == 404
    assert client.get(url, headers=jonkoping.as_(Role.ADMIN)).status_code == 404
    assert session.exec(select(Invitation)).all() == []


def test_a_new_address_sets_its_password_and_accepts(client, session, mail):
    habo = make_world(session, client)
    _invite(client, habo, {"email": "ny@mullsjo.se", "role": "viewer", "name": "Nora Ny"})
    link = re.search(r"/valj-losenord/([\w-]+)", mail.handler.to("ny@mullsjo.se")[-1].text)
    assert link
    chosen = client.post(f"/api/v1/password-links/{link.group(1)}",
                         json={"password": "ett långt nytt lösenord"})
    assert chosen.status_code == 200, chosen.text
    me = {"Authorization": f"Bearer {chosen.json()['access_token']}"}
    [offer] = client.get("/api/v1/me/invitations", headers=me).json()["items"]
    assert client.post(f"/api/v1/me/invitations/{offer['id']}/accept",
                       headers=me).status_code == 200
    assert client.get("/api/v1/me", headers=me).json()["name"] == "Nora Ny"
    assert token(client, habo.users[Role.ADMIN])
