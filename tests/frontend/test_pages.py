from datetime import date

from frontend.dates import days_left_text, long_date, non_working_reason
from tests.factories import COMPLETE_CONTENT, reports_by_unit
from tests.frontend.conftest import sign_in


def test_start_page_lists_the_contact_persons_report(web, world, cycle):
    sign_in(web, world.users["contact0"])
    page = web.get("/")
    assert page.status_code == 200, page.text
    assert "Fyll i rapporten och skicka den till nämnden" in page.text
    assert f"Rapport från {world.units[0].name}" in page.text
    assert world.units[1].name not in page.text
    assert "dagar kvar" in page.text and "task--later" in page.text


def test_coordinators_desk_and_an_empty_desk(web, world, cycle):
    sign_in(web, world.users["committee0"])
    assert "Du har inga uppgifter just nu" in web.get("/").text
    rid = reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]["id"]
    web.put(f"/api/v1/reports/{rid}/content", json=COMPLETE_CONTENT,
            headers={**world.as_("contact0"), "If-Match": '"1"'})
    for who, body in [("contact0", {"action": "send_to_committee"}),
                      ("committee0", {"action": "approve", "decision_ref": "BUN § 1"}),
                      ("contact0", {"action": "submit"})]:
        assert web.post(f"/api/v1/reports/{rid}/transitions", json=body,
                        headers=world.as_(who)).status_code == 200
    sign_in(web, world.users["coordinator"])
    page = web.get("/")
    assert "Granska rapporten" in page.text and f"/rapporter/{rid}" in page.text


def test_anonymous_visitors_are_sent_to_login_and_unknown_pages_are_404(web):
    assert web.get("/").headers["location"] == "/logga-in"
    assert web.get("/omgangar").headers["location"] == "/logga-in?nasta=/omgangar"
    missing = web.get("/finns-inte")
    assert missing.status_code == 404 and "Sidan finns inte" in missing.text


def test_accessibility_statement_has_what_the_law_asks_for(web):
    page = web.get("/tillganglighet")
    assert page.status_code == 200
    for needed in ("lagen (2018:1937) om tillgänglighet till digital offentlig service",
                   "delvis förenlig", "Innehåll som inte är tillgängligt",
                   "Rapportera brister", "digg.se", "Tillsyn"):
        assert needed in page.text
    assert 'href="/tillganglighet"' in web.get("/logga-in").text


def test_dashboard_answers_page_boost_and_fragment(web, world, cycle):
    sign_in(web, world.users["coordinator"])
    url = f"/omgangar/{cycle['id']}"
    full = web.get(url)
    assert full.status_code == 200 and "<html" in full.text
    assert "0 av 2 rapporter är klara" in full.text and "<progress" in full.text
    assert full.text.count("matrix__cell--current") == 2
    boosted = web.get(url, headers={"HX-Request": "true", "HX-Boosted": "true",
                                    "HX-Target": "main"})
    assert boosted.text.startswith("<title>") and "<html" not in boosted.text
    assert '<main id="main"' in boosted.text
    fragment = web.get(url + "?state=submitted", headers={"HX-Request": "true",
                                                          "HX-Target": "report-matrix"})
    assert fragment.text.lstrip().startswith('<div id="report-matrix"')
    assert "Inga rapporter med valda filter" in fragment.text
    for answer in (full, boosted, fragment):
        assert "HX-Request" in answer.headers["vary"]
    kind = web.get(url + "?unit_kind=company")
    assert "Inga rapporter med valda filter" in kind.text


def test_deadline_set_up_warns_about_weekends_and_holidays(web, world, cycle):
    csrf = sign_in(web, world.users["coordinator"])
    warning = web.post("/omgangar/datumkontroll", headers={"HX-Request": "true",
                                                           "X-CSRF-Token": csrf},
                       data={"field": "council_due", "council_due": "2027-06-25"})
    assert "25 juni 2027 är en helgdag (Midsommarafton)" in warning.text
    page = web.get(f"/omgangar/{cycle['id']}/tidsplan")
    assert page.status_code == 200 and 'name="version"' in page.text
    bad = web.post(f"/omgangar/{cycle['id']}/tidsplan", data={
        "csrf_token": csrf, "draft_due": "2027-03-01", "committee_due": "2027-02-01",
        "submit_due": "2027-03-05", "review_due": "2027-03-12", "council_due": "2027-04-24"})
    assert bad.status_code == 422
    assert "Datumen måste komma i ordning" in bad.text
    assert "24 april 2027 är en lördag" in bad.text


def test_creating_a_cycle_from_the_form(web, world):
    csrf = sign_in(web, world.users["coordinator"])
    created = web.post("/omgangar", data={
        "csrf_token": csrf, "label": "2030", "draft_due": "2031-01-31",
        "committee_due": "2031-02-21", "submit_due": "2031-02-28", "review_due": "2031-03-14",
        "council_due": "2031-04-25"})
    assert created.status_code == 303, created.text
    page = web.get(created.headers["location"])
    assert "Rapporteringsomgång 2030" in page.text and "Öppna omgången" in page.text
    confirm = web.post(created.headers["location"] + "/atgard",
                       data={"csrf_token": csrf, "action": "open"})
    assert "Ja, öppna omgången" in confirm.text  # irreversible: confirmed first
    assert "Planerad" in web.get(created.headers["location"]).text


def test_council_sees_the_compilation_page(web, world, cycle):
    sign_in(web, world.users["council"])
    page = web.get(f"/omgangar/{cycle['id']}/sammanstallning")
    assert page.status_code == 200
    assert "Sammanställning 2026" in page.text
    assert "Anta sammanställningen" not in page.text  # not compiled yet: nothing to decide


def test_admin_lists_units_and_users(web, world):
    csrf = sign_in(web, world.users["admin"])
    page = web.get("/admin")
    assert page.status_code == 200, page.text
    assert world.units[0].name in page.text
    added = web.post("/admin/enheter", data={"csrf_token": csrf, "name": "Miljönämnden",
                                             "kind": "committee"})
    assert added.status_code == 303, added.text
    assert "Miljönämnden" in web.get("/admin").text
    assert web.post("/admin/enheter", data={"csrf_token": csrf, "name": ""}).status_code == 422
    sign_in(web, world.users["contact0"])
    assert web.get("/admin").status_code == 403


def test_swedish_dates():
    assert long_date("2027-02-19") == "19 februari 2027"
    assert days_left_text(-1) == "1 dag försenad" and days_left_text(3) == "3 dagar kvar"
    assert days_left_text(0) == "Ska vara klar i dag"
    assert non_working_reason(date(2027, 12, 24)) == "en helgdag (Julafton)"
    assert non_working_reason(date(2027, 2, 20)) == "en lördag"
    assert non_working_reason(date(2027, 2, 19)) is None


def test_the_compilation_page_shows_charts_with_their_tables_and_unit_summaries(
        web, world, session):
    from tests.factories import COMPLETE_CONTENT, open_cycle, reports_by_unit
    from tests.frontend.conftest import sign_in
    from tests.reporting.helpers import drive

    cycle = open_cycle(web, world)
    report = reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]
    drive(web, world, report, 0, "accepted")
    sign_in(web, world.users["council"])
    page = web.get(f"/omgangar/{cycle['id']}/sammanstallning")
    assert page.status_code == 200
    html = page.text
    assert html.count('<svg') >= 3 and 'role="img"' in html
    assert "Visa siffrorna som tabell" in html and "<caption>" in html
    assert world.units[0].name in html and COMPLETE_CONTENT["summary"] in html
    assert "style=" not in html  # the strict CSP allows no inline styles
