"""Every download link, clicked in Chromium by the role that uses it: the file arrives with
its Swedish name and holds what it should."""

import csv
import io
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Download, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import Live
from tests.e2e.helpers import assert_accessible, sign_in
from tests.factories import COMPLETE_CONTENT, PASSWORD, deadlines
from tests.reporting.helpers import PATHS

ORGANISATION = "Exempelby kommun"
LONG_AREA = "Politisk påverkan och omvärldsbevakning i Europa"


class Setup:
    """The cycle driven through the API, as the people who do each step."""

    def __init__(self, live: Live) -> None:
        self.client = httpx.Client(base_url=f"{live.url}/api/v1", timeout=60)
        self.headers = {who: self._token(email) for who, email in live.emails.items()}
        self.cycle_id = ""
        self.reports: list[dict] = []

    def _token(self, email: str) -> dict[str, str]:
        answer = self.client.post("/auth/token", data={
            "grant_type": "password", "username": email, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def post(self, who: str, path: str, body: dict, version: int | None = None) -> dict:
        headers = {**self.headers[who], **({"If-Match": f'"{version}"'} if version else {})}
        answer = self.client.post(path, json=body, headers=headers)
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())

    def open_cycle(self) -> None:
        created = self.post("coordinator", "/cycles", {"label": "2026", **deadlines()})
        self.cycle_id = created["id"]
        self.post("coordinator", f"/cycles/{self.cycle_id}/transitions", {"action": "open"})
        listed = self.client.get(f"/cycles/{self.cycle_id}/reports",
                                 headers=self.headers["coordinator"])
        self.reports = listed.json()["items"]

    def adopt(self, unit_names: list[str]) -> None:
        area = self.post("admin", "/strategic-areas", {"name": LONG_AREA, "position": 0})
        activities = [{**COMPLETE_CONTENT["activities"][0], "strategic_area_ids": [area["id"]]},
                      *COMPLETE_CONTENT["activities"][1:]]
        for report in self.reports:
            if report["unit_name"] != unit_names[0]:
                self.post("coordinator", f"/reports/{report['id']}/transitions",
                          PATHS["exempted"][0][1])
                continue
            answer = self.client.put(f"/reports/{report['id']}/content",
                                     json={**COMPLETE_CONTENT, "activities": activities},
                                     headers={**self.headers["contact"],
                                              "If-Match": f'"{report["version"]}"'})
            assert answer.status_code == 200, answer.text
            for who, body in PATHS["accepted"]:
                self.post(who, f"/reports/{report['id']}/transitions", body)
        self.post("coordinator", f"/cycles/{self.cycle_id}/transitions", {"action": "compile"})
        self.post("council", f"/cycles/{self.cycle_id}/transitions", {
            "action": "adopt", "decision_ref": "KS 2027-04-28 § 46",
            "decided_on": "2027-04-28"})

    def report_of(self, unit_name: str) -> str:
        return next(str(r["id"]) for r in self.reports if r["unit_name"] == unit_name)


@pytest.fixture(scope="module")
def opened(live: Live) -> Iterator[Setup]:
    """The cycle open, the report on the contact person's desk (the calendar test comes
    first in this module, while there is a due date to show)."""
    prepared = Setup(live)
    prepared.open_cycle()
    yield prepared
    prepared.client.close()


@pytest.fixture(scope="module")
def setup(opened: Setup, live: Live) -> Setup:
    """The same cycle adopted: one report accepted, the other unit exempted."""
    opened.adopt(live.unit_names)
    return opened


def _download(page: Page, link: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=90_000) as info:  # a PDF under load takes a while
        page.get_by_role("link", name=link).click()
    download: Download = info.value
    assert download.failure() is None
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def _pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return " ".join(text.split())


def _compilation_page(page: Page, live: Live, setup: Setup, who: str) -> None:
    sign_in(page, live, who)
    page.goto(f"{live.url}/omgangar/{setup.cycle_id}/sammanstallning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanställning 2026")


def test_the_calendar_file_holds_the_contact_persons_due_date(
        page: Page, live: Live, opened: Setup) -> None:
    sign_in(page, live, "contact")
    name, body = _download(page, "Ladda ner dina sista dagar som kalenderfil (.ics)")
    assert name == "Sista dagar i Samordna.ics"
    text = body.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")
    assert f"SUMMARY:Sista dag: {live.unit_names[0]}\\, 2026" in unfolded


def test_the_coordinator_downloads_every_file_of_the_adopted_cycle(
        page: Page, live: Live, setup: Setup) -> None:
    _compilation_page(page, live, setup, "coordinator")
    assert_accessible(page, "Sammanställning (fastställd, med nedladdningar)")

    name, body = _download(page, "Sammanställningen som PDF")
    assert name == f"Sammanställning 2026 – {ORGANISATION}.pdf"
    text = _pdf_text(body)
    assert "2026" in text and "Digitala klassrum" in text

    name, body = _download(page, "Siffrorna som Excel (XLSX)")
    assert name == f"Sammanställning 2026 – {ORGANISATION}.xlsx"
    workbook = load_workbook(io.BytesIO(body))
    titles = [row[1] for row in workbook["Aktiviteter"].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["Digitala klassrum", "Eurocities Education"]

    name, body = _download(page, "Aktiviteterna som CSV")
    assert name == f"Sammanställning 2026 – {ORGANISATION}.csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Enhet", "Aktivitet"]
    assert {r[1] for r in rows[1:]} == {"Digitala klassrum", "Eurocities Education"}

    name, body = _download(page, "Arkivpaketet (ZIP)")
    assert name == f"Arkivpaket 2026 – {ORGANISATION}.zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        listed = archive.namelist()
        assert any(p.endswith("METS.xml") for p in listed)
        assert sum(p.endswith(".pdf") for p in listed) == 2  # the compilation and one report


@pytest.mark.parametrize("who", ["council", "viewer"])
def test_the_council_and_viewers_download_the_compilation_but_not_the_archive(
        page: Page, live: Live, setup: Setup, who: str) -> None:
    _compilation_page(page, live, setup, who)
    expect(page.get_by_role("link", name="Arkivpaketet (ZIP)")).to_have_count(0)
    name, body = _download(page, "Sammanställningen som PDF")
    assert name == f"Sammanställning 2026 – {ORGANISATION}.pdf"
    assert "Exempelby kommun" in _pdf_text(body)
    name, body = _download(page, "Aktiviteterna som CSV")
    assert "Digitala klassrum" in body.decode("utf-8-sig")


def test_the_contact_person_downloads_the_accepted_report(
        page: Page, live: Live, setup: Setup) -> None:
    sign_in(page, live, "contact")
    page.goto(f"{live.url}/rapporter/{setup.report_of(live.unit_names[0])}")
    assert_accessible(page, "Godtagen rapport med PDF-länk")
    name, body = _download(page, "Ladda ner rapporten som PDF")
    assert name == f"Rapport 2026 – {live.unit_names[0]}.pdf"
    text = _pdf_text(body)
    assert live.unit_names[0] in text and "Digitala klassrum" in text


def test_a_download_without_a_session_asks_for_the_login(live: Live, setup: Setup) -> None:
    answer = httpx.get(f"{live.url}/omgangar/{setup.cycle_id}/sammanstallning.pdf")
    assert answer.status_code == 303
    assert unquote(answer.headers["location"]).endswith(
        f"/omgangar/{setup.cycle_id}/sammanstallning.pdf")


LABELS_OF_CHARTS = """() => [...document.querySelectorAll('.chart__canvas svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    const bar = svg.querySelector('rect.bar');
    const barLeft = bar ? bar.getBoundingClientRect().left : box.right;
    return [...svg.querySelectorAll('g')].map(group => {
        const text = group.querySelector('text[text-anchor="end"]');
        const shown = text.getBoundingClientRect();
        return {title: group.querySelector('title').textContent,
                lines: [...text.querySelectorAll('tspan')].map(t => t.textContent),
                text: text.textContent, left: shown.left - box.left,
                gap: barLeft - shown.right, height: shown.height};
    });
}).flat()"""


@pytest.mark.parametrize("width", [320, 1366])
def test_chart_labels_are_whole_and_readable_on_a_phone_and_a_laptop(
        page: Page, live: Live, setup: Setup, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    _compilation_page(page, live, setup, "council")
    labels = page.evaluate(LABELS_OF_CHARTS)
    assert labels, "no chart labels found"
    for label in labels:
        shown = " ".join(label["lines"]) if label["lines"] else label["text"]
        assert shown == label["title"], label  # the whole name, never cut short
        assert label["left"] >= 0 and label["gap"] >= 0, label  # inside, clear of the bars
    [area] = [label for label in labels if label["title"] == LONG_AREA]
    assert len(area["lines"]) == 2
    # Text of at least 10 px: the chart scrolls sideways on a phone rather than shrink.
    assert min(label["height"] / max(len(label["lines"]), 1) for label in labels) >= 10
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"Sammanställning med diagram, {width} px")
