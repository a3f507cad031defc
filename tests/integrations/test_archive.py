"""GET /cycles/{id}/archive: an E-ARK SIP 2.1 / FGS Paketstruktur package that the E-ARK
validator accepts, whose METS and PREMIS checksums match its files."""

import hashlib
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from lxml import etree
from pypdf import PdfReader

from backend.models.enums import Role
from tests.auth.factories import service_as, with_version
from tests.factories import make_world, open_cycle, reports_by_unit
from tests.integrations.eark import findings
from tests.reporting.helpers import drive

NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink",
      "premis": "http://www.loc.gov/premis/v3"}
HREF = "{http://www.w3.org/1999/xlink}href"
CSIP_NOTETYPE = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}NOTETYPE"
DECISION = "KF 2027-04-28 § 46"
DATA = "representations/rep1/data/"


def _cycle_transition(client, world, cycle_id, who, body):
    answer = client.post(f"/api/v1/cycles/{cycle_id}/transitions", json=body,
                         headers=world.as_(who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _adopted_cycle(client, world) -> tuple[dict, dict]:
    cycle = open_cycle(client, world)
    reports = reports_by_unit(client, world, cycle["id"])
    first = drive(client, world, reports[str(world.units[0].id)], 0, "accepted")
    drive(client, world, reports[str(world.units[1].id)], 1, "accepted")
    registered = client.put(f"/api/v1/reports/{first['id']}/registration",
                            json={"registration_number": "KS 2027/0195"},
                            headers=with_version(world.as_(Role.COORDINATOR), first["version"]))
    assert registered.status_code == 200, registered.text
    _cycle_transition(client, world, cycle["id"], Role.COORDINATOR, {"action": "compile"})
    compiled = client.put(f"/api/v1/cycles/{cycle['id']}/compilations/1/registration",
                          json={"registration_number": "KS 2027/0200"},
                          headers=with_version(world.as_(Role.COORDINATOR), 1))
    assert compiled.status_code == 200, compiled.text
    adopted = _cycle_transition(client, world, cycle["id"], Role.COUNCIL, {
        "action": "adopt", "decision_ref": DECISION, "decided_on": "2027-04-28"})
    return adopted, registered.json()


def _archive_settings(client, world) -> None:
    answer = client.patch(f"/api/v1/organisations/{world.organisation.id}", json={
        "organisation_number": "212000-0142", "submission_agreement_ref": "KS 2026/0815"},
        headers=with_version(world.as_(Role.ADMIN), 1))
    assert answer.status_code == 200, answer.text


def _package(client, world, cycle) -> tuple[bytes, dict[str, bytes], str]:
    """The ZIP, its files by path inside the root folder, and that folder's name."""
    answer = client.get(f"/api/v1/cycles/{cycle['id']}/archive",
                        headers=world.as_(Role.COORDINATOR))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].endswith(
        "filename*=UTF-8''Arkivpaket%202026%20%E2%80%93%20"
        + quote(world.organisation.name) + ".zip")
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    roots = {name.split("/", 1)[0] for name in archive.namelist()}
    assert roots == {f"samordna-{cycle['id']}"}  # one root folder, named by the OBJID
    root = roots.pop()
    return answer.content, {n.removeprefix(f"{root}/"): archive.read(n)
                            for n in archive.namelist()}, root


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_the_package_passes_the_e_ark_validator(client, session, tmp_path: Path):
    world = make_world(session, client)
    _archive_settings(client, world)
    cycle, _ = _adopted_cycle(client, world)
    content, files, root = _package(client, world, cycle)
    package = tmp_path / "arkiv-2026.zip"
    package.write_bytes(content)
    assert findings(package) == []
    for name in ("METS.xml", "metadata/preservation/premis.xml",
                 "representations/rep1/METS.xml", "documentation/om-arkivpaketet.txt",
                 "schemas/mets.xsd", "schemas/premis.xsd"):
        assert name in files, name
    mets = ET.fromstring(files["METS.xml"])
    assert mets.get("OBJID") == root
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"


def test_every_xml_file_follows_the_schemas_the_package_carries(client, session):
    world = make_world(session, client)
    cycle, _ = _adopted_cycle(client, world)
    _, files, _ = _package(client, world, cycle)
    schemas = {n for n in files if n.startswith("schemas/")}
    assert schemas == {"schemas/mets.xsd", "schemas/xlink.xsd",
                       "schemas/DILCISExtensionMETS.xsd", "schemas/premis.xsd"}
    premis = etree.XMLSchema(etree.fromstring(files["schemas/premis.xsd"]))
    for name in ("metadata/preservation/premis.xml",
                 "representations/rep1/metadata/preservation/premis.xml"):
        premis.assertValid(etree.fromstring(files[name]))
    listed = {f.get(HREF) for f in ET.fromstring(files["METS.xml"]).findall(
        "mets:fileSec/mets:fileGrp[@USE='Schemas']/mets:file/mets:FLocat", NS)}
    assert listed == schemas


def test_mets_and_premis_checksums_match_the_files(client, session):
    world = make_world(session, client)
    cycle, report = _adopted_cycle(client, world)
    _, files, _ = _package(client, world, cycle)

    def check(element: ET.Element, base: str) -> str:
        location = element if element.get(HREF) else element.find("mets:FLocat", NS)
        path = base + location.get(HREF)
        assert element.get("CHECKSUMTYPE") == "SHA-256", path
        assert element.get("CHECKSUM") == _sha256(files[path]), path
        assert element.get("SIZE") == str(len(files[path])), path
        return path

    mets = ET.fromstring(files["METS.xml"])
    in_mets = {check(e, "") for e in mets.findall(".//mets:mdRef", NS)
               + mets.findall(".//mets:file", NS)}
    representation = ET.fromstring(files["representations/rep1/METS.xml"])
    base = "representations/rep1/"
    in_mets |= {check(e, base) for e in representation.findall(".//mets:mdRef", NS)
                + representation.findall(".//mets:file", NS)}
    assert in_mets == set(files) - {"METS.xml"}  # every file but the METS that lists it

    in_premis = set()
    for name in ("metadata/preservation/premis.xml", f"{base}metadata/preservation/premis.xml"):
        for item in ET.fromstring(files[name]).findall("premis:object", NS):
            path = item.findtext(".//premis:objectIdentifierValue", namespaces=NS)
            fixity = item.find(".//premis:fixity", NS)
            assert fixity.findtext("premis:messageDigestAlgorithm", namespaces=NS) == "SHA-256"
            assert fixity.findtext("premis:messageDigest", namespaces=NS) == \
                _sha256(files[path]), path
            in_premis.add(path)
    assert {n for n in files if n.startswith(DATA)} <= in_premis
    events = ET.fromstring(files[f"{base}metadata/preservation/premis.xml"]).findall(
        "premis:event", NS)
    assert [e.findtext("premis:eventType", namespaces=NS) for e in events] == [
        "creation", "creation", "message digest calculation"]

    names = set(files)
    assert {n for n in names if n.startswith(DATA) and n.count("/") == 3} == {
        f"{DATA}sammanstallning-2026-v1.pdf", f"{DATA}sammanstallning-2026-v1.json"}
    reports = sorted(n for n in names if n.startswith(f"{DATA}rapporter/"))
    assert len(reports) == 4 and {n.rsplit(".", 1)[1] for n in reports} == {"pdf", "json"}
    report_pdf = next(n for n in reports if n.endswith(".pdf") and report["id"][:8] in n)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(
        io.BytesIO(files[report_pdf])).pages).split())
    for expected in ("Sammanfattning", "Aktiviteter", "Digitala klassrum",
                     "Planer för nästa år", world.units[0].name[:20]):
        assert expected in text, expected
    stored = json.loads(files[report_pdf.replace(".pdf", ".json")])
    assert stored["content"] == client.get(f"/api/v1/reports/{report['id']}/content",
                                           headers=world.as_(Role.COORDINATOR)).json()
    assert [h["action"] for h in stored["history"]][-2:] == ["accept", "register"]


