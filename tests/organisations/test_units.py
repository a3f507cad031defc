"""/units: create, read, list, change; conflicts, bad input and object-level access."""

import pytest
from sqlmodel import select

from backend.core.errors import NotAllowed
from backend.models import Unit
from backend.models.enums import Role
from backend.organisations.service import grant, unique
from tests.auth.factories import service_as, with_version
from tests.factories import make_organisation, make_unit, make_user, make_world, token

UNITS = "/api/v1/units"


def test_admin_creates_reads_and_lists_units(client, session):
    world = make_world(session, client)
    created = client.post(UNITS, json={"name": "Miljö- och byggnämnden", "short_name": "MBN",
                                       "kind": "committee"}, headers=world.as_(Role.ADMIN))
    assert created.status_code == 201, created.text
    unit = created.json()
    assert created.headers["ETag"] == '"1"'
    assert unit["organisation_id"] == str(world.organisation.id)
    assert (unit["kind"], unit["active"], unit["version"]) == ("committee", True, 1)

    read = client.get(f"{UNITS}/{unit['id']}", headers=world.as_("contact0"))
    assert read.status_code == 200 and read.json()["name"] == "Miljö- och byggnämnden"
    names = [u["name"] for u in client.get(UNITS, headers=world.as_("viewer")).json()["items"]]
    assert names == sorted(names) and "Miljö- och byggnämnden" in names and len(names) == 3


def test_units_list_pages_with_a_cursor_and_filters(client, session):
    world = make_world(session, client)
    client.post(UNITS, json={"name": "Habo Energi AB", "kind": "company"},
                headers=world.as_(Role.ADMIN))
    first = client.get(UNITS, params={"limit": 2}, headers=world.as_(Role.ADMIN)).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = client.get(UNITS, params={"limit": 2, "cursor": first["next_cursor"]},
                        headers=world.as_(Role.ADMIN)).json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert {u["id"] for u in first["items"]}.isdisjoint({u["id"] for u in second["items"]})
    companies = client.get(UNITS, params={"kind": "company"}, headers=world.as_(Role.ADMIN))
    assert [u["name"] for u in companies.json()["items"]] == ["Habo Energi AB"]
    bad = client.get(UNITS, params={"cursor": "not-a-cursor"}, headers=world.as_(Role.ADMIN))
    assert bad.status_code == 422


def test_unit_names_are_unique_per_organisation(client, session):
    world = make_world(session, client)
    taken = world.units[0].name
    again = client.post(UNITS, json={"name": taken, "kind": "committee"},
                        headers=world.as_(Role.ADMIN))
    assert again.status_code == 409
    assert taken in again.json()["detail"]
    assert again.headers["content-type"].startswith("application/problem+json")
    other = make_world(session, client)
    elsewhere = client.post(UNITS, json={"name": taken, "kind": "committee"},
                            headers=other.as_(Role.ADMIN))
    assert elsewhere.status_code == 201


def test_bad_unit_input_names_the_fields(client, session):
    world = make_world(session, client)
    answer = client.post(UNITS, json={"name": "  ", "kind": "department", "colour": "red"},
                         headers=world.as_(Role.ADMIN))
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"name", "kind", "colour"} <= fields
    assert client.get(f"{UNITS}/not-a-uuid", headers=world.as_(Role.ADMIN)).status_code == 422


def test_only_admins_write_units(client, session):
    world = make_world(session, client)
    for who in (Role.COORDINATOR, Role.VIEWER, "contact0"):
        answer = client.post(UNITS, json={"name": "Ny nämnd", "kind": "committee"},
                             headers=world.as_(who))
        assert answer.status_code == 403, who
    unit = world.units[0]
    changed = client.patch(f"{UNITS}/{unit.id}", json={"name": "X"},
                           headers=with_version(world.as_(Role.COORDINATOR), 1))
    assert changed.status_code == 403


