"""Steps the journeys share: logging in and out, and axe-core checks."""

import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import WCAG_TAGS, Live
from tests.factories import PASSWORD

_axe = Axe()
checked: list[str] = []


def assert_accessible(page: Page, where: str) -> None:
    """axe-core, WCAG 2.1 A and AA rules: no violations."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                      "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"
    checked.append(where)
    # E2E_SCREENSHOTS=/some/dir keeps a full-page picture of every checked page for review.
    if os.environ.get("E2E_SCREENSHOTS"):
        name = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
        page.screenshot(path=str(Path(os.environ["E2E_SCREENSHOTS"]) /
                                 f"{len(checked):02d}-{name}.png"), full_page=True,
                        caret="initial", animations="allow")


def sign_in(page: Page, live: Live, who: str) -> None:
    page.goto(f"{live.url}/logga-in")
    page.get_by_label("E-postadress").fill(live.emails[who])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina uppgifter")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()


def state_is(page: Page, text: str) -> None:
    expect(page.locator(".facts .badge").first).to_have_text(text)


def flash_says(page: Page, text: str) -> None:
    expect(page.locator(".flash")).to_contain_text(text)
