"""/organisations, /units and /strategic-areas: the organisation's structure and framework."""

import uuid
from typing import Any

from fastapi import APIRouter, Response

from backend.auth.deps import CurrentPrincipal
from backend.core.deps import SessionDep
from backend.core.pagination import (
    Cursor,
    Limit,
    decode_cursor,
    decode_number_cursor,
    next_cursor_of,
)
from backend.core.schemas import Page
from backend.core.versioning import IfMatch, require_if_match, set_etag
from backend.models import Organisation, StrategicArea, Unit
from backend.models.enums import UnitKind
from backend.organisations import framework, repository, service
from backend.organisations.schemas import (
    OrganisationPublic,
    OrganisationUpdate,
    StrategicAreaCreate,
    StrategicAreaPublic,
    StrategicAreaUpdate,
    UnitCreate,
    UnitPublic,
    UnitUpdate,
)

router = APIRouter()


def errors(what: str) -> dict[int | str, dict[str, Any]]:
    return {401: {"description": "No or invalid token"},
            403: {"description": f"You may see the {what} but not do this"},
            404: {"description": f"No such {what}, or not visible to you"},
            409: {"description": "A name already taken, or a stale version"},
            422: {"description": "Invalid input; `errors` names the fields"}}


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {428: {"description": "If-Match missing"}}


def organisation_public(organisation: Organisation) -> OrganisationPublic:
    return OrganisationPublic.model_validate(organisation, from_attributes=True)


def unit_public(unit: Unit) -> UnitPublic:
    return UnitPublic.model_validate(unit, from_attributes=True)


def area_public(area: StrategicArea) -> StrategicAreaPublic:
    return StrategicAreaPublic.model_validate(area, from_attributes=True)


@router.get("/organisations", response_model=Page[OrganisationPublic], tags=["organisations"],
            summary="Your organisations")
def list_organisations(principal: CurrentPrincipal,
                       session: SessionDep) -> Page[OrganisationPublic]:
    """The organisations you hold a role in (a service account: its own), by name."""
    return Page[OrganisationPublic](items=[organisation_public(o) for o in repository
                                           .organisations(session, principal.organisation_ids())])


@router.get("/organisations/{organisation_id}", response_model=OrganisationPublic,
            responses=errors("organisation"), tags=["organisations"],
            summary="Read an organisation")
def read_organisation(organisation_id: uuid.UUID, principal: CurrentPrincipal,
                      session: SessionDep, response: Response) -> OrganisationPublic:
    """Name, registration-number pattern and reminder policy; `ETag` carries the version."""
    organisation = service.visible_organisation(session, principal, organisation_id)
    set_etag(response, organisation.version)
    return organisation_public(organisation)


@router.patch("/organisations/{organisation_id}", response_model=OrganisationPublic,
              responses={**errors("organisation"), **WRITE_ERRORS}, tags=["organisations"],
              summary="Change an organisation's settings")
def update_organisation(organisation_id: uuid.UUID, body: OrganisationUpdate,
                        principal: CurrentPrincipal, session: SessionDep, response: Response,
                        if_match: IfMatch = None) -> OrganisationPublic:
    """Admin. Send only the fields to change, with `If-Match`. `registration_pattern` is a
    regular expression the whole registration number must match (422 if it does not
    compile); `reminder_days_before` lists the days before a due date to remind on."""
    organisation = service.update_organisation(
        session=session, principal=principal, organisation_id=organisation_id, changes=body,
        expected_version=require_if_match(if_match))
    set_etag(response, organisation.version)
    return organisation_public(organisation)


@router.get("/units", response_model=Page[UnitPublic], responses=errors("unit"),
            tags=["units"], summary="List units")
def list_units(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
               limit: Limit = 100, organisation_id: uuid.UUID | None = None,
               kind: UnitKind | None = None, active: bool | None = None) -> Page[UnitPublic]:
    """The committees, administrations and companies of your organisations, by name.
    Service accounts need one of `reports:read`, `cycles:read`, `compilation:read`,
    `events:read`."""
    organisations = service.readable_organisations(principal, organisation_id)
    rows = repository.units_in(session, organisations, kind=kind, active=active,
                               cursor=decode_cursor(cursor), limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.name, r.id))
    return Page[UnitPublic](items=[unit_public(u) for u in rows[:limit]],
                            next_cursor=next_cursor)


