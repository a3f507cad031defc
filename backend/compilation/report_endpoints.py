"""/reports/{id}/document.pdf: an accepted report as the PDF the archive keeps."""

import uuid
from typing import Any

from fastapi import APIRouter, Response

from backend.auth.deps import CurrentPrincipal
from backend.compilation.report_document import report_pdf
from backend.core.deps import SessionDep
from backend.core.downloads import attachment
from backend.core.errors import NotAllowed
from backend.models import Organisation, Report, ReportTransition, Unit
from backend.models.enums import ReportState
from backend.reporting import repository
from backend.reporting.content import load_content, visible_report

router = APIRouter(prefix="/reports", tags=["reports"])


def _last(steps: list[ReportTransition], action: str) -> ReportTransition | None:
    return next((t for t in reversed(steps) if t.action == action), None)


def _record(session: SessionDep, report: Report, unit: Unit) -> dict[str, Any]:
    steps = repository.report_history(session, report.id)
    approved, accepted = _last(steps, "approve"), _last(steps, "accept")
    return {"unit": {"name": unit.name}, "registration_number": report.registration_number,
            "committee_decision_ref": approved.decision_ref if approved else None,
            "accepted_at": accepted.created_at.isoformat() if accepted else None,
            "content": load_content(session, report).model_dump(mode="json")}


@router.get("/{report_id}/document.pdf", response_class=Response,
            summary="An accepted report as PDF",
            responses={200: {"content": {"application/pdf": {}}, "description": "The PDF"},
                       401: {"description": "No or invalid token"},
                       404: {"description": "No such report, or not visible to you"},
                       409: {"description": "The report is not accepted yet"}})
def report_document(report_id: uuid.UUID, principal: CurrentPrincipal,
                    session: SessionDep) -> Response:
    """The report as an A4 PDF with Swedish headings: the committee's decision, the
    registration number, the summary and every activity. Only once the coordinator has
    accepted it (409 before); whoever may read the report may download it."""
    report, cycle, unit = visible_report(session, principal, report_id)
    if report.state != ReportState.ACCEPTED:
        raise NotAllowed(f"The report is {report.state}; only an accepted report has a PDF")
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    body = report_pdf(_record(session, report, unit), organisation.name, cycle.label)
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": attachment(f"Rapport {cycle.label} – {unit.name}", "pdf")})
