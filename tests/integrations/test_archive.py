"""GET /cycles/{id}/archive: an E-ARK style package with METS.xml, checksums and metadata."""

import hashlib
import io
import json
import zipfile
from urllib.parse import quote
from xml.etree import ElementTree as ET

from pypdf import PdfReader

from backend.models.enums import Role
from tests.auth.factories import service_as, with_version
from tests.factories import make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import drive

NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
HREF = "{http://www.w3.org/1999/xlink}href"
DECISION = "KF 2027-04-28 § 46"


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


def _pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_package_lists_every_file_with_its_checksum(client, session):
    world = make_world(session, client)
    cycle, report = _adopted_cycle(client, world)
    answer = client.get(f"/api/v1/cycles/{cycle['id']}/archive",
                        headers=world.as_(Role.COORDINATOR))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].endswith(
        "filename*=UTF-8''Arkivpaket%202026%20%E2%80%93%20"
        + quote(world.organisation.name) + ".zip")
    package = zipfile.ZipFile(io.BytesIO(answer.content))
    names = package.namelist()
    assert names[0] == "METS.xml"

    mets = ET.fromstring(package.read("METS.xml"))
    assert mets.tag == "{http://www.loc.gov/METS/}mets"
    assert mets.get("OBJID") == f"samordna-{cycle['id']}"
    agents = mets.findall("mets:metsHdr/mets:agent", NS)
    assert [(a.get("ROLE"), a.findtext("mets:name", namespaces=NS)) for a in agents] == [
        ("CREATOR", "Samordna"), ("ARCHIVIST", world.organisation.name)]
    listed = mets.findall("mets:dmdSec/mets:mdRef", NS) + mets.findall(".//mets:file", NS)
    hrefs = []
    for element in listed:
        location = element if element.get(HREF) else element.find("mets:FLocat", NS)
        href = location.get(HREF)
        content = package.read(href)
        assert element.get("CHECKSUMTYPE") == "SHA-256"
        assert element.get("CHECKSUM") == hashlib.sha256(content).hexdigest(), href
        assert element.get("SIZE") == str(len(content))
        hrefs.append(href)
    assert sorted(hrefs) == sorted(n for n in names if n != "METS.xml")
    data = "representations/rep1/data/"
    assert {n for n in names if n.startswith(data) and n.count("/") == 3} == {
        f"{data}sammanstallning-2026-v1.pdf", f"{data}sammanstallning-2026-v1.json"}
    reports = sorted(n for n in names if n.startswith(f"{data}rapporter/"))
    assert len(reports) == 4 and {n.rsplit(".", 1)[1] for n in reports} == {"pdf", "json"}
    file_ids = {f.get("ID") for f in mets.findall(".//mets:file", NS)}
    pointers = {p.get("FILEID") for p in mets.findall(".//mets:structMap//mets:fptr", NS)}
    assert pointers == file_ids and len(file_ids) == 6
    assert mets.find(".//mets:structMap//mets:div[@LABEL='Metadata']", NS).get("DMDID") == \
        "dmd-1 dmd-2"

    metadata = json.loads(package.read("metadata/descriptive/metadata.json"))
    assert metadata["organisation"]["name"] == world.organisation.name
    assert metadata["cycle"] | {"label": "2026", "state": "adopted", "decision_ref": DECISION,
                                "decided_on": "2027-04-28"} == metadata["cycle"]
    assert metadata["compilation"]["version"] == 1
    assert metadata["compilation"]["registration_number"] == "KS 2027/0200"
    by_unit = {r["unit"]["name"]: r for r in metadata["reports"]}
    first = by_unit[world.units[0].name]
    assert first["registration_number"] == "KS 2027/0195" and first["id"] == report["id"]
    assert first["committee_decision_ref"] == "BUN § 1" and first["accepted_at"]
    xml = ET.fromstring(package.read("metadata/descriptive/metadata.xml"))
    assert xml.findtext("cycle/decision_ref") == DECISION
    assert xml.findtext("compilation/registration_number") == "KS 2027/0200"
    assert {r.findtext("registration_number") for r in xml.findall("reports/report")} == {
        "KS 2027/0195", ""}  # an empty element where there is none

    compilation = _pdf_text(package.read(f"{data}sammanstallning-2026-v1.pdf"))
    assert DECISION in compilation and "KS 2027/0200" in compilation
    report_pdf = next(n for n in reports if n.endswith(".pdf") and report["id"][:8] in n)
    text = _pdf_text(package.read(report_pdf))
    for expected in ("Sammanfattning", "Aktiviteter", "Digitala klassrum",
                     "Planer för nästa år", world.units[0].name[:20]):
        assert expected in text, expected
    stored = json.loads(package.read(report_pdf.replace(".pdf", ".json")))
    assert stored["content"] == client.get(f"/api/v1/reports/{report['id']}/content",
                                           headers=world.as_(Role.COORDINATOR)).json()
    assert [h["action"] for h in stored["history"]][-2:] == ["accept", "register"]


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
