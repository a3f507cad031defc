"""Admin › Påminnelser and Integrationer, Påminn nu on the dashboard, and the calendar link."""

import re

from tests.factories import open_cycle, reports_by_unit
from tests.frontend.conftest import sign_in


def _policy(web, world) -> dict:
    return web.get(f"/api/v1/organisations/{world.organisation.id}/reminder-policy",
                   headers=world.as_("admin")).json()


def _secret(html: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}" value="([^"]+)"', html)
    assert found, f"no {field_id} on the page"
    return found.group(1)


# --- Påminnelser -----------------------------------------------------------------------------

def test_reminder_page_shows_the_policy_and_is_admin_only(web, world):
    assert web.get("/admin/paminnelser").headers["location"] == \
        "/logga-in?nasta=/admin/paminnelser"
    sign_in(web, world.users["admin"])
    assert 'href="/admin/paminnelser"' in web.get("/admin").text
    page = web.get("/admin/paminnelser")
    assert page.status_code == 200, page.text
    assert '<a href="/admin/paminnelser" aria-current="page">' in page.text
    assert 'value="14, 3, 0"' in page.text and 'id="repeat_days"' in page.text
    assert '<label for="days_before">Dagar före sista dagen</label>' in page.text
    assert "14, 3 och 0 dagar före sista dagen, sedan var 7:e dag" in page.text
    assert "Utkorgen är tom" in page.text
    sign_in(web, world.users["coordinator"])
    assert web.get("/admin/paminnelser").status_code == 403
    sign_in(web, world.users["contact0"])
    assert web.get("/admin/paminnelser").status_code == 403


def test_saving_the_policy_goes_through_the_api(web, world):
    csrf = sign_in(web, world.users["admin"])
    version = _policy(web, world)["version"]
    saved = web.post("/admin/paminnelser", data={
        "csrf_token": csrf, "version": str(version), "days_before": "21; 7,1",
        "repeat_days": "5", "escalation_after_days": "2"})
    assert saved.status_code == 303, saved.text
    policy = _policy(web, world)
    assert policy["days_before"] == [21, 7, 1] and policy["repeat_days"] == 5
    assert policy["escalation_after_days"] == 2 and policy["version"] == version + 1
    page = web.get("/admin/paminnelser")
    assert "Påminnelserna är sparade." in page.text and 'value="21, 7, 1"' in page.text


def test_policy_errors_are_swedish_and_tied_to_their_fields(web, world):
    csrf = sign_in(web, world.users["admin"])
    version = str(_policy(web, world)["version"])
    cases = [
        ({"days_before": "14, tre", "repeat_days": "7", "escalation_after_days": "1"},
         "days_before", "Skriv hela dagar åtskilda med kommatecken"),
        ({"days_before": "100, 3", "repeat_days": "7", "escalation_after_days": "1"},
         "days_before", "helt antal dagar från 0 till 90"),
        ({"days_before": "3, 3", "repeat_days": "7", "escalation_after_days": "1"},
         "days_before", "Samma dag står flera gånger"),
        ({"days_before": "14", "repeat_days": "0", "escalation_after_days": "61"},
         "repeat_days", "från 1 till 60"),
        ({"days_before": "14", "repeat_days": "7", "escalation_after_days": "61"},
         "escalation_after_days", "från 0 till 60"),
        ({"days_before": "1,2,3,4,5,6,7,8,9,10,11", "repeat_days": "7",
          "escalation_after_days": "1"}, "days_before", "högst 10 påminnelser"),
    ]
    for values, field, message in cases:
        answer = web.post("/admin/paminnelser",
                          data={"csrf_token": csrf, "version": version, **values})
        assert answer.status_code == 422, (values, answer.text)
        assert message in answer.text, values
        assert f'aria-describedby="{field}-hint {field}-error" aria-invalid="true"' in answer.text
        assert 'class="error-summary" role="alert"' in answer.text
        assert f'href="#{field}"' in answer.text
        assert f'value="{values["days_before"]}"' in answer.text  # the input is kept
    assert _policy(web, world)["days_before"] == [14, 3, 0]


def test_a_stale_policy_keeps_the_input_and_says_why(web, world):
    csrf = sign_in(web, world.users["admin"])
    old = _policy(web, world)["version"]
    changed = web.put(f"/api/v1/organisations/{world.organisation.id}/reminder-policy",
                      json={"days_before": [10], "repeat_days": 3, "escalation_after_days": 0},
                      headers={**world.as_("admin"), "If-Match": f'"{old}"'})
    assert changed.status_code == 200, changed.text
    stale = web.post("/admin/paminnelser", data={
        "csrf_token": csrf, "version": str(old), "days_before": "30, 5",
        "repeat_days": "4", "escalation_after_days": "2"})
    assert stale.status_code == 409, stale.text
    assert "Någon annan ändrade påminnelserna" in stale.text and 'role="alert"' in stale.text
    assert 'value="30, 5"' in stale.text and 'value="4"' in stale.text
    assert "<strong>Sparat nu:</strong> 10 dagar före sista dagen, sedan var 3:e dag" in stale.text
    # The form now carries the current version: saving again wins.
    version = re.search(r'name="version" value="(\d+)"', stale.text).group(1)
    again = web.post("/admin/paminnelser", data={
        "csrf_token": csrf, "version": version, "days_before": "30, 5",
        "repeat_days": "4", "escalation_after_days": "2"})
    assert again.status_code == 303
    assert _policy(web, world)["days_before"] == [30, 5]


def test_admin_forms_need_the_csrf_token(web, world):
    csrf = sign_in(web, world.users["admin"])
    version = str(_policy(web, world)["version"])
    forged = web.post("/admin/paminnelser", data={
        "version": version, "days_before": "1", "repeat_days": "1",
        "escalation_after_days": "1"})
    assert forged.status_code == 403 and "Formuläret kunde inte skickas" in forged.text
    assert web.post("/admin/paminnelser", data={
        "csrf_token": csrf[:-2] + "xx", "version": version, "days_before": "1",
        "repeat_days": "1", "escalation_after_days": "1"}).status_code == 403
    assert _policy(web, world)["days_before"] == [14, 3, 0]
    for url in ("/admin/integrationer/tjanstekonton", "/admin/integrationer/webhooks"):
        assert web.post(url, data={"name": "X", "url": "https://example.se/hook",
                                   "scopes": "reports:read", "events": "*"}).status_code == 403
    assert web.get("/api/v1/service-accounts", headers=world.as_("admin")).json()["items"] == []
    assert web.post("/kalender", data={}).status_code == 403


# --- Påminn nu --------------------------------------------------------------------------------

def test_remind_now_from_the_dashboard_and_the_outbox(web, world, cycle):
    csrf = sign_in(web, world.users["coordinator"])
    url = f"/omgangar/{cycle['id']}"
    page = web.get(url)
    assert page.text.count(">Påminn nu<") == 2
    assert f"Påminn nu<span class=\"visually-hidden\"> om rapporten från {world.units[0].name}" \
        in page.text
    fragment = web.get(url, headers={"HX-Request": "true", "HX-Target": "report-matrix"})
    assert fragment.text.count(f'name="csrf_token" value="{csrf}"') == 2
    rid = reports_by_unit(web, world, cycle["id"])[str(world.units[0].id)]["id"]
    sent = web.post(f"{url}/rapporter/{rid}/paminn", data={"csrf_token": csrf})
    assert sent.status_code == 303 and sent.headers["location"] == url
    assert f"Påminnelsen skickas till kontaktpersonen för {world.units[0].name}." in \
        web.get(url).text
    again = web.post(f"{url}/rapporter/{rid}/paminn", data={"csrf_token": csrf},
                     headers={"HX-Request": "true"})
    assert again.headers["HX-Redirect"] == url
    assert ("En påminnelse skickades redan för mindre än en timme sedan. Försök igen om 60 "
            "minuter.") in web.get(url).text
    assert web.post(f"{url}/rapporter/{rid}/paminn", data={}).status_code == 403

    sign_in(web, world.users["admin"])
    outbox = web.get("/admin/paminnelser")
    assert world.users["contact0"].email in outbox.text
    assert "Väntar på att skickas" in outbox.text and "E-post" in outbox.text
    assert "Utkorgen är tom för den statusen" in web.get("/admin/paminnelser?status=sent").text
    assert world.users["contact0"].email in web.get("/admin/paminnelser?status=pending").text

    csrf = sign_in(web, world.users["contact0"])
    assert web.post(f"{url}/rapporter/{rid}/paminn",
                    data={"csrf_token": csrf}).status_code == 403
    assert "Påminn nu" not in web.get(url).text


# --- Kalender ----------------------------------------------------------------------------------

def test_calendar_link_is_made_shown_once_renewed_and_turned_off(web, world, cycle):
    csrf = sign_in(web, world.users["contact0"])
    start = web.get("/")
    assert "Dina sista dagar i kalendern" in start.text and 'id="calendar-url"' not in start.text
    made = web.post("/kalender", data={"csrf_token": csrf})
    assert made.status_code == 200, made.text
    assert "Lägg till kalender › Från internet" in made.text
    assert "Länken visas bara den här gången" in made.text
    link = _secret(made.text, "calendar-url")
    assert re.search(r'id="calendar-url" value="[^"]+" readonly '
                     r'aria-describedby="calendar-url-hint"', made.text)
    path = link[link.index("/api/v1/calendar/"):]
    feed = web.get(path)
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    renewed = _secret(web.post("/kalender", data={"csrf_token": csrf}).text, "calendar-url")
    assert renewed != link and web.get(path).status_code == 404
    confirm = web.get("/kalender/stang-av")
    assert confirm.status_code == 200 and "Ja, stäng av länken" in confirm.text
    off = web.post("/kalender/stang-av", data={"csrf_token": csrf})
    assert off.status_code == 303 and off.headers["location"] == "/#kalender"
    assert "Kalenderlänken är avstängd." in web.get("/").text
    assert web.get(renewed[renewed.index("/api/v1/calendar/"):]).status_code == 404


# --- Integrationer ----------------------------------------------------------------------------

def test_integrations_page_is_admin_only(web, world):
    sign_in(web, world.users["admin"])
    page = web.get("/admin/integrationer")
    assert page.status_code == 200, page.text
    assert "Inga tjänstekonton ännu." in page.text and "Inga webhooks ännu." in page.text
    assert '<fieldset id="account-scopes"' in page.text
    assert '<label for="account-scopes-reports:read">Läsa rapporter</label>' in page.text
    assert '<label for="webhook-events-*">Alla händelser, även nya som tillkommer</label>' \
        in page.text
    assert web.get("/admin/integrationer/webhooks/00000000-0000-0000-0000-000000000000") \
        .status_code == 404
    for who in ("coordinator", "contact0", "council"):
        sign_in(web, world.users[who])
        assert web.get("/admin/integrationer").status_code == 403


def test_service_account_created_rotated_and_revoked(web, world):
    csrf = sign_in(web, world.users["admin"])
    invalid = web.post("/admin/integrationer/tjanstekonton", data={"csrf_token": csrf,
                                                                   "name": "  "})
    assert invalid.status_code == 422
    assert "Skriv ett namn på tjänstekontot" in invalid.text
    assert "Välj minst en behörighet." in invalid.text
    assert 'aria-describedby="account-scopes-hint account-scopes-error" aria-invalid="true"' \
        in invalid.text
    made = web.post("/admin/integrationer/tjanstekonton", data={
        "csrf_token": csrf, "name": "Public 360", "scopes": ["reports:read", "events:read"]})
    assert made.status_code == 201, made.text
    assert "de visas inte igen" in made.text
    client_id, secret = _secret(made.text, "client-id"), _secret(made.text, "client-secret")
    token = web.post("/api/v1/auth/token", data={"grant_type": "client_credentials",
                                                 "client_id": client_id,
                                                 "client_secret": secret})
    assert token.status_code == 200, token.text
    listed = web.get("/admin/integrationer")
    assert "Public 360" in listed.text and "Läsa rapporter" in listed.text
    assert "Läsa händelseflödet" in listed.text and secret not in listed.text
    account_id = web.get("/api/v1/service-accounts",
                         headers=world.as_("admin")).json()["items"][0]["id"]
    base = f"/admin/integrationer/tjanstekonton/{account_id}"
    confirm = web.get(f"{base}/forny")
    assert confirm.status_code == 200 and "Ja, förnya hemligheten" in confirm.text
    assert '<option value="24" selected' in confirm.text
    graceful = web.post(f"{base}/forny", data={"csrf_token": csrf})  # 24 hours by default
    assert graceful.status_code == 200 and "Ny hemlighet för Public 360" in graceful.text
    assert "Den gamla hemligheten fungerar till och med" in graceful.text
    newer = _secret(graceful.text, "client-secret")
    assert newer != secret
    for works in (secret, newer):
        assert web.post("/api/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": works}).status_code == 200
    rotated = web.post(f"{base}/forny", data={"csrf_token": csrf, "grace_hours": "0"})
    assert "fungerar inte längre" in rotated.text
    for stopped in (secret, newer):
        assert web.post("/api/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": stopped}).status_code == 401
    assert "Ja, återkalla kontot" in web.get(f"{base}/aterkalla").text
    revoked = web.post(f"{base}/aterkalla", data={"csrf_token": csrf})
    assert revoked.status_code == 303
    after = web.get("/admin/integrationer")
    assert "Tjänstekontot Public 360 är återkallat." in after.text
    assert "Återkallat" in after.text and f"{base}/forny" not in after.text
    assert web.get(f"{base}/forny").status_code == 303  # nothing left to confirm
    assert web.post(f"{base}/forny", data={"csrf_token": csrf}).status_code == 303


