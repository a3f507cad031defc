"""/users and /users/{id}/roles: accounts and the roles they hold."""

import uuid
from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from backend.auth.deps import CurrentPrincipal
from backend.core.deps import SessionDep
from backend.core.errors import Forbidden
from backend.core.pagination import Cursor, Limit, decode_cursor, next_cursor_of
from backend.core.schemas import Page
from backend.core.versioning import IfMatch, require_if_match, set_etag
from backend.models import Membership, User
from backend.notifications.smtp import MailerDep
from backend.organisations import repository, users
from backend.organisations.endpoints import WRITE_ERRORS, errors
from backend.organisations.schemas import (
    RoleGrant,
    RolePublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from backend.organisations.service import administered

router = APIRouter(prefix="/users", tags=["users"])


def role_public(membership: Membership) -> RolePublic:
    return RolePublic.model_validate(membership, from_attributes=True)


def user_public(user: User, roles: list[Membership]) -> UserPublic:
    active = user.active and (not roles or any(m.active for m in roles))
    return UserPublic(id=user.id, email=user.email, name=user.name, active=active,
                      version=user.version, created_at=user.created_at,
                      last_login_at=user.last_login_at, roles=[role_public(m) for m in roles])


def _answer(session: Session, principal: CurrentPrincipal, response: Response,
            user: User) -> UserPublic:
    set_etag(response, user.version)
    roles = repository.roles_of(session, [user.id], users.roles_scope(principal, user))
    return user_public(user, roles[user.id])


@router.get("", response_model=Page[UserPublic], responses=errors("user"),
            summary="List users")
def list_users(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
               limit: Limit = 100, organisation_id: uuid.UUID | None = None,
               active: bool | None = None) -> Page[UserPublic]:
    """Admin: the users of the organisations you administer, by e-mail address, with their
    roles there. Everyone else answers 403 (read yourself with `GET /users/{id}` or `/me`)."""
    organisations = frozenset(o for o in administered(principal)
                              if organisation_id in (None, o))
    if not organisations:
        raise Forbidden("Only an admin may list users")
    rows = repository.users_in(session, organisations, active=active,
                               cursor=decode_cursor(cursor), limit=limit + 1)
    page = rows[:limit]
    roles = repository.roles_of(session, [u.id for u in page], organisations)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.email, r.id))
    return Page[UserPublic](items=[user_public(u, roles[u.id]) for u in page],
                            next_cursor=next_cursor)


@router.post("", response_model=UserPublic, status_code=201, responses=errors("user"),
             summary="Create a user")
def create_user(body: UserCreate, principal: CurrentPrincipal, session: SessionDep,
                response: Response) -> UserPublic:
    """Admin. The e-mail address is stored in lower case and must be new (409 otherwise).
    The optional password needs at least 12 characters. The user gets no role yet: grant
    them with `POST /users/{id}/roles`. `organisation_id` may be left out when you
    administer one organisation only."""
    user = users.create_user(session=session, principal=principal, data=body)
    return _answer(session, principal, response, user)


@router.get("/{user_id}", response_model=UserPublic, responses=errors("user"),
            summary="Read a user")
def read_user(user_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
              response: Response) -> UserPublic:
    """Yourself, or (admin) a user of an organisation you administer."""
    return _answer(session, principal, response, users.visible_user(session, principal, user_id))


@router.patch("/{user_id}", response_model=UserPublic,
              responses={**errors("user"), **WRITE_ERRORS}, summary="Change a user")
def update_user(user_id: uuid.UUID, body: UserUpdate, principal: CurrentPrincipal,
                session: SessionDep, response: Response,
                if_match: IfMatch = None) -> UserPublic:
    """`name` (the person themself, or an admin when the person belongs to no organisation
    the admin does not administer), `active` (admin). Needs `If-Match`. `"active": false`
    ends the person's roles in your organisations from their next request on; when they
    belong to no other organisation, every session ends at once (tokens answer 401)."""
    user = users.update_user(session=session, principal=principal, user_id=user_id,
                             changes=body, expected_version=require_if_match(if_match))
    return _answer(session, principal, response, user)


class PasswordLinkSent(BaseModel):
    expires_at: datetime = Field(description="The link works once, until then")


@router.post("/{user_id}/password-link", response_model=PasswordLinkSent, status_code=202,
             responses={**errors("user"), 503: {"description": "The e-mail could not be sent"}},
             summary="E-mail a set-password link")
def send_password_link(user_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                       mailer: MailerDep) -> PasswordLinkSent:
    """Admin: e-mails the user a link to choose a password (in Swedish). It works once and
    for `PASSWORD_LINK_HOURS` (72); a new link makes earlier ones stop working. When the
    e-mail cannot be sent the answer is 503 and no link exists."""
    return PasswordLinkSent(expires_at=users.send_password_link(
        session=session, principal=principal, user_id=user_id, mailer=mailer))


@router.get("/{user_id}/roles", response_model=Page[RolePublic], responses=errors("user"),
            summary="A user's roles")
def list_roles(user_id: uuid.UUID, principal: CurrentPrincipal,
               session: SessionDep) -> Page[RolePublic]:
    """Your own roles, or (admin) the user's roles in the organisations you administer."""
    user = users.visible_user(session, principal, user_id)
    roles = repository.roles_of(session, [user.id], users.roles_scope(principal, user))
    return Page[RolePublic](items=[role_public(m) for m in roles[user.id]])


@router.post("/{user_id}/roles", response_model=RolePublic, status_code=201,
             responses=errors("user"), summary="Grant a role")
def grant_role(user_id: uuid.UUID, body: RoleGrant, principal: CurrentPrincipal,
               session: SessionDep) -> RolePublic:
    """Admin. `contact_person` and `committee` are held for a unit: `unit_id` is required
    and must be a unit of the organisation. `admin`, `coordinator`, `council` and `viewer`
    hold for the whole organisation and take no `unit_id` (422). The same role twice
    answers 409. The new role applies from the user's next request."""
    return role_public(users.grant_role(session=session, principal=principal, user_id=user_id,
                                        grant=body))


@router.delete("/{user_id}/roles/{membership_id}", status_code=204, responses=errors("user"),
               summary="Revoke a role")
def revoke_role(user_id: uuid.UUID, membership_id: uuid.UUID, principal: CurrentPrincipal,
                session: SessionDep) -> Response:
    """Admin. An organisation keeps at least one active admin (409 for the last one)."""
    users.revoke_role(session=session, principal=principal, user_id=user_id,
                      membership_id=membership_id)
    return Response(status_code=204)
