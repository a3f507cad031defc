"""Admin › Påminnelser and Integrationer, Påminn nu and the calendar link, in Chromium with axe."""

import re
import time
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.helpers import assert_accessible, flash_says, sign_in
from tests.factories import PASSWORD

HOST = "diarium.kommun.local"


def _headers(api: httpx.Client, live: Live, who: str) -> dict[str, str]:
    token = api.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": live.emails[who],
        "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    # The server runs in another thread on SQLite: wait until the new session row is visible.
    deadline = time.monotonic() + 5
    while api.get("/api/v1/me", headers=headers).status_code == 401:
        assert time.monotonic() < deadline, f"the token of {who} never became valid"
        time.sleep(0.1)
    return headers


@pytest.fixture(scope="module")
def prepared(live: Live) -> Live:
    """An internal host the admin allows for webhooks (no DNS in the tests), and a cycle."""
    with httpx.Client(base_url=live.url) as api:
        admin = _headers(api, live, "admin")
        organisation_id = api.get("/api/v1/me", headers=admin).json()[
            "memberships"][0]["organisation_id"]
        etag = api.get(f"/api/v1/organisations/{organisation_id}",
                       headers=admin).headers["etag"]
        allowed = api.put(f"/api/v1/organisations/{organisation_id}/webhook-hosts",
                          json={"hosts": [HOST]}, headers={**admin, "If-Match": etag})
        assert allowed.status_code == 200, allowed.text
        coordinator = _headers(api, live, "coordinator")
        start = date.today() + timedelta(days=30)
        dates = {name: (start + timedelta(days=14 * i)).isoformat() for i, name in enumerate(
            ("draft_due", "committee_due", "submit_due", "review_due", "council_due"))}
        cycle = api.post("/api/v1/cycles", json={"label": "2027", **dates},
                         headers=coordinator)
        assert cycle.status_code == 201, cycle.text
        live.cycle_id = cycle.json()["id"]  # type: ignore[attr-defined]
    return live


def _open_cycle(live: Live) -> None:
    """Opens the cycle unless an earlier test did (its cycle.opened reaches the webhook)."""
    cycle = f"/api/v1/cycles/{live.cycle_id}"  # type: ignore[attr-defined]
    with httpx.Client(base_url=live.url) as api:
        headers = _headers(api, live, "coordinator")
        found = api.get(cycle, headers=headers)
        assert found.status_code == 200, found.text
        if found.json()["state"] != "planned":
            return
        opened = api.post(f"{cycle}/transitions", json={"action": "open"}, headers=headers)
        assert opened.status_code == 200, opened.text


def _pause_webhooks(live: Live) -> None:
    """What an integrator's script might do: pause every webhook through the API."""
    with httpx.Client(base_url=live.url) as api:
        admin = _headers(api, live, "admin")
        for hook in api.get("/api/v1/webhooks", headers=admin).json()["items"]:
            paused = api.patch(f"/api/v1/webhooks/{hook['id']}", json={"active": False},
                               headers={**admin, "If-Match": f'"{hook["version"]}"'})
            assert paused.status_code == 200, paused.text


@pytest.mark.e2e
def test_reminder_policy_page_passes_axe(page: Page, prepared: Live) -> None:
    sign_in(page, prepared, "admin")
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Påminnelser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Påminnelser")
    expect(page.get_by_label("Dagar före sista dagen")).to_have_value("14, 3, 0")
    assert_accessible(page, "Påminnelser")
    page.get_by_label("Dagar före sista dagen").fill("14, tre")
    page.get_by_role("button", name="Spara påminnelserna").click()
    expect(page.locator(".error-summary")).to_contain_text("Skriv hela dagar")
    assert_accessible(page, "Påminnelser med fel")
    page.get_by_label("Dagar före sista dagen").fill("10, 2, 0")
    page.get_by_role("button", name="Spara påminnelserna").click()
    flash_says(page, "Påminnelserna är sparade.")