def test_admin_changes_a_unit_with_if_match(client, session):
    world = make_world(session, client)
    unit = world.units[0]
    url, admin = f"{UNITS}/{unit.id}", world.as_(Role.ADMIN)
    assert client.patch(url, json={"short_name": "BUN"}, headers=admin).status_code == 428
    changed = client.patch(url, json={"short_name": "BUN", "active": False},
                           headers=with_version(admin, 1))
    assert changed.status_code == 200, changed.text
    assert (changed.json()["short_name"], changed.json()["active"]) == ("BUN", False)
    assert changed.headers["ETag"] == '"2"'
    stale = client.patch(url, json={"name": "Utbildningsnämnden"}, headers=with_version(admin, 1))
    assert stale.status_code == 409
    assert client.get(url, headers=admin).json()["name"] == unit.name
    clash = client.patch(url, json={"name": world.units[1].name}, headers=with_version(admin, 2))
    assert clash.status_code == 409
    bad = client.patch(url, json={"kind": "club"}, headers=with_version(admin, 2))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"
    inactive = client.get(UNITS, params={"active": False}, headers=admin).json()["items"]
    assert [u["id"] for u in inactive] == [str(unit.id)]


def test_another_organisations_units_are_invisible(client, session):
    world, other = make_world(session, client), make_world(session, client)
    theirs = other.units[0]
    admin = world.as_(Role.ADMIN)
    assert client.get(f"{UNITS}/{theirs.id}", headers=admin).status_code == 404
    changed = client.patch(f"{UNITS}/{theirs.id}", json={"name": "Kapad"},
                           headers=with_version(admin, 1))
    assert changed.status_code == 404
    listed = client.get(UNITS, headers=admin).json()["items"]
    assert str(theirs.id) not in {u["id"] for u in listed}
    into_theirs = client.post(UNITS, json={"name": "Smygnämnd", "kind": "committee",
                                           "organisation_id": str(other.organisation.id)},
                              headers=admin)
    assert into_theirs.status_code == 404


def test_organisation_id_is_needed_when_administering_several(client, session):
    world = make_world(session, client)
    second = make_organisation(session)
    admin = make_user(session, world.organisation, Role.ADMIN)
    grant(session=session, user=admin, organisation=second, role=Role.ADMIN)
    headers = token(client, admin)
    ambiguous = client.post(UNITS, json={"name": "Nämnd", "kind": "committee"}, headers=headers)
    assert ambiguous.status_code == 422
    assert ambiguous.json()["errors"][0]["field"] == "organisation_id"
    placed = client.post(UNITS, json={"name": "Nämnd", "kind": "committee",
                                      "organisation_id": str(second.id)}, headers=headers)
    assert placed.status_code == 201 and placed.json()["organisation_id"] == str(second.id)


def test_service_accounts_read_units_only_with_a_read_scope(client, session):
    world = make_world(session, client)
    reader = service_as(client, world, "reports:read")
    assert len(client.get(UNITS, headers=reader).json()["items"]) == 2
    assert client.get(f"{UNITS}/{world.units[0].id}", headers=reader).status_code == 200
    assert client.post(UNITS, json={"name": "Robotnämnd", "kind": "committee"},
                       headers=reader).status_code == 403
    registrar = service_as(client, world, "registration:write")
    assert client.get(UNITS, headers=registrar).status_code == 403
    assert client.get(f"{UNITS}/{world.units[0].id}", headers=registrar).status_code == 403
    assert client.get(UNITS).status_code == 401


def test_a_unique_name_race_answers_409_and_keeps_the_session_usable(session):
    organisation = make_organisation(session)
    make_unit(session, organisation, "Socialnämnden")
    # What a concurrent create that passed the name check at the same moment would write.
    with pytest.raises(NotAllowed, match="already"), unique(session, "already taken"):
        session.add(Unit(organisation_id=organisation.id, name="Socialnämnden",
                         kind="committee"))
    names = session.exec(select(Unit.name).where(Unit.organisation_id == organisation.id)).all()
    assert names == ["Socialnämnden"]
