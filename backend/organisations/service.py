"""Organisations, units, users and memberships: the writes."""

from sqlmodel import Session, select

from backend.core.db import session_scope
from backend.core.security import hash_secret
from backend.models import Membership, Organisation, User
from backend.models.enums import Role


def ensure_organisation(*, session: Session, name: str) -> Organisation:
    organisation = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        organisation = Organisation(name=name)
        session.add(organisation)
        session.flush()
    return organisation


def ensure_user(*, session: Session, email: str, name: str, password: str | None) -> User:
    email = email.lower()
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, name=name)
        session.add(user)
    if password is not None:
        user.password_hash = hash_secret(password)
    session.flush()
    return user


def grant(*, session: Session, user: User, organisation: Organisation, role: Role,
          unit_id: object = None) -> Membership:
    existing = session.exec(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id,
            Membership.role == role, Membership.unit_id == unit_id,
        )
    ).first()
    if existing:
        return existing
    membership = Membership(user_id=user.id, organisation_id=organisation.id, role=role,
                            unit_id=unit_id)  # type: ignore[arg-type]
    session.add(membership)
    session.flush()
    return membership


def create_admin(*, organisation: str, email: str, password: str, name: str) -> str:
    """CLI entry: its own unit of work. Re-running it resets the password."""
    for session in session_scope():
        org = ensure_organisation(session=session, name=organisation)
        user = ensure_user(session=session, email=email, name=name, password=password)
        grant(session=session, user=user, organisation=org, role=Role.ADMIN)
    return email.lower()
