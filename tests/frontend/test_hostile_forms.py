"""The pages under hostile input: a Swedish field message instead of a 500, nothing stored,
and no way off the site through the login redirect."""

import pytest

from tests.factories import PASSWORD, reports_by_unit
from tests.frontend.conftest import csrf_of, sign_in
from tests.frontend.test_reports import _editor_form

CONTROL_MESSAGE = "innehåller otillåtna tecken"
OFF_SITE = ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
            "/\\evil.example", "/\\\\evil.example", " //evil.example", "/\x00/evil.example",
            "/\u2028/evil.example", "//evil.example", "https://evil.example", "/x\r\nX-A: 1"]


def _report(web, world, cycle):
    return reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]


def _is_local(target: str) -> bool:
    return (target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isascii() and all(c.isprintable() and not c.isspace() for c in target))


def test_the_login_form_refuses_control_characters_in_swedish(web, world):
    csrf = csrf_of(web.get("/logga-in").text)
    answer = web.post("/logga-in", data={"email": world.users["contact0"].email + "\x00",
                                         "password": PASSWORD, "csrf_token": csrf})
    assert answer.status_code == 422
    assert "E-postadressen eller lösenordet " + CONTROL_MESSAGE in answer.text
    assert web.get("/").headers["location"] == "/logga-in"  # not signed in


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_login_redirect_never_leaves_the_site(web, world, target):
    csrf = csrf_of(web.get("/logga-in").text)
    posted = web.post("/logga-in", headers={"HX-Request": "true"}, data={
        "email": world.users["contact0"].email, "password": PASSWORD, "csrf_token": csrf,
        "next_url": target})
    assert posted.status_code == 200 and posted.headers["HX-Redirect"] == "/"
    signed_in = web.get("/logga-in", params={"nasta": target})
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"


def test_a_local_redirect_target_is_kept_and_percent_encoded(web, world):
    sign_in(web, world.users["contact0"])
    answer = web.get("/logga-in", params={"nasta": "/rapporter?sök=å&x=1"},
                     headers={"HX-Request": "true"})
    assert answer.headers["HX-Redirect"] == "/rapporter?s%C3%B6k=%C3%A5&x=1"
    assert _is_local(answer.headers["HX-Redirect"])


def test_the_editor_explains_control_characters_and_stores_nothing(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    before = web.get(f"/api/v1/reports/{report['id']}", headers=world.as_("contact0")).json()
    answer = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(
        csrf, 1, summary="Klistrat från Word\x00\x0b", **{"a-0a1b2c3d-title": "Titel\x1b[2J"}))
    assert answer.status_code == 422
    assert "Texten " + CONTROL_MESSAGE in answer.text
    after = web.get(f"/api/v1/reports/{report['id']}", headers=world.as_("contact0")).json()
    assert after["version"] == before["version"] and after["content"] == before["content"]


@pytest.mark.parametrize("digits", ["²", "١٢", "Ⅻ", "1²", "99999999999999999999"])
def test_odd_digits_in_amounts_and_versions_are_no_server_error(web, world, cycle, digits):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    amount = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(
        csrf, 1, **{"a-0a1b2c3d-external_funding_sek": digits}))
    assert amount.status_code == 422 and "Ange beloppet i hela kronor" in amount.text
    version = web.post(f"/rapporter/{report['id']}/redigera",
                       data=_editor_form(csrf, digits))
    assert 400 <= version.status_code < 500 or version.status_code == 200


def test_a_due_date_beyond_2100_is_refused_in_swedish(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["coordinator"])
    answer = web.post(f"/rapporter/{report['id']}/forlangning", data={
        "csrf_token": csrf, "due_on": "9999-12-31", "reason": "Nämnden sammanträder inte."})
    assert answer.status_code == 422
    assert "Ange ett datum mellan år 2000 och 2100." in answer.text
    stored = web.get(f"/api/v1/reports/{report['id']}", headers=world.as_("coordinator")).json()
    assert stored["due_on"] == report["due_on"] and stored["extension_reason"] is None
