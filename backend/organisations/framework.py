"""The organisation's framework: the strategic areas of its policy that activities link to."""

import uuid

from sqlmodel import Session

from backend.audit import service as audit
from backend.auth.policies import require_role, require_visible
from backend.auth.principal import Principal
from backend.core.errors import NotAllowed
from backend.models import StrategicArea
from backend.models.enums import Role
from backend.organisations import repository
from backend.organisations.schemas import StrategicAreaCreate, StrategicAreaUpdate
from backend.organisations.service import (
    administered_organisation,
    apply_changes,
    require_directory_reader,
    unique,
)


def _conflict(name: str) -> str:
    return f"The framework already has a strategic area named '{name}'"


def visible_area(session: Session, principal: Principal, area_id: uuid.UUID, *,
                 lock: bool = False) -> StrategicArea:
    area = repository.strategic_area(session, area_id, lock=lock)
    require_visible(area is not None and area.organisation_id in principal.organisation_ids(),
                    "The strategic area")
    assert area is not None
    require_directory_reader(principal, area.organisation_id, "The strategic area")
    return area


def create_area(*, session: Session, principal: Principal,
                data: StrategicAreaCreate) -> StrategicArea:
    """Admin: add a strategic area; names are unique within the organisation."""
    organisation_id = administered_organisation(principal, data.organisation_id)
    if repository.strategic_area_by_name(session, organisation_id, data.name):
        raise NotAllowed(_conflict(data.name))
    area = StrategicArea(organisation_id=organisation_id, name=data.name,
                         description=data.description, position=data.position)
    with unique(session, _conflict(data.name)):
        session.add(area)
    audit.record(session=session, principal=principal, action="strategic_area.created",
                 object_type="strategic_area", object_id=area.id,
                 organisation_id=organisation_id,
                 detail=data.model_dump(mode="json", exclude={"organisation_id"}))
    return area


def update_area(*, session: Session, principal: Principal, area_id: uuid.UUID,
                changes: StrategicAreaUpdate) -> StrategicArea:
    """Admin: rename, describe or reorder a strategic area."""
    area = visible_area(session, principal, area_id, lock=True)
    require_role(principal, Role.ADMIN, area.organisation_id)
    if changes.name and changes.name != area.name and repository.strategic_area_by_name(
            session, area.organisation_id, changes.name):
        raise NotAllowed(_conflict(changes.name))
    with unique(session, _conflict(changes.name or area.name)):
        changed = apply_changes(area, changes.model_dump(exclude_unset=True))
    if changed:
        audit.record(session=session, principal=principal, action="strategic_area.updated",
                     object_type="strategic_area", object_id=area.id,
                     organisation_id=area.organisation_id, detail=changed)
    return area


def delete_area(*, session: Session, principal: Principal, area_id: uuid.UUID) -> None:
    """Admin: remove a strategic area no activity links to (409 otherwise)."""
    area = visible_area(session, principal, area_id, lock=True)
    require_role(principal, Role.ADMIN, area.organisation_id)
    linked = repository.activities_linked_to(session, area.id)
    if linked:
        raise NotAllowed(f"'{area.name}' is linked to {linked} activities in reports; "
                         "rename it instead of deleting it")
    audit.record(session=session, principal=principal, action="strategic_area.deleted",
                 object_type="strategic_area", object_id=area.id,
                 organisation_id=area.organisation_id, detail={"name": area.name})
    session.delete(area)
    session.flush()
