import re

from tests.factories import COMPLETE_CONTENT, reports_by_unit
from tests.frontend.conftest import sign_in


def _report(web, world, cycle, index=0):
    return reports_by_unit(web, world, cycle["id"])[str(world.units[index].id)]


def _editor_form(csrf, version, **fields):
    key = "0a1b2c3d"
    data = {"csrf_token": csrf, "version": str(version), "op": "save",
            "summary": "Vi deltog i ett Erasmus+-projekt.", "monitoring": "", "competence": "",
            "next_year_plans": "", "activity_key": key, f"a-{key}-title": "Digitala klassrum",
            f"a-{key}-kind": "eu_project", f"a-{key}-countries": "Finland, Estland",
            f"a-{key}-programme": "erasmus_plus", f"a-{key}-external_funding_sek": "450 000",
            f"a-{key}-own_funding_sek": "", f"a-{key}-status": "ongoing",
            f"a-{key}-benefits": "knowledge"}
    data.update(fields)
    return data


def test_other_units_reports_are_not_found(web, world, cycle):
    theirs = _report(web, world, cycle, 0)
    csrf = sign_in(web, world.users["contact1"])
    for url in (f"/rapporter/{theirs['id']}", f"/rapporter/{theirs['id']}/redigera"):
        page = web.get(url)
        assert page.status_code == 404
        assert "Sidan finns inte" in page.text
    posted = web.post(f"/rapporter/{theirs['id']}/redigera", data=_editor_form(csrf, 1))
    assert posted.status_code == 404
    assert web.get(f"/rapporter/{theirs['id']}", headers=world.as_("contact0")).status_code == 404
    assert web.get("/rapporter/inte-ett-id").status_code == 404


def test_actions_outside_ones_role_are_forbidden(web, world, cycle):
    mine = _report(web, world, cycle, 0)
    csrf = sign_in(web, world.users["contact0"])
    refused = web.post(f"/rapporter/{mine['id']}/atgard",
                       data={"csrf_token": csrf, "action": "accept", "confirmed": "1"})
    assert refused.status_code == 403
    assert "Du har inte behörighet" in refused.text


def test_saving_the_editor_stores_the_content(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    saved = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(csrf, 1))
    assert saved.status_code == 303, saved.text
    content = web.get(f"/api/v1/reports/{report['id']}", headers=world.as_("contact0")).json()
    activity = content["content"]["activities"][0]
    assert sorted(activity["countries"]) == ["EE", "FI"]
    assert activity["external_funding_sek"] == 450000
    page = web.get(saved.headers["location"])
    assert "Utkastet är sparat." in page.text and "Alla ändringar är sparade" in page.text
    assert re.search(r'value="(Finland, Estland|Estland, Finland)"', page.text)


