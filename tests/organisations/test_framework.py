"""/strategic-areas: the organisation's framework that activities link to."""

from backend.models.enums import Role
from tests.auth.factories import service_as
from tests.factories import make_world, open_cycle, reports_by_unit

AREAS = "/api/v1/strategic-areas"


def _area(client, world, name, position=0):
    created = client.post(AREAS, json={"name": name, "position": position},
                          headers=world.as_(Role.ADMIN))
    assert created.status_code == 201, created.text
    return created.json()


def test_admin_builds_the_framework_and_everyone_reads_it(client, session):
    world = make_world(session, client)
    for position, name in enumerate(["Attraktiv kommun", "Kunskap", "Samverkan"], start=1):
        _area(client, world, name, 4 - position)
    listed = client.get(AREAS, headers=world.as_("contact0")).json()
    assert [a["name"] for a in listed["items"]] == ["Samverkan", "Kunskap", "Attraktiv kommun"]
    page = client.get(AREAS, params={"limit": 2}, headers=world.as_("viewer")).json()
    rest = client.get(AREAS, params={"limit": 2, "cursor": page["next_cursor"]},
                      headers=world.as_("viewer")).json()
    assert [a["name"] for a in page["items"] + rest["items"]] == [
        a["name"] for a in listed["items"]]
    assert rest["next_cursor"] is None
    reader = service_as(client, world, "compilation:read")
    assert len(client.get(AREAS, headers=reader).json()["items"]) == 3


def test_changes_conflicts_and_bad_input(client, session):
    world = make_world(session, client)
    admin = world.as_(Role.ADMIN)
    first, second = _area(client, world, "Kunskap"), _area(client, world, "Samverkan")
    assert client.post(AREAS, json={"name": "Kunskap"}, headers=admin).status_code == 409
    renamed = client.patch(f"{AREAS}/{first['id']}", json={"description": "Lärande"},
                           headers=admin)
    assert renamed.status_code == 200 and renamed.json()["description"] == "Lärande"
    clash = client.patch(f"{AREAS}/{first['id']}", json={"name": "Samverkan"}, headers=admin)
    assert clash.status_code == 409
    bad = client.post(AREAS, json={"name": "", "position": -1}, headers=admin)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"name", "position"}
    assert client.post(AREAS, json={"name": "X"}, headers=world.as_(Role.COORDINATOR)
                       ).status_code == 403
    assert client.delete(f"{AREAS}/{second['id']}", headers=world.as_(Role.VIEWER)
                         ).status_code == 403
    assert client.get(AREAS, params={"cursor": "WyJ4IiwgIjEiXQ"}, headers=admin
                      ).status_code == 422


def test_an_area_in_use_cannot_be_deleted(client, session):
    world = make_world(session, client)
    used, unused = _area(client, world, "Kunskap"), _area(client, world, "Samverkan")
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    content = {"summary": "Ett projekt.", "activities": [
        {"title": "Erasmus+", "kind": "eu_project", "strategic_area_ids": [used["id"]]}]}
    saved = client.put(f"/api/v1/reports/{report['id']}/content", json=content,
                       headers={**world.as_("contact0"), "If-Match": f'"{report["version"]}"'})
    assert saved.status_code == 200, saved.text
    in_use = client.delete(f"{AREAS}/{used['id']}", headers=world.as_(Role.ADMIN))
    assert in_use.status_code == 409 and "Kunskap" in in_use.json()["detail"]
    assert client.delete(f"{AREAS}/{unused['id']}", headers=world.as_(Role.ADMIN)
                         ).status_code == 204
    assert client.get(f"{AREAS}/{unused['id']}", headers=world.as_(Role.ADMIN)
                      ).status_code == 404


def test_another_organisations_framework_is_invisible(client, session):
    world, other = make_world(session, client), make_world(session, client)
    theirs = _area(client, other, "Deras område")
    admin = world.as_(Role.ADMIN)
    assert client.get(f"{AREAS}/{theirs['id']}", headers=admin).status_code == 404
    assert client.patch(f"{AREAS}/{theirs['id']}", json={"name": "Vårt"},
                        headers=admin).status_code == 404
    assert client.delete(f"{AREAS}/{theirs['id']}", headers=admin).status_code == 404
    assert client.get(AREAS, headers=admin).json()["items"] == []
