"""Small factories: rows for one test, made through the same code the app uses."""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.core.clock import local_date
from backend.models import Organisation, Unit, User
from backend.models.enums import Role, UnitKind
from backend.organisations.service import ensure_user, grant

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_organisation(session: Session, name: str | None = None) -> Organisation:
    organisation = Organisation(name=name or f"Testkommun {next(_counter)}")
    session.add(organisation)
    session.flush()
    return organisation


def make_unit(session: Session, organisation: Organisation, name: str | None = None,
              kind: UnitKind = UnitKind.COMMITTEE) -> Unit:
    unit = Unit(organisation_id=organisation.id, name=name or f"Nämnd {next(_counter)}",
                kind=kind)
    session.add(unit)
    session.flush()
    return unit


def make_user(session: Session, organisation: Organisation, role: Role,
              unit: Unit | None = None, email: str | None = None) -> User:
    n = next(_counter)
    user = ensure_user(session=session, email=email or f"{role}{n}@test.se",
                       name=f"{role.replace('_', ' ').title()} {n}", password=PASSWORD)
    grant(session=session, user=user, organisation=organisation, role=role,
          unit_id=unit.id if unit else None)
    return user


def token(client: TestClient, user: User) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def deadlines(start: date | None = None) -> dict[str, str]:
    start = start or local_date() + timedelta(days=30)
    return {name: (start + timedelta(days=14 * i)).isoformat() for i, name in enumerate(
        ("draft_due", "committee_due", "submit_due", "review_due", "council_due"))}


@dataclass
class World:
    """One organisation with two units and a user for every role."""

    organisation: Organisation
    units: list[Unit]
    users: dict[str, User] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_(self, who: str) -> dict[str, str]:
        return self.headers[who]


def make_world(session: Session, client: TestClient) -> World:
    organisation = make_organisation(session)
    units = [make_unit(session, organisation, f"Barn- och utbildningsnämnden {next(_counter)}"),
             make_unit(session, organisation, f"Kultur- och fritidsnämnden {next(_counter)}")]
    world = World(organisation, units)
    for role in (Role.ADMIN, Role.COORDINATOR, Role.COUNCIL, Role.VIEWER):
        world.users[role] = make_user(session, organisation, role)
    for index, unit in enumerate(units):
        world.users[f"contact{index}"] = make_user(session, organisation, Role.CONTACT_PERSON,
                                                   unit)
        world.users[f"committee{index}"] = make_user(session, organisation, Role.COMMITTEE,
                                                     unit)
    session.flush()
    world.headers = {who: token(client, user) for who, user in world.users.items()}
    return world


COMPLETE_CONTENT = {
    "summary": "Nämnden deltog i ett Erasmus+-projekt och ett nätverk.",
    "activities": [
        {"title": "Digitala klassrum", "kind": "eu_project", "countries": ["FI", "EE"],
         "programme": "erasmus_plus", "external_funding_sek": 450000, "own_funding_sek": 50000,
         "benefits": ["knowledge"], "status": "ongoing"},
        {"title": "Eurocities Education", "kind": "network", "countries": ["BE"],
         "status": "ongoing"},
    ],
    "next_year_plans": "Söka nytt projekt.",
}


def open_cycle(client: TestClient, world: World, label: str = "2026") -> dict:
    coordinator = world.as_(Role.COORDINATOR)
    created = client.post("/api/v1/cycles", json={"label": label, **deadlines()},
                          headers=coordinator)
    assert created.status_code == 201, created.text
    opened = client.post(f"/api/v1/cycles/{created.json()['id']}/transitions",
                         json={"action": "open"}, headers=coordinator)
    assert opened.status_code == 200, opened.text
    return dict(opened.json())


def reports_by_unit(client: TestClient, world: World, cycle_id: str) -> dict[str, dict]:
    listed = client.get(f"/api/v1/cycles/{cycle_id}/reports",
                        headers=world.as_(Role.COORDINATOR))
    assert listed.status_code == 200, listed.text
    return {item["unit_id"]: item for item in listed.json()["items"]}
