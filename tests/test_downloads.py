"""Downloads named in Swedish: the compilation, an accepted report, the archive, the calendar."""

from urllib.parse import quote

import pytest

from backend.core.downloads import attachment
from backend.models.enums import Role
from tests.auth.factories import client_credentials, create_service_account
from tests.factories import make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import drive


@pytest.mark.parametrize(("stem", "expected"), [
    ("Sammanställning 2026 – Exempelby kommun",
     'attachment; filename="Sammanstallning 2026 - Exempelby kommun.pdf"; '
     "filename*=UTF-8''Sammanst%C3%A4llning%202026%20%E2%80%93%20Exempelby%20kommun.pdf"),
    ('Ö/"vertorneå"\\kommun\r\n§ 4',
     'attachment; filename="O vertornea kommun par 4.pdf"; '
     "filename*=UTF-8''%C3%96%20vertorne%C3%A5%20kommun%20%C2%A7%204.pdf"),
    ("...", "attachment; filename=\"fil.pdf\"; filename*=UTF-8''fil.pdf"),
])
def test_a_file_name_is_swedish_with_an_ascii_fallback(stem: str, expected: str) -> None:
    assert attachment(stem, "pdf") == expected


def test_a_long_name_keeps_its_extension() -> None:
    assert attachment("Sammanställning " + "ä" * 400, "xlsx").endswith("%C3%A4.xlsx")


def _name(answer) -> str:  # type: ignore[no-untyped-def]
    return answer.headers["content-disposition"].split("filename*=UTF-8''")[1]


def test_the_compilation_files_carry_the_cycle_and_organisation(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    reports = list(reports_by_unit(client, world, cycle["id"]).values())
    drive(client, world, reports[0], 0, "accepted")
    coordinator = world.as_(Role.COORDINATOR)
    preview = client.get(f"/api/v1/cycles/{cycle['id']}/compilation.csv", headers=coordinator)
    assert preview.status_code == 200, preview.text
    organisation = world.organisation.name
    assert _name(preview) == quote(f"Sammanställning 2026 (utkast) – {organisation}.csv")
    drive(client, world, reports[1], 1, "exempted")
    compiled = client.post(f"/api/v1/cycles/{cycle['id']}/transitions",
                           json={"action": "compile"}, headers=coordinator)
    assert compiled.status_code == 200, compiled.text
    for extension in ("csv", "xlsx"):
        answer = client.get(f"/api/v1/cycles/{cycle['id']}/compilation.{extension}",
                            headers=world.as_(Role.VIEWER))
        assert answer.status_code == 200, answer.text
        assert _name(answer) == quote(f"Sammanställning 2026 – {organisation}.{extension}")


def test_an_accepted_report_is_a_pdf_for_whoever_may_read_it(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    reports = list(reports_by_unit(client, world, cycle["id"]).values())
    path = f"/api/v1/reports/{reports[0]['id']}/document.pdf"
    early = client.get(path, headers=world.as_("contact0"))
    assert early.status_code == 409
    assert early.headers["content-type"] == "application/problem+json"
    drive(client, world, reports[0], 0, "accepted")
    for who in ("contact0", "committee0", Role.COORDINATOR, Role.VIEWER):
        answer = client.get(path, headers=world.as_(who))
        assert answer.status_code == 200, (who, answer.text)
        assert answer.content.startswith(b"%PDF-")
        assert _name(answer) == quote(f"Rapport 2026 – {world.units[0].name}.pdf")
    assert client.get(path, headers=world.as_("contact1")).status_code == 404
    assert client.get(path).status_code == 401


def test_my_calendar_file_holds_the_due_dates_on_my_desk(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    answer = client.get("/api/v1/me/calendar.ics", headers=world.as_("contact0"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert _name(answer) == quote("Sista dagar i Samordna.ics")
    text = answer.text.replace("\r\n ", "")
    assert f"Sista dag: {world.units[0].name}\\, 2026" in text
    assert world.units[1].name not in text
    assert cycle["state"] == "open"
    empty = client.get("/api/v1/me/calendar.ics", headers=world.as_(Role.VIEWER))
    assert empty.status_code == 200 and "BEGIN:VEVENT" not in empty.text
    account = create_service_account(client, world, "events:read")
    machine = client_credentials(client, account["client_id"], account["client_secret"])
    answer = client.get("/api/v1/me/calendar.ics", headers={
        "Authorization": f"Bearer {machine.json()['access_token']}"})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
