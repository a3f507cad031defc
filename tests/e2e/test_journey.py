"""One report through the whole cycle, in real Chromium, role by role, with axe on each page."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Live
from tests.e2e.helpers import assert_accessible, flash_says, sign_in, sign_out, state_is


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _next_saturday(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7 or 7)


def _open_report(page: Page, task: str) -> None:
    page.get_by_role("link", name=task).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Årsrapport 2026")


def coordinator_sets_up_and_opens_the_cycle(page: Page, live: Live) -> None:
    sign_in(page, live, "coordinator")
    expect(page.get_by_text("Du har inga uppgifter just nu")).to_be_visible()
    assert_accessible(page, "Mina uppgifter (tom)")
    page.get_by_role("link", name="Rapporteringsomgångar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporteringsomgångar")
    assert_accessible(page, "Rapporteringsomgångar")
    start = _weekday(date.today() + timedelta(days=21))
    saturday = _next_saturday(start + timedelta(days=7))
    dates = [start, saturday, saturday + timedelta(days=9), saturday + timedelta(days=16),
             saturday + timedelta(days=30)]
    page.get_by_label("Benämning").fill("2026")
    labels = ["Rapporten klar (kontaktperson)", "Nämndens beslut",
              "Inlämning till EU-samordnaren", "EU-samordnarens granskning",
              "Kommunstyrelsens beslut"]
    for text, day in zip(labels, dates, strict=True):
        page.get_by_label(text).fill(day.isoformat())
        page.get_by_label(text).dispatch_event("change")
    # The weekend warning arrives by htmx while typing.
    expect(page.locator("#committee_due-warning")).to_contain_text("lördag")
    assert_accessible(page, "Ny omgång med helgvarning")
    monday = saturday + timedelta(days=2)
    page.get_by_label("Nämndens beslut").fill(monday.isoformat())
    page.get_by_label("Nämndens beslut").dispatch_event("change")
    expect(page.locator("#committee_due-warning")).to_be_empty()
    page.get_by_role("button", name="Skapa omgången").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporteringsomgång 2026")
    flash_says(page, "Omgång 2026 är skapad")
    expect(page.locator(".facts .badge")).to_have_text("Planerad")
    assert_accessible(page, "Omgång (planerad)")
    page.get_by_role("button", name="Öppna omgången").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Öppna omgången")
    assert_accessible(page, "Bekräfta öppna")
    page.get_by_role("button", name="Ja, öppna omgången").click()
    flash_says(page, "Omgången är öppnad")
    expect(page.locator(".facts .badge")).to_have_text("Öppen")
    expect(page.locator("#cycle-progress")).to_have_attribute("max", "2")
    expect(page.locator(".matrix tbody tr")).to_have_count(2)
    assert_accessible(page, "Omgångens översikt")
    # The other unit will not report this year: exempt it.
    page.get_by_role("link", name=live.unit_names[1]).click()
    page.get_by_text("Undanta enheten från rapporteringen").click()
    page.get_by_label("Skäl till undantaget").fill("Nämnden slogs ihop med en annan nämnd.")
    page.get_by_role("button", name="Undanta enheten").click()
    flash_says(page, "undantagen")
    state_is(page, "Undantagen")
    # Filters on the dashboard swap only the matrix (htmx) and keep the URL shareable.
    page.get_by_role("link", name="Omgång 2026").click()
    page.get_by_label("Status").select_option("exempted")
    expect(page.locator(".matrix tbody tr")).to_have_count(1)
    expect(page).to_have_url(lambda_url_contains("state=exempted"))
    assert_accessible(page, "Översikt filtrerad")
    sign_out(page)


def lambda_url_contains(part: str):  # type: ignore[no-untyped-def]
    import re

    return re.compile(f".*{re.escape(part)}.*")


def contact_fills_in_and_sends(page: Page, live: Live) -> None:
    sign_in(page, live, "contact")
    task = page.get_by_role("link", name="Fyll i rapporten och skicka den till nämnden")
    expect(page.locator(".task")).to_have_count(1)
    assert_accessible(page, "Mina uppgifter (kontaktperson)")
    task.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(live.unit_names[0])
    assert_accessible(page, "Rapportredigering")
    page.get_by_label("Sammanfatta årets internationella arbete").fill(
        "Nämnden deltog i ett Erasmus+-projekt och i ett europeiskt nätverk.")
    expect(page.locator("#save-state-text")).to_have_text("Osparade ändringar")
    add_activity(page, "Digitala klassrum", "EU-projekt", "Finland, Estland", "Erasmus+",
                 "450 000")
    assert_accessible(page, "Aktivitet tillagd (htmx)")
    add_activity(page, "Eurocities Education", "Nätverk", "Belgien", None, None)
    expect(page.locator(".activity-row")).to_have_count(2)
    # Other unsaved input survived the row swaps.
    expect(page.get_by_label("Sammanfatta årets internationella arbete")).to_have_value(
        "Nämnden deltog i ett Erasmus+-projekt och i ett europeiskt nätverk.")
    page.get_by_label("Planer för nästa år").fill(
        "Söka ett nytt Erasmus+-projekt för vuxenutbildningen.")
    page.get_by_role("button", name="Spara och skicka till nämnden").click()
    flash_says(page, "Rapporten är skickad till nämnden")
    state_is(page, "Hos nämnden")
    expect(page.locator(".activity-view")).to_have_count(2)
    assert_accessible(page, "Rapport (hos nämnden)")
    sign_out(page)


def add_activity(page: Page, title: str, kind: str, countries: str, programme: str | None,
                 external: str | None) -> None:
    page.get_by_role("button", name="+ Lägg till aktivitet").click()
    row = page.locator(".activity-edit").last
    title_field = row.get_by_label("Namn på aktiviteten")
    expect(title_field).to_be_focused()
    title_field.fill(title)
    row.get_by_label("Typ av aktivitet").select_option(label=kind)
    row.get_by_label("Länder").fill(countries)
    if programme:
        row.get_by_label("Program").select_option(label=programme)
    if external:
        row.get_by_label("Extern finansiering (kr)").fill(external)
    row.get_by_role("button", name="Klar med aktiviteten").click()
    expect(page.locator(".activity-row", has_text=title)).to_be_visible()
    expect(page.locator(".activity-row", has_text=title).get_by_role(
        "button", name="Ändra")).to_be_focused()


def committee_approves(page: Page, live: Live, decision_ref: str, first: bool) -> None:
    sign_in(page, live, "committee")
    _open_report(page, "Godkänn rapporten eller skicka tillbaka den")
    state_is(page, "Hos nämnden")
    assert_accessible(page, "Nämndens vy")
    if first:
        page.get_by_role("button", name="Godkänn", exact=True).click()
        expect(page.locator("#action-approve-decision_ref-error")).to_contain_text(
            "Skriv paragrafen")
        expect(page.get_by_label("Paragraf i protokollet")).to_have_attribute(
            "aria-invalid", "true")
        assert_accessible(page, "Nämndens vy med felmeddelande")
    page.get_by_label("Paragraf i protokollet").fill(decision_ref)
    page.get_by_role("button", name="Godkänn", exact=True).click()
    flash_says(page, "Rapporten är godkänd")
    state_is(page, "Godkänd av nämnden")
    sign_out(page)


def contact_submits(page: Page, live: Live) -> None:
    sign_in(page, live, "contact")
    _open_report(page, "Lämna in rapporten till EU-samordnaren")
    page.get_by_role("button", name="Lämna in till EU-samordnaren").click()
    flash_says(page, "inlämnad")
    state_is(page, "Inlämnad")
    sign_out(page)


def coordinator_returns(page: Page, live: Live) -> None:
    sign_in(page, live, "coordinator")
    _open_report(page, "Granska rapporten")
    assert_accessible(page, "Granskning")
    page.get_by_label("Vad behöver kompletteras?").fill(
        "Ange den egna finansieringen för nätverket.")
    page.get_by_role("button", name="Skicka tillbaka").click()
    flash_says(page, "skickad tillbaka")
    state_is(page, "Återsänd")
    sign_out(page)


def contact_completes_and_resends(page: Page, live: Live) -> None:
    sign_in(page, live, "contact")
    page.get_by_role("link", name="Komplettera rapporten och skicka den till nämnden igen").click()
    expect(page.get_by_text("Ange den egna finansieringen för nätverket.")).to_be_visible()
    network = page.locator(".activity-row", has_text="Eurocities Education")
    network.get_by_role("button", name="Ändra").click()
    row = page.locator(".activity-edit")
    expect(row.get_by_label("Namn på aktiviteten")).to_be_focused()
    row.get_by_label("Egen finansiering (kr)").fill("20000")
    row.get_by_role("button", name="Klar med aktiviteten").click()
    expect(page.locator(".activity-row", has_text="Eurocities Education")).to_contain_text(
        "Egen: 20000 kr")
    page.get_by_role("button", name="Spara och skicka till nämnden").click()
    state_is(page, "Hos nämnden")
    sign_out(page)


def coordinator_accepts_and_compiles(page: Page, live: Live) -> None:
    sign_in(page, live, "coordinator")
    _open_report(page, "Granska rapporten")
    changes = page.locator(".card--changes")
    expect(changes).to_contain_text("Ändrat sedan rapporten skickades tillbaka")
    expect(changes).to_contain_text("Aktivitet: Eurocities Education")
    expect(changes).to_contain_text("Egen finansiering")
    expect(page.locator(".timeline__item")).to_have_count(7)
    assert_accessible(page, "Granskning med ändringar")
    page.get_by_role("button", name="Godta rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Godta rapporten")
    assert_accessible(page, "Bekräfta godta")
    page.get_by_role("button", name="Ja, godta rapporten").click()
    flash_says(page, "Rapporten är godtagen")
    state_is(page, "Godtagen")
    page.get_by_role("link", name="Omgång 2026").click()
    expect(page.locator(".progress-label")).to_contain_text("2 av 2 rapporter är klara")
    page.get_by_role("button", name="Sammanställ").click()
    assert_accessible(page, "Bekräfta sammanställ")
    page.get_by_role("button", name="Ja, sammanställ").click()
    flash_says(page, "sammanställd")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanställning 2026")
    expect(page.locator(".facts .badge")).to_have_text("Sammanställd")
    expect(page.locator("#h-totals")).to_be_visible()
    assert_accessible(page, "Sammanställning")
    sign_out(page)


def council_adopts(page: Page, live: Live) -> None:
    sign_in(page, live, "council")
    page.get_by_role("link", name="Anta sammanställningen eller skicka tillbaka den").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanställning 2026")
    expect(page.get_by_role("row", name="Aktiviteter 2", exact=True)).to_be_visible()
    page.get_by_label("Paragraf i protokollet").fill("KF 2027-04-28 § 46")
    page.get_by_label("Beslutsdatum").fill("2027-04-28")
    page.get_by_role("button", name="Anta sammanställningen").click()
    assert_accessible(page, "Bekräfta anta")
    page.get_by_role("button", name="Ja, anta").click()
    flash_says(page, "Sammanställningen är antagen")
    expect(page.locator(".facts .badge")).to_have_text("Antagen")
    expect(page.locator(".facts")).to_contain_text("KF 2027-04-28 § 46, 28 april 2027")
    assert_accessible(page, "Antagen sammanställning")
    sign_out(page)


@pytest.mark.e2e
def test_a_report_goes_through_the_whole_cycle(page: Page, live: Live) -> None:
    problems: list[str] = []
    # Expected 4xx answers (422 for a missing decision reference) log "Failed to load
    # resource"; anything else logged as an error (a CSP refusal, a script error) counts.
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status == 404 or r.status >= 500 else None)
    coordinator_sets_up_and_opens_the_cycle(page, live)
    contact_fills_in_and_sends(page, live)
    committee_approves(page, live, "BUN 2027-02-12 § 14", first=True)
    contact_submits(page, live)
    coordinator_returns(page, live)
    contact_completes_and_resends(page, live)
    committee_approves(page, live, "BUN 2027-03-12 § 22", first=False)
    contact_submits(page, live)
    coordinator_accepts_and_compiles(page, live)
    council_adopts(page, live)
    # No Content-Security-Policy violation or script error anywhere on the way.
    assert problems == [], problems
