"""Token and identity payloads."""

import uuid

from pydantic import BaseModel, Field


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")


class MembershipPublic(BaseModel):
    organisation_id: uuid.UUID
    organisation_name: str
    role: str
    unit_id: uuid.UUID | None
    unit_name: str | None


class MePublic(BaseModel):
    id: uuid.UUID
    kind: str
    name: str
    email: str | None
    memberships: list[MembershipPublic]
    scopes: list[str]
