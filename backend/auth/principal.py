"""Who is calling: a user with memberships, or a service account with scopes."""

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from backend.models.enums import UNIT_ROLES, Role


class Scope(StrEnum):
    REPORTS_READ = "reports:read"
    CYCLES_READ = "cycles:read"
    COMPILATION_READ = "compilation:read"
    REGISTRATION_WRITE = "registration:write"
    EVENTS_READ = "events:read"
    WEBHOOKS_MANAGE = "webhooks:manage"


@dataclass(frozen=True)
class Grant:
    organisation_id: uuid.UUID
    role: Role
    unit_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Principal:
    kind: str  # "user" | "service"
    id: uuid.UUID
    name: str
    session_id: uuid.UUID
    grants: tuple[Grant, ...] = ()
    scopes: frozenset[str] = field(default_factory=frozenset)
    service_organisation_id: uuid.UUID | None = None

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def user_id(self) -> uuid.UUID | None:
        return None if self.is_service else self.id

    @property
    def service_account_id(self) -> uuid.UUID | None:
        return self.id if self.is_service else None

    def organisation_ids(self) -> frozenset[uuid.UUID]:
        if self.service_organisation_id is not None:
            return frozenset({self.service_organisation_id})
        return frozenset(g.organisation_id for g in self.grants)

    def has_role(self, role: Role, organisation_id: uuid.UUID,
                 unit_id: uuid.UUID | None = None) -> bool:
        """Organisation roles hold for the whole organisation; unit roles for their unit."""
        return any(
            g.role == role and g.organisation_id == organisation_id
            and (role not in UNIT_ROLES or g.unit_id == unit_id)
            for g in self.grants
        )

    def has_any_role(self, roles: frozenset[Role] | set[Role], organisation_id: uuid.UUID) -> bool:
        return any(g.role in roles and g.organisation_id == organisation_id for g in self.grants)

    def unit_ids(self, organisation_id: uuid.UUID) -> frozenset[uuid.UUID]:
        return frozenset(
            g.unit_id for g in self.grants
            if g.organisation_id == organisation_id and g.unit_id is not None
        )

    def has_scope(self, scope: Scope, organisation_id: uuid.UUID) -> bool:
        return (self.is_service and scope in self.scopes
                and organisation_id == self.service_organisation_id)
