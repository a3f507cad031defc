"""`CurrentPrincipal`: every router under /api/v1 depends on it unless it says otherwise."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.auth import service, service_accounts
from backend.auth.principal import Principal
from backend.core.deps import SessionDep, keep_on_failure
from backend.core.errors import Unauthorized, status_of

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")


def current_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/v1/auth/token)")
    try:
        principal = service.resolve(session=session, token=credentials.credentials)
    except Unauthorized:
        account_id = service.service_account_of(credentials.credentials)
        if account_id is not None:  # a genuine token of a disabled or rotated-out account
            keep_on_failure(request, lambda kept, error: service_accounts.record_refused_call(
                kept, account_id, request.method, request.url.path, status_of(error)))
        raise
    if principal.is_service:
        service_accounts.record_service_call(session, principal, request.method,
                                             request.url.path)
        keep_on_failure(request, lambda kept, error: service_accounts.record_refused_call(
            kept, principal.id, request.method, request.url.path, status_of(error)))
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
