"""/organisations/{id}/identity-provider: an admin sets up single sign-on (OpenID Connect)."""

import uuid
from typing import Any

from fastapi import APIRouter, Response

from backend.auth import identity_providers
from backend.auth.deps import CurrentPrincipal
from backend.auth.identity_providers import IdentityProviderPublic, IdentityProviderSettings
from backend.core.deps import SessionDep
from backend.core.versioning import IfMatch, set_etag

router = APIRouter(prefix="/organisations/{organisation_id}/identity-provider",
                   tags=["single sign-on"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid token"},
    403: {"description": "Only the organisation's admin sets up single sign-on"},
    404: {"description": "No such organisation, or no provider set up"},
    409: {"description": "Stale version"},
    422: {"description": "Invalid input, or the issuer has no OpenID configuration"},
    428: {"description": "If-Match is required to replace an existing provider"}}


@router.put("", response_model=IdentityProviderPublic, responses=ERRORS,
            summary="Set up single sign-on")
def put_provider(organisation_id: uuid.UUID, body: IdentityProviderSettings,
                 principal: CurrentPrincipal, session: SessionDep, response: Response,
                 if_match: IfMatch = None) -> IdentityProviderPublic:
    """Admin. Creates the organisation's OpenID Provider, or replaces it (send If-Match with
    the version you read; leave out `client_secret` to keep the stored one). The issuer's
    `/.well-known/openid-configuration` must answer. Register the returned `redirect_uri`
    at the provider. The secret is stored encrypted and never returned."""
    provider = identity_providers.put(session=session, principal=principal,
                                      organisation_id=organisation_id, data=body,
                                      if_match=if_match)
    set_etag(response, provider.version)
    return identity_providers.public_of(provider)


@router.get("", response_model=IdentityProviderPublic, responses=ERRORS,
            summary="Read the single sign-on set-up")
def get_provider(organisation_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                 response: Response) -> IdentityProviderPublic:
    """Admin. The provider without its secret, with the `redirect_uri` to register."""
    provider = identity_providers.read(session=session, principal=principal,
                                       organisation_id=organisation_id)
    set_etag(response, provider.version)
    return identity_providers.public_of(provider)


@router.delete("", status_code=204, responses=ERRORS, summary="Turn single sign-on off")
def delete_provider(organisation_id: uuid.UUID, principal: CurrentPrincipal,
                    session: SessionDep) -> Response:
    """Admin. Removes the provider and the identities linked through it; people sign in
    with a password (or a set-password link) again. Existing sessions stay valid."""
    identity_providers.delete(session=session, principal=principal,
                              organisation_id=organisation_id)
    return Response(status_code=204)
