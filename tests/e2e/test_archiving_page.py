"""Administration › Arkivering in Chromium, with axe: an admin sets what the archive names."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.helpers import assert_accessible, flash_says, sign_in


@pytest.mark.e2e
def test_an_admin_sets_the_organisation_number_and_agreement(page: Page, live: Live) -> None:
    sign_in(page, live, "admin")
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Arkivering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkivering")
    assert_accessible(page, "Arkivering")
    page.get_by_label("Organisationsnummer").fill("212000-0143")
    page.get_by_role("button", name="Spara uppgifterna").click()
    expect(page.locator(".error-summary")).to_contain_text("Organisationsnumret stämmer inte")
    assert_accessible(page, "Arkivering med fel")
    page.get_by_label("Organisationsnummer").fill("2120000142")
    page.get_by_label("Leveransöverenskommelse").fill("KS 2026/0815")
    page.get_by_role("button", name="Spara uppgifterna").click()
    flash_says(page, "Uppgifterna för arkivering är sparade.")
    expect(page.get_by_label("Organisationsnummer")).to_have_value("212000-0142")
    expect(page.get_by_label("Leveransöverenskommelse")).to_have_value("KS 2026/0815")
