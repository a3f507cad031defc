"""metadata/preservation/premis.xml: PREMIS 3.0 objects with SHA-256 fixity, the events that
made them and the agents behind those events."""

from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET

from backend.integrations.archive.files import PackageFile
from backend.models import Compilation, Organisation

PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("premis", PREMIS)


@dataclass(frozen=True)
class Event:
    identifier: str
    type: str  # from id.loc.gov/vocabulary/preservation/eventType
    at: datetime
    detail: str
    agent: str  # "organisation" or "software"
    objects: list[PackageFile]


def _p(name: str) -> str:
    return f"{{{PREMIS}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _p(name))
    element.text = text
    return element


def _pair(parent: ET.Element, name: str, prefix: str, kind: str, value: str) -> None:
    element = ET.SubElement(parent, _p(name))
    _text(element, f"{prefix}Type", kind)
    _text(element, f"{prefix}Value", value)


def _object(root: ET.Element, file: PackageFile) -> None:
    element = ET.SubElement(root, _p("object"), {f"{{{XSI}}}type": "premis:file"})
    _pair(element, "objectIdentifier", "objectIdentifier", "local", file.path)
    characteristics = ET.SubElement(element, _p("objectCharacteristics"))
    _text(characteristics, "compositionLevel", "0")
    fixity = ET.SubElement(characteristics, _p("fixity"))
    _text(fixity, "messageDigestAlgorithm", "SHA-256")
    _text(fixity, "messageDigest", file.sha256)
    _text(fixity, "messageDigestOriginator", "Samordna")
    _text(characteristics, "size", str(len(file.content)))
    designation = ET.SubElement(ET.SubElement(characteristics, _p("format")),
                                _p("formatDesignation"))
    _text(designation, "formatName", file.mime)
    _text(element, "originalName", file.name)


def _agent_identifier(organisation: Organisation) -> tuple[str, str]:
    if organisation.organisation_number:
        return "organisationsnummer", organisation.organisation_number
    return "samordna-organisation", str(organisation.id)


def _event(root: ET.Element, event: Event, agents: dict[str, tuple[str, str]]) -> None:
    element = ET.SubElement(root, _p("event"))
    _pair(element, "eventIdentifier", "eventIdentifier", "local", event.identifier)
    _text(element, "eventType", event.type)
    _text(element, "eventDateTime", event.at.isoformat(timespec="seconds"))
    _text(ET.SubElement(element, _p("eventDetailInformation")), "eventDetail", event.detail)
    _text(ET.SubElement(element, _p("eventOutcomeInformation")), "eventOutcome", "success")
    agent = ET.SubElement(element, _p("linkingAgentIdentifier"))
    _text(agent, "linkingAgentIdentifierType", agents[event.agent][0])
    _text(agent, "linkingAgentIdentifierValue", agents[event.agent][1])
    for file in event.objects:
        _pair(element, "linkingObjectIdentifier", "linkingObjectIdentifier", "local", file.path)


def data_events(*, compilation: Compilation, pdf: PackageFile, data: list[PackageFile],
                pdf_made_at: datetime, created: datetime) -> list[Event]:
    """What happened to the representation's files, oldest first."""
    return [
        Event("event-compiled", "creation", compilation.created_at,
              f"Sammanställningen version {compilation.number} skapades av "
              f"{compilation.created_by_name or 'EU-samordnaren'}.", "organisation",
              [f for f in data[:2] if f is not pdf]),
        Event("event-pdf", "creation", pdf_made_at,
              f"PDF-filen av version {compilation.number} lades ut och sparades.", "software",
              [pdf]),
        Event("event-digests", "message digest calculation", created,
              "SHA-256 beräknades för varje fil i representationen.", "software", data),
    ]


def package_events(files: list[PackageFile], created: datetime) -> list[Event]:
    return [
        Event("event-digests", "message digest calculation", created,
              "SHA-256 beräknades för paketets metadata och dokumentation.", "software", files),
        Event("event-package", "information package creation", created,
              "Arkivpaketet (E-ARK SIP 2.1) skapades.", "software", files),
    ]


def premis_xml(*, path: str, organisation: Organisation, files: list[PackageFile],
               happened: list[Event], version: str) -> PackageFile:
    """The PREMIS file at `path`: the objects (files) with their fixity, the events and the
    agents behind them."""
    schemas = "../" * path.count("/") + "schemas/"
    root = ET.Element(_p("premis"), {"version": "3.0", f"{{{XSI}}}schemaLocation":
                                     f"{PREMIS} {schemas}premis.xsd"})
    for file in files:
        _object(root, file)
    agents = {"organisation": _agent_identifier(organisation), "software": ("local", "samordna")}
    for event in happened:
        _event(root, event, agents)
    organisation_agent = ET.SubElement(root, _p("agent"))
    _pair(organisation_agent, "agentIdentifier", "agentIdentifier", *agents["organisation"])
    _text(organisation_agent, "agentName", organisation.name)
    _text(organisation_agent, "agentType", "organization")
    software = ET.SubElement(root, _p("agent"))
    _pair(software, "agentIdentifier", "agentIdentifier", *agents["software"])
    _text(software, "agentName", "Samordna")
    _text(software, "agentType", "software")
    _text(software, "agentVersion", version)
    ET.indent(root)
    return PackageFile(path, ET.tostring(root, encoding="utf-8", xml_declaration=True),
                       "application/xml")
