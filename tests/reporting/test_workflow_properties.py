"""Hypothesis, stateful: random actions by random principals never break the invariants.

The model below is the SPEC's table (from test_workflow_matrix.ALLOWED), not the app's.
Invariants: a state only changes through an allowed action; the history is exactly the
sequence of successful actions; versions only grow; an adopted cycle never changes.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tests.factories import COMPLETE_CONTENT, make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import headers_for
from tests.reporting.test_workflow_matrix import ACTORS, ALLOWED, BODY

WHO = ["contact", "committee", "coordinator", "council", "viewer", "other_contact"]
CYCLE_ALLOWED = {("open", "compile", "coordinator"): "compiled",
                 ("compiled", "adopt", "council"): "adopted",
                 ("compiled", "return", "council"): "open"}
CYCLE_BODY = {"comment": "Komplettera.", "decision_ref": "KF 2027-04-28 § 46",
              "decided_on": "2027-04-28"}


def test_random_walks_keep_the_invariants(client, session):
    class Walk(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.world = make_world(session, client)
            self.cycle = open_cycle(client, self.world)
            by_unit = reports_by_unit(client, self.world, self.cycle["id"])
            self.reports = [by_unit[str(unit.id)] for unit in self.world.units]
            self.states = ["draft", "draft"]
            self.complete = [False, False]
            self.history: list[list[str]] = [[], []]
            self.versions = [r["version"] for r in self.reports]
            self.cycle_state = "open"

        @rule(index=st.integers(0, 1), who=st.sampled_from(WHO))
        def save_content(self, index: int, who: str) -> None:
            answer = client.put(
                f"/api/v1/reports/{self.reports[index]['id']}/content", json=COMPLETE_CONTENT,
                headers={**headers_for(self.world, who, index),
                         "If-Match": f'"{self.versions[index]}"'})
            allowed = (who == "contact" and self.cycle_state == "open"
                       and self.states[index] in ("draft", "returned"))
            assert (answer.status_code == 200) == allowed, answer.text
            if allowed:
                self.complete[index] = True
                self.versions[index] += 1

        @rule(index=st.integers(0, 1), action=st.sampled_from(sorted(ACTORS)),
              who=st.sampled_from(WHO))
        def act(self, index: int, action: str, who: str) -> None:
            answer = client.post(f"/api/v1/reports/{self.reports[index]['id']}/transitions",
                                 json={"action": action, **BODY},
                                 headers=headers_for(self.world, who, index))
            target = ALLOWED.get((self.states[index], action, who))
            allowed = (target is not None and self.cycle_state == "open"
                       and (action != "send_to_committee" or self.complete[index]))
            assert (answer.status_code == 200) == allowed, (action, who, answer.text)
            assert answer.status_code < 500
            if allowed:
                self.states[index] = target  # type: ignore[assignment]
                self.history[index].append(action)
                self.versions[index] += 1

        @rule(action=st.sampled_from(["compile", "adopt", "return"]),
              who=st.sampled_from(["coordinator", "council", "viewer"]))
        def act_on_cycle(self, action: str, who: str) -> None:
            answer = client.post(f"/api/v1/cycles/{self.cycle['id']}/transitions",
                                 json={"action": action, **CYCLE_BODY},
                                 headers=self.world.as_(who))
            target = CYCLE_ALLOWED.get((self.cycle_state, action, who))
            settled = all(s in ("accepted", "exempted") for s in self.states)
            allowed = target is not None and (action != "compile" or settled)
            assert (answer.status_code == 200) == allowed, (action, who, answer.text)
            if allowed:
                self.cycle_state = target  # type: ignore[assignment]

        @invariant()
        def server_agrees_with_the_model(self) -> None:
            for index, report in enumerate(self.reports):
                current = client.get(f"/api/v1/reports/{report['id']}",
                                     headers=self.world.as_("viewer")).json()
                assert current["state"] == self.states[index]
                assert current["version"] == self.versions[index]
                history = client.get(f"/api/v1/reports/{report['id']}/history",
                                     headers=self.world.as_("viewer")).json()["items"]
                assert [h["action"] for h in history] == self.history[index]
            cycle = client.get(f"/api/v1/cycles/{self.cycle['id']}",
                               headers=self.world.as_("viewer")).json()
            assert cycle["state"] == self.cycle_state

    run_state_machine_as_test(Walk, settings=settings(
        max_examples=12, stateful_step_count=25, deadline=None,
        suppress_health_check=list(HealthCheck)))
