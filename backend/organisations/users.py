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


def require_sole_admin(session: Session, principal: Principal, user: User, what: str) -> None:
    """A person's name, e-mail and password are theirs: an admin changes them only when every
    organisation the person belongs to is one the admin administers."""
    if not repository.organisations_of_user(session, user.id) <= administered(principal):
        raise Forbidden(f"Only the person may change their {what}: they also belong to "
                        "an organisation you do not administer")


def send_password_link(*, session: Session, principal: Principal, user_id: uuid.UUID,
                       mailer: Mailer) -> datetime:
    """Admin: e-mail the user a link to choose a (new) password; answers when it expires."""
    user = visible_user(session, principal, user_id)
    organisation_id = require_admin_of(session, principal, user)
    require_sole_admin(session, principal, user, "password")
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


# The same words whoever holds the address: they never tell one tenant about another's people.
EMAIL_TAKEN = ("This e-mail address cannot be used for a new user. To give the person a role, "
               "invite them: POST /organisations/{id}/invitations")


def create_user(*, session: Session, principal: Principal, data: UserCreate) -> User:
    """Admin: a new user of the organisation; grant roles with POST /users/{id}/roles."""
    organisation_id = administered_organisation(principal, data.organisation_id)
    if repository.user_by_email(session, data.email):
        raise NotAllowed(EMAIL_TAKEN)
    user = User(email=data.email, name=data.name,
                password_hash=hash_secret(data.password) if data.password else None)
    with unique(session, EMAIL_TAKEN):
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
    """The person renames themself; an admin renames (when the person is only theirs) or
    (de)activates the person in the organisations the admin administers."""
    user = visible_user(session, principal, user_id, lock=True)
    check_version(user.version, expected_version)
    fields = changes.model_dump(exclude_unset=True, exclude_none=True)
    if user.id == principal.user_id and set(fields) <= {"name"}:
        _rename(session, principal, user, fields, None)
        return user
    organisation_id = require_admin_of(session, principal, user)
    if "name" in fields:
        require_sole_admin(session, principal, user, "name")
        _rename(session, principal, user, {"name": fields["name"]}, organisation_id)
    if "active" in fields:
        _set_active(session, principal, user, fields["active"])
    return user


def _rename(session: Session, principal: Principal, user: User, fields: dict[str, str],
            organisation_id: uuid.UUID | None) -> None:
    changed = apply_changes(user, fields)
    if changed:
        audit.record(session=session, principal=principal, action="user.updated",
                     object_type="user", object_id=user.id, organisation_id=organisation_id,
                     detail=changed)
        session.flush()


def _set_active(session: Session, principal: Principal, user: User, active: bool) -> None:
    """End or restart the person's roles in the admin's organisations. The account itself
    (and every session) follows only when the person belongs to no other organisation."""
    if not active and user.id == principal.user_id:
        raise NotAllowed("You cannot deactivate yourself; ask another admin")
    theirs = repository.organisations_of_user(session, user.id)
    here = theirs & administered(principal)
    changed = repository.set_memberships_active(session, user.id, here, active)
    whole_account = theirs <= here and user.active != active
    if whole_account:
        user.active = active
        if not active:
            auth_repository.revoke_sessions_of_user(session, user.id, utcnow())
    if not (changed or whole_account):
        return
    user.version += 1
    for organisation_id in sorted(here):
        audit.record(session=session, principal=principal,
                     action="user.reactivated" if active else "user.deactivated",
                     object_type="user", object_id=user.id, organisation_id=organisation_id,
                     detail={"active": active, "whole_account": whole_account})
    session.flush()


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
        raise NotAllowed(f"The user already has the role '{grant.role}' there")
    membership = Membership(user_id=user.id, organisation_id=organisation_id, role=grant.role,
                            unit_id=grant.unit_id)
    with unique(session, f"The user already has the role '{grant.role}' there"):
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
