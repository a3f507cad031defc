"""Invitations: how an admin gives a role to a person who may already serve another
organisation of the region. The admin learns nothing about the address either way."""

import uuid
from datetime import datetime, timedelta

from sqlmodel import Session

from backend.audit import service as audit
from backend.auth.password_links import expiry_text, issue_password_link, send_or_unavailable
from backend.auth.policies import require_role, require_visible
from backend.auth.principal import Principal
from backend.core.config import get_settings
from backend.core.errors import Gone, Invalid, NotAllowed
from backend.models import Invitation, Membership, Organisation, User
from backend.models.base import utcnow
from backend.models.enums import UNIT_ROLES, Role
from backend.notifications.mail import build_email, render_email
from backend.notifications.smtp import Mailer
from backend.organisations import invitation_repository as repository
from backend.organisations.repository import organisation as load_organisation
from backend.organisations.repository import unit as load_unit
from backend.organisations.repository import user_by_email
from backend.organisations.schemas import InvitationCreate


def status_of(invitation: Invitation, now: datetime) -> str:
    if invitation.accepted_at:
        return "accepted"
    if invitation.declined_at:
        return "declined"
    if invitation.revoked_at:
        return "revoked"
    return "expired" if invitation.expires_at <= now else "pending"


def _check_role(session: Session, organisation_id: uuid.UUID, role: Role,
                unit_id: uuid.UUID | None) -> None:
    if role in UNIT_ROLES:
        unit = load_unit(session, unit_id) if unit_id else None
        if unit is None or unit.organisation_id != organisation_id or not unit.active:
            raise Invalid(f"The role '{role}' is held for an active unit of the organisation",
                          fields={"unit_id": "not an active unit of the organisation"})
    elif unit_id is not None:
        raise Invalid(f"The role '{role}' is held for the whole organisation",
                      fields={"unit_id": f"must be left out for the role {role}"})


def invite(*, session: Session, principal: Principal, organisation_id: uuid.UUID,
           data: InvitationCreate, mailer: Mailer) -> Invitation:
    """Admin: offer a role to an address. A new address gets an account and a set-password
    link; a known one an e-mail to sign in. The answer is the same for both."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    require_role(principal, Role.ADMIN, organisation_id)
    _check_role(session, organisation_id, data.role, data.unit_id)
    organisation = load_organisation(session, organisation_id)
    assert organisation is not None
    now = utcnow()
    repository.revoke_pending(session, organisation_id, data.email, data.role, data.unit_id, now)
    invitation = Invitation(organisation_id=organisation_id, email=data.email, role=data.role,
                            unit_id=data.unit_id, invited_by=principal.user_id,
                            expires_at=now + timedelta(days=get_settings().invitation_days))
    session.add(invitation)
    session.flush()
    _notify(session, organisation, invitation, data.name, mailer)
    audit.record(session=session, principal=principal, action="invitation.created",
                 object_type="invitation", object_id=invitation.id,
                 organisation_id=organisation_id,
                 detail={"email": data.email, "role": data.role,
                         "unit_id": str(data.unit_id) if data.unit_id else None})
    return invitation


def _notify(session: Session, organisation: Organisation, invitation: Invitation,
            name: str | None, mailer: Mailer) -> None:
    user = user_by_email(session, invitation.email)
    if user is None:
        user = User(email=invitation.email, name=name or invitation.email.split("@")[0])
        session.add(user)
        session.flush()
    if user.password_hash is None:
        issue_password_link(session=session, user=user, organisation=organisation,
                            mailer=mailer, invited=True)
        return
    settings = get_settings()
    text, html = render_email("invitation", {
        "name": user.name, "organisation": organisation.name,
        "url": settings.base_url.rstrip("/") + "/", "expires": expiry_text(invitation.expires_at)})
    send_or_unavailable(build_email(sender=settings.mail_from, to=user.email,
                                    subject=f"Inbjudan till {organisation.name} i Samordna",
                                    text=text, html=html, base_url=settings.base_url), mailer)


def revoke(*, session: Session, principal: Principal, organisation_id: uuid.UUID,
           invitation_id: uuid.UUID) -> None:
    """Admin: withdraw an invitation that has not been answered."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    require_role(principal, Role.ADMIN, organisation_id)
    invitation = repository.invitation(session, invitation_id, lock=True)
    require_visible(invitation is not None and invitation.organisation_id == organisation_id,
                    "The invitation")
    assert invitation is not None
    now = utcnow()
    if status_of(invitation, now) != "pending":
        raise NotAllowed("Only an unanswered invitation can be withdrawn")
    invitation.revoked_at = now
    audit.record(session=session, principal=principal, action="invitation.revoked",
                 object_type="invitation", object_id=invitation.id,
                 organisation_id=organisation_id, detail={"email": invitation.email})
    session.flush()


def _mine(session: Session, principal: Principal, invitation_id: uuid.UUID) -> Invitation:
    """One of the caller's invitations that can still be answered (404, 410 otherwise)."""
    invitation = repository.invitation(session, invitation_id, lock=True)
    email = repository.email_of(session, principal.user_id) if principal.user_id else None
    require_visible(invitation is not None and email is not None
                    and invitation.email == email, "The invitation")
    assert invitation is not None
    status = status_of(invitation, utcnow())
    if status == "expired":
        raise Gone("The invitation has expired; ask the organisation's admin for a new one")
    if status != "pending":
        raise Gone(f"The invitation has already been {status}")
    return invitation


def accept(*, session: Session, principal: Principal, invitation_id: uuid.UUID) -> Membership:
    """The invited person takes the role; from their next request they work there."""
    invitation = _mine(session, principal, invitation_id)
    assert principal.user_id is not None
    if invitation.unit_id is not None:
        unit = load_unit(session, invitation.unit_id)
        if unit is None or not unit.active:
            raise NotAllowed("The unit of this invitation is no longer active")
    membership = repository.membership_for(session, principal.user_id, invitation)
    membership.active = True
    invitation.accepted_at = utcnow()
    session.flush()
    audit.record(session=session, principal=principal, action="invitation.accepted",
                 object_type="invitation", object_id=invitation.id,
                 organisation_id=invitation.organisation_id,
                 detail={"membership_id": str(membership.id), "role": invitation.role})
    return membership


def decline(*, session: Session, principal: Principal, invitation_id: uuid.UUID) -> None:
    invitation = _mine(session, principal, invitation_id)
    invitation.declined_at = utcnow()
    audit.record(session=session, principal=principal, action="invitation.declined",
                 object_type="invitation", object_id=invitation.id,
                 organisation_id=invitation.organisation_id, detail={})
    session.flush()