@router.post("/units", response_model=UnitPublic, status_code=201, responses=errors("unit"),
             tags=["units"], summary="Create a unit")
def create_unit(body: UnitCreate, principal: CurrentPrincipal, session: SessionDep,
                response: Response) -> UnitPublic:
    """Admin. `kind` is `committee` (nämnd), `administration` (förvaltning) or `company`
    (bolag). Names are unique within the organisation (409). `organisation_id` may be left
    out when you administer one organisation only (422 naming it otherwise)."""
    unit = service.create_unit(session=session, principal=principal, data=body)
    set_etag(response, unit.version)
    return unit_public(unit)


@router.get("/units/{unit_id}", response_model=UnitPublic, responses=errors("unit"),
            tags=["units"], summary="Read a unit")
def read_unit(unit_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
              response: Response) -> UnitPublic:
    """One unit; `ETag` carries the version to send back in `If-Match`."""
    unit = service.visible_unit(session, principal, unit_id)
    set_etag(response, unit.version)
    return unit_public(unit)


@router.patch("/units/{unit_id}", response_model=UnitPublic,
              responses={**errors("unit"), **WRITE_ERRORS}, tags=["units"],
              summary="Change a unit")
def update_unit(unit_id: uuid.UUID, body: UnitUpdate, principal: CurrentPrincipal,
                session: SessionDep, response: Response, if_match: IfMatch = None) -> UnitPublic:
    """Admin. Send only the fields to change, with `If-Match`; a stale version answers 409.
    An inactive unit keeps its reports but gets no new one when the next cycle opens."""
    unit = service.update_unit(session=session, principal=principal, unit_id=unit_id,
                               changes=body, expected_version=require_if_match(if_match))
    set_etag(response, unit.version)
    return unit_public(unit)


@router.get("/strategic-areas", response_model=Page[StrategicAreaPublic],
            responses=errors("strategic area"), tags=["framework"],
            summary="List the framework's strategic areas")
def list_areas(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
               limit: Limit = 100,
               organisation_id: uuid.UUID | None = None) -> Page[StrategicAreaPublic]:
    """The strategic areas of your organisations' policies, in their sort order. Activities
    refer to them by id in `strategic_area_ids`."""
    organisations = service.readable_organisations(principal, organisation_id)
    rows = repository.strategic_areas_in(session, organisations,
                                         cursor=decode_number_cursor(cursor), limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.position, r.id))
    return Page[StrategicAreaPublic](items=[area_public(a) for a in rows[:limit]],
                                     next_cursor=next_cursor)


@router.post("/strategic-areas", response_model=StrategicAreaPublic, status_code=201,
             responses=errors("strategic area"), tags=["framework"],
             summary="Add a strategic area")
def create_area(body: StrategicAreaCreate, principal: CurrentPrincipal,
                session: SessionDep) -> StrategicAreaPublic:
    """Admin. Names are unique within the organisation (409)."""
    return area_public(framework.create_area(session=session, principal=principal, data=body))


@router.get("/strategic-areas/{area_id}", response_model=StrategicAreaPublic,
            responses=errors("strategic area"), tags=["framework"],
            summary="Read a strategic area")
def read_area(area_id: uuid.UUID, principal: CurrentPrincipal,
              session: SessionDep) -> StrategicAreaPublic:
    """One strategic area of your organisation's framework."""
    return area_public(framework.visible_area(session, principal, area_id))


@router.patch("/strategic-areas/{area_id}", response_model=StrategicAreaPublic,
              responses=errors("strategic area"), tags=["framework"],
              summary="Change a strategic area")
def update_area(area_id: uuid.UUID, body: StrategicAreaUpdate, principal: CurrentPrincipal,
                session: SessionDep) -> StrategicAreaPublic:
    """Admin. Renaming keeps every activity's link to the area."""
    return area_public(framework.update_area(session=session, principal=principal,
                                             area_id=area_id, changes=body))


@router.delete("/strategic-areas/{area_id}", status_code=204,
               responses=errors("strategic area"), tags=["framework"],
               summary="Remove a strategic area")
def delete_area(area_id: uuid.UUID, principal: CurrentPrincipal,
                session: SessionDep) -> Response:
    """Admin. Only an area no activity links to may be removed (409 otherwise)."""
    framework.delete_area(session=session, principal=principal, area_id=area_id)
    return Response(status_code=204)
