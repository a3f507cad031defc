from datetime import timedelta
from urllib.parse import quote

from frontend.config import FrontendSettings
from frontend.main import create_app
from frontend.sessions import COOKIE_NAME, utcnow
from tests.factories import PASSWORD, reports_by_unit
from tests.frontend.conftest import csrf_of, sign_in

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'")


def _codec(web):
    return web.app.frontend.state.sessions.codec


def _stored(web):
    return _codec(web).decode(web.cookies.get(COOKIE_NAME))


def _age(web, **delta):
    """Move the session's clocks back, as if that much time had passed."""
    session = _stored(web)
    if "idle" in delta:
        session.last_seen -= delta["idle"]
    if "total" in delta:
        session.created -= delta["total"]
    domain = next(c.domain for c in web.cookies.jar if c.name == COOKIE_NAME)
    web.cookies.clear()  # the aged cookie replaces the server's, not beside it
    web.cookies.set(COOKIE_NAME, _codec(web).encode(session), domain=domain)


def test_pages_carry_a_strict_policy_and_vary_on_htmx(web):
    page = web.get("/logga-in")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "HX-Request" in page.headers["vary"]
    assert 'lang="sv"' in page.text
    assert "<script>" not in page.text and "style=" not in page.text
    assert '"allowEval": false' in page.text and '"selfRequestsOnly": true' in page.text


def test_the_api_still_answers_beside_the_pages(web):
    assert web.get("/healthz").status_code == 200
    assert web.get("/openapi.json").json()["info"]["title"] == "Samordna API"
    assert web.get("/api/v1/me").status_code == 401


def test_session_cookie_is_httponly_lax_and_renewed_at_login(web, world):
    web.get("/logga-in")
    before = web.cookies.get(COOKIE_NAME)
    anonymous_csrf = csrf_of(web.get("/logga-in").text)
    answer = web.post("/logga-in", data={"email": world.users["contact0"].email,
                                         "password": "correct horse battery staple",
                                         "csrf_token": anonymous_csrf})
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie
    assert web.cookies.get(COOKIE_NAME) != before
    assert csrf_of(web.get("/").text) != anonymous_csrf
    # The API token never reaches the browser in readable form.
    assert _stored(web).token not in web.get("/").text
    assert _stored(web).token not in web.cookies.get(COOKIE_NAME)
    tampered = web.cookies.get(COOKIE_NAME)[:-4] + "AAAA"
    web.cookies.set(COOKIE_NAME, tampered)
    assert web.get("/").headers["location"].startswith("/logga-in")


def test_cookie_is_secure_over_https(session):
    from fastapi.testclient import TestClient

    from backend.core.deps import get_session
    from frontend.main import backend_of

    app = create_app()
    backend_of(app).dependency_overrides[get_session] = lambda: session
    with TestClient(app, base_url="https://testserver") as client:
        assert "Secure" in client.get("/logga-in").headers["set-cookie"]


def test_posts_without_the_sessions_csrf_token_are_refused(web, world, cycle):
    csrf = sign_in(web, world.users["coordinator"])
    for headers, data in [({}, {}), ({}, {"csrf_token": "forged"}),
                          ({"X-CSRF-Token": "forged"}, {})]:
        refused = web.post("/omgangar", headers=headers, data={**data, "label": "2099"})
        assert refused.status_code == 403
        assert "Formuläret kunde inte skickas" in refused.text
    assert web.post("/logga-ut").status_code == 403
    accepted = web.post(f"/omgangar/{cycle['id']}/atgard", headers={"X-CSRF-Token": csrf},
                        data={"action": "compile", "confirmed": "1"})
    assert accepted.status_code == 303  # past the CSRF check; the workflow then says no
    assert "Alla rapporter är inte godtagna" in web.get(accepted.headers["location"]).text


def test_idle_and_absolute_timeouts_end_the_session(web, world):
    sign_in(web, world.users["contact0"])
    _age(web, idle=timedelta(minutes=31))
    assert web.get("/").headers["location"] == "/logga-in"
    assert "inte har varit aktiv" in web.get("/logga-in").text
    sign_in(web, world.users["contact0"])
    _age(web, total=timedelta(hours=10, minutes=1))
    assert web.get("/").headers["location"] == "/logga-in"


def test_a_post_after_the_idle_timeout_signs_in_again_and_comes_back(web, world, cycle):
    report = reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]
    editor = f"/rapporter/{report['id']}/redigera"
    csrf = sign_in(web, world.users["contact0"])
    _age(web, idle=timedelta(minutes=31))
    answer = web.post(editor, data={"csrf_token": csrf, "op": "save", "summary": "Text"},
                      headers={"Referer": f"http://testserver{editor}"})
    assert answer.status_code == 303  # not 403: the token was this browser's own
    assert answer.headers["location"] == f"/logga-in?nasta={quote(editor)}"
    login = web.get(answer.headers["location"])
    assert "inte har varit aktiv" in login.text
    htmx = web.post(editor, data={"csrf_token": csrf, "op": "save"}, headers={
        "HX-Request": "true", "HX-Current-URL": f"http://testserver{editor}"})
    assert htmx.headers["HX-Redirect"] == f"/logga-in?nasta={quote(editor)}"
    answer = web.post("/logga-in", data={"email": world.users["contact0"].email,
                                         "password": PASSWORD, "csrf_token": csrf,
                                         "next_url": editor})
    assert answer.headers["location"] == editor
    assert csrf_of(web.get(editor).text) != csrf  # signing in issues a new token
    forged = web.post(editor, data={"csrf_token": "forged", "op": "save"})
    assert forged.status_code == 403


