"""Single sign-on: an organisation's OpenID Provider, the people it vouches for, and the
sign-ins under way (state, nonce and PKCE verifier, each usable once)."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from backend.models.base import Entity, UTCDateTime


class IdentityProvider(Entity, table=True):
    """One OpenID Provider per organisation (Entra ID, or any certified provider)."""

    __tablename__ = "identity_providers"

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", unique=True)
    name: str = Field(max_length=200)
    issuer: str = Field(max_length=500)
    client_id: str = Field(max_length=200)
    client_secret_sealed: str = Field(max_length=2000)
    link_by_email: bool = False
    roles_claim: str | None = Field(default=None, max_length=100)
    role_map: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    allowed_tenants: list[str] = Field(default_factory=list, sa_type=JSON)
    email_domains: list[str] = Field(default_factory=list, sa_type=JSON)
    version: int = 1


class ExternalIdentity(Entity, table=True):
    """A person as the provider knows them: (issuer, sub), or for Entra ID (tenant, object)."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    provider_id: uuid.UUID = Field(foreign_key="identity_providers.id", index=True)
    issuer: str = Field(max_length=500)
    subject: str = Field(max_length=300)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)


class SignInAttempt(Entity, table=True):
    """An authorization request sent to the provider and not yet answered."""

    __tablename__ = "sign_in_attempts"

    provider_id: uuid.UUID = Field(foreign_key="identity_providers.id", index=True)
    state_hash: str = Field(max_length=64, unique=True)
    nonce: str = Field(max_length=100)
    code_verifier: str = Field(max_length=200)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
