"""/organisations: the principal's organisations and the admin's settings."""

from backend.models.enums import Role
from tests.auth.factories import service_as, with_version
from tests.factories import make_world

ORGANISATIONS = "/api/v1/organisations"


def test_everyone_reads_their_organisations(client, session):
    world, other = make_world(session, client), make_world(session, client)
    listed = client.get(ORGANISATIONS, headers=world.as_("contact1")).json()["items"]
    assert [o["id"] for o in listed] == [str(world.organisation.id)]
    read = client.get(f"{ORGANISATIONS}/{world.organisation.id}", headers=world.as_("viewer"))
    assert read.status_code == 200 and read.headers["ETag"] == '"1"'
    assert read.json()["reminder_days_before"] == [14, 3, 0]
    hidden = client.get(f"{ORGANISATIONS}/{other.organisation.id}", headers=world.as_("viewer"))
    assert hidden.status_code == 404
    service = service_as(client, world, "events:read")
    assert [o["id"] for o in client.get(ORGANISATIONS, headers=service).json()["items"]] == [
        str(world.organisation.id)]


def test_admin_changes_name_pattern_and_reminders(client, session):
    world = make_world(session, client)
    url, admin = f"{ORGANISATIONS}/{world.organisation.id}", world.as_(Role.ADMIN)
    body = {"name": "Habo kommun", "registration_pattern": r"^KS ?\d{4}/\d{1,5}$",
            "reminder_days_before": [0, 7, 21]}
    assert client.patch(url, json=body, headers=admin).status_code == 428
    twice = client.patch(url, json={**body, "reminder_days_before": [7, 7]},
                         headers=with_version(admin, 1))
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["field"] == "reminder_days_before"
    changed = client.patch(url, json=body, headers=with_version(admin, 1))
    assert changed.status_code == 200, changed.text
    assert changed.json()["reminder_days_before"] == [21, 7, 0]
    assert (changed.json()["name"], changed.json()["version"]) == ("Habo kommun", 2)
    assert client.patch(url, json={"name": "Gammal"}, headers=with_version(admin, 1)
                        ).status_code == 409


def test_bad_settings_are_refused(client, session):
    world, other = make_world(session, client), make_world(session, client)
    url, admin = f"{ORGANISATIONS}/{world.organisation.id}", with_version(
        world.as_(Role.ADMIN), 1)
    broken = client.patch(url, json={"registration_pattern": "^KS(\\d{4"}, headers=admin)
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "registration_pattern"
    assert client.patch(url, json={"reminder_repeat_days": 0}, headers=admin).status_code == 422
    taken = client.patch(url, json={"name": other.organisation.name}, headers=admin)
    assert taken.status_code == 409 and other.organisation.name in taken.json()["detail"]


def test_only_the_organisations_admin_changes_it(client, session):
    world, other = make_world(session, client), make_world(session, client)
    url = f"{ORGANISATIONS}/{world.organisation.id}"
    assert client.patch(url, json={"name": "X"}, headers=with_version(
        world.as_(Role.COORDINATOR), 1)).status_code == 403
    assert client.patch(url, json={"name": "X"}, headers=with_version(
        other.as_(Role.ADMIN), 1)).status_code == 404


def test_admin_sets_the_organisation_number_and_submission_agreement(client, session):
    world = make_world(session, client)
    url, admin = f"{ORGANISATIONS}/{world.organisation.id}", world.as_(Role.ADMIN)
    before = client.get(url, headers=admin).json()
    assert (before["organisation_number"], before["submission_agreement_ref"]) == ("", "")
    changed = client.patch(url, json={"organisation_number": "2120000142",
                                      "submission_agreement_ref": " KS 2026/0815 "},
                           headers=with_version(admin, 1))
    assert changed.status_code == 200, changed.text
    assert changed.json()["organisation_number"] == "212000-0142"
    assert changed.json()["submission_agreement_ref"] == "KS 2026/0815"
    cleared = client.patch(url, json={"organisation_number": ""}, headers=with_version(admin, 2))
    assert cleared.status_code == 200 and cleared.json()["organisation_number"] == ""
    assert cleared.json()["submission_agreement_ref"] == "KS 2026/0815"


def test_an_organisation_number_must_have_its_check_digit(client, session):
    world = make_world(session, client)
    url, admin = f"{ORGANISATIONS}/{world.organisation.id}", with_version(
        world.as_(Role.ADMIN), 1)
    for wrong in ("212000-0143", "21200-00142", "212000_0142", "2120000142 1", "abcdef-ghij",
                  "212000-014２"):
        refused = client.patch(url, json={"organisation_number": wrong}, headers=admin)
        assert refused.status_code == 422, wrong
        assert refused.json()["errors"][0]["field"] == "organisation_number"
    too_long = client.patch(url, json={"submission_agreement_ref": "x" * 201}, headers=admin)
    assert too_long.status_code == 422
