"""The archive package of an adopted cycle: a ZIP with one root folder, an E-ARK SIP.

```
samordna-<cycle id>/
  METS.xml                                  agents, submission agreement, metadata, structure
  metadata/descriptive/metadata.xml|.json   organisation, cycle, decisions, registration numbers
  metadata/preservation/premis.xml          PREMIS: SHA-256 of every file, events, agents
  representations/rep1/METS.xml             the representation's files with their SHA-256
  representations/rep1/data/                the adopted compilation (PDF, JSON) and every
                                            accepted report (PDF, JSON)
  schemas/                                  the XSDs the XML files follow
  documentation/om-arkivpaketet.txt         the package explained
```
"""

import io
import re
import unicodedata
import zipfile
from datetime import datetime
from importlib.metadata import version as installed_version
from importlib.resources import files as resource_files

from sqlmodel import Session

from backend.compilation.report_document import report_pdf
from backend.compilation.stored import StoredPdf, stored_compilation_pdf
from backend.core.clock import now as clock_now
from backend.core.errors import NotAllowed
from backend.integrations.archive import premis
from backend.integrations.archive.documentation import documentation
from backend.integrations.archive.files import PackageFile
from backend.integrations.archive.mets import REPRESENTATION, package_mets, representation_mets
from backend.integrations.archive.records import (
    ArchiveSource,
    as_json,
    descriptive_metadata,
    gather,
    metadata_xml,
)
from backend.models import Cycle
from backend.models.enums import CycleState, ReportState

DATA = f"{REPRESENTATION}/data"
SCHEMA_NAMES = ("mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "premis.xsd")


def slug(text: str) -> str:
    """"Barn- och utbildningsnämnden" -> "barn-och-utbildningsnamnden"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "enhet"


def _software_version() -> str:
    return installed_version("samordna")


def _schemas() -> list[PackageFile]:
    folder = resource_files("backend.integrations.archive") / "schemas"
    return [PackageFile(f"schemas/{name}", (folder / name).read_bytes(), "application/xml")
            for name in SCHEMA_NAMES]


def _data(source: ArchiveSource, pdf: PackageFile) -> list[PackageFile]:
    compilation, cycle = source.compilation, source.cycle
    stem = f"{DATA}/sammanstallning-{slug(cycle.label)}-v{compilation.number}"
    files = [pdf, PackageFile(f"{stem}.json", as_json(compilation.data), "application/json")]
    for record in source.reports:
        if record["state"] != ReportState.ACCEPTED:
            continue
        report_stem = f"{DATA}/rapporter/{slug(record['unit']['name'])}-{record['id'][:8]}"
        files.append(PackageFile(f"{report_stem}.pdf", report_pdf(
            record, source.organisation.name, cycle.label), "application/pdf"))
        files.append(PackageFile(f"{report_stem}.json", as_json(record), "application/json"))
    return files


def package_files(source: ArchiveSource, created: datetime,
                  stored_pdf: StoredPdf) -> list[PackageFile]:
    """Every file of the package, METS.xml first, paths inside the root folder; the
    compilation PDF is the version's stored one, byte for byte what every process serves."""
    compilation, cycle, organisation = source.compilation, source.cycle, source.organisation
    pdf_made_at = stored_pdf.rendered_at
    pdf = PackageFile(f"{DATA}/sammanstallning-{slug(cycle.label)}-v{compilation.number}.pdf",
                      stored_pdf.content, "application/pdf")
    data = _data(source, pdf)
    metadata = descriptive_metadata(source, created, pdf.sha256)
    descriptive = [
        PackageFile("metadata/descriptive/metadata.xml", metadata_xml(metadata),
                    "application/xml"),
        PackageFile("metadata/descriptive/metadata.json", as_json(metadata),
                    "application/json")]
    explained = documentation(source, data)
    version = _software_version()
    data_premis = premis.premis_xml(
        path=f"{REPRESENTATION}/metadata/preservation/premis.xml", organisation=organisation,
        files=data, version=version, happened=premis.data_events(
            compilation=compilation, pdf=pdf, data=data, pdf_made_at=pdf_made_at,
            created=created))
    representation = PackageFile(f"{REPRESENTATION}/METS.xml", representation_mets(
        object_id="rep1", data=data, preservation=data_premis, created=created,
        version=version), "application/xml")
    package_premis = premis.premis_xml(
        path="metadata/preservation/premis.xml", organisation=organisation,
        files=[*descriptive, explained], version=version,
        happened=premis.package_events([*descriptive, explained], created))
    rest = [*descriptive, package_premis, explained, *_schemas()]
    mets = package_mets(
        object_id=f"samordna-{cycle.id}",
        label=f"Sammanställning av det internationella arbetet {cycle.label}",
        organisation=organisation, files=rest, representation_mets=representation,
        created=created, version=version)
    return [PackageFile("METS.xml", mets, "application/xml"), *rest, representation,
            data_premis, *data]


def build_package(session: Session, cycle: Cycle) -> bytes:
    """The ZIP of an adopted cycle: one root folder named like the package's OBJID."""
    if cycle.state != CycleState.ADOPTED or cycle.adopted_compilation_id is None:
        raise NotAllowed(f"The cycle is {cycle.state}; only an adopted cycle can be archived")
    created = clock_now().replace(microsecond=0)
    source = gather(session, cycle)
    files = package_files(source, created, stored_compilation_pdf(
        session=session, compilation=source.compilation))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(f"samordna-{cycle.id}/{file.path}", file.content)
    return buffer.getvalue()
