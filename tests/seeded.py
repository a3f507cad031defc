"""One organisation seeded with a cycle, a report, an area, a webhook, a service account and a
user holding every organisation-wide role: what the OpenAPI-driven tests send their requests
against, with the real ids to put in paths."""

import itertools
from dataclasses import dataclass, field

import pytest

from backend.models.enums import Role
from backend.organisations.service import grant
from tests.auth.factories import create_service_account
from tests.factories import make_user, make_world, open_cycle, reports_by_unit, token

# Delivery is tested with a receiver on localhost; here no URL may make the app resolve a name.
WEBHOOK_URL = "https://93.184.216.34/samordna"


@dataclass
class Seeded:
    headers: dict[str, str]
    ids: dict[str, str]
    turn: itertools.count = field(default_factory=itertools.count)


@pytest.fixture
def seeded(client, session) -> Seeded:
    world = make_world(session, client)
    everything = make_user(session, world.organisation, Role.ADMIN)
    for role in (Role.COORDINATOR, Role.COUNCIL, Role.VIEWER):
        grant(session=session, user=everything, organisation=world.organisation, role=role)
    headers = token(client, everything)
    cycle = open_cycle(client, world)
    report = next(iter(reports_by_unit(client, world, cycle["id"]).values()))
    area = client.post("/api/v1/strategic-areas", json={"name": "Attraktiv kommun"},
                       headers=headers)
    hook = client.post("/api/v1/webhooks", json={"url": WEBHOOK_URL, "events": ["*"]},
                       headers=headers)
    roles = client.get(f"/api/v1/users/{world.users['contact0'].id}/roles", headers=headers)
    assert area.status_code == 201 and hook.status_code == 201 and roles.status_code == 200
    return Seeded(headers, {
        "cycle_id": cycle["id"], "report_id": report["id"], "unit_id": str(world.units[0].id),
        "user_id": str(world.users["contact0"].id), "organisation_id": str(world.organisation.id),
        "area_id": area.json()["id"], "webhook_id": hook.json()["id"],
        "account_id": create_service_account(client, world, "events:read")["id"],
        "membership_id": roles.json()["items"][0]["id"], "number": 1})
