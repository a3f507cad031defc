"""Queries for sessions, credentials and login failures."""

import uuid
from datetime import datetime

from sqlalchemy import and_, delete, func, tuple_
from sqlmodel import Session, col, select

from backend.models import (
    AuthSession,
    ExternalIdentity,
    IdentityProvider,
    LoginFailure,
    Membership,
    Organisation,
    ServiceAccount,
    SignInAttempt,
    User,
)


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.lower())).first()


def service_account_by_client_id(session: Session, client_id: str) -> ServiceAccount | None:
    return session.exec(select(ServiceAccount).where(ServiceAccount.client_id == client_id)).first()


def auth_session(session: Session, session_id: uuid.UUID) -> AuthSession | None:
    return session.get(AuthSession, session_id)


def session_user_grants(
    session: Session, session_id: uuid.UUID,
) -> list[tuple[AuthSession, User | None, Membership | None]]:
    """A token's session row, its user and their memberships: one round trip per request."""
    return list(session.exec(  # type: ignore[call-overload]
        select(AuthSession, User, Membership)
        .outerjoin(User, col(User.id) == AuthSession.user_id)
        .outerjoin(Membership, and_(col(Membership.user_id) == User.id,
                                    col(Membership.active).is_(True)))
        .where(AuthSession.id == session_id)))


def memberships_of(session: Session, user_id: uuid.UUID) -> list[Membership]:
    return list(session.exec(select(Membership).where(Membership.user_id == user_id)))


def failure_stats(session: Session, keys: list[str],
                  since: datetime) -> dict[str, tuple[int, datetime, datetime]]:
    """Per key with failures since `since`: their count, the first and the last."""
    at = col(LoginFailure.at)
    rows = session.exec(
        select(LoginFailure.key, func.count(), func.min(at), func.max(at))
        .where(col(LoginFailure.key).in_(keys), at >= since)
        .group_by(LoginFailure.key)
    ).all()
    return {key: (count, first, last) for key, count, first, last in rows}


def clear_failures(session: Session, *keys: str, before: datetime | None = None) -> None:
    """Forget the keys' failures (only those older than `before`, when given)."""
    statement = delete(LoginFailure).where(col(LoginFailure.key).in_(keys))
    if before is not None:
        statement = statement.where(col(LoginFailure.at) < before)
    session.execute(statement)


def revoke_sessions_of_user(session: Session, user_id: uuid.UUID, at: datetime) -> None:
    for row in session.exec(select(AuthSession).where(
            AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))):  # type: ignore[union-attr]
        row.revoked_at = at


def revoke_sessions_of_service_account(session: Session, account_id: uuid.UUID,
                                       at: datetime) -> None:
    for row in session.exec(select(AuthSession).where(
            AuthSession.service_account_id == account_id,
            AuthSession.revoked_at.is_(None))):  # type: ignore[union-attr]
        row.revoked_at = at


def service_account(session: Session, account_id: uuid.UUID, *,
                    lock: bool = False) -> ServiceAccount | None:
    statement = select(ServiceAccount).where(ServiceAccount.id == account_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def service_accounts_in(session: Session, organisation_ids: frozenset[uuid.UUID], *,
                        after: tuple[str, uuid.UUID] | None, limit: int) -> list[ServiceAccount]:
    statement = select(ServiceAccount).where(
        ServiceAccount.organisation_id.in_(organisation_ids))  # type: ignore[attr-defined]
    if after:
        key = tuple_(col(ServiceAccount.name), col(ServiceAccount.id))
        statement = statement.where(key > tuple_(*after))  # type: ignore[arg-type]
    return list(session.exec(statement.order_by(col(ServiceAccount.name),
                                                col(ServiceAccount.id)).limit(limit)))


def identity_provider_of(session: Session, organisation_id: uuid.UUID, *,
                         lock: bool = False) -> IdentityProvider | None:
    statement = select(IdentityProvider).where(
        IdentityProvider.organisation_id == organisation_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def identity_providers(session: Session) -> list[tuple[IdentityProvider, str]]:
    """Every configured provider with its organisation's name, for the login page."""
    return list(session.exec(  # type: ignore[call-overload]
        select(IdentityProvider, Organisation.name)
        .join(Organisation, col(Organisation.id) == IdentityProvider.organisation_id)
        .order_by(col(Organisation.name))))


def delete_identity_provider(session: Session, provider_id: uuid.UUID) -> None:
    for table in (ExternalIdentity, SignInAttempt):
        session.execute(delete(table).where(col(table.provider_id) == provider_id))
    session.execute(delete(IdentityProvider).where(col(IdentityProvider.id) == provider_id))


def sign_in_attempt(session: Session, state_hash: str) -> SignInAttempt | None:
    return session.exec(select(SignInAttempt).where(SignInAttempt.state_hash == state_hash)
                        .with_for_update()).first()


def delete_expired_sign_in_attempts(session: Session, now: datetime) -> None:
    """Unanswered sign-ins stop counting after their lifetime; keep the table small."""
    session.execute(delete(SignInAttempt).where(col(SignInAttempt.expires_at) < now))


def external_identity(session: Session, issuer: str, subject: str) -> ExternalIdentity | None:
    return session.exec(select(ExternalIdentity).where(
        ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject)).first()


def organisation_memberships(session: Session, user_id: uuid.UUID,
                             organisation_id: uuid.UUID) -> list[Membership]:
    return list(session.exec(select(Membership).where(
        Membership.user_id == user_id, Membership.organisation_id == organisation_id)))


def admins_of(session: Session, organisation_id: uuid.UUID) -> list[User]:
    return list(session.exec(
        select(User).join(Membership, col(Membership.user_id) == User.id)
        .where(Membership.organisation_id == organisation_id, Membership.role == "admin",
               col(User.active).is_(True))
        .order_by(col(User.name)).distinct()))