def test_the_package_names_the_organisation_the_agreement_and_the_decisions(client, session):
    world = make_world(session, client)
    _archive_settings(client, world)
    cycle, report = _adopted_cycle(client, world)
    _, files, _ = _package(client, world, cycle)
    header = ET.fromstring(files["METS.xml"]).find("mets:metsHdr", NS)
    agents = {(a.get("ROLE"), a.get("OTHERROLE"), a.get("TYPE")): a
              for a in header.findall("mets:agent", NS)}
    assert set(agents) == {("CREATOR", None, "OTHER"), ("ARCHIVIST", None, "ORGANIZATION"),
                           ("OTHER", "SUBMITTER", "ORGANIZATION")}
    for key in (("ARCHIVIST", None, "ORGANIZATION"), ("OTHER", "SUBMITTER", "ORGANIZATION")):
        assert agents[key].findtext("mets:name", namespaces=NS) == world.organisation.name
        note = agents[key].find("mets:note", NS)
        assert (note.get(CSIP_NOTETYPE), note.text) == ("IDENTIFICATIONCODE", "212000-0142")
    agreement = header.find("mets:altRecordID", NS)
    assert (agreement.get("TYPE"), agreement.text) == ("SUBMISSIONAGREEMENT", "KS 2026/0815")

    metadata = json.loads(files["metadata/descriptive/metadata.json"])
    assert metadata["organisation"] | {"name": world.organisation.name,
                                       "organisation_number": "212000-0142",
                                       "submission_agreement": "KS 2026/0815"} == \
        metadata["organisation"]
    assert metadata["cycle"] | {"label": "2026", "state": "adopted", "decision_ref": DECISION,
                                "decided_on": "2027-04-28"} == metadata["cycle"]
    assert metadata["compilation"]["version"] == 1
    assert metadata["compilation"]["registration_number"] == "KS 2027/0200"
    assert metadata["compilation"]["pdf_sha256"] == _sha256(
        files[f"{DATA}sammanstallning-2026-v1.pdf"])
    by_unit = {r["unit"]["name"]: r for r in metadata["reports"]}
    first = by_unit[world.units[0].name]
    assert first["registration_number"] == "KS 2027/0195" and first["id"] == report["id"]
    assert first["committee_decision_ref"] == "BUN § 1" and first["accepted_at"]
    xml = ET.fromstring(files["metadata/descriptive/metadata.xml"])
    assert xml.findtext("cycle/decision_ref") == DECISION
    assert xml.findtext("organisation/organisation_number") == "212000-0142"
    assert {r.findtext("registration_number") for r in xml.findall("reports/report")} == {
        "KS 2027/0195", ""}  # an empty element where there is none
    text = files["documentation/om-arkivpaketet.txt"].decode()
    for expected in ("FGS Paketstruktur 2.0", "organisationsnummer 212000-0142",
                     "Leveransöverenskommelse: KS 2026/0815", DECISION):
        assert expected in text, expected


