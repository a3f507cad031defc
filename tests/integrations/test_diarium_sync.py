"""examples/diarium_sync.py, run against the API: files the adopted compilation once."""

import json

from examples.diarium_sync import main
from tests.auth.factories import create_service_account
from tests.factories import make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import drive


def _adopt(client, world) -> dict:
    cycle = open_cycle(client, world)
    for index, report in enumerate(reports_by_unit(client, world, cycle["id"]).values()):
        drive(client, world, report, index, "accepted")
    for who, body in (("coordinator", {"action": "compile"}),
                      ("council", {"action": "adopt", "decision_ref": "KF 2027-04-28 § 46",
                                   "decided_on": "2027-04-28"})):
        answer = client.post(f"/api/v1/cycles/{cycle['id']}/transitions", json=body,
                             headers=world.as_(who))
        assert answer.status_code == 200, answer.text
    return cycle


def test_the_example_files_the_adopted_compilation_and_resumes(client, session, tmp_path,
                                                                 capsys):
    world = make_world(session, client)
    cycle = _adopt(client, world)
    account = create_service_account(client, world, "events:read", "compilation:read",
                                     "registration:write", name="Diariet")
    state, out = tmp_path / "state.json", tmp_path / "diarium"
    argv = ["--client-id", account["client_id"], "--client-secret", account["client_secret"],
            "--state", str(state), "--out", str(out)]

    assert main(argv, client=client) == 0
    pdf = out / "sammanstallning-2026-v1.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    versions = client.get(f"/api/v1/cycles/{cycle['id']}/compilations",
                          headers=world.as_("coordinator")).json()["items"]
    number = versions[0]["registration_number"]
    assert number is not None and number.startswith("KS ")
    saved = json.loads(state.read_text())
    feed = client.get("/api/v1/events", params={"limit": 500},
                      headers=world.as_("coordinator")).json()["items"]
    assert saved["registered"] == {cycle["id"]: number}
    # The cursor passed the adoption; the registration it caused comes after it.
    adopted = next(e for e in feed if e["type"] == "cycle.adopted")
    assert int(saved["after"]) >= adopted["position"]
    assert "1 sammanställningar arkiverade" in capsys.readouterr().out

    pdf.unlink()
    assert main(argv, client=client) == 0
    assert not pdf.exists()  # nothing new in the feed: nothing downloaded or registered again
    assert json.loads(state.read_text())["registered"] == {cycle["id"]: number}
    assert "0 sammanställningar arkiverade" in capsys.readouterr().out

    wrong = ["--client-id", account["client_id"], "--client-secret", "fel",
             "--state", str(state), "--out", str(out)]
    assert main(wrong, client=client) == 1
