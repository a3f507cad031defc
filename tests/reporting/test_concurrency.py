"""Two writers holding the same version: one wins, the other gets 409 and changes nothing."""

import threading
import uuid
from datetime import date

from sqlmodel import Session

from backend.auth.principal import Grant, Principal
from backend.core.errors import Stale
from backend.models import Cycle, Organisation, Report, Unit, User
from backend.models.enums import CycleState, ReportState, Role
from backend.reporting import content as content_service
from backend.reporting import service
from backend.reporting.schemas import ReportContent, ReportTransitionRequest
from tests.factories import deadlines


def _seed(engine) -> tuple[Principal, Principal, uuid.UUID]:
    with Session(engine) as session:
        organisation = Organisation(name="Samtidiga kommun")
        session.add(organisation)
        session.flush()
        unit = Unit(organisation_id=organisation.id, name="Tekniska nämnden", kind="committee")
        user = User(email="kontakt@samtidig.se", name="Kim Kontakt")
        session.add_all([unit, user])
        session.flush()
        dates = {k: date.fromisoformat(v) for k, v in deadlines().items()}
        cycle = Cycle(organisation_id=organisation.id, label="2026", state=CycleState.OPEN,
                      **dates)
        session.add(cycle)
        session.flush()
        report = Report(cycle_id=cycle.id, unit_id=unit.id, state=ReportState.DRAFT)
        session.add(report)
        session.commit()
        grant = Grant(organisation.id, Role.CONTACT_PERSON, unit.id)
        coordinator = Grant(organisation.id, Role.COORDINATOR)
        return (Principal(kind="user", id=user.id, name=user.name, session_id=uuid.uuid4(),
                          grants=(grant,)),
                Principal(kind="user", id=user.id, name=user.name, session_id=uuid.uuid4(),
                          grants=(coordinator,)),
                report.id)


def _race(engine, work) -> list[object]:
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def writer(index: int) -> None:
        barrier.wait()
        with Session(engine) as session:
            if engine.dialect.name == "sqlite":
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                work(session, index)
                session.commit()
                outcomes.append(index)
            except Stale as exc:
                session.rollback()
                outcomes.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_content_saves_with_the_same_version(committed_engine):
    contact, _, report_id = _seed(committed_engine)

    def save(session: Session, index: int) -> None:
        content_service.save_content(
            session=session, principal=contact, report_id=report_id, expected_version=1,
            content=ReportContent(summary=f"Skrivare {index}", no_international_work=True))

    outcomes = _race(committed_engine, save)
    winners = [o for o in outcomes if isinstance(o, int)]
    assert len(winners) == 1 and sum(isinstance(o, Stale) for o in outcomes) == 1
    with Session(committed_engine) as session:
        report = session.get(Report, report_id)
        assert report is not None
        assert report.version == 2
        assert report.summary == f"Skrivare {winners[0]}"


def test_two_transitions_with_the_same_version(committed_engine):
    _, coordinator, report_id = _seed(committed_engine)

    def exempt(session: Session, index: int) -> None:
        service.fire(session=session, principal=coordinator, report_id=report_id,
                     expected_version=1,
                     request=ReportTransitionRequest(action="exempt", reason=f"Skäl {index}"))

    outcomes = _race(committed_engine, exempt)
    assert sum(isinstance(o, int) for o in outcomes) == 1
    assert sum(isinstance(o, Stale) for o in outcomes) == 1
    with Session(committed_engine) as session:
        report = session.get(Report, report_id)
        assert report is not None and report.state == "exempted" and report.version == 2
        history = content_service.repository.report_history(session, report_id)
        assert [h.action for h in history] == ["exempt"]
