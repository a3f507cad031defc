"""Every query about invitations."""

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from backend.models import Invitation, Membership, Organisation, Unit, User


def invitation(session: Session, invitation_id: uuid.UUID, *,
               lock: bool = False) -> Invitation | None:
    statement = select(Invitation).where(Invitation.id == invitation_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def email_of(session: Session, user_id: uuid.UUID) -> str | None:
    return session.exec(select(User.email).where(User.id == user_id)).first()


def _unanswered(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (col(Invitation.accepted_at).is_(None), col(Invitation.declined_at).is_(None),
            col(Invitation.revoked_at).is_(None), col(Invitation.expires_at) > now)


def revoke_pending(session: Session, organisation_id: uuid.UUID, email: str, role: str,
                   unit_id: uuid.UUID | None, now: datetime) -> None:
    """A new invitation to the same role replaces the ones not yet answered."""
    unit_clause = col(Invitation.unit_id).is_(None) if unit_id is None \
        else Invitation.unit_id == unit_id
    for row in session.exec(select(Invitation).where(
            Invitation.organisation_id == organisation_id, Invitation.email == email,
            Invitation.role == role, unit_clause, *_unanswered(now))):
        row.revoked_at = now


def of_organisation(session: Session, organisation_id: uuid.UUID,
                    limit: int) -> list[tuple[Invitation, str | None]]:
    """The organisation's invitations, newest first, with the unit's name."""
    return list(session.exec(  # type: ignore[call-overload]
        select(Invitation, Unit.name)
        .outerjoin(Unit, col(Unit.id) == Invitation.unit_id)
        .where(Invitation.organisation_id == organisation_id)
        .order_by(col(Invitation.created_at).desc(), col(Invitation.id)).limit(limit)))


def pending_for(session: Session, user_id: uuid.UUID,
                now: datetime) -> list[tuple[Invitation, str, str | None]]:
    """Invitations to the user's address that can still be answered, with organisation and
    unit, in one query."""
    return list(session.exec(  # type: ignore[call-overload]
        select(Invitation, Organisation.name, Unit.name)
        .join(User, col(User.email) == Invitation.email)
        .join(Organisation, col(Organisation.id) == Invitation.organisation_id)
        .outerjoin(Unit, col(Unit.id) == Invitation.unit_id)
        .where(User.id == user_id, *_unanswered(now))
        .order_by(col(Invitation.created_at))))


def membership_for(session: Session, user_id: uuid.UUID, offer: Invitation) -> Membership:
    """The membership the invitation grants: an ended one comes back, else a new one."""
    unit_clause = col(Membership.unit_id).is_(None) if offer.unit_id is None \
        else Membership.unit_id == offer.unit_id
    existing = session.exec(select(Membership).where(
        Membership.user_id == user_id, Membership.organisation_id == offer.organisation_id,
        Membership.role == offer.role, unit_clause)).first()
    if existing is not None:
        return existing
    membership = Membership(user_id=user_id, organisation_id=offer.organisation_id,
                            role=offer.role, unit_id=offer.unit_id)
    session.add(membership)
    return membership
