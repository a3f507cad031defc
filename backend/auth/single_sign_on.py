"""Signing in with the organisation's OpenID Provider: start, finish, and who the person is.

A person is identified by (issuer, `sub`), or for Entra ID by (tenant, object id), never by
e-mail alone. E-mail links a first sign-in to an existing user only when the admin turned
`link_by_email` on; a mapped app-roles claim may create the user with organisation roles;
anyone else gets no session and a page that says whom to ask.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session

from backend.audit import service as audit
from backend.auth import oidc, repository
from backend.auth.identity_providers import redirect_uri
from backend.auth.oidc import SignInRefused
from backend.auth.service import issue_user_session
from backend.core.config import get_settings
from backend.core.errors import Forbidden, NotFound
from backend.core.security import new_token, open_secret
from backend.models import ExternalIdentity, IdentityProvider, Organisation, SignInAttempt, User
from backend.models.base import utcnow
from backend.models.enums import Role
from backend.organisations.service import grant

ATTEMPT_LIFETIME = timedelta(minutes=10)
AFTER_LOGOUT_PATH = "/logga-in"


class NoAssignment(Forbidden):
    """Signed in at the provider, but holds no role here: no session, and whom to ask."""

    def __init__(self, organisation: str, email: str, admins: list[str]) -> None:
        super().__init__(f"{email or 'The person'} has no role in {organisation} yet",
                         fields={"sign_in": "no_assignment", "organisation": organisation,
                                 "email": email, "admins": ", ".join(admins)})


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    expires_in: int
    organisation_id: uuid.UUID
    end_session_url: str | None


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def provider_for(session: Session, *, organisation_id: uuid.UUID | None,
                 email: str | None) -> IdentityProvider:
    """By organisation, or by the domain of an e-mail address (404 when none)."""
    domain = email.rsplit("@", 1)[-1].strip().lower() if email and "@" in email else None
    for provider, _ in repository.identity_providers(session):
        if provider.organisation_id == organisation_id or (
                domain and domain in provider.email_domains):
            return provider
    raise NotFound("No single sign-on is set up for that organisation or e-mail domain")


def start(*, session: Session, provider: IdentityProvider) -> str:
    """The provider's authorization URL for a new sign-in (state, nonce and PKCE, 10 min)."""
    metadata = oidc.discover(provider.issuer)
    repository.delete_expired_sign_in_attempts(session, utcnow())
    state, nonce, verifier = new_token(32), new_token(24), new_token(48)
    session.add(SignInAttempt(provider_id=provider.id, state_hash=_hash(state), nonce=nonce,
                              code_verifier=verifier, expires_at=utcnow() + ATTEMPT_LIFETIME))
    session.flush()
    return oidc.authorization_url(metadata, client_id=provider.client_id,
                                  redirect_uri=redirect_uri(), state=state, nonce=nonce,
                                  code_verifier=verifier)


def _take_attempt(session: Session, state: str) -> SignInAttempt:
    attempt = repository.sign_in_attempt(session, _hash(state))
    if attempt is None or attempt.used_at is not None or attempt.expires_at <= utcnow():
        raise SignInRefused("state", "The sign-in is unknown, used or expired; start again")
    attempt.used_at = utcnow()
    session.flush()
    return attempt


def finish(*, session: Session, state: str, code: str) -> SignedIn:
    """Exchange the code, check the ID token, find the person and sign them in. The
    attempt is used up whatever happens (the caller commits on failure too)."""
    attempt = _take_attempt(session, state)
    provider = session.get(IdentityProvider, attempt.provider_id)
    if provider is None:
        raise SignInRefused("state", "The organisation no longer uses this provider")
    secret = open_secret(provider.client_secret_sealed)
    if secret is None:
        raise oidc.ProviderUnreachable("The stored client secret cannot be opened (SECRET_KEY "
                                       "changed); the admin must enter it again")
    metadata = oidc.discover(provider.issuer)
    token = oidc.exchange_code(metadata, client_id=provider.client_id, client_secret=secret,
                               redirect_uri=redirect_uri(), code=code,
                               code_verifier=attempt.code_verifier)
    claims = oidc.verify_id_token(metadata, token, client_id=provider.client_id,
                                  nonce=attempt.nonce)
    _check_tenant(provider, metadata, claims)
    user = _person(session, provider, claims)
    access_token, expires_in = issue_user_session(session, user)
    audit.record(session=session, principal=None, action="user.sign_in_sso",
                 object_type="user", object_id=user.id,
                 organisation_id=provider.organisation_id,
                 detail={"issuer": str(claims.get("iss"))})
    after = get_settings().base_url.rstrip("/") + AFTER_LOGOUT_PATH
    return SignedIn(access_token, expires_in, provider.organisation_id,
                    oidc.end_session_url(metadata, client_id=provider.client_id, after=after))


