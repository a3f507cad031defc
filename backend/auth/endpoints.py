"""POST /auth/token, POST /auth/logout, GET /me."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from sqlmodel import select

from backend.auth import service
from backend.auth.deps import CurrentPrincipal
from backend.auth.schemas import MembershipPublic, MePublic, TokenPublic
from backend.core.deps import SessionDep
from backend.core.errors import Invalid, Unauthorized
from backend.core.security import trusted_client_address
from backend.models import Membership, Organisation, Unit, User

router = APIRouter(tags=["auth"])
CLIENT_ADDRESS_HEADER = "X-Samordna-Client-Address"
CLIENT_SIGNATURE_HEADER = "X-Samordna-Client-Signature"

TOKEN_DESCRIPTION = """
OAuth2 token endpoint (form-encoded).

* Users: `grant_type=password&username=EMAIL&password=PW`
* Service accounts: `grant_type=client_credentials&client_id=ID&client_secret=SECRET`

Answers 401 on bad credentials. Failures are counted per (account, address) and per address,
never per account alone: after three failures for one account from one address the next
guess must wait 1, 2, 4 … 60 seconds, and after ten (or fifty from one address across
accounts) within 15 minutes that address is refused; an early guess is answered 429 with
`Retry-After` and is not counted. The same account from another address is not affected,
and unknown accounts answer alike. The token is a JWT (HS256) bound to a server-side session:
logging out or deactivating the account revokes it at once.
"""


@router.post("/auth/token", summary="Get an access token", description=TOKEN_DESCRIPTION,
             response_model=TokenPublic,
             responses={401: {"description": "Bad credentials"},
                        429: {"description": "Too many failed attempts"}})
def token(
    request: Request,
    session: SessionDep,
    grant_type: Annotated[str, Form(max_length=40)],
    username: Annotated[str | None, Form(max_length=254)] = None,
    password: Annotated[str | None, Form(max_length=1000)] = None,
    client_id: Annotated[str | None, Form(max_length=100)] = None,
    client_secret: Annotated[str | None, Form(max_length=1000)] = None,
) -> TokenPublic:
    # The web frontend logs people in on their behalf; it vouches for their address.
    address = trusted_client_address(request.headers.get(CLIENT_ADDRESS_HEADER),
                                     request.headers.get(CLIENT_SIGNATURE_HEADER)) \
        or (request.client.host if request.client else "unknown")
    try:
        access, expires_in = _login(session, address, grant_type, username, password,
                                    client_id, client_secret)
    except Unauthorized:
        session.commit()  # the failed attempt must count, although the request fails
        raise
    return TokenPublic(access_token=access, expires_in=expires_in)


def _login(session: SessionDep, address: str, grant_type: str, username: str | None,
           password: str | None, client_id: str | None,
           client_secret: str | None) -> tuple[str, int]:
    if grant_type == "password":
        if not username or not password:
            raise Invalid("username and password are required",
                          fields={"username": "required", "password": "required"})
        return service.password_login(session=session, email=username, password=password,
                                      address=address)
    if grant_type == "client_credentials":
        if not client_id or not client_secret:
            raise Invalid("client_id and client_secret are required",
                          fields={"client_id": "required", "client_secret": "required"})
        return service.client_credentials_login(session=session, client_id=client_id,
                                                client_secret=client_secret, address=address)
    raise Invalid("grant_type must be 'password' or 'client_credentials'",
                  fields={"grant_type": "unsupported"})


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
        .where(Membership.user_id == principal.id)
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