def _allow_host(web, world, host: str) -> None:
    """An internal host the admin has allowed: no DNS look-up (the tests have no network)."""
    version = _policy(web, world)["version"]
    allowed = web.put(f"/api/v1/organisations/{world.organisation.id}/webhook-hosts",
                      json={"hosts": [host]},
                      headers={**world.as_("admin"), "If-Match": f'"{version}"'})
    assert allowed.status_code == 200, allowed.text


def test_webhook_created_logged_and_deleted(web, world):
    csrf = sign_in(web, world.users["admin"])
    _allow_host(web, world, "diarium.kommun.local")
    bad = web.post("/admin/integrationer/webhooks", data={"csrf_token": csrf,
                                                         "url": "http://example.se/hook"})
    assert bad.status_code == 422
    assert "Välj minst en händelse, eller alla händelser." in bad.text
    assert 'value="http://example.se/hook"' in bad.text
    plain = web.post("/admin/integrationer/webhooks", data={
        "csrf_token": csrf, "url": "http://example.se/hook", "events": "cycle.opened"})
    assert plain.status_code == 422 and "Adressen måste börja med https://." in plain.text
    nowhere = web.post("/admin/integrationer/webhooks", data={
        "csrf_token": csrf, "url": "https://finns-inte.invalid/hook", "events": "*"})
    assert nowhere.status_code == 422 and "Adressen hittades inte." in nowhere.text
    assert 'checked' in plain.text.split('id="webhook-events-cycle.opened"')[1][:60]
    made = web.post("/admin/integrationer/webhooks", data={
        "csrf_token": csrf, "url": "https://diarium.kommun.local/samordna",
        "events": ["*", "cycle.opened"]})
    assert made.status_code == 201, made.text
    assert _secret(made.text, "webhook-secret").startswith("whsec_")
    hook = web.get("/api/v1/webhooks", headers=world.as_("admin")).json()["items"][0]
    assert hook["events"] == ["*"]
    listed = web.get("/admin/integrationer")
    assert "https://diarium.kommun.local/samordna" in listed.text
    assert "<li>Alla händelser</li>" in listed.text
    open_cycle(web, world)  # the feed's cycle.opened goes to the webhook's outbox
    log = web.get(f"/admin/integrationer/webhooks/{hook['id']}")
    assert log.status_code == 200, log.text
    assert "Omgång öppnad" in log.text and "Väntar på att skickas" in log.text
    assert "Inga leveranser med den statusen" in \
        web.get(f"/admin/integrationer/webhooks/{hook['id']}?status=failed").text
    outbox = web.get("/admin/paminnelser")
    assert "Webhook" in outbox.text and "https://diarium.kommun.local/samordna" in outbox.text
    confirm = web.get(f"/admin/integrationer/webhooks/{hook['id']}/ta-bort")
    assert "Ja, ta bort webhooken" in confirm.text
    gone = web.post(f"/admin/integrationer/webhooks/{hook['id']}/ta-bort",
                    data={"csrf_token": csrf})
    assert gone.status_code == 303
    assert "Webhooken till https://diarium.kommun.local/samordna är borttagen." in \
        web.get("/admin/integrationer").text
    assert web.get("/api/v1/webhooks", headers=world.as_("admin")).json()["items"] == []


