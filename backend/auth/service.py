"""Logging in, resolving a token to a principal, logging out."""

import uuid
from datetime import timedelta

from sqlmodel import Session

from backend.auth import repository, throttle
from backend.auth.principal import Grant, Principal
from backend.core.config import get_settings
from backend.core.errors import Unauthorized
from backend.core.security import decode_access_token, encode_access_token, verify_secret
from backend.models import AuthSession, ServiceAccount, User
from backend.models.base import utcnow
from backend.models.enums import Role

SERVICE_TOKEN_MINUTES = 30


def _issue(session: Session, *, subject: str, kind: str, minutes: int,
           user_id: uuid.UUID | None = None,
           service_account_id: uuid.UUID | None = None) -> tuple[str, int]:
    expires_in = timedelta(minutes=minutes)
    row = AuthSession(user_id=user_id, service_account_id=service_account_id,
                      expires_at=utcnow() + expires_in)
    session.add(row)
    session.flush()
    token = encode_access_token(subject=subject, session_id=row.id, kind=kind,
                                expires_in=expires_in)
    return token, int(expires_in.total_seconds())


def password_login(*, session: Session, email: str, password: str,
                   address: str) -> tuple[str, int]:
    """A bearer token for a user; 401 on bad credentials, 429 when rate-limited."""
    pair_key, address_key = throttle.keys(f"account:{email.lower()}", address)
    throttle.check(session, pair_key, address_key)
    user = repository.user_by_email(session, email)
    # Hashed even for an unknown address, so the answer's time does not tell who exists.
    password_ok = verify_secret(password, user.password_hash if user else None)
    if user is None or not user.active or not password_ok:
        throttle.record_failure(session, pair_key, address_key)
        raise Unauthorized("Wrong e-mail address or password")
    throttle.record_success(session, pair_key)
    return issue_user_session(session, user)


def issue_user_session(session: Session, user: User) -> tuple[str, int]:
    """Sign a user in: a new server-side session and its bearer token."""
    user.last_login_at = utcnow()
    return _issue(session, subject=str(user.id), kind="user", user_id=user.id,
                  minutes=get_settings().access_token_minutes)


def client_credentials_login(*, session: Session, client_id: str, client_secret: str,
                             address: str) -> tuple[str, int]:
    """A bearer token for a service account (client_credentials grant)."""
    pair_key, address_key = throttle.keys(f"client:{client_id}", address)
    throttle.check(session, pair_key, address_key)
    account = repository.service_account_by_client_id(session, client_id)
    # An unknown client is hashed too, so it answers in the time a known one does.
    secret_ok = _secret_matches(account, client_secret) if account is not None \
        else verify_secret(client_secret, None)
    if account is None or not account.active or not secret_ok:
        throttle.record_failure(session, pair_key, address_key)
        raise Unauthorized("Unknown client or wrong client secret")
    throttle.record_success(session, pair_key)
    return _issue(session, subject=str(account.id), kind="service",
                  service_account_id=account.id, minutes=SERVICE_TOKEN_MINUTES)


def _secret_matches(account: ServiceAccount, secret: str) -> bool:
    """The current secret, or the one it replaced while the rotation's grace period lasts."""
    if verify_secret(secret, account.secret_hash):
        return True
    expires = account.previous_secret_expires_at
    return (account.previous_secret_hash is not None and expires is not None
            and expires > utcnow() and verify_secret(secret, account.previous_secret_hash))


def resolve(*, session: Session, token: str) -> Principal:
    """The principal behind a bearer token; the session row makes revocation immediate."""
    claims = decode_access_token(token)
    if claims is None:
        raise Unauthorized("The token is invalid or has expired")
    rows = repository.session_user_grants(session, uuid.UUID(claims["sid"]))
    row = rows[0][0] if rows else None
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise Unauthorized("The session has ended; log in again")
    if claims["kind"] == "service" and row.service_account_id is not None:
        account = session.get(ServiceAccount, row.service_account_id)
        if account is None or not account.active or str(account.id) != claims["sub"]:
            raise Unauthorized("The service account is disabled")
        return Principal(kind="service", id=account.id, name=account.name, session_id=row.id,
                         scopes=frozenset(account.scopes),
                         service_organisation_id=account.organisation_id)
    user = rows[0][1]
    if user is None or not user.active or str(user.id) != claims["sub"]:
        raise Unauthorized("The account is disabled")
    grants = tuple(Grant(m.organisation_id, Role(m.role), m.unit_id)
                   for _, _, m in rows if m is not None)
    return Principal(kind="user", id=user.id, name=user.name, session_id=row.id, grants=grants)


def service_account_of(token: str) -> uuid.UUID | None:
    """The service account a genuine (signed, unexpired) token names, valid or not now."""
    claims = decode_access_token(token)
    if claims is None or claims.get("kind") != "service":
        return None
    try:
        return uuid.UUID(str(claims.get("sub")))
    except ValueError:
        return None


def logout(*, session: Session, principal: Principal) -> None:
    row = repository.auth_session(session, principal.session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
