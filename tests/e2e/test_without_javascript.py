"""The core path works without JavaScript; the remaining pages pass axe too."""

from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Live
from tests.e2e.helpers import assert_accessible, flash_says, sign_in, sign_out, state_is
from tests.factories import PASSWORD


@pytest.fixture(scope="module")
def opened(live: Live) -> Live:
    """An open cycle, set up through the API as a coordinator would."""
    with httpx.Client(base_url=live.url) as api:
        token = api.post("/api/v1/auth/token", data={
            "grant_type": "password", "username": live.emails["coordinator"],
            "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        start = date.today() + timedelta(days=30)
        dates = {name: (start + timedelta(days=14 * i)).isoformat() for i, name in enumerate(
            ("draft_due", "committee_due", "submit_due", "review_due", "council_due"))}
        cycle = api.post("/api/v1/cycles", json={"label": "2026", **dates}, headers=headers)
        assert cycle.status_code == 201, cycle.text
        opened = api.post(f"/api/v1/cycles/{cycle.json()['id']}/transitions",
                          json={"action": "open"}, headers=headers)
        assert opened.status_code == 200, opened.text
    return live


@pytest.mark.e2e
def test_contact_person_reports_without_javascript(browser: Browser, opened: Live) -> None:
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    sign_in(page, opened, "contact")
    page.get_by_role("link", name="Fyll i rapporten och skicka den till nämnden").click()
    page.get_by_label("Sammanfatta årets internationella arbete").fill("Ett vänortsutbyte.")
    page.get_by_role("button", name="+ Lägg till aktivitet").click()  # a full form post
    expect(page.locator("#save-state-text")).to_have_text("Osparade ändringar")
    expect(page.get_by_label("Sammanfatta årets internationella arbete")).to_have_value(
        "Ett vänortsutbyte.")
    row = page.locator(".activity-edit")
    row.get_by_label("Namn på aktiviteten").fill("Vänort Tartu")
    row.get_by_label("Typ av aktivitet").select_option(label="Vänort")
    row.get_by_label("Länder").fill("Estland")
    row.get_by_role("button", name="Klar med aktiviteten").click()
    expect(page.locator(".activity-row")).to_contain_text("Vänort Tartu")
    page.get_by_role("button", name="Spara utkast").click()
    flash_says(page, "Utkastet är sparat.")
    expect(page.locator("#save-state-text")).to_contain_text("Alla ändringar är sparade")
    page.get_by_role("button", name="Spara och skicka till nämnden").click()
    flash_says(page, "Rapporten är skickad till nämnden")
    state_is(page, "Hos nämnden")
    context.close()


@pytest.mark.e2e
def test_remaining_pages_pass_axe(page: Page, opened: Live) -> None:
    page.goto(f"{opened.url}/logga-in")
    assert_accessible(page, "Logga in")
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.get_by_text("Fyll i både e-postadress och lösenord.")).to_be_visible()
    assert_accessible(page, "Logga in med fel")
    page.goto(f"{opened.url}/tillganglighet")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighetsredogörelse")
    assert_accessible(page, "Tillgänglighetsredogörelse")
    sign_in(page, opened, "admin")
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert_accessible(page, "Administration")
    page.get_by_role("button", name="Lägg till enheten").click()
    expect(page.get_by_text("Skriv enhetens namn.").first).to_be_visible()
    assert_accessible(page, "Administration med fel")
    page.goto(f"{opened.url}/rapporter/00000000-0000-0000-0000-000000000000")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert_accessible(page, "Sidan finns inte")
    sign_out(page)
    sign_in(page, opened, "coordinator")
    page.get_by_role("link", name="Rapporteringsomgångar", exact=True).click()
    page.get_by_role("link", name="Omgång 2026").click()
    page.get_by_role("link", name="Ändra tidsplanen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tidsplan")
    assert_accessible(page, "Tidsplan")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name=opened.unit_names[0]).click()
    page.get_by_text("Förläng tiden för rapportens nuvarande steg").click()
    page.get_by_label("Ny sista dag").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_label("Skäl till förlängningen").fill("Nämndens möte flyttades.")
    page.get_by_role("button", name="Förläng tiden").click()
    flash_says(page, "Ny sista dag")
    expect(page.locator(".timeline")).to_contain_text("Nämndens möte flyttades.")
    assert_accessible(page, "Rapport efter förlängning")
