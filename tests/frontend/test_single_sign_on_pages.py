"""The sign-in pages in Swedish for every way a single sign-on can fail, through the pages
(which only call the API) and a real OpenID Provider on loopback."""

import time
import uuid

import pytest

from backend.models.enums import Role
from tests.frontend.conftest import csrf_of
from tests.oidc_provider import running_provider


def _configure(web, world, provider, **overrides):  # type: ignore[no-untyped-def]
    answer = web.put(f"/api/v1/organisations/{world.organisation.id}/identity-provider",
                     headers=world.as_(Role.ADMIN), json={
                         "name": "Exempelby kommun", "issuer": provider.url,
                         "client_id": "samordna", "client_secret": "s3cret",
                         "link_by_email": True, **overrides})
    assert answer.status_code == 200, answer.text


def _through_provider(web, world, provider, sub):  # type: ignore[no-untyped-def]
    login = web.get("/logga-in")
    assert "Logga in med Exempelby kommun" in login.text
    started = web.get(f"/logga-in/sso/start?organisation={world.organisation.id}")
    assert started.status_code == 303, started.text
    assert started.headers["location"].startswith(provider.url)
    return web.get("/logga-in/sso", params=provider.authorize(started.headers["location"], sub))


def test_signing_in_through_the_provider_lands_on_mina_uppgifter(web, world, openid_provider):
    _configure(web, world, openid_provider)
    sub = f"p-{uuid.uuid4()}"
    openid_provider.set_user(sub, email=world.users[Role.COORDINATOR].email)
    landed = _through_provider(web, world, openid_provider, sub)
    assert landed.status_code == 303 and landed.headers["location"] == "/"
    assert "Mina uppgifter" in web.get("/").text
    logged_out = web.post("/logga-ut", data={"csrf_token": csrf_of(web.get("/").text)})
    assert "Logga ut även från organisationens konto" in logged_out.text
    assert web.get("/").headers["location"].startswith("/logga-in")


@pytest.mark.parametrize(("claims", "status", "heading"), [
    ({"nonce": "en-annan"}, 400, "Inloggningen kunde inte bekräftas"),
    ({"aud": "någon-annan"}, 400, "Inloggningen kunde inte bekräftas"),
    ({"iss": "http://evil.example"}, 400, "Inloggningen kunde inte bekräftas"),
    ({"exp": int(time.time()) - 3600}, 400, "Inloggningen hade gått ut"),
    ({"tid": "fel-katalog", "oid": "x"}, 400, "Kontot hör inte till organisationen"),
])
def test_a_refused_sign_in_gets_a_swedish_page_and_no_session(web, world, openid_provider,
                                                              claims, status, heading):
    _configure(web, world, openid_provider, allowed_tenants=["rätt-katalog"])
    sub = f"p-{uuid.uuid4()}"
    openid_provider.set_user(sub, email=world.users[Role.COORDINATOR].email,
                             **({"tid": "rätt-katalog", "oid": sub} | claims))
    page = _through_provider(web, world, openid_provider, sub)
    assert page.status_code == status
    assert f"<h1>{heading}</h1>" in page.text
    assert web.get("/").headers["location"].startswith("/logga-in")


def test_someone_without_a_role_is_told_whom_to_ask(web, world, openid_provider):
    _configure(web, world, openid_provider)
    sub = f"p-{uuid.uuid4()}"
    openid_provider.set_user(sub, email="okand@exempelby.se")
    page = _through_provider(web, world, openid_provider, sub)
    assert page.status_code == 403
    assert "<h1>Du har ingen roll i Samordna ännu</h1>" in page.text
    assert world.users[Role.ADMIN].email in page.text and "okand@exempelby.se" in page.text
    assert web.get("/").headers["location"].startswith("/logga-in")


def test_an_answer_for_another_browser_or_a_cancelled_sign_in_is_refused(web, world,
                                                                         openid_provider):
    _configure(web, world, openid_provider)
    sub = f"p-{uuid.uuid4()}"
    openid_provider.set_user(sub, email=world.users[Role.COORDINATOR].email)
    web.get("/logga-in")
    started = web.get(f"/logga-in/sso/start?organisation={world.organisation.id}")
    back = openid_provider.authorize(started.headers["location"], sub)
    web.cookies.clear()  # the answer arrives in a browser that did not start the sign-in
    foreign = web.get("/logga-in/sso", params=back)
    assert foreign.status_code == 400
    assert "<h1>Inloggningen kunde inte slutföras</h1>" in foreign.text
    cancelled = web.get("/logga-in/sso", params={"error": "access_denied", "state": "x"})
    assert "<h1>Inloggningen avbröts</h1>" in cancelled.text


def test_a_provider_that_is_down_and_an_unknown_domain_get_swedish_pages(web, world):
    with running_provider() as provider:
        _configure(web, world, provider, email_domains=["exempelby.se"])
    web.get("/logga-in")
    down = web.get(f"/logga-in/sso/start?organisation={world.organisation.id}")
    assert down.status_code == 503
    assert "<h1>Inloggningstjänsten svarar inte</h1>" in down.text
    csrf = csrf_of(web.get("/logga-in").text)
    unknown = web.post("/logga-in/sso/start", data={"email": "anna@annanstans.se",
                                                    "csrf_token": csrf})
    assert unknown.status_code == 404
    assert "<h1>Ingen inloggning med organisationens konto</h1>" in unknown.text
