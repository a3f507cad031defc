"""Setting the document system's registration number (diarienummer) on a report."""

import uuid

from sqlmodel import Session

from backend.auth.policies import require_scope_or_role
from backend.auth.principal import Principal, Scope
from backend.core.errors import Invalid
from backend.core.patterns import UnusablePattern, full_match
from backend.core.versioning import check_version
from backend.models import Organisation
from backend.models.base import utcnow
from backend.models.enums import Role
from backend.reporting.content import ReportInContext, visible_report_in_context
from backend.reporting.service import _write_history
from backend.reporting.workflow import REPORT_REGISTERED


def validate_registration_number(organisation: Organisation, number: str) -> str:
    number = " ".join(number.split())
    try:
        matches = full_match(organisation.registration_pattern, number)
    except UnusablePattern as exc:  # stored before patterns were compiled with RE2
        raise Invalid(f"The organisation's registration pattern cannot be used: {exc}. "
                      "An administrator must change it first",
                      fields={"registration_number": "the organisation's pattern is unusable"}
                      ) from exc
    if not matches:
        raise Invalid(f"'{number}' does not look like a registration number of "
                      f"{organisation.name} (e.g. KS 2027/0195)",
                      fields={"registration_number": "does not match the organisation's pattern"})
    return number


def register(*, session: Session, principal: Principal, report_id: uuid.UUID, number: str,
             expected_version: int | None) -> ReportInContext:
    found = visible_report_in_context(session, principal, report_id, lock=True)
    report, cycle = found.report, found.cycle
    require_scope_or_role(principal, cycle.organisation_id, scope=Scope.REGISTRATION_WRITE,
                          roles=frozenset({Role.COORDINATOR}))
    check_version(report.version, expected_version)
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    report.registration_number = validate_registration_number(organisation, number)
    report.version += 1
    report.updated_at = utcnow()
    _write_history(session, principal, found, action="register",
                   from_state=report.state, comment=report.registration_number,
                   decision_ref=None, event=REPORT_REGISTERED)
    return found
