"""GET /cycles/{id}/archive runs as many SQL statements for 20 reports as for 2."""

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.models import Compilation, Cycle
from backend.models.enums import Role
from tests.compilation import factories as f
from tests.factories import make_user, token
from tests.query_budget import counted_statements

# token, cycle, organisation, version, reports, history, activities (3); and the version's
# stored PDF, laid out at this first request: looked up, claimed, stored (6)
BUDGET = 15


def _adopted_with_reports(session: Session, reports: int) -> tuple[Cycle, object]:
    organisation = f.organisation(session)
    area = f.strategic_area(session, organisation, "Hållbar tillväxt")
    cycle = f.adopted_cycle(session, organisation, 2026)
    for number in range(reports):
        report = f.report(session, cycle, f.unit(session, organisation, f"Nämnd {number}"),
                          next_year_plans="Fortsätta.")
        f.activity(session, report, "Projekt", "eu_project", programme="interreg",
                   countries=("FI", "NO"), areas=(area,), benefits=["knowledge"])
    compilation = Compilation(cycle_id=cycle.id, number=1, content_hash="0" * 64,
                              data=compute_figures(session=session, cycle_id=cycle.id),
                              created_by_name="Eva Samordnare")
    session.add(compilation)
    session.flush()
    cycle.adopted_compilation_id = compilation.id
    session.add(cycle)
    session.flush()
    return cycle, make_user(session, organisation, Role.COORDINATOR)


def _statements(client: TestClient, session: Session, engine: Engine, reports: int) -> int:
    cycle, coordinator = _adopted_with_reports(session, reports)
    headers = token(client, coordinator)  # type: ignore[arg-type]
    with counted_statements(engine) as statements:
        answer = client.get(f"/api/v1/cycles/{cycle.id}/archive", headers=headers)
    assert answer.status_code == 200, answer.text
    return len([s for s in statements if not s.lstrip().upper().startswith(
        ("SAVEPOINT", "RELEASE", "ROLLBACK"))])


def test_the_statement_count_does_not_grow_with_the_reports(
        client: TestClient, session: Session, engine: Engine) -> None:
    few = _statements(client, session, engine, 2)
    many = _statements(client, session, engine, 20)
    assert few == many
    assert few <= BUDGET
