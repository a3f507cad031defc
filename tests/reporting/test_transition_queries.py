"""One transition loads its report, cycle, unit and content once."""

from sqlalchemy.engine import Engine

from tests.factories import make_world, open_cycle, reports_by_unit
from tests.query_budget import counted_statements
from tests.reporting.helpers import headers_for, save_content


def _reads_of(statements: list[str], table: str) -> int:
    return sum(1 for s in statements
               if s.lstrip().upper().startswith("SELECT") and f"FROM {table}" in s)


def test_send_to_committee_reads_the_content_once(client, session, engine: Engine):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = save_content(client, world,
                          reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)], 0)
    with counted_statements(engine) as statements:
        answer = client.post(f"/api/v1/reports/{report['id']}/transitions",
                             json={"action": "send_to_committee"},
                             headers=headers_for(world, "contact", 0))
    assert answer.status_code == 200, answer.text
    assert answer.json()["content"]["activities"]
    # One content load reads activities, their countries and their areas: count the countries.
    assert _reads_of(statements, "activity_countries") == 1
    assert _reads_of(statements, "reports JOIN cycles") == 1
