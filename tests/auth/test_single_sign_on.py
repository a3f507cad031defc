"""Single sign-on against a real OpenID Provider on loopback, driven by HTTP."""

import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlmodel import col, func, select

from backend.auth import oidc
from backend.models import AuthSession, ExternalIdentity, IdentityProvider, User
from backend.models.enums import Role
from tests.factories import make_organisation, make_user, make_world, token
from tests.oidc_provider import running_provider

SECRET = "provider-secret-123"


def _settings(provider, **overrides):  # type: ignore[no-untyped-def]
    return {"name": "Exempelby kommun", "issuer": provider.url, "client_id": "samordna",
            "client_secret": SECRET, **overrides}


def _configure(client, world, provider, **overrides):  # type: ignore[no-untyped-def]
    answer = client.put(f"/api/v1/organisations/{world.organisation.id}/identity-provider",
                        json=_settings(provider, **overrides), headers=world.as_(Role.ADMIN))
    assert answer.status_code == 200, answer.text
    return answer


def _sign_in(client, provider, organisation_id, sub):  # type: ignore[no-untyped-def]
    started = client.post("/api/v1/auth/sso/start",
                          json={"organisation_id": str(organisation_id)})
    assert started.status_code == 200, started.text
    back = provider.authorize(started.json()["authorization_url"], sub)
    return client.post("/api/v1/auth/sso/finish", json={"state": back["state"],
                                                         "code": back["code"]})


def _sessions(session) -> int:  # type: ignore[no-untyped-def]
    return session.exec(select(func.count()).select_from(AuthSession)).one()


def _sub() -> str:
    return f"person-{uuid.uuid4()}"


def test_admin_sets_reads_replaces_and_removes_the_provider(client, session, openid_provider):
    world = make_world(session, client)
    path = f"/api/v1/organisations/{world.organisation.id}/identity-provider"
    admin = world.as_(Role.ADMIN)
    created = _configure(client, world, openid_provider, email_domains=["Exempelby.se"],
                         roles_claim="roles", role_map={"Samordna.Coordinator": "coordinator"})
    assert created.headers["etag"] == '"1"'
    read = client.get(path, headers=admin)
    assert read.status_code == 200
    assert SECRET not in read.text and "secret" not in read.text
    assert read.json()["redirect_uri"].endswith("/logga-in/sso")
    assert read.json()["email_domains"] == ["exempelby.se"]
    stored = session.exec(select(IdentityProvider)).one()
    assert SECRET not in stored.client_secret_sealed
    # Replacing needs the version read; the secret may be left out and is kept.
    without = {k: v for k, v in _settings(openid_provider, name="Ny").items()
               if k != "client_secret"}
    assert client.put(path, json=without, headers=admin).status_code == 428
    assert client.put(path, json=without, headers={**admin, "If-Match": '"7"'}).status_code == 409
    replaced = client.put(path, json=without, headers={**admin, "If-Match": '"1"'})
    assert replaced.status_code == 200 and replaced.json()["name"] == "Ny"
    assert replaced.json()["version"] == 2
    assert client.get(path, headers=world.as_(Role.COORDINATOR)).status_code == 403
    other = make_user(session, make_organisation(session), Role.ADMIN)
    assert client.get(path, headers=token(client, other)).status_code == 404
    assert client.delete(path, headers=admin).status_code == 204
    assert client.get(path, headers=admin).status_code == 404


def test_bad_settings_are_refused_with_the_field_named(client, session, openid_provider):
    world = make_world(session, client)
    path = f"/api/v1/organisations/{world.organisation.id}/identity-provider"
    admin = world.as_(Role.ADMIN)
    cases = [
        ({"issuer": "http://idp.example.se"}, "issuer"),
        ({"issuer": "https://127.0.0.1:1"}, "issuer"),
        ({"role_map": {"Samordna.Contact": "contact_person"}}, "role_map"),
        ({"role_map": {"x": "emperor"}}, "role_map.x"),
        ({"email_domains": ["not a domain"]}, "email_domains"),
        ({"client_secret": None}, "client_secret"),
    ]
    for change, field in cases:
        answer = client.put(path, json=_settings(openid_provider, **change), headers=admin)
        assert answer.status_code == 422, (change, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in answer.json()["errors"]], answer.json()


