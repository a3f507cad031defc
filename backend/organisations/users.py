"""Users and their roles (memberships): created, changed and granted by an admin."""

import uuid
from datetime import datetime

from sqlmodel import Session

from backend.audit import service as audit
from backend.auth import repository as auth_repository
from backend.auth.password_links import issue_password_link
from backend.auth.policies import require_role, require_visible
from backend.auth.principal import Principal
from backend.core.errors import Forbidden, Invalid, NotAllowed
from backend.core.security import hash_secret
from backend.models import Membership, User
from backend.models.base import utcnow
from backend.models.enums import UNIT_ROLES, Role
from backend.notifications.smtp import Mailer
from backend.organisations import repository
from backend.organisations.repository import USER_CREATED
from backend.organisations.schemas import RoleGrant, UserCreate, UserUpdate
from backend.organisations.service import (
    administered,
    administered_organisation,
    apply_changes,
    check_version,
    unique,
)


def visible_user(session: Session, principal: Principal, user_id: uuid.UUID, *,
                 lock: bool = False) -> User:
    """Yourself, or a user of an organisation you administer; 404 for anyone else."""
    visible = principal.user_id == user_id or repository.user_belongs_to(
        session, user_id, administered(principal))
    user = repository.user(session, user_id, lock=lock) if visible else None
    require_visible(user is not None, "The user")
    assert user is not None
    return user


def roles_scope(principal: Principal, user: User) -> frozenset[uuid.UUID] | None:
    """Whose roles a reader sees: all of their own, otherwise those in what they administer."""
    return None if principal.user_id == user.id else administered(principal)


def require_admin_of(session: Session, principal: Principal, user: User) -> uuid.UUID:
    """403 unless the principal administers an organisation of the user; answers that one."""
    for organisation_id in sorted(administered(principal)):
        if repository.user_belongs_to(session, user.id, frozenset({organisation_id})):
            return organisation_id
    raise Forbidden("Only an admin of the user's organisation may do this")


def send_password_link(*, session: Session, principal: Principal, user_id: uuid.UUID,
                       mailer: Mailer) -> datetime:
    """Admin: e-mail the user a link to choose a (new) password; answers when it expires."""
    user = visible_user(session, principal, user_id)
    organisation_id = require_admin_of(session, principal, user)
    if not user.active:
        raise NotAllowed("The user is deactivated; reactivate them first")
    organisation = repository.organisation(session, organisation_id)
    assert organisation is not None
    expires_at = issue_password_link(session=session, user=user, organisation=organisation,
                                     mailer=mailer)
    audit.record(session=session, principal=principal, action="user.password_link_sent",
                 object_type="user", object_id=user.id, organisation_id=organisation_id,
                 detail={"expires_at": expires_at.isoformat()})
    return expires_at


def _email_conflict(email: str) -> str:
    return f"A user with the e-mail address {email} already exists"


def create_user(*, session: Session, principal: Principal, data: UserCreate) -> User:
    """Admin: a new user of the organisation; grant roles with POST /users/{id}/roles."""
    organisation_id = administered_organisation(principal, data.organisation_id)
    if repository.user_by_email(session, data.email):
        raise NotAllowed(_email_conflict(data.email))
    user = User(email=data.email, name=data.name,
                password_hash=hash_secret(data.password) if data.password else None)
    with unique(session, _email_conflict(data.email)):
        session.add(user)
    # This audit row is also what makes the new user visible to the organisation's admins
    # before the first role is granted (users have no organisation column).
    audit.record(session=session, principal=principal, action=USER_CREATED, object_type="user",
                 object_id=user.id, organisation_id=organisation_id,
                 detail={"email": user.email, "name": user.name,
                         "password_set": data.password is not None})
    session.flush()
    return user


