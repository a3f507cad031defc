"""Logga in med organisationens konto, in Chromium against a real OpenID Provider: the admin
sets it up on Administration › Inloggning, a coordinator signs in through the provider and
lands on Mina uppgifter, someone without a role gets the Swedish page, logout offers the
provider's logout."""

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.helpers import assert_accessible, flash_says, sign_in
from tests.oidc_provider import OpenIdProvider

PROVIDER_NAME = "Exempelby kommun"


@pytest.fixture(scope="module")
def configured(live: Live, browser, openid_provider: OpenIdProvider) -> Live:  # type: ignore[no-untyped-def]
    """The admin turns single sign-on on through the admin page, as an admin would."""
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    sign_in(page, live, "admin")
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Inloggning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggning")
    assert_accessible(page, "Administration › Inloggning")
    page.get_by_label("Namn på knappen").fill(PROVIDER_NAME)
    page.get_by_label("Utfärdare (issuer)").fill("https://127.0.0.1:1")
    page.get_by_label("Program-id (client id)").fill("samordna")
    page.get_by_label("Klienthemlighet").fill("provider-secret-123")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".error-summary")).to_contain_text("svarar inte")
    assert_accessible(page, "Administration › Inloggning med fel")
    page.get_by_label("Utfärdare (issuer)").fill(openid_provider.url)
    page.get_by_label("Klienthemlighet").fill("provider-secret-123")
    page.get_by_label("E-postdomäner").fill("exempelby.se")
    page.get_by_label("Koppla första inloggningen").check()
    page.get_by_role("button", name="Spara").click()
    flash_says(page, "Inloggningen med organisationens konto är sparad.")
    expect(page.get_by_text(f"{live.url}/logga-in/sso")).to_be_visible()
    context.close()
    return live


@pytest.mark.e2e
def test_a_coordinator_signs_in_with_the_municipality_account_and_logs_out_there_too(
        page: Page, configured: Live, openid_provider: OpenIdProvider) -> None:
    sub = f"kim-{uuid.uuid4()}"
    openid_provider.set_user(sub, email=configured.emails["coordinator"], name="Kim")
    page.goto(f"{configured.url}/logga-in")
    assert_accessible(page, "Logga in med knapp för organisationens konto")
    page.get_by_role("link", name=f"Logga in med {PROVIDER_NAME}").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina uppgifter")
    assert page.url == f"{configured.url}/"
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är utloggad från Samordna")
    assert_accessible(page, "Utloggad, med utloggning hos organisationen")
    page.get_by_role("link", name="Logga ut även från organisationens konto").click()
    assert page.url.startswith(f"{openid_provider.url}/oauth2/end_session")
    page.goto(f"{configured.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


@pytest.mark.e2e
def test_the_e_mail_domain_leads_to_the_provider_and_no_role_gets_a_swedish_page(
        page: Page, configured: Live, openid_provider: OpenIdProvider) -> None:
    sub = f"ny-{uuid.uuid4()}"
    openid_provider.set_user(sub, email="ny.person@exempelby.se")
    page.goto(f"{configured.url}/logga-in")
    page.get_by_label("E-postadress").fill("ny.person@exempelby.se")
    page.get_by_role("button", name="Använd organisationens konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fortsätt till inloggningen")
    assert_accessible(page, "Fortsätt till organisationens inloggning")
    page.get_by_role("link", name="Fortsätt till organisationens inloggning").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Du har ingen roll i Samordna ännu")
    expect(page.locator("main")).to_contain_text(configured.emails["admin"])
    assert_accessible(page, "Ingen roll i Samordna ännu")
    page.goto(f"{configured.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
