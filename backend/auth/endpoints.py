"""POST /auth/token, POST /auth/logout, GET /me."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import col, select

from backend.auth import repository, service, service_accounts
from backend.auth.deps import CurrentPrincipal
from backend.auth.schemas import MembershipPublic, MePublic, TokenPublic
from backend.auth.token_request import (
    FIELD_LIMITS,
    FORM,
    GRANT_TYPES,
    TokenRequest,
    read_token_request,
)
from backend.core.deps import SessionDep
from backend.core.errors import NO_STORE, OAuthError, Unauthorized
from backend.core.schemas import SINGLE_LINE
from backend.core.security import trusted_client_address
from backend.models import Membership, Organisation, Unit, User

router = APIRouter(tags=["auth"])
CLIENT_ADDRESS_HEADER = "X-Samordna-Client-Address"
CLIENT_SIGNATURE_HEADER = "X-Samordna-Client-Signature"

TOKEN_DESCRIPTION = """
OAuth 2 token endpoint (RFC 6749), parameters form-encoded.

* Users (password grant): `grant_type=password&username=EMAIL&password=PW`
* Service accounts (client credentials): `grant_type=client_credentials` with the client
  authenticated by HTTP Basic (`Authorization: Basic base64(client_id:client_secret)`, each
  part form-urlencoded first, RFC 6749 §2.3.1), or by `client_id` and `client_secret` in the
  form; not both.

Errors here are OAuth 2 errors (RFC 6749 §5.2), `application/json`
`{"error", "error_description"}`: `invalid_request` (400: a parameter missing, repeated or
malformed), `unsupported_grant_type` (400), `invalid_grant` (400: wrong e-mail address or
password), `invalid_client` (401 with `WWW-Authenticate: Basic`: unknown client, wrong
secret, revoked account). Every answer carries `Cache-Control: no-store`.

Failures are counted per (account, address) and per address, never per account alone:
after three failures for one account from one address the next guess must wait 1, 2, 4 …
60 seconds, and after ten (or fifty from one address across accounts) within 15 minutes
that address is refused; an early guess is answered 429 with `Retry-After` and is not
counted. The same account from another address is not affected, and unknown accounts
answer alike.

The token is a JWT (HS256) bound to a server-side session: logging out or deactivating the
account revokes it at once.
"""

FORM_SCHEMA = {"type": "object", "required": ["grant_type"], "properties": {
    "grant_type": {"type": "string", "enum": list(GRANT_TYPES)},
    **{name: {"type": "string", "maxLength": limit, "pattern": SINGLE_LINE.pattern}
       for name, limit in FIELD_LIMITS.items() if name != "grant_type"}}}


class OAuthErrorBody(BaseModel):
    error: str = Field(description="invalid_request, invalid_client, invalid_grant or "
                                   "unsupported_grant_type")
    error_description: str


@router.post("/auth/token", summary="Get an access token", description=TOKEN_DESCRIPTION,
             response_model=TokenPublic,
             openapi_extra={"requestBody": {"required": True, "content": {
                 FORM: {"schema": FORM_SCHEMA}}}},
             responses={400: {"model": OAuthErrorBody, "description": "invalid_request, "
                              "invalid_grant or unsupported_grant_type"},
                        401: {"model": OAuthErrorBody, "description": "invalid_client"},
                        429: {"description": "Too many failed attempts"}})
def token(
    request: Request, response: Response, session: SessionDep,
    form: Annotated[TokenRequest, Depends(read_token_request)],
) -> TokenPublic:
    response.headers.update(NO_STORE)
    # The web frontend logs people in on their behalf; it vouches for their address.
    address = trusted_client_address(request.headers.get(CLIENT_ADDRESS_HEADER),
                                     request.headers.get(CLIENT_SIGNATURE_HEADER)) \
        or (request.client.host if request.client else "unknown")
    try:
        access, expires_in = _login(session, address, form)
    except Unauthorized as exc:
        if form.grant_type == "client_credentials":
            _audit_refused_client(session, form.client_id, request.url.path)
        session.commit()  # the failed attempt must count, although the request fails
        if form.grant_type == "password":
            raise OAuthError("invalid_grant", exc.detail) from exc
        raise OAuthError("invalid_client", exc.detail, status=401) from exc
    return TokenPublic(access_token=access, expires_in=expires_in)


def _audit_refused_client(session: SessionDep, client_id: str | None, path: str) -> None:
    account = repository.service_account_by_client_id(session, client_id or "")
    if account is not None:
        service_accounts.record_refused_call(session, account.id, "POST", path, 401)


def _login(session: SessionDep, address: str, form: TokenRequest) -> tuple[str, int]:
    if form.grant_type == "password":
        assert form.username and form.password
        return service.password_login(session=session, email=form.username,
                                      password=form.password, address=address)
    assert form.client_id and form.client_secret
    return service.client_credentials_login(session=session, client_id=form.client_id,
                                            client_secret=form.client_secret, address=address)


@router.post("/auth/logout", status_code=204, summary="Revoke the current token")
def logout(principal: CurrentPrincipal, session: SessionDep) -> Response:
    """Ends the server-side session behind this token; the token stops working at once."""
    service.logout(session=session, principal=principal)
    return Response(status_code=204)


@router.get("/me", response_model=MePublic, summary="Who am I")
def me(principal: CurrentPrincipal, session: SessionDep) -> MePublic:
    """The calling user's memberships (organisation, role, unit), or a service account's scopes."""
    if principal.is_service:
        return MePublic(id=principal.id, kind="service", name=principal.name, email=None,
                        memberships=[], scopes=sorted(principal.scopes))
    rows = session.exec(
        select(Membership, Organisation.name, Unit.name)
        .join(Organisation, Organisation.id == Membership.organisation_id)  # type: ignore[arg-type]
        .outerjoin(Unit, Unit.id == Membership.unit_id)  # type: ignore[arg-type]
        .where(Membership.user_id == principal.id, col(Membership.active).is_(True))
        .order_by(Organisation.name, Membership.role)
    ).all()
    user = session.get(User, principal.id)
    return MePublic(
        id=principal.id, kind="user", name=principal.name, email=user.email if user else None,
        memberships=[MembershipPublic(organisation_id=m.organisation_id, organisation_name=o,
                                      role=m.role, unit_id=m.unit_id, unit_name=u)
                     for m, o, u in rows],
        scopes=[],
    )
