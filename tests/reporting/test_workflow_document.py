"""GET /api/v1/workflow serves the one table and its words; the report says what you may do."""

from backend.core import vocabulary
from backend.reporting.workflow import CYCLE_TRANSITIONS, REPORT_DESKS, REPORT_TRANSITIONS
from tests.factories import make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import drive


def test_the_workflow_is_served_without_a_token(client):
    answer = client.get("/api/v1/workflow")
    assert answer.status_code == 200 and "max-age" in answer.headers["cache-control"]
    document = answer.json()
    assert [s["code"] for s in document["report"]["states"]] == list(REPORT_DESKS)
    states = {s["code"]: s for s in document["report"]["states"]}
    assert states["committee_review"] == {
        "code": "committee_review", "label": "Hos nämnden", "owner": "committee",
        "due_field": "committee_due", "editable": False, "settled": False}
    assert {c for c, s in states.items() if s["editable"]} == {"draft", "returned"}
    assert {c for c, s in states.items() if s["settled"]} == {"accepted", "exempted"}
    assert len(document["report"]["transitions"]) == len(REPORT_TRANSITIONS)
    assert len(document["cycle"]["transitions"]) == len(CYCLE_TRANSITIONS)
    adopt = next(t for t in document["cycle"]["transitions"] if t["action"] == "adopt")
    assert adopt == {"action": "adopt", "label": "Anta sammanställningen",
                     "from_states": ["compiled"], "to_state": "adopted", "actor": "council",
                     "event": "cycle.adopted", "needs": ["decision_ref", "decided_on"],
                     "guards": []}
    assert {r["code"] for r in document["roles"] if r["unit_scoped"]} == {
        "contact_person", "committee"}
    assert [d["code"] for d in document["due_fields"]] == [
        "draft_due", "committee_due", "submit_due", "review_due", "council_due"]
    assert document["vocabularies"]["cycle_state"]["adopted"] == "Antagen"
    assert document["vocabularies"].keys() == vocabulary.VOCABULARIES.keys()


def test_the_report_says_who_may_edit_and_extend_it(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    path = f"/api/v1/reports/{report['id']}"

    def may(who: str) -> tuple[bool, bool]:
        answer = client.get(path, headers=world.as_(who)).json()
        return answer["can_edit"], answer["can_extend"]

    assert may("contact0") == (True, False)
    assert may("coordinator") == (False, True)
    assert may("committee0") == (False, False)
    assert may("viewer") == (False, False)
    drive(client, world, report, 0, "committee_review")
    assert may("contact0") == (False, False)
    assert may("coordinator") == (False, True)
