"""/service-accounts: create, read, change, rotate and revoke integrations' credentials."""

import uuid
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Response

from backend.auth import repository, service_accounts
from backend.auth.deps import CurrentPrincipal
from backend.auth.service_accounts import (
    ServiceAccountCreate,
    ServiceAccountCredentials,
    ServiceAccountPublic,
    ServiceAccountRotate,
    ServiceAccountUpdate,
)
from backend.core.deps import SessionDep
from backend.core.errors import Forbidden
from backend.core.pagination import Cursor, Limit, decode_cursor, next_cursor_of
from backend.core.schemas import Page
from backend.core.versioning import IfMatch, parse_if_match, require_if_match, set_etag
from backend.models import ServiceAccount
from backend.organisations.service import administered

router = APIRouter(prefix="/service-accounts", tags=["service accounts"])

ERRORS: dict[int | str, dict[str, Any]] = {401: {"description": "No or invalid token"},
          403: {"description": "Only the organisation's admin manages service accounts"},
          404: {"description": "No such service account, or not visible to you"},
          409: {"description": "Stale version, or the account is revoked"},
          422: {"description": "Invalid input; `errors` names the fields"}}


def public_of(account: ServiceAccount) -> ServiceAccountPublic:
    return ServiceAccountPublic.model_validate(account, from_attributes=True)


def credentials_of(account: ServiceAccount, secret: str) -> ServiceAccountCredentials:
    return ServiceAccountCredentials(**public_of(account).model_dump(), client_secret=secret)


@router.get("", response_model=Page[ServiceAccountPublic], responses=ERRORS,
            summary="List service accounts")
def list_accounts(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
                  limit: Limit = 100,
                  organisation_id: uuid.UUID | None = None) -> Page[ServiceAccountPublic]:
    """Admin: the service accounts of the organisations you administer, revoked ones
    included (`active: false`), by name. Secrets are never shown here."""
    organisations = frozenset(o for o in administered(principal)
                              if organisation_id in (None, o))
    if not organisations:
        raise Forbidden("Only an admin may list service accounts")
    rows = repository.service_accounts_in(session, organisations, after=decode_cursor(cursor),
                                          limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.name, r.id))
    return Page[ServiceAccountPublic](items=[public_of(a) for a in rows[:limit]],
                                      next_cursor=next_cursor)


@router.post("", response_model=ServiceAccountCredentials, status_code=201, responses=ERRORS,
             summary="Create a service account")
def create_account(body: ServiceAccountCreate, principal: CurrentPrincipal,
                   session: SessionDep, response: Response) -> ServiceAccountCredentials:
    """Admin. `scopes` from: `reports:read`, `cycles:read`, `compilation:read`,
    `registration:write`, `events:read`, `webhooks:manage` (422 for others). The answer
    holds `client_id` and `client_secret` for `POST /auth/token` with
    `grant_type=client_credentials`; the secret is shown only this once. Every call the
    account makes is written to the audit log."""
    account, secret = service_accounts.create(session=session, principal=principal, data=body)
    set_etag(response, account.version)
    return credentials_of(account, secret)


@router.get("/{account_id}", response_model=ServiceAccountPublic, responses=ERRORS,
            summary="Read a service account")
def read_account(account_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                 response: Response) -> ServiceAccountPublic:
    """Admin. Name, client id, scopes, whether active, when the secret was last rotated."""
    account = service_accounts.visible_account(session, principal, account_id)
    set_etag(response, account.version)
    return public_of(account)


@router.patch("/{account_id}", response_model=ServiceAccountPublic,
              responses={**ERRORS, 428: {"description": "If-Match missing"}},
              summary="Rename a service account or change its scopes")
def update_account(account_id: uuid.UUID, body: ServiceAccountUpdate,
                   principal: CurrentPrincipal, session: SessionDep, response: Response,
                   if_match: IfMatch = None) -> ServiceAccountPublic:
    """Admin, with `If-Match`. New scopes hold from the account's next request."""
    account = service_accounts.update(session=session, principal=principal,
                                      account_id=account_id, changes=body,
                                      expected_version=require_if_match(if_match))
    set_etag(response, account.version)
    return public_of(account)


@router.post("/{account_id}/rotate", response_model=ServiceAccountCredentials,
             responses=ERRORS, summary="Rotate a service account's secret")
def rotate_secret(account_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                  response: Response, if_match: IfMatch = None,
                  body: ServiceAccountRotate | None = None) -> ServiceAccountCredentials:
    """Admin. Issues a new secret, shown only in this answer. The old secret keeps working
    for `grace_hours` (default 24, at most 720), so the integration can switch over without
    a gap; `previous_secret_expires_at` says until when. With `grace_hours: 0` the old
    secret stops at once, and so does every token obtained with it. A rotation ends the
    grace period of the one before. `If-Match` is optional; when sent, a stale version
    answers 409. A revoked account answers 409."""
    grace = timedelta(hours=(body or ServiceAccountRotate()).grace_hours)
    account, secret = service_accounts.rotate(session=session, principal=principal,
                                              account_id=account_id,
                                              expected_version=parse_if_match(if_match),
                                              grace=grace)
    set_etag(response, account.version)
    return credentials_of(account, secret)


@router.delete("/{account_id}", status_code=204, responses=ERRORS,
               summary="Revoke a service account")
def revoke_account(account_id: uuid.UUID, principal: CurrentPrincipal,
                   session: SessionDep) -> Response:
    """Admin. Deactivates the account for good: its secret and tokens answer 401 from the
    next request on. It stays listed with `active: false` for the audit trail."""
    service_accounts.revoke(session=session, principal=principal, account_id=account_id)
    return Response(status_code=204)
