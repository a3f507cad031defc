"""documentation/om-arkivpaketet.txt: the package explained to whoever opens it, in Swedish."""

from backend.integrations.archive.files import PackageFile
from backend.integrations.archive.records import ArchiveSource

INTRODUCTION = """\
Arkivpaket från Samordna
========================

Detta är {organisation}s sammanställning av det internationella arbetet {cycle}, som den
fastställdes{decision}, med de rapporter från nämnder, förvaltningar och bolag som låg till
grund för den.

Paketet följer E-ARK CSIP 2.1.0 och E-ARK SIP 2.1.0, som tillsammans utgör Riksarkivets
FGS Paketstruktur 2.0. Arkivbildare och levererande organisation: {organisation}
(organisationsnummer {number}). Leveransöverenskommelse: {agreement}.

Paketets delar
--------------
METS.xml                                  paketets struktur: organisation, metadata, filer
metadata/descriptive/metadata.xml, .json  omgång, beslut, diarienummer och datum
metadata/preservation/premis.xml          bevarandemetadata (PREMIS 3.0): kontrollsummor
                                          (SHA-256), format och händelser
representations/rep1/METS.xml             representationens filer med kontrollsummor
representations/rep1/data/                den fastställda sammanställningen (PDF och JSON)
                                          och varje godkänd rapport (PDF och JSON)
schemas/                                  XML-scheman som paketets XML-filer följer
documentation/                            denna beskrivning

Filerna i representationen
--------------------------
"""


def documentation(source: ArchiveSource, data: list[PackageFile]) -> PackageFile:
    organisation, cycle = source.organisation, source.cycle
    decision = (f" ({cycle.decision_ref}, {cycle.decided_on.isoformat()})"
                if cycle.decision_ref and cycle.decided_on else "")
    text = INTRODUCTION.format(
        organisation=organisation.name, cycle=cycle.label, decision=decision,
        number=organisation.organisation_number or "inte angivet",
        agreement=organisation.submission_agreement_ref or "ingen angiven")
    text += "".join(f"{file.path}\n    SHA-256 {file.sha256}, {len(file.content)} byte\n"
                    for file in data)
    return PackageFile("documentation/om-arkivpaketet.txt", text.encode("utf-8"),
                       "text/plain")
