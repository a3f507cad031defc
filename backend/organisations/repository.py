"""Every query the organisations domain runs."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, tuple_, union, update
from sqlmodel import Session, col, select

from backend.models import (
    ActivityStrategicArea,
    AuditEvent,
    Membership,
    Organisation,
    StrategicArea,
    Unit,
    User,
)
from backend.models.enums import Role

USER_CREATED = "user.created"


def after(columns: tuple[Any, ...], values: tuple[Any, ...]) -> Any:
    """Rows sorted after a cursor's values: the keyset condition of a page."""
    return tuple_(*(col(c) for c in columns)) > tuple_(*values)


def organisations(session: Session, ids: Iterable[uuid.UUID]) -> list[Organisation]:
    return list(session.exec(select(Organisation).where(col(Organisation.id).in_(list(ids)))
                             .order_by(Organisation.name)))


def organisation(session: Session, organisation_id: uuid.UUID, *,
                 lock: bool = False) -> Organisation | None:
    statement = select(Organisation).where(Organisation.id == organisation_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def organisation_by_name(session: Session, name: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.name == name)).first()


def units_in(session: Session, organisation_ids: frozenset[uuid.UUID], *,
             kind: str | None, active: bool | None, cursor: tuple[str, uuid.UUID] | None,
             limit: int) -> list[Unit]:
    statement = select(Unit).where(col(Unit.organisation_id).in_(organisation_ids))
    if kind:
        statement = statement.where(Unit.kind == kind)
    if active is not None:
        statement = statement.where(col(Unit.active).is_(active))
    if cursor:
        statement = statement.where(after((Unit.name, Unit.id), cursor))
    return list(session.exec(statement.order_by(col(Unit.name), col(Unit.id)).limit(limit)))