def test_the_idle_timeout_is_set_in_seconds_and_typing_extends_it(session, world):
    from fastapi.testclient import TestClient

    from backend.core.deps import get_session
    from frontend.main import backend_of

    app = create_app(settings=FrontendSettings(session_idle_seconds=30))
    backend_of(app).dependency_overrides[get_session] = lambda: session
    with TestClient(app, follow_redirects=False) as web:
        csrf = sign_in(web, world.users["contact0"])
        _age(web, idle=timedelta(seconds=20))
        alive = web.post("/sessionen/forlang", headers={"X-CSRF-Token": csrf})
        assert alive.status_code == 204
        assert (utcnow() - _stored(web).last_seen).total_seconds() < 10  # extended
        assert web.post("/sessionen/forlang").status_code == 403
        _age(web, idle=timedelta(seconds=31))
        assert web.get("/").headers["location"] == "/logga-in"
        assert web.post("/sessionen/forlang", headers={"X-CSRF-Token": csrf}).status_code == 401
        # A login page left open longer than the idle time still signs in.
        form = web.get("/logga-in")
        _age(web, idle=timedelta(minutes=5))
        answer = web.post("/logga-in", data={"email": world.users["contact0"].email,
                                             "password": PASSWORD,
                                             "csrf_token": csrf_of(form.text)})
        assert answer.status_code == 303


def test_logout_revokes_the_api_token(web, world):
    csrf = sign_in(web, world.users["contact0"])
    token = _stored(web).token
    assert web.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    answer = web.post("/logga-ut", data={"csrf_token": csrf})
    assert answer.headers["location"] == "/logga-in"
    assert web.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert web.get("/").headers["location"] == "/logga-in"


def test_login_failures_and_open_redirects(web, world):
    csrf = csrf_of(web.get("/logga-in").text)
    wrong = web.post("/logga-in", data={"email": world.users["contact0"].email,
                                        "password": "nope", "csrf_token": csrf})
    assert wrong.status_code == 400 and "Fel e-postadress eller lösenord" in wrong.text
    answer = web.post("/logga-in", data={"email": world.users["contact0"].email,
                                         "password": "correct horse battery staple",
                                         "csrf_token": csrf, "next_url": "//evil.example"})
    assert answer.headers["location"] == "/"


def test_a_session_started_in_one_web_process_works_in_another(web, world, session):
    """The web tier keeps no state: any process with the same SECRET_KEY can serve."""
    from fastapi.testclient import TestClient

    from backend.core.deps import get_session
    from frontend.main import backend_of

    sign_in(web, world.users["contact0"])
    other = create_app()
    backend_of(other).dependency_overrides[get_session] = lambda: session
    with TestClient(other, follow_redirects=False) as second:
        second.cookies.set(COOKIE_NAME, web.cookies.get(COOKIE_NAME))
        page = second.get("/")
        assert page.status_code == 200
        assert world.users["contact0"].name in page.text


def test_production_tells_browsers_to_use_https_only(session, monkeypatch):
    from fastapi.testclient import TestClient

    from backend.core.config import get_settings
    from backend.core.deps import get_session
    from frontend.config import get_frontend_settings
    from frontend.main import backend_of

    def app_in(environment: str):
        monkeypatch.setenv("ENVIRONMENT", environment)
        monkeypatch.setenv("SECRET_KEY", "a-real-secret-of-at-least-32-characters")
        get_settings.cache_clear()
        get_frontend_settings.cache_clear()
        app = create_app()
        backend_of(app).dependency_overrides[get_session] = lambda: session
        return app

    try:
        with TestClient(app_in("production"), base_url="https://testserver") as client:
            for path in ("/logga-in", "/healthz", "/api/v1/events", "/static/app.css"):
                answer = client.get(path)
                assert answer.headers["strict-transport-security"] == (
                    "max-age=31536000; includeSubDomains"), path
        with TestClient(app_in("test"), base_url="https://testserver") as client:
            assert "strict-transport-security" not in client.get("/logga-in").headers
            assert "strict-transport-security" not in client.get("/healthz").headers
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        get_frontend_settings.cache_clear()


def test_the_login_page_says_how_long_to_wait_after_too_many_wrong_passwords(web, world):
    email = world.users["contact0"].email
    answers = []
    for _ in range(4):
        csrf = csrf_of(web.get("/logga-in").text)
        answers.append(web.post("/logga-in", data={"email": email, "password": "fel lösenord",
                                                   "csrf_token": csrf}))
    assert [a.status_code for a in answers] == [400] * 4
    assert all("Fel e-postadress eller lösenord." in a.text for a in answers[:3])
    assert "För många misslyckade försök härifrån. Vänta 1 sekund och försök igen." \
        in answers[3].text
