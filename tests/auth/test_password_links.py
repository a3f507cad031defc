"""Set-password links sent by an admin over real SMTP, and changing your own password."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from backend.models import PasswordLink
from backend.models.base import utcnow
from backend.models.enums import Role
from backend.notifications.smtp import get_mailer
from tests.factories import PASSWORD, make_world, token
from tests.notifications.smtp_server import SmtpServer, smtp_server  # noqa: F401

NEW_PASSWORD = "mitt eget långa lösenord"


@pytest.fixture
def mail(app, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    app.dependency_overrides[get_mailer] = smtp_server.mailer
    return smtp_server


def _send(client, world, user):
    return client.post(f"/api/v1/users/{user.id}/password-link", headers=world.as_(Role.ADMIN))


def _token_in(mail: SmtpServer, address: str) -> str:
    received = mail.handler.to(address)[-1]
    match = re.search(r"/valj-losenord/([\w-]+)", received.text)
    assert match, received.text
    return match.group(1)


def _login(client, email, password):
    return client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": email, "password": password})


def test_a_link_sets_the_password_once_and_signs_in(client, session, mail):
    world = make_world(session, client)
    viewer = world.users[Role.VIEWER]
    old_session = token(client, viewer)
    sent = _send(client, world, viewer)
    assert sent.status_code == 202, sent.text
    received = mail.handler.to(viewer.email)[-1]
    assert received.message["Subject"] == "Välj ditt lösenord i Samordna"
    assert world.organisation.name in received.text and "gäller till" in received.text
    assert "Välj ditt lösenord" in received.html
    link = _token_in(mail, viewer.email)
    stored = session.exec(select(PasswordLink).where(PasswordLink.user_id == viewer.id)).one()
    assert link not in stored.token_hash and len(stored.token_hash) == 64

    checked = client.get(f"/api/v1/password-links/{link}")
    assert checked.status_code == 200 and checked.json()["email"] == viewer.email
    short = client.post(f"/api/v1/password-links/{link}", json={"password": "kort"})
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "password"
    chosen = client.post(f"/api/v1/password-links/{link}", json={"password": NEW_PASSWORD})
    assert chosen.status_code == 200, chosen.text
    me = client.get("/api/v1/me", headers={
        "Authorization": f"Bearer {chosen.json()['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == viewer.email

    assert client.get("/api/v1/me", headers=old_session).status_code == 401
    assert _login(client, viewer.email, PASSWORD).status_code == 400
    assert _login(client, viewer.email, NEW_PASSWORD).status_code == 200
    again = client.post(f"/api/v1/password-links/{link}", json={"password": "ännu ett lösenord"})
    assert again.status_code == 410 and "used" in again.json()["detail"]
    assert client.get(f"/api/v1/password-links/{link}").status_code == 410


def test_expired_unknown_and_replaced_links(client, session, mail):
    world = make_world(session, client)
    viewer = world.users[Role.VIEWER]
    _send(client, world, viewer)
    first = _token_in(mail, viewer.email)
    _send(client, world, viewer)
    second = _token_in(mail, viewer.email)
    assert first != second
    replaced = client.post(f"/api/v1/password-links/{first}", json={"password": NEW_PASSWORD})
    assert replaced.status_code == 410 and "expired" in replaced.json()["detail"]
    for link in session.exec(select(PasswordLink).where(PasswordLink.user_id == viewer.id)):
        link.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert client.post(f"/api/v1/password-links/{second}",
                       json={"password": NEW_PASSWORD}).status_code == 410
    assert client.get("/api/v1/password-links/inte-en-riktig-lank").status_code == 404
    assert client.get("/api/v1/password-links/" + "x" * 101).status_code == 422
    assert _login(client, viewer.email, PASSWORD).status_code == 200


def test_the_link_lasts_the_configured_hours(client, session, mail):
    world = make_world(session, client)
    before = utcnow()
    sent = _send(client, world, world.users[Role.VIEWER]).json()
    hours = (utcnow().fromisoformat(sent["expires_at"]) - before) / timedelta(hours=1)
    assert 71.9 < hours <= 72.01


def test_no_link_without_the_e_mail(client, session, mail):
    world = make_world(session, client)
    viewer = world.users[Role.VIEWER]
    mail.handler.refuse = True
    failed = _send(client, world, viewer)
    assert failed.status_code == 503 and "could not be sent" in failed.json()["detail"]
    assert mail.handler.refused == 1
    assert mail.handler.messages == []


def test_only_the_users_admin_sends_links(client, session, mail):
    world, other = make_world(session, client), make_world(session, client)
    viewer = world.users[Role.VIEWER]
    assert client.post(f"/api/v1/users/{viewer.id}/password-link",
                       headers=other.as_(Role.ADMIN)).status_code == 404
    assert client.post(f"/api/v1/users/{viewer.id}/password-link",
                       headers=world.as_(Role.COORDINATOR)).status_code == 404
    assert mail.handler.messages == []


def test_changing_your_own_password(client, session):
    world = make_world(session, client)
    viewer = world.users[Role.VIEWER]
    here, elsewhere = token(client, viewer), token(client, viewer)
    wrong = client.put("/api/v1/me/password", headers=here, json={
        "current_password": "inte mitt lösenord", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and wrong.json()["errors"] == [
        {"field": "current_password", "message": "wrong password"}]
    same = client.put("/api/v1/me/password", headers=here, json={
        "current_password": PASSWORD, "new_password": PASSWORD})
    assert same.status_code == 422
    changed = client.put("/api/v1/me/password", headers=here, json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 204, changed.text
    assert client.get("/api/v1/me", headers=here).status_code == 200
    assert client.get("/api/v1/me", headers=elsewhere).status_code == 401
    assert _login(client, viewer.email, NEW_PASSWORD).status_code == 200
    assert _login(client, viewer.email, PASSWORD).status_code == 400