def unit(session: Session, unit_id: uuid.UUID, *, lock: bool = False) -> Unit | None:
    statement = select(Unit).where(Unit.id == unit_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def unit_by_name(session: Session, organisation_id: uuid.UUID, name: str) -> Unit | None:
    return session.exec(select(Unit).where(Unit.organisation_id == organisation_id,
                                           Unit.name == name)).first()


def _belongs_to(organisation_ids: frozenset[uuid.UUID]) -> ColumnElement[bool]:
    """A user belongs to an organisation by a membership, or by having been created there
    (the audit row of the create) until the first role is granted."""
    members = select(Membership.user_id).where(
        col(Membership.organisation_id).in_(organisation_ids))
    created = select(AuditEvent.object_id).where(
        AuditEvent.action == USER_CREATED,
        col(AuditEvent.organisation_id).in_(organisation_ids))
    return or_(col(User.id).in_(members), col(User.id).in_(created))


def _roles_ended_in(organisation_ids: frozenset[uuid.UUID]) -> ColumnElement[bool]:
    """The user had roles in these organisations and none of them is active any more."""
    def roles(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
        return select(Membership.id).where(
            col(Membership.user_id) == User.id,
            col(Membership.organisation_id).in_(organisation_ids), *conditions).exists()
    return and_(roles(), ~roles(col(Membership.active).is_(True)))


def users_in(session: Session, organisation_ids: frozenset[uuid.UUID], *,
             active: bool | None, cursor: tuple[str, uuid.UUID] | None,
             limit: int) -> list[User]:
    statement = select(User).where(_belongs_to(organisation_ids))
    if active is not None:
        works_here = and_(col(User.active).is_(True), ~_roles_ended_in(organisation_ids))
        statement = statement.where(works_here if active else ~works_here)
    if cursor:
        statement = statement.where(after((User.email, User.id), cursor))
    return list(session.exec(statement.order_by(col(User.email), col(User.id)).limit(limit)))


def user(session: Session, user_id: uuid.UUID, *, lock: bool = False) -> User | None:
    statement = select(User).where(User.id == user_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def user_belongs_to(session: Session, user_id: uuid.UUID,
                    organisation_ids: frozenset[uuid.UUID]) -> bool:
    if not organisation_ids:
        return False
    found = session.exec(select(User.id).where(User.id == user_id,
                                               _belongs_to(organisation_ids))).first()
    return found is not None


def organisations_of_user(session: Session, user_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """Every organisation the user belongs to (by any role, active or ended, or by creation)."""
    members = select(Membership.organisation_id).where(Membership.user_id == user_id)
    created = select(AuditEvent.organisation_id).where(
        AuditEvent.action == USER_CREATED, AuditEvent.object_id == user_id)
    found = session.execute(union(members, created)).scalars()
    return frozenset(o for o in found if o is not None)


def set_memberships_active(session: Session, user_id: uuid.UUID,
                           organisation_ids: frozenset[uuid.UUID], active: bool) -> int:
    """Start or end a user's roles in these organisations; answers how many changed."""
    result = session.execute(
        update(Membership)
        .where(col(Membership.user_id) == user_id,
               col(Membership.organisation_id).in_(organisation_ids),
               col(Membership.active).is_(not active))
        .values(active=active))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.lower())).first()


def roles_of(session: Session, user_ids: list[uuid.UUID],
             organisation_ids: frozenset[uuid.UUID] | None) -> dict[uuid.UUID, list[Membership]]:
    """The memberships of several users in one query; None means in every organisation."""
    found: dict[uuid.UUID, list[Membership]] = defaultdict(list)
    if not user_ids:
        return found
    statement = select(Membership).where(col(Membership.user_id).in_(user_ids))
    if organisation_ids is not None:
        statement = statement.where(col(Membership.organisation_id).in_(organisation_ids))
    for membership in session.exec(statement.order_by(
            col(Membership.organisation_id), col(Membership.role), col(Membership.created_at))):
        found[membership.user_id].append(membership)
    return found


def membership(session: Session, membership_id: uuid.UUID) -> Membership | None:
    return session.get(Membership, membership_id)


def same_membership(session: Session, user_id: uuid.UUID, organisation_id: uuid.UUID,
                    role: str, unit_id: uuid.UUID | None) -> Membership | None:
    unit_clause = col(Membership.unit_id).is_(None) if unit_id is None \
        else Membership.unit_id == unit_id
    return session.exec(select(Membership).where(
        Membership.user_id == user_id, Membership.organisation_id == organisation_id,
        Membership.role == role, unit_clause)).first()


def active_admins(session: Session, organisation_id: uuid.UUID) -> int:
    return session.exec(
        select(func.count()).select_from(Membership)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.organisation_id == organisation_id, Membership.role == Role.ADMIN,
               col(Membership.active).is_(True), col(User.active).is_(True))).one()


def strategic_areas_in(session: Session, organisation_ids: frozenset[uuid.UUID], *,
                       cursor: tuple[int, uuid.UUID] | None, limit: int) -> list[StrategicArea]:
    statement = select(StrategicArea).where(
        col(StrategicArea.organisation_id).in_(organisation_ids))
    if cursor:
        statement = statement.where(
            after((StrategicArea.position, StrategicArea.id), cursor))
    return list(session.exec(statement.order_by(col(StrategicArea.position),
                                                col(StrategicArea.id)).limit(limit)))


def strategic_area(session: Session, area_id: uuid.UUID, *,
                   lock: bool = False) -> StrategicArea | None:
    statement = select(StrategicArea).where(StrategicArea.id == area_id)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def strategic_area_by_name(session: Session, organisation_id: uuid.UUID,
                           name: str) -> StrategicArea | None:
    return session.exec(select(StrategicArea).where(
        StrategicArea.organisation_id == organisation_id, StrategicArea.name == name)).first()


def activities_linked_to(session: Session, area_id: uuid.UUID) -> int:
    return session.exec(select(func.count()).select_from(ActivityStrategicArea)
                        .where(ActivityStrategicArea.strategic_area_id == area_id)).one()