@pytest.mark.e2e
def test_integrations_pages_pass_axe(page: Page, prepared: Live) -> None:
    sign_in(page, prepared, "admin")
    page.goto(f"{prepared.url}/admin/integrationer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationer")
    assert_accessible(page, "Integrationer")
    page.get_by_role("button", name="Skapa tjänstekontot").click()
    expect(page.locator(".error-summary")).to_contain_text("Välj minst en behörighet.")
    assert_accessible(page, "Integrationer med fel")
    page.get_by_label("Namn").fill("Public 360")
    page.get_by_label("Läsa rapporter", exact=True).check()
    page.get_by_label("Föra in diarienummer").check()
    page.get_by_role("button", name="Skapa tjänstekontot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjänstekontot Public 360 är skapat")
    expect(page.get_by_label("Hemlighet")).not_to_have_value("")
    assert_accessible(page, "Tjänstekontots hemlighet")
    page.get_by_role("link", name="Jag har kopierat uppgifterna").click()
    page.get_by_role("link", name="Förnya hemligheten för Public 360").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förnya hemligheten")
    assert_accessible(page, "Förnya hemligheten")
    page.get_by_label("Hur länge ska den gamla hemligheten fungera?").select_option("1 timme")
    page.get_by_role("button", name="Ja, förnya hemligheten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny hemlighet för Public 360")
    expect(page.locator(".lead")).to_contain_text("Den gamla hemligheten fungerar till och med")
    page.get_by_role("link", name="Jag har kopierat uppgifterna").click()

    page.get_by_label("Adress som tar emot händelserna").fill(f"https://{HOST}/samordna")
    page.get_by_label("Alla händelser, även nya som tillkommer").check()
    page.get_by_role("button", name="Lägg till webhooken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooken är skapad")
    expect(page.get_by_label("Signeringsnyckel")).to_have_value(
        re.compile(r"^whsec_"))
    page.get_by_role("link", name="Jag har kopierat uppgifterna").click()
    _open_cycle(prepared)  # cycle.opened: one delivery for the webhook
    page.get_by_role("link", name=f"Leveranser till https://{HOST}/samordna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leveranser till webhooken")
    expect(page.locator("tbody")).to_contain_text("Omgång öppnad")
    assert_accessible(page, "Webhookens leveranser")
    page.get_by_role("button", name=re.compile(r"^Skicka igen Omgång öppnad")).click()
    flash_says(page, "Händelsen skickas igen inom någon minut.")
    _pause_webhooks(prepared)
    page.reload()
    page.get_by_role("button", name="Aktivera webhooken igen").click()
    flash_says(page, "Webhooken är aktiv igen. Nya händelser skickas dit.")
    page.get_by_label("Alla händelser, även nya som tillkommer").uncheck()
    page.get_by_label("Omgång öppnad").check()
    page.get_by_role("button", name="Spara ändringarna").click()
    flash_says(page, "Ändringarna av webhooken är sparade.")
    expect(page.locator(".facts")).to_contain_text("Omgång öppnad")
    assert_accessible(page, "Webhooken efter ändringarna")
    page.get_by_role("link", name="Byt signeringsnyckel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Byt signeringsnyckel")
    assert_accessible(page, "Byt signeringsnyckel")
    page.get_by_label("Hur länge ska leveranserna signeras även med den gamla nyckeln?") \
        .select_option("1 timme")
    page.get_by_role("button", name="Ja, skapa en ny nyckel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny signeringsnyckel")
    expect(page.get_by_label("Signeringsnyckel")).to_have_value(re.compile(r"^whsec_"))
    expect(page.locator(".lead")).to_contain_text("både den nya och den gamla nyckeln")
    page.get_by_role("link", name="Jag har kopierat uppgifterna").click()
    page.get_by_role("link", name="Återkalla Public 360").click()
    assert_accessible(page, "Återkalla tjänstekontot")
    page.get_by_role("button", name="Ja, återkalla kontot").click()
    flash_says(page, "Tjänstekontot Public 360 är återkallat.")
    assert_accessible(page, "Integrationer med konto och webhook")
    page.get_by_role("link", name=f"Ta bort webhooken till https://{HOST}/samordna").click()
    assert_accessible(page, "Ta bort webhooken")
    page.get_by_role("button", name="Ja, ta bort webhooken").click()
    flash_says(page, "är borttagen")


@pytest.mark.e2e
def test_remind_now_passes_axe(page: Page, prepared: Live) -> None:
    _open_cycle(prepared)
    sign_in(page, prepared, "coordinator")
    page.goto(f"{prepared.url}/omgangar/{prepared.cycle_id}")  # type: ignore[attr-defined]
    assert_accessible(page, "Omgång med Påminn nu")
    page.get_by_role("button", name=f"Påminn nu om rapporten från {prepared.unit_names[0]}") \
        .click()
    flash_says(page, f"Påminnelsen skickas till kontaktpersonen för {prepared.unit_names[0]}.")
    page.get_by_role("button", name=f"Påminn nu om rapporten från {prepared.unit_names[0]}") \
        .click()
    flash_says(page, "En påminnelse skickades redan för mindre än en timme sedan.")
    assert_accessible(page, "Omgång efter Påminn nu")


@pytest.mark.e2e
def test_outbox_with_messages_passes_axe(page: Page, prepared: Live) -> None:
    sign_in(page, prepared, "admin")
    page.goto(f"{prepared.url}/admin/paminnelser")
    expect(page.locator("table.outbox tbody tr").first).to_be_visible()
    assert_accessible(page, "Påminnelser med utkorg")


@pytest.mark.e2e
def test_calendar_link_passes_axe(page: Page, prepared: Live) -> None:
    sign_in(page, prepared, "contact")
    expect(page.get_by_role("heading", name="Dina sista dagar i kalendern")).to_be_visible()
    page.get_by_role("button", name="Skapa eller förnya kalenderlänken").click()
    flash_says(page, "Din kalenderlänk är skapad.")
    link = page.get_by_label("Din privata kalenderlänk")
    expect(link).to_have_value(re.compile(r"/api/v1/calendar/.+\.ics$"))
    expect(link).to_be_focused()
    assert_accessible(page, "Mina uppgifter med kalenderlänk")
    page.get_by_role("button", name="Stäng av kalenderlänken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stäng av kalenderlänken")
    assert_accessible(page, "Stäng av kalenderlänken")
    page.get_by_role("button", name="Ja, stäng av länken").click()
    flash_says(page, "Kalenderlänken är avstängd.")
