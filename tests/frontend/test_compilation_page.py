"""The compilation page: the previous year beside every key figure, and the download links
each role may use."""

from sqlmodel import Session

from backend.models.enums import Role
from tests.compilation import dataset
from tests.factories import make_user, reports_by_unit
from tests.frontend.conftest import sign_in
from tests.reporting.helpers import drive

THIN, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


def _row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start:html.index("</tr>", start)]


def test_every_key_figure_has_the_previous_year_and_the_change_beside_it(web, session: Session):
    municipality = dataset.build(session)
    sign_in(web, make_user(session, municipality.organisation, Role.COUNCIL))
    page = web.get(f"/omgangar/{municipality.current.id}/sammanstallning")
    assert page.status_code == 200, page.text
    html = page.text
    assert ('<th scope="col">Nyckeltal</th><th scope="col" class="num">2026</th>'
            '<th scope="col" class="num">2025</th><th scope="col" class="num">Förändring</th>'
            ) in html
    assert "Jämförelsen avser 2025 (antagen KF 2026-04-28 § 46)." in html
    external = _row(html, "Extern finansiering")
    assert f"2{THIN}200{THIN}000{NBSP}kr" in external and f"1{THIN}000{THIN}000{NBSP}kr" in external
    assert f"+1{THIN}200{THIN}000{NBSP}kr" in external
    share = _row(html, "Andel projekt med extern finansiering")
    assert f"66,7{NBSP}%" in share and f"50{NBSP}%" in share
    assert f"+16,7{NBSP}procentenheter" in share
    exempted = _row(html, "Undantagna enheter")
    assert "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">+1</td>" in exempted
    assert html.count('<th scope="row">') >= 11


def test_the_first_cycle_shows_its_figures_without_a_comparison(web, world, cycle):
    report = reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]
    drive(web, world, report, 0, "accepted")
    sign_in(web, world.users[Role.VIEWER])
    html = web.get(f"/omgangar/{cycle['id']}/sammanstallning").text
    assert "Förändring" not in html and "Jämförelsen avser" not in html
    assert f"450{THIN}000{NBSP}kr" in _row(html, "Extern finansiering")
    assert MINUS not in _row(html, "Aktiviteter")


def test_each_role_sees_the_downloads_it_may_use(web, world, cycle):
    coordinator = world.as_(Role.COORDINATOR)
    reports = reports_by_unit(web, world, cycle["id"])
    accepted = drive(web, world, reports[str(world.units[0].id)], 0, "accepted")
    drive(web, world, reports[str(world.units[1].id)], 1, "exempted")
    compilation = f"/omgangar/{cycle['id']}/sammanstallning"
    sign_in(web, world.users[Role.COORDINATOR])
    assert f'href="{compilation}.pdf"' not in web.get(compilation).text  # open: no downloads
    assert web.post(f"/api/v1/cycles/{cycle['id']}/transitions", json={"action": "compile"},
                    headers=coordinator).status_code == 200
    for who in (Role.COORDINATOR, Role.COUNCIL, Role.VIEWER):
        sign_in(web, world.users[who])
        html = web.get(compilation).text
        for extension in ("pdf", "xlsx", "csv"):
            assert f'href="{compilation}.{extension}" hx-boost="false" download' in html
        assert "arkivpaket.zip" not in html  # not adopted yet
    adopted = web.post(f"/api/v1/cycles/{cycle['id']}/transitions", json={
        "action": "adopt", "decision_ref": "KS § 46", "decided_on": "2027-04-28"},
        headers=world.as_(Role.COUNCIL))
    assert adopted.status_code == 200, adopted.text
    for who, sees in ((Role.COORDINATOR, True), (Role.COUNCIL, False), (Role.VIEWER, False)):
        sign_in(web, world.users[who])
        assert (f'href="/omgangar/{cycle["id"]}/arkivpaket.zip"' in web.get(compilation).text
                ) is sees
    report_page = f"/rapporter/{accepted['id']}"
    for who in ("contact0", "committee0", Role.COORDINATOR):
        sign_in(web, world.users[who])
        assert f'href="{report_page}/rapport.pdf"' in web.get(report_page).text
    exempted = f"/rapporter/{reports[str(world.units[1].id)]['id']}"
    assert "rapport.pdf" not in web.get(exempted).text
    sign_in(web, world.users["contact1"])
    assert 'href="/kalender.ics"' in web.get("/").text


def test_a_download_the_role_may_not_have_shows_a_page_not_json(web, world, cycle):
    sign_in(web, world.users[Role.VIEWER])
    early = web.get(f"/omgangar/{cycle['id']}/arkivpaket.zip")
    assert early.status_code == 403
    assert early.headers["content-type"].startswith("text/html")
    assert "Du har inte behörighet" in early.text
    sign_in(web, world.users["contact1"])
    other = reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]
    missing = web.get(f"/rapporter/{other['id']}/rapport.pdf")
    assert missing.status_code == 404 and "Sidan finns inte" in missing.text
