"""Service accounts for tests, made through the API as an integrator's admin would."""

from typing import Any

from fastapi.testclient import TestClient

from backend.models.enums import Role
from tests.factories import World


def create_service_account(client: TestClient, world: World, *scopes: str,
                           name: str = "Public 360") -> dict[str, Any]:
    created = client.post("/api/v1/service-accounts", json={"name": name, "scopes": list(scopes)},
                          headers=world.as_(Role.ADMIN))
    assert created.status_code == 201, created.text
    return dict(created.json())


def client_credentials(client: TestClient, client_id: str, client_secret: str) -> Any:
    return client.post("/api/v1/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": client_secret})


def service_headers(client: TestClient, account: dict[str, Any]) -> dict[str, str]:
    answer = client_credentials(client, account["client_id"], account["client_secret"])
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def service_as(client: TestClient, world: World, *scopes: str) -> dict[str, str]:
    return service_headers(client, create_service_account(client, world, *scopes))


def with_version(headers: dict[str, str], version: int) -> dict[str, str]:
    return {**headers, "If-Match": f'"{version}"'}
