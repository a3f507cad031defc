"""The editor keeps what was typed through the idle timeout, in Chromium, with the timeout
set to a few seconds through the settings: the text comes back after signing in again, and
typing alone keeps the session alive.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from frontend.config import FrontendSettings
from tests.e2e.conftest import Live, live_server
from tests.e2e.editor_steps import RESTORED, report_editor, save, summary_of, type_into
from tests.e2e.helpers import assert_accessible, flash_says, sign_in
from tests.factories import PASSWORD

IDLE = 8  # seconds; enough for a busy machine between two steps


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = FrontendSettings(session_idle_seconds=IDLE)
    with live_server(tmp_path_factory.mktemp("editor"), settings) as server:
        yield server


@pytest.fixture(scope="module")
def editor(live: Live) -> str:
    return report_editor(live)


def test_text_typed_before_the_idle_timeout_is_back_after_signing_in(page: Page, live: Live,
                                                                     editor: str) -> None:
    sign_in(page, live, "contact")
    page.goto(editor)
    type_into(page, "Skrivet innan jag blev utloggad.")
    page.wait_for_timeout((IDLE + 1) * 1000)
    page.get_by_role("button", name="Spara utkast").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    flash_says(page, "inte har varit aktiv")
    page.get_by_label("E-postadress").fill(live.emails["contact"])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(summary_of(page)).to_have_value("Skrivet innan jag blev utloggad.")
    expect(page.locator("#save-state-text")).to_have_text("Osparade ändringar")
    assert_accessible(page, "Redigera rapport (återställd text)")
    save(page)
    expect(summary_of(page)).to_have_value("Skrivet innan jag blev utloggad.")
    page.reload()
    expect(summary_of(page)).to_have_value("Skrivet innan jag blev utloggad.")
    expect(page.get_by_text(RESTORED)).to_have_count(0)


def test_typing_keeps_the_session_alive_past_the_idle_timeout(page: Page, live: Live,
                                                              editor: str) -> None:
    sign_in(page, live, "contact")
    page.goto(editor)
    before = summary_of(page).input_value()
    summary_of(page).click()
    page.keyboard.press("End")
    for _ in range(2 * IDLE + 2):  # one key a second, for more than twice the idle time
        page.keyboard.type(".")
        page.wait_for_timeout(1000)
    save(page)
    expect(summary_of(page)).to_have_value(before + "." * (2 * IDLE + 2))
