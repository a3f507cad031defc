"""`CurrentPrincipal`: every router under /api/v1 depends on it unless it says otherwise."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.auth import service, service_accounts
from backend.auth.principal import Principal
from backend.core.deps import SessionDep
from backend.core.errors import Unauthorized

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")


def current_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/v1/auth/token)")
    principal = service.resolve(session=session, token=credentials.credentials)
    service_accounts.record_service_call(session, principal, request.method, request.url.path)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
