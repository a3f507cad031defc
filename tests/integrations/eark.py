"""eark-validator (E-ARK CSIP/SIP 2.1.0) run in-process without network access."""

import io
import os
from pathlib import Path
from typing import Any
from unittest import mock

VOCABULARIES = Path(__file__).parent / "eark_vocabularies"


def _offline(url: Any, *_args: Any, **_kwargs: Any) -> io.BytesIO:
    local = VOCABULARIES / os.path.basename(str(url))
    if not local.exists():
        raise OSError(f"offline: no local copy of {url}")
    return io.BytesIO(local.read_bytes())


# The validator reads the vocabularies while its modules are imported.
with mock.patch("urllib.request.urlopen", _offline):
    from eark_validator.model.validation_report import Result, Severity
    from eark_validator.packages import PackageValidator


def _is_sip14_defect(result: Result) -> bool:
    """eark-validator 1.1.3's SIP14 wants an unqualified @NOTETYPE="IDENTIFICATIONCODE" on
    every note of every CREATOR agent. CSIP15 and CSIP16 require the software agent
    (ROLE="CREATOR", the first agent) to have exactly one note with
    csip:NOTETYPE="SOFTWARE VERSION", and the METS schema allows no unqualified attribute
    on a note: no package can pass all three. The profile's SIP14 is about the archival
    creator's note (csip:NOTETYPE="IDENTIFICATIONCODE"); the archive tests check that."""
    return result.rule_id == "SIP14" and "agent' and namespace-uri()='http://www.loc.gov/" \
        "METS/'][1]/*[local-name()='note'" in (result.location or "")


def findings(package: Path) -> list[Result]:
    """Every error and warning the validator reports on a ZIP or a package folder, but the
    SIP14 defect above."""
    report = PackageValidator(package).validation_report
    results = list(report.structure.messages if report.structure else [])
    if report.metadata:
        results += report.metadata.schema_results.messages
        results += report.metadata.schematron_results.messages
    return [r for r in results if r.severity in (Severity.ERROR, Severity.WARNING)
            and not _is_sip14_defect(r)]
