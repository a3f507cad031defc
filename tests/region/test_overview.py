"""GET /region/overview: each organisation's current cycle side by side, for a coordinator of
several, in a fixed number of statements."""

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.core.clock import local_date
from backend.models.enums import CycleState, ReportState, Role
from backend.organisations.service import grant
from tests.compilation import factories as f
from tests.factories import make_user, token
from tests.query_budget import counted_statements

OVERVIEW = "/api/v1/region/overview"


def _open_town(session: Session, name: str, units: int):  # type: ignore[no-untyped-def]
    year = local_date().year  # due dates next spring: nothing overdue by itself
    town = f.organisation(session, name)
    f.adopted_cycle(session, town, year - 1)
    current = f.cycle(session, town, year, CycleState.OPEN)
    f.cycle(session, town, year + 1, CycleState.PLANNED)  # planned later: not yet current
    reports = [f.report(session, current, f.unit(session, town, f"Nämnd {n}"),
                        state=ReportState.DRAFT) for n in range(units)]
    return town, current, reports


def test_each_organisation_side_by_side(client, session: Session) -> None:
    habo, habo_cycle, habo_reports = _open_town(session, "Habo kommun", 3)
    habo_reports[0].due_on = local_date() - timedelta(days=2)
    habo_reports[1].state = ReportState.EXEMPTED
    f.activity(session, habo_reports[0], "Interreg-projekt", "eu_project",
               external_funding_sek=250_000)
    f.activity(session, habo_reports[2], "Nätverk", "network")
    mullsjo = f.organisation(session, "Mullsjö kommun")
    planned = f.cycle(session, mullsjo, 2026, CycleState.PLANNED)
    vaggeryd = f.organisation(session, "Vaggeryds kommun")
    jonkoping, _, _ = _open_town(session, "Jönköpings kommun", 2)
    coordinator = make_user(session, habo, Role.COORDINATOR)
    grant(session=session, user=coordinator, organisation=mullsjo, role=Role.COORDINATOR)
    grant(session=session, user=coordinator, organisation=vaggeryd, role=Role.VIEWER)
    grant(session=session, user=coordinator, organisation=jonkoping,
          role=Role.CONTACT_PERSON)  # reads only its unit there: not in the overview
    session.commit()

    answer = client.get(OVERVIEW, headers=token(client, coordinator))

    assert answer.status_code == 200, answer.text
    rows = answer.json()["organisations"]
    assert [r["organisation_name"] for r in rows] == [
        "Habo kommun", "Mullsjö kommun", "Vaggeryds kommun"]
    first, second, third = rows
    assert first["cycle"]["id"] == str(habo_cycle.id) and first["cycle"]["state"] == "open"
    assert first["reports"] == 3
    assert first["reports_by_state"] == {"draft": 2, "exempted": 1}
    assert first["overdue"] == 1
    assert (first["with_external_funding"], first["external_funding_share"]) == (1, 0.5)
    assert second["cycle"]["id"] == str(planned.id) and second["reports"] == 0
    assert second["external_funding_share"] is None
    assert third["cycle"] is None and third["reports_by_state"] == {}


def _statements(client, session: Session, engine: Engine, towns: int) -> int:  # type: ignore[no-untyped-def]
    first, _, _ = _open_town(session, f"Region {towns} kommun 0", 2)
    coordinator = make_user(session, first, Role.COORDINATOR)
    for n in range(1, towns):
        town, _, _ = _open_town(session, f"Region {towns} kommun {n}", 2 + n)
        grant(session=session, user=coordinator, organisation=town, role=Role.COORDINATOR)
    session.commit()
    headers = token(client, coordinator)
    with counted_statements(engine) as statements:
        answer = client.get(OVERVIEW, headers=headers)
    assert len(answer.json()["organisations"]) == towns
    return len([s for s in statements if s.split()[0].upper() not in (
        "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")])


def test_the_statements_do_not_grow_with_the_region(client, session: Session,
                                                    engine: Engine) -> None:
    two = _statements(client, session, engine, 2)
    eight = _statements(client, session, engine, 8)
    assert two == eight == 3  # the token, the current cycles, the counts