def test_webhook_changed_re_enabled_given_a_new_secret_and_resent(web, world, session):
    import uuid

    from backend.integrations.webhook_delivery import _disable

    csrf = sign_in(web, world.users["admin"])
    _allow_host(web, world, "diarium.kommun.local")
    made = web.post("/admin/integrationer/webhooks", data={
        "csrf_token": csrf, "url": "https://diarium.kommun.local/samordna", "events": "*"})
    old_secret = _secret(made.text, "webhook-secret")
    hook = web.get("/api/v1/webhooks", headers=world.as_("admin")).json()["items"][0]
    page = f"/admin/integrationer/webhooks/{hook['id']}"

    bad = web.post(f"{page}/andra", data={"csrf_token": csrf, "version": hook["version"],
                                          "url": "https://10.0.0.1/x", "events": "*"})
    assert bad.status_code == 422 and "Adressen pekar in i det interna nätverket" in bad.text
    assert 'value="https://10.0.0.1/x"' in bad.text
    changed = web.post(f"{page}/andra", data={
        "csrf_token": csrf, "version": hook["version"],
        "url": "https://diarium.kommun.local/v2", "events": ["cycle.opened"]})
    assert changed.status_code == 303
    assert "Ändringarna av webhooken är sparade." in web.get(page).text
    stale = web.post(f"{page}/andra", data={"csrf_token": csrf, "version": hook["version"],
                                            "url": "https://diarium.kommun.local/v3",
                                            "events": "*"})
    assert stale.status_code == 303 and "Någon annan har ändrat" in web.get(page).text
    read = web.get(f"/api/v1/webhooks/{hook['id']}", headers=world.as_("admin")).json()
    assert (read["url"], read["events"]) == ("https://diarium.kommun.local/v2",
                                             ["cycle.opened"])

    assert "Ja, skapa en ny nyckel" in web.get(f"{page}/ny-nyckel").text
    rotated = web.post(f"{page}/ny-nyckel", data={"csrf_token": csrf, "overlap_hours": "1"})
    assert rotated.status_code == 200
    assert "både den nya och den gamla nyckeln" in rotated.text
    assert _secret(rotated.text, "webhook-secret") not in (old_secret, "")

    open_cycle(web, world)
    _disable(session, uuid.UUID(hook["id"]), "HTTP 410: borta")  # as a 410 answer does
    session.flush()
    disabled = web.get(page)
    assert "Aktivera webhooken igen" in disabled.text and "Skicka igen" in disabled.text
    delivery = web.get(f"/api/v1/webhooks/{hook['id']}/deliveries",
                       headers=world.as_("admin")).json()["items"][0]
    resend = f"{page}/leveranser/{delivery['id']}/skicka-igen"
    assert web.post(resend, data={"csrf_token": csrf}).status_code == 303
    assert "Aktivera den först." in web.get(page).text
    version = web.get(f"/api/v1/webhooks/{hook['id']}", headers=world.as_("admin")
                      ).json()["version"]
    assert web.post(f"{page}/aktivera", data={"csrf_token": csrf,
                                              "version": version}).status_code == 303
    assert "Webhooken är aktiv igen." in web.get(page).text
    assert web.post(resend, data={"csrf_token": csrf}).status_code == 303
    assert "Händelsen skickas igen inom någon minut." in web.get(page).text
    again = web.get(f"/api/v1/webhooks/{hook['id']}/deliveries",
                    headers=world.as_("admin")).json()["items"][0]
    assert (again["status"], again["last_error"]) == ("pending", None)
