"""Service accounts: integrations (the document system) with scopes and client credentials.

The secret is shown once, at creation and at each rotation, and stored as an argon2 hash.
"""

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session

from backend.audit import service as audit
from backend.auth import repository
from backend.auth.policies import require_role, require_visible
from backend.auth.principal import Principal, Scope
from backend.core.errors import NotAllowed
from backend.core.schemas import SINGLE_LINE
from backend.core.security import hash_secret, new_token
from backend.models import AuditEvent, ServiceAccount
from backend.models.base import utcnow
from backend.models.enums import Role
from backend.organisations.service import (
    administered_organisation,
    apply_changes,
    check_version,
)

CLIENT_ID_PREFIX = "samordna-"
DEFAULT_GRACE_HOURS = 24
MAX_GRACE_HOURS = 720
DEFAULT_GRACE = timedelta(hours=DEFAULT_GRACE_HOURS)


def _distinct(scopes: list[Scope]) -> list[Scope]:
    return sorted(set(scopes))


Scopes = Annotated[list[Scope], Field(min_length=1, max_length=len(Scope)),
                   AfterValidator(_distinct)]
AccountName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=200), SINGLE_LINE]


class ServiceAccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Public 360", "scopes": ["reports:read", "compilation:read",
                                          "registration:write", "events:read"]}]})

    name: AccountName
    scopes: Scopes
    organisation_id: uuid.UUID | None = Field(
        None, description="May be left out when you administer one organisation only")


class ServiceAccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"scopes": ["events:read", "registration:write"]}]})

    name: AccountName | None = None
    scopes: Scopes | None = None


class ServiceAccountRotate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"grace_hours": 24}, {"grace_hours": 0}]})

    grace_hours: int = Field(
        DEFAULT_GRACE_HOURS, ge=0, le=MAX_GRACE_HOURS,
        description="How long the old secret keeps working; 0 revokes it (and its tokens) "
                    "at once")


class ServiceAccountPublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    client_id: str
    scopes: list[str]
    active: bool
    version: int
    created_at: datetime
    rotated_at: datetime | None
    previous_secret_expires_at: datetime | None = Field(
        description="Until when the secret replaced by the last rotation still works")


class ServiceAccountCredentials(ServiceAccountPublic):
    client_secret: str = Field(description="Shown only now; store it in the integration")


def visible_account(session: Session, principal: Principal, account_id: uuid.UUID, *,
                    lock: bool = False) -> ServiceAccount:
    """404 outside your organisations, 403 for anyone but the organisation's admin."""
    account = repository.service_account(session, account_id, lock=lock)
    require_visible(account is not None
                    and account.organisation_id in principal.organisation_ids(),
                    "The service account")
    assert account is not None
    require_role(principal, Role.ADMIN, account.organisation_id)
    return account


def _record(session: Session, principal: Principal, account: ServiceAccount, action: str,
            detail: dict[str, object] | None = None) -> None:
    audit.record(session=session, principal=principal, action=action,
                 object_type="service_account", object_id=account.id,
                 organisation_id=account.organisation_id, detail=detail)


def create(*, session: Session, principal: Principal,
           data: ServiceAccountCreate) -> tuple[ServiceAccount, str]:
    """Admin: a new account and its secret (the only time the secret is readable)."""
    organisation_id = administered_organisation(principal, data.organisation_id)
    secret = new_token(32)
    account = ServiceAccount(organisation_id=organisation_id, name=data.name,
                             client_id=CLIENT_ID_PREFIX + new_token(12),
                             secret_hash=hash_secret(secret), scopes=list(data.scopes))
    session.add(account)
    session.flush()
    _record(session, principal, account, "service_account.created",
            {"name": account.name, "client_id": account.client_id, "scopes": account.scopes})
    return account, secret


def update(*, session: Session, principal: Principal, account_id: uuid.UUID,
           changes: ServiceAccountUpdate, expected_version: int) -> ServiceAccount:
    """Admin: rename or change scopes; new scopes hold from the account's next request."""
    account = visible_account(session, principal, account_id, lock=True)
    check_version(account.version, expected_version)
    changed = apply_changes(account, changes.model_dump(exclude_unset=True))
    if changed:
        _record(session, principal, account, "service_account.updated", changed)
        session.flush()
    return account


def rotate(*, session: Session, principal: Principal, account_id: uuid.UUID,
           expected_version: int | None,
           grace: timedelta = DEFAULT_GRACE) -> tuple[ServiceAccount, str]:
    """Admin: a new secret. The old one keeps working for `grace` (so the integration can
    switch without a gap); with no grace it and every token issued with it stop at once."""
    account = visible_account(session, principal, account_id, lock=True)
    if expected_version is not None:
        check_version(account.version, expected_version)
    if not account.active:
        raise NotAllowed("The service account is revoked; create a new one")
    secret = new_token(32)
    now = utcnow()
    if grace > timedelta(0):
        account.previous_secret_hash = account.secret_hash
        account.previous_secret_expires_at = now + grace
    else:
        account.previous_secret_hash = account.previous_secret_expires_at = None
        repository.revoke_sessions_of_service_account(session, account.id, now)
    account.secret_hash = hash_secret(secret)
    account.rotated_at = now
    account.version += 1
    _record(session, principal, account, "service_account.rotated",
            {"grace_hours": grace.total_seconds() / 3600})
    session.flush()
    return account, secret


def revoke(*, session: Session, principal: Principal, account_id: uuid.UUID) -> None:
    """Admin: deactivate for good; its tokens answer 401 from the next request on."""
    account = visible_account(session, principal, account_id, lock=True)
    if not account.active:
        return
    account.active = False
    account.previous_secret_hash = account.previous_secret_expires_at = None
    account.version += 1
    repository.revoke_sessions_of_service_account(session, account.id, utcnow())
    _record(session, principal, account, "service_account.revoked")
    session.flush()


def record_refused_call(session: Session, account_id: uuid.UUID, method: str, path: str,
                        status: int) -> None:
    """Audit a service account's call that failed (its own transaction rolled back)."""
    account = session.get(ServiceAccount, account_id)
    if account is None:
        return
    session.add(AuditEvent(organisation_id=account.organisation_id,
                           actor_service_account_id=account.id, action="service_account.call",
                           object_type="service_account", object_id=account.id,
                           detail={"method": method, "path": path[:500], "status": status}))


def record_service_call(session: Session, principal: Principal, method: str,
                        path: str) -> None:
    """Audit one API call by a service account; users' calls are not logged here."""
    if not principal.is_service:
        return
    audit.record(session=session, principal=principal, action="service_account.call",
                 object_type="service_account", object_id=principal.id,
                 organisation_id=principal.service_organisation_id,
                 detail={"method": method, "path": path[:500]})
