"""/region/overview: the organisations a person reads in full, side by side."""

import uuid
from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import can_read_all_reports
from backend.core.clock import local_date
from backend.core.deps import SessionDep
from backend.region import overview

router = APIRouter(prefix="/region", tags=["region"])


class CurrentCycle(BaseModel):
    id: uuid.UUID
    label: str
    state: str
    draft_due: date
    committee_due: date
    submit_due: date
    review_due: date
    council_due: date


class OrganisationOverview(BaseModel):
    organisation_id: uuid.UUID
    organisation_name: str
    cycle: CurrentCycle | None = Field(
        description="The latest cycle already opened, else the latest planned; null if none")
    reports: int = Field(description="Reports in the cycle, exempted ones included")
    reports_by_state: dict[str, int]
    overdue: int = Field(description="Reports past their due date on someone's desk")
    with_external_funding: int = Field(
        description="Reports (not exempted) with at least one activity with external funding")
    external_funding_share: float | None = Field(
        description="with_external_funding of the reports not exempted, 0–1; null if none")


class RegionOverview(BaseModel):
    organisations: list[OrganisationOverview]


@router.get("/overview", response_model=RegionOverview,
            responses={401: {"description": "No or invalid token"}},
            summary="Every organisation's current cycle")
def region_overview(principal: CurrentPrincipal, session: SessionDep) -> RegionOverview:
    """For a coordinator (or council, viewer) of several organisations — a region sharing one
    coordinator: each organisation where you read every report, by name, with its current
    cycle, reports per state, overdue reports and the share with external funding. Two SQL
    statements, whatever the number of organisations."""
    organisations = frozenset(o for o in principal.organisation_ids()
                              if can_read_all_reports(principal, o))
    rows = overview.current_cycles(session, organisations) if organisations else []
    figures = overview.counted(overview.report_counts(
        session, [r.Cycle.id for r in rows if r.Cycle is not None], local_date()))
    answer = []
    for row in rows:
        cycle = row.Cycle
        counts = figures.get(cycle.id, {}) if cycle else {}
        counted = counts.get("counted", 0)
        answer.append(OrganisationOverview(
            organisation_id=row.organisation_id, organisation_name=row.organisation_name,
            cycle=CurrentCycle.model_validate(cycle, from_attributes=True) if cycle else None,
            reports=sum(counts.get("by_state", {}).values()),
            reports_by_state=counts.get("by_state", {}), overdue=counts.get("overdue", 0),
            with_external_funding=counts.get("funded", 0),
            external_funding_share=counts["funded"] / counted if counted else None))
    return RegionOverview(organisations=answer)
