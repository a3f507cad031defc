"""Logging in, resolving a token to a principal, logging out."""

import uuid
from datetime import timedelta

from sqlmodel import Session

from backend.auth import repository
from backend.auth.principal import Grant, Principal
from backend.core.config import get_settings
from backend.core.errors import TooManyRequests, Unauthorized
from backend.core.security import decode_access_token, encode_access_token, verify_secret
from backend.models import AuthSession, LoginFailure, ServiceAccount, User
from backend.models.base import utcnow
from backend.models.enums import Role

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 10
MAX_FAILURES_PER_ADDRESS = 50
SERVICE_TOKEN_MINUTES = 30


def _check_rate(session: Session, account_key: str, address_key: str) -> None:
    counts = repository.failures_since(session, [account_key, address_key],
                                       utcnow() - FAILURE_WINDOW)
    if (counts.get(account_key, 0) >= MAX_FAILURES_PER_ACCOUNT
            or counts.get(address_key, 0) >= MAX_FAILURES_PER_ADDRESS):
        # The lock lifts by itself after the window, so an attacker can't lock a user out long.
        raise TooManyRequests("Too many failed logins; try again in 15 minutes",
                              retry_after=int(FAILURE_WINDOW.total_seconds()))


def _record_failure(session: Session, *keys: str) -> None:
    for key in keys:
        session.add(LoginFailure(key=key))
    session.flush()


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
    account_key, address_key = f"account:{email.lower()}", f"address:{address}"
    _check_rate(session, account_key, address_key)
    user = repository.user_by_email(session, email)
    if user is None or not user.active or not verify_secret(password, user.password_hash):
        _record_failure(session, account_key, address_key)
        raise Unauthorized("Wrong e-mail address or password")
    repository.clear_failures(session, account_key)
    return issue_user_session(session, user)


def issue_user_session(session: Session, user: User) -> tuple[str, int]:
    """Sign a user in: a new server-side session and its bearer token."""
    user.last_login_at = utcnow()
    return _issue(session, subject=str(user.id), kind="user", user_id=user.id,
                  minutes=get_settings().access_token_minutes)


def client_credentials_login(*, session: Session, client_id: str, client_secret: str,
                             address: str) -> tuple[str, int]:
    """A bearer token for a service account (client_credentials grant)."""
    account_key, address_key = f"client:{client_id}", f"address:{address}"
    _check_rate(session, account_key, address_key)
    account = repository.service_account_by_client_id(session, client_id)
    if account is None or not account.active or not _secret_matches(account, client_secret):
        _record_failure(session, account_key, address_key)
        raise Unauthorized("Unknown client or wrong client secret")
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
