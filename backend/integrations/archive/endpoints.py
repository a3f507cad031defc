"""GET /cycles/{id}/archive: the archive package for the records system."""

import uuid

from fastapi import APIRouter, Response

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import require_scope_or_role
from backend.auth.principal import Scope
from backend.core.deps import SessionDep
from backend.core.downloads import attachment
from backend.integrations.archive.package import build_package
from backend.models import Organisation
from backend.models.enums import Role
from backend.reporting.cycles import visible_cycle

router = APIRouter(prefix="/cycles", tags=["compilation"])


@router.get("/{cycle_id}/archive", response_class=Response, summary="Archive package (ZIP)",
            responses={200: {"content": {"application/zip": {}},
                             "description": "The package"},
                       401: {"description": "No or invalid token"},
                       403: {"description": "Needs the coordinator role or `compilation:read`"},
                       404: {"description": "No such cycle, or not visible to you"},
                       409: {"description": "The cycle is not adopted yet"}})
def archive_package(cycle_id: uuid.UUID, principal: CurrentPrincipal,
                    session: SessionDep) -> Response:
    """For the records system: an E-ARK SIP 2.1 (CSIP 2.1; Riksarkivet's FGS Paketstruktur
    2.0) as a ZIP with one root folder `samordna-<cycle id>/`. `METS.xml` names the
    archival creator and the submitting organisation with their organisation number and
    the submission agreement (the organisation's settings); `metadata/descriptive/` holds
    `metadata.xml` and `.json` (cycle, decision reference and date, registration numbers,
    the compilation PDF's SHA-256); `metadata/preservation/premis.xml` is PREMIS 3.0 with
    every file's SHA-256 and the events that made them; `representations/rep1/` has its own
    `METS.xml` and under `data/` the adopted compilation (PDF, JSON) and each accepted report
    (PDF, JSON); `schemas/` the XSDs used; `documentation/` a description in Swedish.
    Coordinators and service accounts with `compilation:read`; only for adopted cycles
    (409 otherwise). Runs the same number of SQL statements however many reports."""
    cycle = visible_cycle(session, principal, cycle_id)
    require_scope_or_role(principal, cycle.organisation_id, scope=Scope.COMPILATION_READ,
                          roles=frozenset({Role.COORDINATOR}))
    body = build_package(session, cycle)
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    return Response(body, media_type="application/zip", headers={"Content-Disposition":
                    attachment(f"Arkivpaket {cycle.label} – {organisation.name}", "zip")})
