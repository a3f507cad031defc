"""Server-side sessions, service accounts, set-password links and the login-failure log."""

import uuid
from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from backend.models.base import Entity, UTCDateTime, timestamp


class ServiceAccount(Entity, table=True):
    """An integration (the document system) that calls the API with client credentials."""

    __tablename__ = "service_accounts"

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    name: str = Field(max_length=200)
    client_id: str = Field(max_length=64, unique=True)
    secret_hash: str = Field(max_length=200)
    scopes: list[str] = Field(default_factory=list, sa_type=JSON)
    active: bool = True
    version: int = 1
    rotated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # After a rotation the old secret still works until this moment (the admin's grace).
    previous_secret_hash: str | None = Field(default=None, max_length=200)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuthSession(Entity, table=True):
    """Every token and browser login points at one of these, so revoking is immediate."""

    __tablename__ = "auth_sessions"

    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    service_account_id: uuid.UUID | None = Field(
        default=None, foreign_key="service_accounts.id", index=True
    )
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginFailure(SQLModel, table=True):
    """One failed login, counted per account and per address for rate limiting."""

    __tablename__ = "login_failures"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)
    at: datetime = timestamp(index=True)


class PasswordLink(Entity, table=True):
    """A single-use, expiring link to choose a password; only the token's SHA-256 is kept."""

    __tablename__ = "password_links"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="organisations.id")
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
