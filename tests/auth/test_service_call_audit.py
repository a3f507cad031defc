"""Every call a service account makes is in the audit log, the refused ones too.

On a committed database with the real request boundary: a refused call rolls its
transaction back, and its audit row must survive that.
"""

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.core.db import get_engine, set_engine
from backend.main import create_app
from backend.models import AuditEvent
from backend.models.enums import Role
from tests.auth.factories import client_credentials
from tests.factories import make_organisation, make_user, token


@pytest.fixture
def real_client(committed_engine: Engine) -> Iterator[TestClient]:
    previous = get_engine()
    set_engine(committed_engine)
    try:
        with TestClient(create_app()) as client:
            yield client
    finally:
        set_engine(previous)


def test_refused_service_calls_are_audited_with_their_status(committed_engine, real_client):
    with Session(committed_engine, expire_on_commit=False) as session:
        organisation = make_organisation(session)
        admin = make_user(session, organisation, Role.ADMIN)
        session.commit()
    admin_headers = token(real_client, admin)
    account = real_client.post("/api/v1/service-accounts", headers=admin_headers, json={
        "name": "Public 360", "scopes": ["events:read"]}).json()
    bearer = {"Authorization": "Bearer " + client_credentials(
        real_client, account["client_id"], account["client_secret"]).json()["access_token"]}

    assert real_client.get("/api/v1/events", headers=bearer).status_code == 200
    assert real_client.post("/api/v1/webhooks", headers=bearer, json={
        "url": "https://93.184.216.34/", "events": ["*"]}).status_code == 403
    assert real_client.get("/api/v1/cycles/not-a-uuid", headers=bearer).status_code == 422
    assert client_credentials(real_client, account["client_id"], "wrong").status_code == 401
    assert real_client.delete(f"/api/v1/service-accounts/{account['id']}",
                              headers=admin_headers).status_code == 204
    assert real_client.get("/api/v1/events", headers=bearer).status_code == 401

    with Session(committed_engine) as session:
        calls = session.exec(select(AuditEvent).where(
            col(AuditEvent.action) == "service_account.call",
            col(AuditEvent.actor_service_account_id) == uuid.UUID(account["id"]),
        ).order_by(col(AuditEvent.created_at))).all()
    assert [(c.detail["method"], c.detail["path"], c.detail.get("status")) for c in calls] == [
        ("GET", "/api/v1/events", None),
        ("POST", "/api/v1/webhooks", 403),
        ("GET", "/api/v1/cycles/not-a-uuid", 422),
        ("POST", "/api/v1/auth/token", 401),
        ("GET", "/api/v1/events", 401),
    ]
    assert {c.organisation_id for c in calls} == {organisation.id}
