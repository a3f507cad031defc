"""`CurrentPrincipal`: every router under /api/v1 depends on it unless it says otherwise."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.auth import service
from backend.auth.principal import Principal
from backend.core.deps import SessionDep
from backend.core.errors import Unauthorized

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")


def current_principal(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/v1/auth/token)")
    return service.resolve(session=session, token=credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
