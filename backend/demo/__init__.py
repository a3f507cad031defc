"""`samordna demo`: Exempelby kommun with an adopted 2025 cycle and an open 2026 cycle.

Every report is moved by the real transition service, so histories, audit rows and the
change feed look exactly as they would after a year of real use.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from backend.auth import repository as auth_repository
from backend.auth.principal import Grant, Principal
from backend.core.clock import local_date
from backend.core.db import unit_of_work
from backend.core.security import hash_secret
from backend.demo.content import AREAS, UNITS, report_for
from backend.models import Organisation, Report, StrategicArea, Unit, User
from backend.models.enums import Role
from backend.organisations.service import ensure_user, grant
from backend.reporting import content, cycles, service
from backend.reporting.cycles import CycleCreate, CycleTransitionRequest
from backend.reporting.schemas import ReportContent, ReportTransitionRequest

DEMO_PASSWORD = "demo-lösenord-2026"
DOMAIN = "exempelby.se"
DEMO_NAME = "Exempelby kommun"
ORGANISATION_ROLES = [
    (Role.ADMIN, "admin", "Sara Andersson", "Administratör"),
    (Role.COORDINATOR, "eu-samordnare", "Helena Bergström", "EU-samordnare"),
    (Role.COUNCIL, "kommunfullmaktige", "Lars Petersson", "Kommunfullmäktiges sekreterare"),
    (Role.VIEWER, "revisor", "Gunilla Ek", "Revisor (läsbehörighet)"),
]


def principal_for(session: Session, user: User) -> Principal:
    grants = tuple(Grant(m.organisation_id, Role(m.role), m.unit_id)
                   for m in auth_repository.memberships_of(session, user.id))
    return Principal(kind="user", id=user.id, name=user.name, session_id=uuid.uuid4(),
                     grants=grants)


def demo_logins() -> list[tuple[str, str]]:
    """(what, e-mail) for every demo user; they all share DEMO_PASSWORD."""
    logins = [(label, f"{local}@{DOMAIN}") for _, local, _, label in ORGANISATION_ROLES]
    for _, short, *_ in UNITS:
        logins += [(f"{short} kontaktperson", f"kontakt.{short.lower()}@{DOMAIN}"),
                   (f"{short} nämnd/styrelse", f"namnd.{short.lower()}@{DOMAIN}")]
    return logins


def seed_demo() -> bool | None:
    """True if seeded now, False if the demo is already there, None if other data is."""
    with unit_of_work() as session:
        if session.exec(select(Organisation.id).where(Organisation.name == DEMO_NAME)).first():
            return False
        if session.exec(select(func.count()).select_from(Organisation)).one():
            return None
        _seed(session)
        return True


def _seed(session: Session) -> None:
    organisation = Organisation(name=DEMO_NAME)
    session.add(organisation)
    session.flush()
    areas = []
    for position, (name, description) in enumerate(AREAS):
        area = StrategicArea(organisation_id=organisation.id, name=name,
                             description=description, position=position)
        session.add(area)
        areas.append(area)
    password_hash = hash_secret(DEMO_PASSWORD)  # one hash for all: seeding stays fast
    people: dict[str, User] = {}
    for role, local, name, _label in ORGANISATION_ROLES:
        user = ensure_user(session=session, email=f"{local}@{DOMAIN}", name=name,
                           password=None)
        user.password_hash = password_hash
        grant(session=session, user=user, organisation=organisation, role=role)
        people[local] = user
    units: dict[str, Unit] = {}
    for name, short, kind, contact, signatory in UNITS:
        unit = Unit(organisation_id=organisation.id, name=name, short_name=short, kind=kind)
        session.add(unit)
        session.flush()
        units[short] = unit
        for role, local, person in ((Role.CONTACT_PERSON, "kontakt", contact),
                                    (Role.COMMITTEE, "namnd", signatory)):
            user = ensure_user(session=session, email=f"{local}.{short.lower()}@{DOMAIN}",
                               name=person, password=None)
            user.password_hash = password_hash
            grant(session=session, user=user, organisation=organisation, role=role,
                  unit_id=unit.id)
            people[f"{local}.{short}"] = user
    session.flush()
    demo = _Demo(session, organisation, units, areas, people)
    demo.previous_cycle()
    demo.current_cycle()


class _Demo:
    def __init__(self, session: Session, organisation: Organisation, units: dict[str, Unit],
                 areas: list[StrategicArea], people: dict[str, User]) -> None:
        self.session, self.organisation, self.units = session, organisation, units
        self.area_ids = [a.id for a in areas]
        self.as_ = {key: principal_for(session, user) for key, user in people.items()}

    def _cycle(self, label: str, dates: list[date]) -> uuid.UUID:
        fields = ("draft_due", "committee_due", "submit_due", "review_due", "council_due")
        cycle = cycles.create(session=self.session, principal=self.as_["eu-samordnare"],
                              data=CycleCreate(label=label, **dict(zip(fields, dates,
                                                                       strict=True))))
        self._cycle_action(cycle.id, "open")
        return cycle.id

    def _cycle_action(self, cycle_id: uuid.UUID, action: str, who: str = "eu-samordnare",
                      **fields: Any) -> None:
        cycles.fire(session=self.session, principal=self.as_[who], cycle_id=cycle_id,
                    request=CycleTransitionRequest(action=action, **fields))

    def _report(self, cycle_id: uuid.UUID, short: str) -> uuid.UUID:
        return self.session.exec(select(Report.id).where(
            Report.cycle_id == cycle_id, Report.unit_id == self.units[short].id)).one()

    def _write(self, report_id: uuid.UUID, short: str, year: int,
               tweak: dict[str, Any] | None = None) -> None:
        data = {**report_for(short, year), **(tweak or {})}
        activities = [
            {**{k: v for k, v in a.items() if k != "area_indexes"},
             "strategic_area_ids": [self.area_ids[i] for i in a["area_indexes"]]}
            for a in data.pop("activities", [])]
        body = ReportContent(activities=activities, **data)
        report = self.session.get(Report, report_id)
        assert report is not None
        content.save_content(session=self.session, principal=self.as_[f"kontakt.{short}"],
                             report_id=report_id, content=body, expected_version=report.version)

    def _act(self, report_id: uuid.UUID, who: str, action: str, **fields: str) -> None:
        service.fire(session=self.session, principal=self.as_[who], report_id=report_id,
                     request=ReportTransitionRequest(action=action, **fields))

    def _to_submitted(self, report_id: uuid.UUID, short: str, meeting: date) -> None:
        self._act(report_id, f"kontakt.{short}", "send_to_committee")
        self._act(report_id, f"namnd.{short}", "approve",
                  decision_ref=f"{short} {meeting.isoformat()} § {10 + len(short)}")
        self._act(report_id, f"kontakt.{short}", "submit")

    def previous_cycle(self) -> None:
        """2025: every unit reported, the coordinator compiled, the council adopted."""
        dates = [date(2026, 1, 30), date(2026, 2, 20), date(2026, 2, 27), date(2026, 3, 13),
                 date(2026, 4, 27)]
        cycle_id = self._cycle("2025", dates)
        for short in self.units:
            report_id = self._report(cycle_id, short)
            self._write(report_id, short, 2025)
            self._to_submitted(report_id, short, date(2026, 2, 12))
            self._act(report_id, "eu-samordnare", "accept")
        self._cycle_action(cycle_id, "compile")
        self._cycle_action(cycle_id, "adopt", who="kommunfullmaktige",
                           decision_ref="KF 2026-04-27 § 52", decided_on=date(2026, 4, 27))

    def current_cycle(self) -> None:
        """2026, open: the reports stand in every state, the drafts overdue."""
        today = local_date()
        dates = [today - timedelta(days=10), today + timedelta(days=4),
                 today + timedelta(days=11), today + timedelta(days=25),
                 today + timedelta(days=60)]
        cycle_id = self._cycle("2026", dates)
        meeting = today - timedelta(days=3)
        r = {short: self._report(cycle_id, short) for short in self.units}
        for short in ("KS", "BUN", "SN", "TN", "KFN"):
            self._write(r[short], short, 2026)
        self._to_submitted(r["KS"], "KS", meeting)
        self._act(r["KS"], "eu-samordnare", "accept")
        self._to_submitted(r["BUN"], "BUN", meeting)
        self._act(r["SN"], "kontakt.SN", "send_to_committee")
        self._act(r["SN"], "namnd.SN", "approve", decision_ref=f"SN {meeting} § 88")
        self._act(r["TN"], "kontakt.TN", "send_to_committee")
        self._to_submitted(r["KFN"], "KFN", meeting)
        self._act(r["KFN"], "eu-samordnare", "return",
                  comment="Ange finansieringen för vänortsutbytet och vilket strategiskt "
                          "område projektet Berättelser över gränser stödjer.")
        self._write(r["MBN"], "MBN", 2026, tweak={"summary": ""})
        self._act(r["EBAB"], "eu-samordnare", "exempt",
                  reason="Bolaget är under avveckling och rapporterar inte i år.")
        service.extend(session=self.session, principal=self.as_["eu-samordnare"],
                       report_id=r["SN"], due_on=today + timedelta(days=18),
                       reason="Socialnämndens sammanträde är flyttat en vecka.")
