"""Organisations and units: the writes, and the rules shared by the domain's services."""

import uuid
from typing import Any

from pydantic_core import to_jsonable_python
from sqlmodel import Session, select

from backend.audit import service as audit
from backend.auth.policies import require_role, require_visible, single_organisation
from backend.auth.principal import Principal, Scope
from backend.core.db import session_scope, unique
from backend.core.errors import Forbidden, Invalid, NotAllowed
from backend.core.security import hash_secret
from backend.core.versioning import check_version
from backend.deadlines.policy import validate_policy
from backend.models import Membership, Organisation, Unit, User
from backend.models.enums import Role
from backend.organisations import repository
from backend.organisations.schemas import OrganisationUpdate, UnitCreate, UnitUpdate

# Units and the framework are what reports, the compilation and the feed refer to.
DIRECTORY_SCOPES = frozenset({Scope.REPORTS_READ, Scope.CYCLES_READ, Scope.COMPILATION_READ,
                              Scope.EVENTS_READ})


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


# --- rules shared by the domain's services -------------------------------------------------

def administered(principal: Principal) -> frozenset[uuid.UUID]:
    return frozenset(g.organisation_id for g in principal.grants if g.role == Role.ADMIN)


def administered_organisation(principal: Principal, organisation_id: uuid.UUID | None) -> uuid.UUID:
    """The organisation an admin's create acts in (404 unseen, 403 not admin, 422 ambiguous)."""
    organisation_id = single_organisation(principal, organisation_id,
                                          allowed=administered(principal) or None)
    require_role(principal, Role.ADMIN, organisation_id)
    return organisation_id


def can_read_directory(principal: Principal, organisation_id: uuid.UUID) -> bool:
    """Members read their organisation's units and framework; services need a read scope."""
    if principal.is_service:
        return any(principal.has_scope(s, organisation_id) for s in DIRECTORY_SCOPES)
    return organisation_id in principal.organisation_ids()


def require_directory_reader(principal: Principal, organisation_id: uuid.UUID,
                             what: str) -> None:
    require_visible(organisation_id in principal.organisation_ids(), what)
    if not can_read_directory(principal, organisation_id):
        needed = ", ".join(sorted(DIRECTORY_SCOPES))
        raise Forbidden(f"Reading this needs one of the scopes: {needed}")


def readable_organisations(principal: Principal,
                           organisation_id: uuid.UUID | None) -> frozenset[uuid.UUID]:
    """The organisations a list covers; 403 when the principal may read none of them."""
    candidates = frozenset(o for o in principal.organisation_ids()
                           if organisation_id in (None, o))
    readable = frozenset(o for o in candidates if can_read_directory(principal, o))
    if candidates and not readable:
        raise Forbidden("Reading this needs one of the scopes: "
                        + ", ".join(sorted(DIRECTORY_SCOPES)))
    return readable





def apply_changes(row: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """Set the given fields; answers what actually changed (old and new values)."""
    changed = {name: {"from": getattr(row, name), "to": value}
               for name, value in changes.items()
               if value is not None and getattr(row, name) != value}
    for name, values in changed.items():
        setattr(row, name, values["to"])
    if changed and hasattr(row, "version"):
        row.version += 1
    return dict(to_jsonable_python(changed))


# --- organisations ---------------------------------------------------------------------------

def visible_organisation(session: Session, principal: Principal, organisation_id: uuid.UUID, *,
                         lock: bool = False) -> Organisation:
    found = repository.organisation(session, organisation_id, lock=lock) \
        if organisation_id in principal.organisation_ids() else None
    require_visible(found is not None, "The organisation")
    assert found is not None
    return found


def update_organisation(*, session: Session, principal: Principal, organisation_id: uuid.UUID,
                        changes: OrganisationUpdate, expected_version: int) -> Organisation:
    """Admin: name, registration-number pattern and reminder policy."""
    organisation = visible_organisation(session, principal, organisation_id, lock=True)
    require_role(principal, Role.ADMIN, organisation.id)
    check_version(organisation.version, expected_version)
    conflict = f"An organisation named '{changes.name}' already exists"
    if changes.name and changes.name != organisation.name \
            and repository.organisation_by_name(session, changes.name):
        raise NotAllowed(conflict)
    _check_reminder_policy(organisation, changes)
    with unique(session, conflict):
        changed = apply_changes(organisation, changes.model_dump(exclude_unset=True))
    if changed:
        audit.record(session=session, principal=principal, action="organisation.updated",
                     object_type="organisation", object_id=organisation.id,
                     organisation_id=organisation.id, detail=changed)
    return organisation


def _check_reminder_policy(organisation: Organisation, changes: OrganisationUpdate) -> None:
    days = changes.reminder_days_before
    repeat = changes.reminder_repeat_days
    escalation = changes.escalation_after_days
    errors = validate_policy(
        organisation.reminder_days_before if days is None else days,
        organisation.reminder_repeat_days if repeat is None else repeat,
        organisation.escalation_after_days if escalation is None else escalation)
    if errors:
        names = {"days_before": "reminder_days_before", "repeat_days": "reminder_repeat_days",
                 "escalation_after_days": "escalation_after_days"}
        raise Invalid("The reminder policy is not valid",
                      fields={names[field]: message for field, message in errors.items()})
    if days is not None:
        changes.reminder_days_before = sorted(days, reverse=True)


# --- units -----------------------------------------------------------------------------------

def visible_unit(session: Session, principal: Principal, unit_id: uuid.UUID, *,
                 lock: bool = False) -> Unit:
    unit = repository.unit(session, unit_id, lock=lock)
    require_visible(unit is not None and unit.organisation_id in principal.organisation_ids(),
                    "The unit")
    assert unit is not None
    require_directory_reader(principal, unit.organisation_id, "The unit")
    return unit


def _unit_conflict(name: str) -> str:
    return f"The organisation already has a unit named '{name}'"


def create_unit(*, session: Session, principal: Principal, data: UnitCreate) -> Unit:
    """Admin: a new committee, administration or company; names are unique per organisation."""
    organisation_id = administered_organisation(principal, data.organisation_id)
    if repository.unit_by_name(session, organisation_id, data.name):
        raise NotAllowed(_unit_conflict(data.name))
    unit = Unit(organisation_id=organisation_id, name=data.name, short_name=data.short_name,
                kind=data.kind, active=data.active)
    with unique(session, _unit_conflict(data.name)):
        session.add(unit)
    audit.record(session=session, principal=principal, action="unit.created", object_type="unit",
                 object_id=unit.id, organisation_id=organisation_id,
                 detail=data.model_dump(mode="json", exclude={"organisation_id"}))
    return unit


def update_unit(*, session: Session, principal: Principal, unit_id: uuid.UUID,
                changes: UnitUpdate, expected_version: int) -> Unit:
    """Admin: rename, change kind, or (de)activate. Inactive units get no report next cycle."""
    unit = visible_unit(session, principal, unit_id, lock=True)
    require_role(principal, Role.ADMIN, unit.organisation_id)
    check_version(unit.version, expected_version)
    if changes.name and changes.name != unit.name \
            and repository.unit_by_name(session, unit.organisation_id, changes.name):
        raise NotAllowed(_unit_conflict(changes.name))
    with unique(session, _unit_conflict(changes.name or unit.name)):
        changed = apply_changes(unit, changes.model_dump(exclude_unset=True))
    if changed:
        audit.record(session=session, principal=principal, action="unit.updated",
                     object_type="unit", object_id=unit.id, organisation_id=unit.organisation_id,
                     detail=changed)
    return unit
