"""METS.xml of the package and of its representation, per E-ARK CSIP 2.1 and SIP 2.1 (which
together are Riksarkivet's FGS Paketstruktur 2.0)."""

from datetime import datetime
from xml.etree import ElementTree as ET

from backend.integrations.archive.files import PackageFile
from backend.models import Organisation

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
REPRESENTATION = "representations/rep1"
# No content information type specification (CITS) covers Samordna's data: "OTHER" it is.
CONTENT_TYPE = {f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "OTHER",
                f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE": "Samordna"}
SCHEMAS = {METS: "mets.xsd", XLINK: "xlink.xsd", CSIP: "DILCISExtensionMETS.xsd"}
for _prefix, _uri in (("mets", METS), ("xlink", XLINK), ("csip", CSIP), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)


def _m(name: str) -> str:
    return f"{{{METS}}}{name}"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _file_attributes(file: PackageFile, created: str) -> dict[str, str]:
    return {"MIMETYPE": file.mime, "SIZE": str(len(file.content)), "CREATED": created,
            "CHECKSUM": file.sha256, "CHECKSUMTYPE": "SHA-256"}


def _link(href: str) -> dict[str, str]:
    return {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": href}


def _root(object_id: str, label: str, schemas: str) -> ET.Element:
    return ET.Element(_m("mets"), {
        "OBJID": object_id, "LABEL": label, "TYPE": "Mixed", **CONTENT_TYPE,
        "PROFILE": SIP_PROFILE, f"{{{XSI}}}schemaLocation": " ".join(
            f"{uri} {schemas}{name}" for uri, name in SCHEMAS.items())})


def _header(root: ET.Element, created: datetime, version: str) -> ET.Element:
    header = ET.SubElement(root, _m("metsHdr"), {
        "CREATEDATE": _stamp(created), "LASTMODDATE": _stamp(created), "RECORDSTATUS": "NEW",
        f"{{{CSIP}}}OAISPACKAGETYPE": "SIP"})
    software = ET.SubElement(header, _m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER",
                                                   "OTHERTYPE": "SOFTWARE"})
    ET.SubElement(software, _m("name")).text = "Samordna"
    ET.SubElement(software, _m("note"), {f"{{{CSIP}}}NOTETYPE": "SOFTWARE VERSION"}
                  ).text = version
    return header


def _organisation_agent(header: ET.Element, organisation: Organisation,
                        role: dict[str, str]) -> None:
    agent = ET.SubElement(header, _m("agent"), {**role, "TYPE": "ORGANIZATION"})
    ET.SubElement(agent, _m("name")).text = organisation.name
    if organisation.organisation_number:
        ET.SubElement(agent, _m("note"), {f"{{{CSIP}}}NOTETYPE": "IDENTIFICATIONCODE"}
                      ).text = organisation.organisation_number


def _group(parent: ET.Element, group_id: str, use: str, files: list[PackageFile],
           created: str, *, base: str = "") -> list[str]:
    group = ET.SubElement(parent, _m("fileGrp"), {"ID": group_id, "USE": use, **CONTENT_TYPE})
    ids = []
    for index, file in enumerate(files, 1):
        file_id = f"{group_id}-file-{index}"
        element = ET.SubElement(group, _m("file"), {"ID": file_id,
                                                    **_file_attributes(file, created)})
        ET.SubElement(element, _m("FLocat"), _link(file.path.removeprefix(base)))
        ids.append(file_id)
    return ids


def _md_ref(section: ET.Element, file: PackageFile, created: str, mdtype: dict[str, str]
            ) -> None:
    ET.SubElement(section, _m("mdRef"), {**_link(file.path), **mdtype,
                                         **_file_attributes(file, created)})


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def package_mets(*, object_id: str, label: str, organisation: Organisation,
                 files: list[PackageFile], representation_mets: PackageFile,
                 created: datetime, version: str) -> bytes:
    """The package's METS.xml: agents and submission agreement, descriptive and preservation
    metadata, documentation, schemas and a pointer to the representation's METS."""
    stamp = _stamp(created)
    root = _root(object_id, label, "schemas/")
    header = _header(root, created, version)
    _organisation_agent(header, organisation, {"ROLE": "ARCHIVIST"})
    _organisation_agent(header, organisation, {"ROLE": "OTHER", "OTHERROLE": "SUBMITTER"})
    if organisation.submission_agreement_ref:
        ET.SubElement(header, _m("altRecordID"), {"TYPE": "SUBMISSIONAGREEMENT"}
                      ).text = organisation.submission_agreement_ref
    descriptive = [f for f in files if f.path.startswith("metadata/descriptive/")]
    for index, file in enumerate(descriptive, 1):
        section = ET.SubElement(root, _m("dmdSec"), {"ID": f"dmd-{index}", "CREATED": stamp,
                                                     "STATUS": "CURRENT"})
        _md_ref(section, file, stamp, {"MDTYPE": "OTHER", "OTHERMDTYPE": "SAMORDNA"})
    administrative = ET.SubElement(root, _m("amdSec"), {"ID": "amd-1"})
    preservation = [f for f in files if f.path.startswith("metadata/preservation/")]
    for index, file in enumerate(preservation, 1):
        section = ET.SubElement(administrative, _m("digiprovMD"), {
            "ID": f"digiprov-{index}", "CREATED": stamp, "STATUS": "CURRENT"})
        _md_ref(section, file, stamp, {"MDTYPE": "PREMIS"})
    file_section = ET.SubElement(root, _m("fileSec"), {"ID": "filesec-1"})
    groups = {"Documentation": "grp-documentation", "Schemas": "grp-schemas"}
    for use, group_id in groups.items():
        _group(file_section, group_id, use,
               [f for f in files if f.path.startswith(f"{use.lower()}/")], stamp)
    _group(file_section, "grp-rep1", "Representations/rep1", [representation_mets], stamp)

    struct = ET.SubElement(root, _m("structMap"), {"ID": "structmap-1", "TYPE": "PHYSICAL",
                                                   "LABEL": "CSIP"})
    top = ET.SubElement(struct, _m("div"), {"ID": "div-package", "LABEL": object_id})
    ET.SubElement(top, _m("div"), {
        "ID": "div-metadata", "LABEL": "Metadata",
        "DMDID": " ".join(f"dmd-{i}" for i in range(1, len(descriptive) + 1)),
        "ADMID": " ".join(f"digiprov-{i}" for i in range(1, len(preservation) + 1))})
    for use, group_id in groups.items():
        division = ET.SubElement(top, _m("div"), {"ID": f"div-{use.lower()}", "LABEL": use})
        ET.SubElement(division, _m("fptr"), {"FILEID": group_id})
    representations = ET.SubElement(top, _m("div"), {"ID": "div-representations",
                                                      "LABEL": "Representations"})
    ET.SubElement(representations, _m("fptr"), {"FILEID": "grp-rep1"})
    rep1 = ET.SubElement(representations, _m("div"), {"ID": "div-rep1",
                                                        "LABEL": "Representations/rep1"})
    ET.SubElement(rep1, _m("mptr"), {**_link(representation_mets.path),
                                     f"{{{XLINK}}}title": "grp-rep1"})
    return _serialise(root)


def representation_mets(*, object_id: str, data: list[PackageFile], preservation: PackageFile,
                        created: datetime, version: str) -> bytes:
    """representations/rep1/METS.xml: the representation's data files with their checksums
    and its PREMIS."""
    stamp = _stamp(created)
    base = f"{REPRESENTATION}/"
    root = _root(object_id, "Sammanställning och rapporter", "../../schemas/")
    _header(root, created, version)
    section = ET.SubElement(ET.SubElement(root, _m("amdSec"), {"ID": "amd-1"}),
                            _m("digiprovMD"), {"ID": "digiprov-1", "CREATED": stamp,
                                               "STATUS": "CURRENT"})
    ET.SubElement(section, _m("mdRef"), {**_link(preservation.path.removeprefix(base)),
                                         "MDTYPE": "PREMIS",
                                         **_file_attributes(preservation, stamp)})
    file_section = ET.SubElement(root, _m("fileSec"), {"ID": "filesec-1"})
    ids = _group(file_section, "grp-data", "Data", data, stamp, base=base)
    struct = ET.SubElement(root, _m("structMap"), {"ID": "structmap-1", "TYPE": "PHYSICAL",
                                                   "LABEL": "CSIP"})
    top = ET.SubElement(struct, _m("div"), {"ID": "div-rep1", "LABEL": object_id})
    ET.SubElement(top, _m("div"), {"ID": "div-metadata", "LABEL": "Metadata",
                                   "ADMID": "digiprov-1"})
    division = ET.SubElement(top, _m("div"), {"ID": "div-data", "LABEL": "Data"})
    for file_id in ids:
        ET.SubElement(division, _m("fptr"), {"FILEID": file_id})
    return _serialise(root)
