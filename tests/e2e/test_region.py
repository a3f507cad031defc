"""A region in Chromium: an admin of two organisations chooses one, invites the coordinator
of a third, who accepts on Mina uppgifter; a second invitation is withdrawn. axe on each page."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect
from sqlmodel import Session

from backend.core import db, migrations
from backend.core.db import make_engine, set_engine
from backend.models.enums import CycleState, ReportState, Role
from backend.notifications.smtp import get_mailer
from backend.organisations.service import grant
from frontend.main import backend_of, create_app
from tests.compilation.factories import cycle as cycle_of
from tests.compilation.factories import report as report_of
from tests.e2e.conftest import Live, serving
from tests.e2e.helpers import assert_accessible, flash_says, sign_in, sign_out
from tests.factories import make_organisation, make_unit, make_user
from tests.notifications.smtp_server import RecordingHandler, SmtpServer, free_port

# Two cores shared with the rest of the suite: a page may take longer than the 5 s default.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def mail() -> Iterator[SmtpServer]:
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpServer(handler, controller.port)
    controller.stop()


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory, mail: SmtpServer) -> Iterator[Live]:
    directory: Path = tmp_path_factory.mktemp("region")
    engine = make_engine(f"sqlite:///{directory / 'region.db'}")
    migrations.upgrade(engine)
    previous = db._engine
    set_engine(engine)
    live = Live(url="")
    with Session(engine, expire_on_commit=False) as session:
        habo = make_organisation(session, "Habo kommun")
        mullsjo = make_organisation(session, "Mullsjö kommun")
        jonkoping = make_organisation(session, "Jönköpings kommun")
        school = make_unit(session, habo, "Barn- och utbildningsnämnden")
        year = date.today().year
        current = cycle_of(session, habo, year, CycleState.OPEN)
        report_of(session, current, school, state=ReportState.DRAFT)
        admin = make_user(session, habo, Role.ADMIN, email="admin@habo.se")
        make_user(session, mullsjo, Role.ADMIN, email="admin@mullsjo.se")
        grant(session=session, user=admin, organisation=mullsjo, role=Role.ADMIN)
        make_user(session, jonkoping, Role.COORDINATOR, email="eu@jonkoping.se")
        shared = make_user(session, habo, Role.COORDINATOR, email="samordnare@region.se")
        grant(session=session, user=shared, organisation=mullsjo, role=Role.COORDINATOR)
        session.commit()
    live.emails = {"admin": "admin@habo.se", "coordinator": "eu@jonkoping.se",
                   "shared": "samordnare@region.se"}
    app = create_app()
    backend_of(app).dependency_overrides[get_mailer] = mail.mailer
    with serving(app) as url:
        live.url = url
        yield live
    set_engine(previous)
    engine.dispose()


def test_an_admin_of_two_chooses_one_and_invites_a_coordinator(page: Page, region: Live,
                                                                 mail: SmtpServer) -> None:
    sign_in(page, region, "admin")
    page.get_by_role("link", name="Administration").first.click()
    chooser = page.get_by_label("Organisation", exact=True)
    expect(chooser).to_have_value(page.locator("#organisation-choice option",
                                                has_text="Habo kommun").get_attribute("value"))
    chooser.select_option(label="Mullsjö kommun")
    page.get_by_role("button", name="Byt organisation").click()
    expect(page.locator(".lead")).to_contain_text("Mullsjö kommun")
    page.goto(f"{region.url}/admin")
    expect(page.locator(".lead")).to_contain_text("Mullsjö kommun")  # remembered this session
    chooser = page.get_by_label("Organisation", exact=True)
    chooser.select_option(label="Habo kommun")
    page.get_by_role("button", name="Byt organisation").click()
    expect(page.locator(".lead")).to_contain_text("Habo kommun")

    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.locator("#invite-email-error")).to_contain_text("e-postadress")
    expect(page.locator("#invite-role-error")).to_contain_text("Välj en roll")
    page.get_by_label("E-postadress", exact=True).fill("eu@jonkoping.se")
    page.locator("#invite-role").select_option(label="EU-samordnare")
    page.get_by_role("button", name="Skicka inbjudan").click()
    flash_says(page, "En inbjudan är skickad till eu@jonkoping.se")
    row = page.get_by_role("row", name="eu@jonkoping.se")
    expect(row).to_contain_text("Väntar på svar")
    assert "Habo kommun" in mail.handler.to("eu@jonkoping.se")[-1].message["Subject"]

    page.get_by_label("E-postadress", exact=True).fill("fel.adress@habo.se")
    page.locator("#invite-role").select_option(label="Läsare")
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.get_by_role("button", name="Dra tillbaka inbjudan till fel.adress@habo.se").click()
    flash_says(page, "Inbjudan är tillbakadragen")
    expect(page.get_by_role("row", name="fel.adress@habo.se")).to_contain_text("Tillbakadragen")
    assert_accessible(page, "Administration med organisationsval och inbjudningar")
    sign_out(page)

    sign_in(page, region, "coordinator")
    banner = page.get_by_role("region", name="Inbjudan från Habo kommun")
    expect(banner).to_contain_text("EU-samordnare")
    assert_accessible(page, "Mina uppgifter med en inbjudan")
    banner.get_by_role("button", name="Tacka ja").click()
    flash_says(page, "Välkommen!")
    expect(page.get_by_role("region", name="Inbjudan från Habo kommun")).to_have_count(0)
    expect(page.locator(".lead")).to_contain_text("i alla dina organisationer")
    sign_out(page)

    sign_in(page, region, "admin")
    page.get_by_role("link", name="Administration").first.click()
    invitations = page.get_by_role("table", name="Inbjudningar till Habo kommun, de senaste först")
    expect(invitations.get_by_role("row", name="eu@jonkoping.se")).to_contain_text("Accepterad")
    expect(page.get_by_role("row", name="eu@jonkoping.se").first).to_contain_text(
        "EU-samordnare")


def test_a_shared_coordinator_creates_a_cycle_in_the_organisation_chosen(
        page: Page, region: Live) -> None:
    sign_in(page, region, "shared")
    page.get_by_role("link", name="Rapporteringsomgångar").first.click()
    page.get_by_label("Organisation", exact=True).select_option(label="Mullsjö kommun")
    page.get_by_role("button", name="Byt organisation").click()
    expect(page.locator("#h-new ~ p strong").first).to_have_text("Mullsjö kommun")
    page.get_by_label("Benämning").fill("2027")
    page.get_by_role("button", name="Skapa omgången").click()
    expect(page.get_by_text("Fel: Ange inlämning till EU-samordnaren.")).to_be_visible()
    expect(page.locator("#h-new ~ p strong").first).to_have_text("Mullsjö kommun")
    labels = ["Rapporten klar (kontaktperson)", "Nämndens beslut",
              "Inlämning till EU-samordnaren", "EU-samordnarens granskning",
              "Kommunstyrelsens beslut"]
    first = date.today() + timedelta(days=60)
    for weeks, text in enumerate(labels):
        page.get_by_label(text).fill((first + timedelta(weeks=weeks)).isoformat())
    page.get_by_role("button", name="Skapa omgången").click()
    flash_says(page, "Omgång 2027 är skapad")
    page.get_by_role("link", name="Rapporteringsomgångar").first.click()
    row = page.get_by_role("row", name="Omgång 2027")
    expect(row).to_contain_text("Mullsjö kommun")
    assert_accessible(page, "Omgångar för en samordnare i två organisationer")


def test_the_region_overview_leads_into_each_dashboard(page: Page, region: Live) -> None:
    sign_in(page, region, "shared")
    page.get_by_role("link", name="Regionöversikt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionöversikt")
    habo = page.get_by_role("row", name="Habo kommun")
    expect(habo).to_contain_text("Öppen")
    expect(habo).to_contain_text("Utkast: 1")
    expect(page.get_by_role("row", name="Mullsjö kommun")).to_be_visible()
    assert_accessible(page, "Regionöversikt")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, "Regionöversikt i 320 px")
    page.set_viewport_size({"width": 1280, "height": 900})
    habo.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(date.today().year))
