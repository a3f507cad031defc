"""Steps the editor's keep-the-text tests share: a report to edit, typing, saving."""

import httpx
from playwright.sync_api import Locator, Page

from tests.e2e.conftest import Live
from tests.e2e.helpers import flash_says
from tests.factories import PASSWORD, deadlines

RESTORED = "Vi återställde det du skrev"
DRAFTS = "Object.keys(sessionStorage).filter(k => k.startsWith('samordna:utkast:')).length"


def report_editor(live: Live) -> str:
    """Opens a cycle through the API; the URL of the contact person's report editor."""
    with httpx.Client(base_url=live.url) as client:
        token = client.post("/api/v1/auth/token", data={
            "grant_type": "password", "username": live.emails["coordinator"],
            "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        cycle = client.post("/api/v1/cycles", json={"label": "2026", **deadlines()},
                            headers=headers).json()
        client.post(f"/api/v1/cycles/{cycle['id']}/transitions", json={"action": "open"},
                    headers=headers).raise_for_status()
        reports = client.get(f"/api/v1/cycles/{cycle['id']}/reports", headers=headers).json()
    report = next(r for r in reports["items"] if r["unit_name"] == live.unit_names[0])
    return f"{live.url}/rapporter/{report['id']}/redigera"


def summary_of(page: Page) -> Locator:
    return page.get_by_label("Sammanfatta årets internationella arbete")


def type_into(page: Page, text: str) -> None:
    """Typed by keyboard, as a person does (a page may only warn after real input)."""
    summary_of(page).click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def save(page: Page) -> None:
    page.get_by_role("button", name="Spara utkast").click()
    flash_says(page, "Utkastet är sparat.")
    assert page.evaluate(DRAFTS) == 0