def test_without_organisation_number_or_agreement_the_package_leaves_them_out(
        client, session, tmp_path: Path):
    world = make_world(session, client)
    cycle, _ = _adopted_cycle(client, world)
    content, files, _ = _package(client, world, cycle)
    header = ET.fromstring(files["METS.xml"]).find("mets:metsHdr", NS)
    assert header.find("mets:altRecordID", NS) is None
    assert [a.find("mets:note", NS) for a in header.findall("mets:agent", NS)
            if a.get("TYPE") == "ORGANIZATION"] == [None, None]
    package = tmp_path / "arkiv.zip"
    package.write_bytes(content)
    assert findings(package) == []


def test_only_adopted_cycles_and_only_coordinators_or_compilation_readers(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    url = f"/api/v1/cycles/{cycle['id']}/archive"
    early = client.get(url, headers=world.as_(Role.COORDINATOR))
    assert early.status_code == 409
    assert early.headers["content-type"].startswith("application/problem+json")
    for who in (Role.COUNCIL, Role.VIEWER, Role.ADMIN, "contact0"):
        assert client.get(url, headers=world.as_(who)).status_code == 403, who
    assert client.get(url, headers=service_as(client, world, "compilation:read")
                      ).status_code == 409
    assert client.get(url, headers=service_as(client, world, "events:read")).status_code == 404
    other = make_world(session, client)
    assert client.get(url, headers=other.as_(Role.COORDINATOR)).status_code == 404
    assert client.get(url).status_code == 401