def update_user(*, session: Session, principal: Principal, user_id: uuid.UUID,
                changes: UserUpdate, expected_version: int) -> User:
    """Admin: rename or (de)activate. Deactivating ends the user's sessions at once."""
    user = visible_user(session, principal, user_id, lock=True)
    organisation_id = require_admin_of(session, principal, user)
    check_version(user.version, expected_version)
    if changes.active is False and user.id == principal.user_id:
        raise NotAllowed("You cannot deactivate yourself; ask another admin")
    changed = apply_changes(user, changes.model_dump(exclude_unset=True))
    deactivated = "active" in changed and not user.active
    if deactivated:
        auth_repository.revoke_sessions_of_user(session, user.id, utcnow())
    if changed:
        audit.record(session=session, principal=principal,
                     action="user.deactivated" if deactivated else "user.updated",
                     object_type="user", object_id=user.id, organisation_id=organisation_id,
                     detail=changed)
        session.flush()
    return user


def _grant_organisation(session: Session, principal: Principal, grant: RoleGrant) -> uuid.UUID:
    """The organisation of a grant: the unit's for unit roles, else the admin's own."""
    if grant.role in UNIT_ROLES:
        if grant.unit_id is None:
            raise Invalid(f"The role '{grant.role}' is held for a unit: give unit_id",
                          fields={"unit_id": f"required for the role {grant.role}"})
        unit = repository.unit(session, grant.unit_id)
        if unit is None or unit.organisation_id not in principal.organisation_ids() or (
                grant.organisation_id not in (None, unit.organisation_id)):
            raise Invalid("No such unit in your organisation",
                          fields={"unit_id": "not a unit of the organisation"})
        require_role(principal, Role.ADMIN, unit.organisation_id)
        return unit.organisation_id
    if grant.unit_id is not None:
        raise Invalid(f"The role '{grant.role}' is held for the whole organisation",
                      fields={"unit_id": f"must be left out for the role {grant.role}"})
    return administered_organisation(principal, grant.organisation_id)


def grant_role(*, session: Session, principal: Principal, user_id: uuid.UUID,
               grant: RoleGrant) -> Membership:
    """Admin: give a user a role; unit roles need a unit of the same organisation."""
    user = visible_user(session, principal, user_id)
    require_admin_of(session, principal, user)
    organisation_id = _grant_organisation(session, principal, grant)
    if repository.same_membership(session, user.id, organisation_id, grant.role, grant.unit_id):
        raise NotAllowed(f"{user.name} already has the role '{grant.role}' there")
    membership = Membership(user_id=user.id, organisation_id=organisation_id, role=grant.role,
                            unit_id=grant.unit_id)
    with unique(session, f"{user.name} already has the role '{grant.role}' there"):
        session.add(membership)
    audit.record(session=session, principal=principal, action="role.granted",
                 object_type="user", object_id=user.id, organisation_id=organisation_id,
                 detail={"membership_id": str(membership.id), "role": grant.role,
                         "unit_id": str(grant.unit_id) if grant.unit_id else None})
    return membership


def revoke_role(*, session: Session, principal: Principal, user_id: uuid.UUID,
                membership_id: uuid.UUID) -> None:
    """Admin: take a role away; an organisation always keeps one active admin."""
    user = visible_user(session, principal, user_id)
    membership = repository.membership(session, membership_id)
    require_visible(membership is not None and membership.user_id == user.id
                    and membership.organisation_id in principal.organisation_ids(), "The role")
    assert membership is not None
    require_role(principal, Role.ADMIN, membership.organisation_id)
    if membership.role == Role.ADMIN and user.active \
            and repository.active_admins(session, membership.organisation_id) <= 1:
        raise NotAllowed("This is the organisation's last active admin; grant the role to "
                         "someone else first")
    audit.record(session=session, principal=principal, action="role.revoked",
                 object_type="user", object_id=user.id,
                 organisation_id=membership.organisation_id,
                 detail={"membership_id": str(membership.id), "role": membership.role,
                         "unit_id": str(membership.unit_id) if membership.unit_id else None})
    session.delete(membership)
    session.flush()
