"""Administration › Arkivering: the organisation number and submission agreement."""

from tests.frontend.conftest import sign_in


def _organisation(web, world) -> dict:
    return web.get(f"/api/v1/organisations/{world.organisation.id}",
                   headers=world.as_("admin")).json()


def test_the_page_is_for_admins_only(web, world):
    assert web.get("/admin/arkivering").headers["location"] == \
        "/logga-in?nasta=/admin/arkivering"
    sign_in(web, world.users["admin"])
    assert 'href="/admin/arkivering"' in web.get("/admin").text
    page = web.get("/admin/arkivering")
    assert page.status_code == 200, page.text
    assert '<a href="/admin/arkivering" aria-current="page">' in page.text
    assert '<label for="organisation_number">Organisationsnummer</label>' in page.text
    for who in ("coordinator", "contact0"):
        sign_in(web, world.users[who])
        assert web.get("/admin/arkivering").status_code == 403, who


def test_saving_goes_through_the_api(web, world):
    csrf = sign_in(web, world.users["admin"])
    saved = web.post("/admin/arkivering", data={
        "csrf_token": csrf, "version": "1", "organisation_number": " 2120000142 ",
        "submission_agreement_ref": "KS 2026/0815"})
    assert saved.status_code == 303, saved.text
    organisation = _organisation(web, world)
    assert organisation["organisation_number"] == "212000-0142"
    assert organisation["submission_agreement_ref"] == "KS 2026/0815"
    page = web.get("/admin/arkivering")
    assert "Uppgifterna för arkivering är sparade." in page.text
    assert 'value="212000-0142"' in page.text and 'value="KS 2026/0815"' in page.text


def test_a_wrong_check_digit_is_explained_in_swedish_and_the_input_kept(web, world):
    csrf = sign_in(web, world.users["admin"])
    answer = web.post("/admin/arkivering", data={
        "csrf_token": csrf, "version": "1", "organisation_number": "212000-0143",
        "submission_agreement_ref": "KS 2026/0815"})
    assert answer.status_code == 422
    assert "Organisationsnumret stämmer inte" in answer.text
    assert 'aria-invalid="true"' in answer.text and 'href="#organisation_number"' in answer.text
    assert 'value="212000-0143"' in answer.text and 'value="KS 2026/0815"' in answer.text
    assert _organisation(web, world)["organisation_number"] == ""


def test_a_stale_form_is_refused_and_kept(web, world):
    csrf = sign_in(web, world.users["admin"])
    first = web.post("/admin/arkivering", data={
        "csrf_token": csrf, "version": "1", "organisation_number": "212000-0142",
        "submission_agreement_ref": ""})
    assert first.status_code == 303
    stale = web.post("/admin/arkivering", data={
        "csrf_token": csrf, "version": "1", "organisation_number": "202100-5448",
        "submission_agreement_ref": "RA 2026/1"})
    assert stale.status_code == 409
    assert "Ändringarna sparades inte" in stale.text and 'value="202100-5448"' in stale.text
    assert "organisationsnummer 212000-0142" in stale.text
    assert _organisation(web, world)["organisation_number"] == "212000-0142"
    forged = web.post("/admin/arkivering", data={"version": "2", "organisation_number": ""})
    assert forged.status_code == 403
