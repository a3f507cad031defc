"""Reading and saving a report's content (only in draft/returned, only by its contact person)."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from backend.audit import service as audit
from backend.auth.policies import can_see_report, require_visible
from backend.auth.principal import Principal
from backend.core.errors import Forbidden, Invalid, NotAllowed
from backend.core.versioning import check_version
from backend.models import Cycle, Report, Unit
from backend.models.base import utcnow
from backend.models.enums import CycleState, Role
from backend.reporting import repository
from backend.reporting.schemas import ReportContent
from backend.reporting.workflow import EDITABLE_REPORT_STATES

TEXT_FIELDS = ("summary", "monitoring", "competence", "next_year_plans")


def load_content(session: Session, report: Report) -> ReportContent:
    return content_of(report, repository.activities_of(session, report.id))


def content_of(report: Report, activities: list[dict[str, Any]]) -> ReportContent:
    """The content of a report whose activities are already read."""
    return ReportContent(
        summary=report.summary, monitoring=report.monitoring, competence=report.competence,
        next_year_plans=report.next_year_plans,
        no_international_work=report.no_international_work,
        activities=activities,  # type: ignore[arg-type]
    )


def snapshot(session: Session, report: Report) -> dict[str, Any]:
    return load_content(session, report).model_dump(mode="json")


def visible_report(session: Session, principal: Principal, report_id: uuid.UUID, *,
                   lock: bool = False) -> tuple[Report, Cycle, Unit]:
    found = repository.report_with_context(session, report_id, lock=lock)
    require_visible(found is not None and can_see_report(
        principal, found[1].organisation_id, found[0].unit_id), "The report")
    assert found is not None
    return found


@dataclass
class ReportInContext:
    """A report with its cycle and unit, loaded once for a request; its content is read at
    most once, for the guard, the history snapshot and the answer alike."""

    report: Report
    cycle: Cycle
    unit: Unit
    _content: ReportContent | None = field(default=None, repr=False)

    def content(self, session: Session) -> ReportContent:
        if self._content is None:
            self._content = load_content(session, self.report)
        return self._content


def visible_report_in_context(session: Session, principal: Principal, report_id: uuid.UUID,
                              *, lock: bool = False) -> ReportInContext:
    return ReportInContext(*visible_report(session, principal, report_id, lock=lock))


def may_edit_content(principal: Principal, report: Report, cycle: Cycle) -> bool:
    """Whether `save_content` would let this principal change the content now."""
    return (cycle.state == CycleState.OPEN and report.state in EDITABLE_REPORT_STATES
            and principal.has_role(Role.CONTACT_PERSON, cycle.organisation_id, report.unit_id))


def save_content(*, session: Session, principal: Principal, report_id: uuid.UUID,
                 content: ReportContent, expected_version: int) -> Report:
    """Replace the content. 409 if not editable now or the version is stale."""
    report, cycle, unit = visible_report(session, principal, report_id, lock=True)
    if not principal.has_role(Role.CONTACT_PERSON, cycle.organisation_id, unit.id):
        raise Forbidden("Only the unit's contact person may edit the report")
    check_version(report.version, expected_version)
    if cycle.state != CycleState.OPEN:
        raise NotAllowed(f"The cycle is {cycle.state}; reports can only change while it is open")
    if report.state not in EDITABLE_REPORT_STATES:
        raise NotAllowed(f"The report is {report.state}; content can only change in draft "
                         "or returned")
    unknown = {a for act in content.activities for a in act.strategic_area_ids} - \
        repository.strategic_area_ids(session, cycle.organisation_id)
    if unknown:
        raise Invalid("Unknown strategic areas for this organisation",
                      fields={"activities.strategic_area_ids": ", ".join(map(str, unknown))})
    for name in TEXT_FIELDS:
        setattr(report, name, getattr(content, name))
    report.no_international_work = content.no_international_work
    repository.replace_activities(session, report.id,
                                  [a.model_dump() for a in content.activities])
    report.version += 1
    report.updated_at = utcnow()
    audit.record(session=session, principal=principal, action="report.content_saved",
                 object_type="report", object_id=report.id,
                 organisation_id=cycle.organisation_id,
                 detail={"version": report.version, "activities": len(content.activities)})
    session.flush()
    return report
