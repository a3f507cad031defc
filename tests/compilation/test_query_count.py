"""compute_figures runs the same number of statements for 3 units as for 30."""

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.models import Cycle
from tests.compilation import factories as f
from tests.query_budget import counted_statements


def _municipality(session: Session, units: int) -> Cycle:
    org = f.organisation(session)
    area = f.strategic_area(session, org, "Hållbar tillväxt")
    previous = f.adopted_cycle(session, org, 2025)
    current = f.cycle(session, org, 2026)
    for number in range(units):
        unit = f.unit(session, org, f"Nämnd {number}")
        for cycle in (previous, current):
            report = f.report(session, cycle, unit, next_year_plans="Fortsätta.")
            f.activity(session, report, "Projekt", "eu_project", programme="interreg",
                       external_funding_sek=1000, countries=("FI", "NO"), areas=(area,),
                       benefits=["knowledge"])
            f.activity(session, report, "Nätverk", "network", partners="Eurocities")
    session.flush()
    return current


def _statements_for(session: Session, engine: Engine, units: int) -> int:
    cycle = _municipality(session, units)
    with counted_statements(engine) as statements:
        data = compute_figures(session=session, cycle_id=cycle.id)
    assert data["figures"]["totals"]["activities"] == 2 * units
    assert data["previous"]["figures"]["totals"]["activities"] == 2 * units
    return len(statements)


def test_statement_count_does_not_grow_with_units(session: Session, engine: Engine) -> None:
    few = _statements_for(session, engine, 3)
    many = _statements_for(session, engine, 30)
    assert few == many
    assert few <= 10