def _check_tenant(provider: IdentityProvider, metadata: oidc.Provider,
                  claims: dict[str, Any]) -> None:
    multi_tenant = oidc.TENANT_PLACEHOLDER in metadata.issuer
    if not provider.allowed_tenants and not multi_tenant:
        return
    if claims.get("tid") not in provider.allowed_tenants:
        raise SignInRefused("tenant", "The person's tenant may not sign in here")


def identity_key(claims: dict[str, Any]) -> tuple[str, str]:
    """(issuer, subject): Entra ID's (tenant, object id) are stable across its issuers."""
    tenant, object_id = claims.get("tid"), claims.get("oid")
    if isinstance(tenant, str) and isinstance(object_id, str):
        return f"entra:{tenant}", object_id
    return str(claims["iss"]), str(claims["sub"])


def _email_of(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is False:
        return ""
    return email.strip().lower()


def _person(session: Session, provider: IdentityProvider, claims: dict[str, Any]) -> User:
    issuer, subject = identity_key(claims)
    identity = repository.external_identity(session, issuer, subject)
    user = session.get(User, identity.user_id) if identity else None
    if identity is None:
        user = _first_sign_in(session, provider, claims)
        if user is not None:
            session.add(ExternalIdentity(provider_id=provider.id, issuer=issuer,
                                         subject=subject, user_id=user.id))
    if user is not None and user.active:
        _follow_roles_claim(session, provider, user, claims)
        if repository.organisation_memberships(session, user.id, provider.organisation_id):
            session.flush()
            return user
    organisation = session.get(Organisation, provider.organisation_id)
    admins = [f"{a.name} ({a.email})"
              for a in repository.admins_of(session, provider.organisation_id)]
    raise NoAssignment(organisation.name if organisation else "", _email_of(claims), admins)


def _mapped_roles(provider: IdentityProvider, claims: dict[str, Any]) -> set[Role]:
    if not provider.roles_claim:
        return set()
    values = claims.get(provider.roles_claim)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return set()
    return {Role(provider.role_map[v]) for v in values
            if isinstance(v, str) and v in provider.role_map}


def _first_sign_in(session: Session, provider: IdentityProvider,
                   claims: dict[str, Any]) -> User | None:
    """Link by e-mail (when allowed) or create from mapped roles; else nobody."""
    email = _email_of(claims)
    existing = repository.user_by_email(session, email) if email else None
    if existing is not None:
        member = repository.organisation_memberships(session, existing.id,
                                                     provider.organisation_id)
        allowed = provider.link_by_email and (member or _mapped_roles(provider, claims))
        return existing if allowed else None
    if not email or not _mapped_roles(provider, claims):
        return None
    name = claims.get("name")
    user = User(email=email, name=name.strip()[:200] if isinstance(name, str) and name.strip()
                else email)
    session.add(user)
    session.flush()
    return user


def _follow_roles_claim(session: Session, provider: IdentityProvider, user: User,
                        claims: dict[str, Any]) -> None:
    """The mapped organisation-level roles become exactly those the claim names."""
    if not provider.roles_claim:
        return
    wanted = _mapped_roles(provider, claims)
    managed = {Role(r) for r in provider.role_map.values()}
    organisation = session.get(Organisation, provider.organisation_id)
    assert organisation is not None
    for membership in repository.organisation_memberships(session, user.id, organisation.id):
        if membership.unit_id is None and membership.role in managed - wanted:
            session.delete(membership)
    for role in wanted:
        grant(session=session, user=user, organisation=organisation, role=role)
    session.flush()
