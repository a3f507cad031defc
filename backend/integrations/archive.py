"""The archive package of an adopted cycle, for the records system (E-ARK CSIP / FGS layout).

```
METS.xml                                   the package: agents, metadata, files, structure
metadata/descriptive/metadata.xml|.json    organisation, cycle, decisions, registration numbers
representations/rep1/data/                 the adopted compilation (PDF, JSON) and every
                                           accepted report (PDF, JSON)
```
Every file is listed in METS.xml with its size and SHA-256 checksum.
"""

import hashlib
import io
import json
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Response
from sqlmodel import Session, col, select

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import require_scope_or_role
from backend.auth.principal import Scope
from backend.compilation.pdf import render_pdf
from backend.compilation.report_document import report_pdf
from backend.core.clock import now as clock_now
from backend.core.deps import SessionDep
from backend.core.downloads import attachment
from backend.core.errors import NotAllowed
from backend.models import Compilation, Cycle, Organisation, Report, ReportTransition, Unit
from backend.models.enums import CycleState, ReportState, Role
from backend.reporting import repository
from backend.reporting.content import load_content
from backend.reporting.cycles import visible_cycle

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
DATA = "representations/rep1/data"
for _prefix, _uri in (("mets", METS), ("xlink", XLINK), ("csip", CSIP)):
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class PackageFile:
    path: str
    content: bytes
    mime: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def slug(text: str) -> str:
    """"Barn- och utbildningsnämnden" -> "barn-och-utbildningsnamnden"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "enhet"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- gathering the package -------------------------------------------------------------------

def _report_records(session: Session, cycle: Cycle) -> list[dict[str, Any]]:
    rows = repository.reports_of_cycle(session, cycle.id,
                                       states=[ReportState.ACCEPTED, ReportState.EXEMPTED])
    history: dict[uuid.UUID, list[ReportTransition]] = {}
    for transition in session.exec(select(ReportTransition).where(
            col(ReportTransition.report_id).in_([r.id for r, _ in rows]))
            .order_by(col(ReportTransition.created_at), col(ReportTransition.id))):
        history.setdefault(transition.report_id, []).append(transition)
    return [_record(session, report, unit, history.get(report.id, [])) for report, unit in rows]


def _last(steps: list[ReportTransition], action: str) -> ReportTransition | None:
    return next((t for t in reversed(steps) if t.action == action), None)


def _record(session: Session, report: Report, unit: Unit,
            steps: list[ReportTransition]) -> dict[str, Any]:
    approved, accepted = _last(steps, "approve"), _last(steps, "accept")
    exempted = _last(steps, "exempt")
    return {
        "id": str(report.id), "state": report.state,
        "unit": {"id": str(unit.id), "name": unit.name, "kind": unit.kind},
        "registration_number": report.registration_number,
        "committee_decision_ref": approved.decision_ref if approved else None,
        "committee_approved_at": _iso(approved.created_at) if approved else None,
        "accepted_at": _iso(accepted.created_at) if accepted else None,
        "exemption_reason": exempted.comment if exempted and
        report.state == ReportState.EXEMPTED else None,
        "content": load_content(session, report).model_dump(mode="json")
        if report.state == ReportState.ACCEPTED else None,
        "history": [{"action": t.action, "from_state": t.from_state, "to_state": t.to_state,
                     "actor": t.actor_name, "comment": t.comment,
                     "decision_ref": t.decision_ref, "at": _iso(t.created_at)} for t in steps],
    }


def descriptive_metadata(organisation: Organisation, cycle: Cycle, compilation: Compilation,
                         reports: list[dict[str, Any]], created: datetime) -> dict[str, Any]:
    """What the records system files the package under."""
    return {
        "package_created": _iso(created),
        "organisation": {"id": str(organisation.id), "name": organisation.name},
        "cycle": {"id": str(cycle.id), "label": cycle.label, "state": cycle.state,
                  "decision_ref": cycle.decision_ref, "decided_on": _iso(cycle.decided_on),
                  "opened_at": _iso(cycle.opened_at),
                  **{f: _iso(getattr(cycle, f)) for f in ("draft_due", "committee_due",
                                                          "submit_due", "review_due",
                                                          "council_due")}},
        "compilation": {"id": str(compilation.id), "version": compilation.number,
                        "content_hash": compilation.content_hash,
                        "compiled_at": _iso(compilation.created_at),
                        "compiled_by": compilation.created_by_name,
                        "registration_number": compilation.registration_number},
        "reports": [{k: v for k, v in r.items() if k not in ("content", "history")}
                    for r in reports],
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


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def package_files(session: Session, cycle: Cycle, created: datetime) -> list[PackageFile]:
    """Every file of the package but METS.xml, metadata first."""
    organisation = session.get(Organisation, cycle.organisation_id)
    compilation = session.get(Compilation, cycle.adopted_compilation_id)
    assert organisation is not None and compilation is not None
    reports = _report_records(session, cycle)
    metadata = descriptive_metadata(organisation, cycle, compilation, reports, created)
    name = f"sammanstallning-{slug(cycle.label)}-v{compilation.number}"
    files = [
        PackageFile("metadata/descriptive/metadata.xml", metadata_xml(metadata),
                    "application/xml"),
        PackageFile("metadata/descriptive/metadata.json", _json(metadata), "application/json"),
        PackageFile(f"{DATA}/{name}.pdf", render_pdf(
            compilation.data, version=compilation.number,
            compiled_on=compilation.created_at.date(), decision_ref=cycle.decision_ref,
            decided_on=cycle.decided_on, registration_number=compilation.registration_number),
            "application/pdf"),
        PackageFile(f"{DATA}/{name}.json", _json(compilation.data), "application/json"),
    ]
    for record in reports:
        if record["state"] != ReportState.ACCEPTED:
            continue
        stem = f"{DATA}/rapporter/{slug(record['unit']['name'])}-{record['id'][:8]}"
        files.append(PackageFile(f"{stem}.pdf", report_pdf(record, organisation.name,
                                                           cycle.label), "application/pdf"))
        files.append(PackageFile(f"{stem}.json", _json(record), "application/json"))
    return files


# --- METS.xml --------------------------------------------------------------------------------

def _m(name: str) -> str:
    return f"{{{METS}}}{name}"


def _file_attributes(file: PackageFile, created: str) -> dict[str, str]:
    return {"MIMETYPE": file.mime, "SIZE": str(len(file.content)), "CREATED": created,
            "CHECKSUM": file.sha256, "CHECKSUMTYPE": "SHA-256"}


def _link(file: PackageFile) -> dict[str, str]:
    return {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": file.path}


def mets_xml(object_id: str, label: str, organisation: str, files: list[PackageFile],
             created: datetime) -> bytes:
    """METS per E-ARK CSIP: header with agents, dmdSec, fileSec with SHA-256, structMap."""
    stamp = created.isoformat(timespec="seconds")
    root = ET.Element(_m("mets"), {
        "OBJID": object_id, "LABEL": label, "TYPE": "OTHER", "PROFILE": PROFILE,
        f"{{{CSIP}}}OTHERTYPE": "Sammanställning av internationellt arbete",
        f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "MIXED"})
    header = ET.SubElement(root, _m("metsHdr"), {"CREATEDATE": stamp, "RECORDSTATUS": "NEW",
                                                 f"{{{CSIP}}}OAISPACKAGETYPE": "SIP"})
    creator = ET.SubElement(header, _m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER",
                                                  "OTHERTYPE": "SOFTWARE"})
    ET.SubElement(creator, _m("name")).text = "Samordna"
    ET.SubElement(creator, _m("note"), {f"{{{CSIP}}}NOTETYPE": "SOFTWARE VERSION"}).text = "1.0"
    owner = ET.SubElement(header, _m("agent"), {"ROLE": "ARCHIVIST", "TYPE": "ORGANIZATION"})
    ET.SubElement(owner, _m("name")).text = organisation
    metadata = [f for f in files if f.path.startswith("metadata/")]
    data = [f for f in files if not f.path.startswith("metadata/")]
    for index, file in enumerate(metadata, 1):
        section = ET.SubElement(root, _m("dmdSec"), {"ID": f"dmd-{index}", "CREATED": stamp})
        ET.SubElement(section, _m("mdRef"), {**_link(file), "MDTYPE": "OTHER",
                                             "OTHERMDTYPE": "SAMORDNA",
                                             **_file_attributes(file, stamp)})
    file_section = ET.SubElement(root, _m("fileSec"), {"ID": "filesec-1"})
    group = ET.SubElement(file_section, _m("fileGrp"), {"ID": "filegrp-rep1",
                                                        "USE": "Representations/rep1/Data"})
    for index, file in enumerate(data, 1):
        element = ET.SubElement(group, _m("file"), {"ID": f"file-{index}",
                                                    **_file_attributes(file, stamp)})
        ET.SubElement(element, _m("FLocat"), _link(file))
    struct = ET.SubElement(root, _m("structMap"), {"ID": "structmap-1", "TYPE": "PHYSICAL",
                                                   "LABEL": "CSIP"})
    top = ET.SubElement(struct, _m("div"), {"ID": "div-root", "LABEL": object_id})
    ET.SubElement(top, _m("div"), {"ID": "div-metadata", "LABEL": "Metadata", "DMDID": " ".join(
        f"dmd-{i}" for i in range(1, len(metadata) + 1))})
    representation = ET.SubElement(top, _m("div"), {"ID": "div-rep1",
                                                    "LABEL": "Representations/rep1"})
    for index in range(1, len(data) + 1):
        ET.SubElement(representation, _m("fptr"), {"FILEID": f"file-{index}"})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def build_package(session: Session, cycle: Cycle) -> bytes:
    """The ZIP of an adopted cycle: METS.xml at its root, then metadata and data."""
    if cycle.state != CycleState.ADOPTED or cycle.adopted_compilation_id is None:
        raise NotAllowed(f"The cycle is {cycle.state}; only an adopted cycle can be archived")
    created = clock_now().replace(microsecond=0)
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    files = package_files(session, cycle, created)
    mets = mets_xml(f"samordna-{cycle.id}",
                    f"Sammanställning av det internationella arbetet {cycle.label}",
                    organisation.name, files, created)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("METS.xml", mets)
        for file in files:
            archive.writestr(file.path, file.content)
    return buffer.getvalue()


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
    """For the records system: a ZIP laid out per E-ARK CSIP / FGS Paketstruktur with
    `METS.xml` at its root (agents, descriptive metadata, every file with its SHA-256,
    structure map), `metadata/descriptive/metadata.xml` and `.json` (organisation, cycle,
    decision reference and date, registration numbers, dates) and under
    `representations/rep1/data/` the adopted compilation (PDF, JSON) and each accepted
    report (PDF, JSON). Coordinators and service accounts with `compilation:read`; only
    for adopted cycles (409 otherwise)."""
    cycle = visible_cycle(session, principal, cycle_id)
    require_scope_or_role(principal, cycle.organisation_id, scope=Scope.COMPILATION_READ,
                          roles=frozenset({Role.COORDINATOR}))
    body = build_package(session, cycle)
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    return Response(body, media_type="application/zip", headers={"Content-Disposition":
                    attachment(f"Arkivpaket {cycle.label} – {organisation.name}", "zip")})
