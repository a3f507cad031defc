"""Object-level rules: who may see and who may change what. Every endpoint asks these."""

import uuid

from backend.auth.principal import Principal, Scope
from backend.core.errors import Forbidden, NotFound
from backend.models.enums import Role

READ_ALL_ROLES = frozenset({Role.COORDINATOR, Role.COUNCIL, Role.VIEWER})


def can_see_organisation(principal: Principal, organisation_id: uuid.UUID) -> bool:
    return organisation_id in principal.organisation_ids()


def can_read_all_reports(principal: Principal, organisation_id: uuid.UUID) -> bool:
    return (principal.has_any_role(READ_ALL_ROLES, organisation_id)
            or principal.has_scope(Scope.REPORTS_READ, organisation_id))


def can_see_report(principal: Principal, organisation_id: uuid.UUID, unit_id: uuid.UUID) -> bool:
    return can_read_all_reports(principal, organisation_id) or (
        unit_id in principal.unit_ids(organisation_id)
    )


def can_see_cycles(principal: Principal, organisation_id: uuid.UUID) -> bool:
    if principal.is_service:
        return any(principal.has_scope(s, organisation_id) for s in
                   (Scope.CYCLES_READ, Scope.REPORTS_READ, Scope.COMPILATION_READ))
    return can_see_organisation(principal, organisation_id)


def can_read_compilation(principal: Principal, organisation_id: uuid.UUID) -> bool:
    return (principal.has_any_role(READ_ALL_ROLES, organisation_id)
            or principal.has_scope(Scope.COMPILATION_READ, organisation_id))


def require_visible(visible: bool, what: str = "The object") -> None:
    """404, not 403, for what the principal may not even see."""
    if not visible:
        raise NotFound(f"{what} does not exist or is not visible to you")


def require_role(principal: Principal, role: Role, organisation_id: uuid.UUID) -> None:
    if not principal.has_role(role, organisation_id):
        raise Forbidden(f"This needs the role '{role}' in the organisation")


def require_scope_or_role(principal: Principal, organisation_id: uuid.UUID, *,
                          scope: Scope, roles: frozenset[Role]) -> None:
    if not (principal.has_scope(scope, organisation_id)
            or principal.has_any_role(roles, organisation_id)):
        needed = ", ".join(sorted(roles))
        raise Forbidden(f"This needs the scope '{scope}' or one of the roles: {needed}")


def single_organisation(principal: Principal, organisation_id: uuid.UUID | None,
                        *, allowed: frozenset[uuid.UUID] | None = None) -> uuid.UUID:
    """The organisation a create acts in: given, or implied when the principal has one only."""
    from backend.core.errors import Invalid

    candidates = allowed if allowed is not None else principal.organisation_ids()
    if organisation_id is not None:
        require_visible(organisation_id in principal.organisation_ids(), "The organisation")
        return organisation_id
    if len(candidates) == 1:
        return next(iter(candidates))
    raise Invalid("organisation_id is required: you belong to more than one organisation",
                  fields={"organisation_id": "required when you belong to several organisations"})
