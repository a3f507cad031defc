"""What an archive package holds, read in a fixed number of queries however many reports."""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from sqlmodel import Session, col, select

from backend.models import Compilation, Cycle, Organisation, Report, ReportTransition, Unit
from backend.models.enums import ReportState
from backend.reporting import repository
from backend.reporting.content import content_of


@dataclass(frozen=True)
class ArchiveSource:
    organisation: Organisation
    cycle: Cycle
    compilation: Compilation
    reports: list[dict[str, Any]]  # accepted and exempted, each with content and history


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def gather(session: Session, cycle: Cycle) -> ArchiveSource:
    """Organisation, adopted version, reports, their history and activities: seven queries."""
    organisation = session.get(Organisation, cycle.organisation_id)
    compilation = session.get(Compilation, cycle.adopted_compilation_id)
    assert organisation is not None and compilation is not None
    rows = repository.reports_of_cycle(session, cycle.id,
                                       states=[ReportState.ACCEPTED, ReportState.EXEMPTED])
    report_ids = [report.id for report, _ in rows]
    history: dict[uuid.UUID, list[ReportTransition]] = {}
    for transition in session.exec(select(ReportTransition).where(
            col(ReportTransition.report_id).in_(report_ids))
            .order_by(col(ReportTransition.created_at), col(ReportTransition.id))):
        history.setdefault(transition.report_id, []).append(transition)
    activities = repository.activities_of_reports(session, [
        report.id for report, _ in rows if report.state == ReportState.ACCEPTED])
    records = [_record(report, unit, history.get(report.id, []), activities.get(report.id, []))
               for report, unit in rows]
    return ArchiveSource(organisation, cycle, compilation, records)


def _last(steps: list[ReportTransition], action: str) -> ReportTransition | None:
    return next((t for t in reversed(steps) if t.action == action), None)


def _record(report: Report, unit: Unit, steps: list[ReportTransition],
            activities: list[dict[str, Any]]) -> dict[str, Any]:
    approved, accepted = _last(steps, "approve"), _last(steps, "accept")
    exempted = _last(steps, "exempt")
    accepted_report = report.state == ReportState.ACCEPTED
    return {
        "id": str(report.id), "state": report.state,
        "unit": {"id": str(unit.id), "name": unit.name, "kind": unit.kind},
        "registration_number": report.registration_number,
        "committee_decision_ref": approved.decision_ref if approved else None,
        "committee_approved_at": iso(approved.created_at) if approved else None,
        "accepted_at": iso(accepted.created_at) if accepted else None,
        "exemption_reason": exempted.comment if exempted and
        report.state == ReportState.EXEMPTED else None,
        "content": content_of(report, activities).model_dump(mode="json")
        if accepted_report else None,
        "history": [{"action": t.action, "from_state": t.from_state, "to_state": t.to_state,
                     "actor": t.actor_name, "comment": t.comment,
                     "decision_ref": t.decision_ref, "at": iso(t.created_at)} for t in steps],
    }


def descriptive_metadata(source: ArchiveSource, created: datetime,
                         compilation_pdf_sha256: str) -> dict[str, Any]:
    """What the records system files the package under."""
    organisation, cycle, compilation = source.organisation, source.cycle, source.compilation
    return {
        "package_created": iso(created),
        "organisation": {"id": str(organisation.id), "name": organisation.name,
                         "organisation_number": organisation.organisation_number or None,
                         "submission_agreement": organisation.submission_agreement_ref or None},
        "cycle": {"id": str(cycle.id), "label": cycle.label, "state": cycle.state,
                  "decision_ref": cycle.decision_ref, "decided_on": iso(cycle.decided_on),
                  "opened_at": iso(cycle.opened_at),
                  **{f: iso(getattr(cycle, f)) for f in ("draft_due", "committee_due",
                                                         "submit_due", "review_due",
                                                         "council_due")}},
        "compilation": {"id": str(compilation.id), "version": compilation.number,
                        "content_hash": compilation.content_hash,
                        "pdf_sha256": compilation_pdf_sha256,
                        "compiled_at": iso(compilation.created_at),
                        "compiled_by": compilation.created_by_name,
                        "registration_number": compilation.registration_number},
        "reports": [{k: v for k, v in r.items() if k not in ("content", "history")}
                    for r in source.reports],
    }


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, name.removesuffix("s") or "item", item)
    elif value is not None:
        element.text = str(value)


def metadata_xml(metadata: dict[str, Any]) -> bytes:
    root = ET.Element("samordnaArkiv", {"version": "1"})
    for key, value in metadata.items():
        _xml_value(root, key, value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def as_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