def test_a_linked_person_signs_in_and_is_known_by_sub_afterwards(client, session,
                                                                  openid_provider):
    world = make_world(session, client)
    _configure(client, world, openid_provider, link_by_email=True)
    coordinator = world.users[Role.COORDINATOR]
    sub = _sub()
    openid_provider.set_user(sub, email=coordinator.email, name="Kim Koordinator")
    started = client.post("/api/v1/auth/sso/start",
                          json={"organisation_id": str(world.organisation.id)})
    query = parse_qs(urlsplit(started.json()["authorization_url"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    assert query["redirect_uri"][0].endswith("/logga-in/sso")
    back = openid_provider.authorize(started.json()["authorization_url"], sub)
    finished = client.post("/api/v1/auth/sso/finish", json=back)
    assert finished.status_code == 200, finished.text
    assert finished.json()["end_session_url"].startswith(openid_provider.url)
    me = client.get("/api/v1/me",
                    headers={"Authorization": f"Bearer {finished.json()['access_token']}"})
    assert me.json()["email"] == coordinator.email
    assert [m["role"] for m in me.json()["memberships"]] == ["coordinator"]
    # Known by (issuer, sub) from now on: a changed e-mail claim changes nothing.
    openid_provider.set_user(sub, email="someone.else@elsewhere.se")
    again = _sign_in(client, openid_provider, world.organisation.id, sub)
    assert again.status_code == 200
    identity = session.exec(select(ExternalIdentity)).one()
    assert (identity.issuer, identity.subject, identity.user_id) == (
        openid_provider.url, sub, coordinator.id)


def test_without_link_by_email_an_existing_user_gets_no_assignment_and_no_session(
        client, session, openid_provider):
    world = make_world(session, client)
    _configure(client, world, openid_provider)
    sub = _sub()
    openid_provider.set_user(sub, email=world.users[Role.COORDINATOR].email)
    before = _sessions(session)
    answer = _sign_in(client, openid_provider, world.organisation.id, sub)
    assert answer.status_code == 403
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert errors["sign_in"] == "no_assignment"
    assert errors["organisation"] == world.organisation.name
    assert world.users[Role.ADMIN].email in errors["admins"]
    assert _sessions(session) == before
    assert session.exec(select(func.count()).select_from(ExternalIdentity)).one() == 0


def test_the_roles_claim_creates_the_person_and_their_roles_follow_it(client, session,
                                                                       openid_provider):
    world = make_world(session, client)
    _configure(client, world, openid_provider, roles_claim="roles", role_map={
        "Samordna.Coordinator": "coordinator", "Samordna.Viewer": "viewer"})
    sub, email = _sub(), f"ny.{uuid.uuid4().hex[:8]}@exempelby.se"
    openid_provider.set_user(sub, email=email, name="Nora Ny", roles=["Samordna.Coordinator"])
    first = _sign_in(client, openid_provider, world.organisation.id, sub)
    assert first.status_code == 200, first.text
    user = session.exec(select(User).where(User.email == email)).one()
    assert user.name == "Nora Ny" and user.password_hash is None

    def roles() -> list[str]:
        me = client.get("/api/v1/me", headers={
            "Authorization": f"Bearer {_sign_in(client, openid_provider, world.organisation.id, sub).json()['access_token']}"})  # noqa: E501
        return sorted(m["role"] for m in me.json()["memberships"])

    openid_provider.set_user(sub, email=email, roles=["Samordna.Viewer", "Okänd.Roll"])
    assert roles() == ["viewer"]
    openid_provider.set_user(sub, email=email, roles=[])
    refused = _sign_in(client, openid_provider, world.organisation.id, sub)
    assert refused.status_code == 403


def test_entra_people_are_known_by_tenant_and_object_and_tenants_are_allowed(
        client, session, openid_provider):
    world = make_world(session, client)
    tenant = str(uuid.uuid4())
    _configure(client, world, openid_provider, link_by_email=True, allowed_tenants=[tenant])
    contact = world.users["contact0"]
    sub, object_id = _sub(), str(uuid.uuid4())
    openid_provider.set_user(sub, email=contact.email, tid=tenant, oid=object_id)
    assert _sign_in(client, openid_provider, world.organisation.id, sub).status_code == 200
    identity = session.exec(select(ExternalIdentity)).one()
    assert (identity.issuer, identity.subject) == (f"entra:{tenant}", object_id)
    stranger = _sub()
    openid_provider.set_user(stranger, email=contact.email, tid=str(uuid.uuid4()),
                             oid=str(uuid.uuid4()))
    refused = _sign_in(client, openid_provider, world.organisation.id, stranger)
    assert refused.status_code == 401
    assert refused.json()["errors"] == [{"field": "sign_in", "message": "tenant"}]


@pytest.mark.parametrize(("claims", "reason"), [
    ({"nonce": "another-nonce"}, "nonce"),
    ({"aud": "someone-else"}, "audience"),
    ({"exp": int(time.time()) - 3600}, "expired"),
    ({"iss": "http://evil.example"}, "issuer"),
])
def test_each_broken_id_token_is_refused_without_a_session(client, session, openid_provider,
                                                           claims, reason):
    world = make_world(session, client)
    _configure(client, world, openid_provider, link_by_email=True)
    sub = _sub()
    openid_provider.set_user(sub, email=world.users[Role.COORDINATOR].email, **claims)
    before = _sessions(session)
    answer = _sign_in(client, openid_provider, world.organisation.id, sub)
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"] == [{"field": "sign_in", "message": reason}]
    assert _sessions(session) == before


def test_a_state_works_once_and_a_code_once(client, session, openid_provider):
    world = make_world(session, client)
    _configure(client, world, openid_provider, link_by_email=True)
    sub = _sub()
    openid_provider.set_user(sub, email=world.users[Role.VIEWER].email)
    started = client.post("/api/v1/auth/sso/start",
                          json={"organisation_id": str(world.organisation.id)})
    back = openid_provider.authorize(started.json()["authorization_url"], sub)
    assert client.post("/api/v1/auth/sso/finish", json=back).status_code == 200
    replayed = client.post("/api/v1/auth/sso/finish", json=back)
    assert replayed.json()["errors"] == [{"field": "sign_in", "message": "state"}]
    fresh = client.post("/api/v1/auth/sso/start",
                        json={"organisation_id": str(world.organisation.id)})
    fresh_state = parse_qs(urlsplit(fresh.json()["authorization_url"]).query)["state"][0]
    old_code = client.post("/api/v1/auth/sso/finish",
                           json={"state": fresh_state, "code": back["code"]})
    assert old_code.status_code == 401
    assert old_code.json()["errors"] == [{"field": "sign_in", "message": "code"}]
    unknown = client.post("/api/v1/auth/sso/finish", json={"state": "x" * 40, "code": "y"})
    assert unknown.status_code == 401


def test_an_id_token_signed_by_another_key_is_refused(openid_provider):
    provider = oidc.discover(openid_provider.url)
    now = int(time.time())
    claims = {"iss": provider.issuer, "aud": "samordna", "sub": "x", "iat": now,
              "exp": now + 600, "nonce": "n"}
    forged = jwt.encode({"alg": "RS256"}, claims, RSAKey.generate_key(2048))
    with pytest.raises(oidc.SignInRefused) as refused:
        oidc.verify_id_token(provider, {"id_token": forged}, client_id="samordna", nonce="n")
    assert refused.value.reason == "signature"
    unsigned = jwt.encode({"alg": "none"}, claims, None, algorithms=["none"])
    with pytest.raises(oidc.SignInRefused):
        oidc.verify_id_token(provider, {"id_token": unsigned}, client_id="samordna", nonce="n")


def test_a_provider_that_is_down_answers_503_not_500(client, session):
    world = make_world(session, client)
    with running_provider() as provider:
        _configure(client, world, provider)
    answer = client.post("/api/v1/auth/sso/start",
                         json={"organisation_id": str(world.organisation.id)})
    assert answer.status_code == 503
    assert answer.json()["errors"] == [{"field": "identity_provider", "message": "unreachable"}]


def test_the_login_page_finds_providers_by_organisation_or_e_mail_domain(client, session,
                                                                        openid_provider):
    world = make_world(session, client)
    _configure(client, world, openid_provider, email_domains=["exempelby.se"])
    listed = client.get("/api/v1/auth/sso/providers").json()
    assert {"organisation_id": str(world.organisation.id), "name": "Exempelby kommun",
            "organisation_name": world.organisation.name} in listed
    by_domain = client.post("/api/v1/auth/sso/start", json={"email": "Anna@Exempelby.se"})
    assert by_domain.status_code == 200
    assert client.post("/api/v1/auth/sso/start",
                       json={"email": "anna@annanstans.se"}).status_code == 404
    assert client.post("/api/v1/auth/sso/start", json={}).status_code == 422
    assert session.exec(select(func.count()).select_from(IdentityProvider)
                        .where(col(IdentityProvider.organisation_id)
                               == world.organisation.id)).one() == 1