def test_a_stale_save_answers_409_and_keeps_every_word(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    other = web.put(f"/api/v1/reports/{report['id']}/content", json=COMPLETE_CONTENT,
                    headers={**world.as_("contact0"), "If-Match": '"1"'})
    assert other.status_code == 200
    mine = "Min egen text som inte får försvinna.\nRad två."
    stale = web.post(f"/rapporter/{report['id']}/redigera",
                     data=_editor_form(csrf, 1, summary=mine, monitoring="Bevakar utlysningar."))
    assert stale.status_code == 409
    assert "Rapporten har ändrats av någon annan" in stale.text
    assert mine in stale.text and "Bevakar utlysningar." in stale.text
    assert 'value="Digitala klassrum"' in stale.text
    assert 'name="version" value="2"' in stale.text  # saving again replaces knowingly
    assert COMPLETE_CONTENT["summary"] in stale.text  # the saved version, to compare with
    again = web.post(f"/rapporter/{report['id']}/redigera",
                     data=_editor_form(csrf, 2, summary=mine))
    assert again.status_code == 303


def test_sending_incomplete_content_shows_swedish_field_errors(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    answer = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(
        csrf, 1, op="send", summary="", **{"a-0a1b2c3d-kind": ""}))
    assert answer.status_code == 422
    assert "Skriv en sammanfattning av årets internationella arbete." in answer.text
    assert "Välj vilken typ av aktivitet det är." in answer.text
    assert re.search(r'id="summary" name="summary"[^>]*aria-describedby="summary-hint '
                     r'summary-error" aria-invalid="true"', answer.text)
    assert 'href="#a-0a1b2c3d-kind"' in answer.text and 'role="alert"' in answer.text
    assert "Utkastet är sparat, men rapporten kan inte skickas" in answer.text


def test_local_checks_need_no_round_trip(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    answer = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(
        csrf, 1, **{"a-0a1b2c3d-external_funding_sek": "mycket",
                    "a-0a1b2c3d-countries": "Finland, Atlantis"}))
    assert answer.status_code == 422
    assert "Ange beloppet i hela kronor" in answer.text
    assert "Känner inte igen Atlantis" in answer.text
    assert 'value="mycket"' in answer.text


def test_no_international_work_needs_only_a_summary(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    answer = web.post(f"/rapporter/{report['id']}/redigera", data={
        "csrf_token": csrf, "version": "1", "op": "send", "no_international_work": "1",
        "summary": "Nämnden har inte haft något internationellt arbete i år."})
    assert answer.status_code == 303, answer.text
    page = web.get(answer.headers["location"])
    assert "Rapporten är skickad till nämnden" in page.text
    assert "Hos nämnden" in page.text


def test_activity_rows_are_edited_inline_with_htmx(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    htmx = {"HX-Request": "true", "X-CSRF-Token": csrf}
    url = f"/rapporter/{report['id']}/aktivitet"
    added = web.post(url, headers=htmx, data={"op": "add", "summary": "kvar"})
    assert added.status_code == 200
    assert added.text.lstrip().startswith('<tr id="activity-')
    assert 'class="activity-edit"' in added.text and "<html" not in added.text
    assert 'hx-swap-oob="true"' in added.text and "samordna:focus" in added.headers[
        "hx-trigger-after-settle"]
    unfinished = web.post(url, headers=htmx, data={**_editor_form(csrf, 1, **{
        "a-0a1b2c3d-title": ""}), "op": "done:0a1b2c3d"})
    assert "Skriv vad aktiviteten heter." in unfinished.text
    done = web.post(url, headers=htmx, data={**_editor_form(csrf, 1), "op": "done:0a1b2c3d"})
    assert 'class="activity-row"' in done.text
    assert 'type="hidden" name="a-0a1b2c3d-title" value="Digitala klassrum"' in done.text
    removed = web.post(url, headers=htmx, data={**_editor_form(csrf, 1),
                                                "op": "remove:0a1b2c3d"})
    assert "<tr" not in removed.text and "#add-activity" in removed.headers[
        "hx-trigger-after-settle"]


def test_rows_also_work_without_javascript(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    page = web.post(f"/rapporter/{report['id']}/redigera",
                    data=_editor_form(csrf, 1, op="add", summary="Osparad text"))
    assert page.status_code == 200
    assert page.text.count('class="activity-edit"') == 1  # the new row, open for editing
    assert 'class="activity-row"' in page.text and "Osparad text" in page.text
    assert "Osparade ändringar" in page.text


def test_committee_needs_a_decision_reference_and_the_history_shows_it(web, world, cycle):
    report = _report(web, world, cycle)
    put = web.put(f"/api/v1/reports/{report['id']}/content", json=COMPLETE_CONTENT,
                  headers={**world.as_("contact0"), "If-Match": '"1"'})
    sent = web.post(f"/api/v1/reports/{report['id']}/transitions",
                    json={"action": "send_to_committee"}, headers=world.as_("contact0"))
    assert put.status_code == sent.status_code == 200
    csrf = sign_in(web, world.users["committee0"])
    page = web.get(f"/rapporter/{report['id']}")
    assert "Godkänn" in page.text and "Skicka tillbaka" in page.text
    assert 'name="summary"' not in page.text  # read-only for the committee
    missing = web.post(f"/rapporter/{report['id']}/atgard",
                       data={"csrf_token": csrf, "action": "approve", "version": "3"})
    assert missing.status_code == 422 and "Skriv paragrafen" in missing.text
    no_comment = web.post(f"/rapporter/{report['id']}/atgard",
                          data={"csrf_token": csrf, "action": "return"})
    assert no_comment.status_code == 422 and "Skriv en kommentar" in no_comment.text
    approved = web.post(f"/rapporter/{report['id']}/atgard", data={
        "csrf_token": csrf, "action": "approve", "decision_ref": "BUN 2027-02-12 § 14"})
    assert approved.status_code == 303
    page = web.get(f"/rapporter/{report['id']}")
    assert "Godkänd av nämnden" in page.text and "BUN 2027-02-12 § 14" in page.text
    assert "Godkändes av nämnden" in page.text and "Skickades till nämnden" in page.text


def test_the_text_kept_in_the_browser_comes_back_unsaved(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    kept = "Skrivet innan sessionen gick ut."
    restored = web.post(f"/rapporter/{report['id']}/redigera",
                        data=_editor_form(csrf, 1, op="restore", summary=kept))
    assert restored.status_code == 200
    assert "Vi återställde det du skrev" in restored.text
    assert kept in restored.text and 'value="Digitala klassrum"' in restored.text
    assert "Osparade ändringar" in restored.text and "data-dirty" in restored.text
    assert 'data-discard-draft' in restored.text
    stored = web.get(f"/api/v1/reports/{report['id']}", headers=world.as_("contact0")).json()
    assert stored["version"] == 1 and stored["content"]["summary"] == ""


def test_text_restored_over_a_newer_version_is_a_conflict_that_keeps_it(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    assert web.put(f"/api/v1/reports/{report['id']}/content", json=COMPLETE_CONTENT,
                   headers={**world.as_("contact0"), "If-Match": '"1"'}).status_code == 200
    kept = "Skrivet innan någon annan sparade."
    restored = web.post(f"/rapporter/{report['id']}/redigera",
                        data=_editor_form(csrf, 1, op="restore", summary=kept))
    assert restored.status_code == 409
    assert "Vi återställde det du skrev" in restored.text
    assert "Rapporten har ändrats av någon annan" in restored.text and kept in restored.text


def test_a_save_tells_the_page_to_forget_the_kept_text(web, world, cycle):
    report = _report(web, world, cycle)
    csrf = sign_in(web, world.users["contact0"])
    htmx = {"HX-Request": "true", "HX-Target": "main"}
    saved = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(csrf, 1),
                     headers=htmx)
    assert saved.headers["HX-Redirect"] == f"/rapporter/{report['id']}/redigera"
    assert saved.headers["HX-Trigger"] == f'{{"samordna:saved": "{report["id"]}"}}'
    stale = web.post(f"/rapporter/{report['id']}/redigera", data=_editor_form(csrf, 1),
                     headers=htmx)
    assert stale.status_code == 409 and "HX-Trigger" not in stale.headers
    page = web.get(f"/rapporter/{report['id']}/redigera")
    key = f'data-draft-key="{world.users["contact0"].id}:{report["id"]}"'
    assert key in page.text and 'data-keepalive-seconds="600"' in page.text
