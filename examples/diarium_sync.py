"""Example: keep a document system (diarium) in step with Samordna.

Polls the change feed from a saved cursor; for each adopted cycle it downloads the adopted
compilation as PDF, "files" it (here: saves it and makes up a registration number, where
a real integration calls its diarium) and writes the registration number back with
If-Match. Run it against `make run`'s server with a service account that has the scopes
events:read, compilation:read and registration:write:

    python examples/diarium_sync.py --client-id samordna-... --client-secret ... \
        [--base-url http://127.0.0.1:8000] [--state diarium_state.json] [--out diarium]

Needs only httpx. Safe to run again and again (from cron): the cursor and the numbers
already given are kept in the state file.
"""

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import httpx

API = "/api/v1"


def load_state(path: Path) -> dict[str, Any]:
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    return {"after": "0", "next_number": 1, "registered": {}}


def save_state(path: Path, state: dict[str, Any]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=2), encoding="utf-8")
    temporary.replace(path)  # a crash never leaves half a cursor behind


def authenticate(client: httpx.Client, client_id: str, client_secret: str) -> None:
    answer = client.post(f"{API}/auth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": client_secret})
    answer.raise_for_status()
    client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"


def new_events(client: httpx.Client, after: str) -> list[dict[str, Any]]:
    """Every event after the cursor, page by page."""
    events: list[dict[str, Any]] = []
    while True:
        page = client.get(f"{API}/events", params={"after": after, "limit": 100})
        page.raise_for_status()
        body = page.json()
        if not body["items"]:
            return events
        events += body["items"]
        after = body["next_cursor"]


def file_in_diarium(state: dict[str, Any], pdf: bytes) -> str:
    """Stand-in for the diarium: a real integration registers the document there."""
    number = f"KS {date.today().year}/{state['next_number']:04d}"
    state["next_number"] += 1
    return number


def archive_compilation(client: httpx.Client, event: dict[str, Any], out: Path,
                        state: dict[str, Any]) -> str | None:
    """Download the adopted compilation of the event's cycle, register it, write back."""
    cycle_id = event["subject_id"]
    versions = client.get(f"{API}/cycles/{cycle_id}/compilations")
    versions.raise_for_status()
    adopted = next((v for v in versions.json()["items"] if v["adopted"]), None)
    if adopted is None or cycle_id in state["registered"]:
        return None
    pdf = client.get(f"{API}/cycles/{cycle_id}/compilation.pdf",
                     params={"version": adopted["version"]})
    pdf.raise_for_status()
    label = event["data"].get("label", cycle_id)
    (out / f"sammanstallning-{label}-v{adopted['version']}.pdf").write_bytes(pdf.content)
    number = adopted["registration_number"] or file_in_diarium(state, pdf.content)
    if adopted["registration_number"] is None:
        answer = client.put(
            f"{API}/cycles/{cycle_id}/compilations/{adopted['version']}/registration",
            json={"registration_number": number},
            headers={"If-Match": f'"{adopted["revision"]}"'})
        if answer.status_code == 409:
            print(f"{label}: someone registered it meanwhile; skipped", file=sys.stderr)
            return None
        answer.raise_for_status()
    state["registered"][cycle_id] = number
    return number


def sync(client: httpx.Client, *, client_id: str, client_secret: str, state_path: Path,
         out: Path) -> list[str]:
    """One run: read the feed from the cursor, file adopted compilations; returns numbers."""
    authenticate(client, client_id, client_secret)
    state = load_state(state_path)
    out.mkdir(parents=True, exist_ok=True)
    registered = []
    for event in new_events(client, state["after"]):
        if event["type"] == "cycle.adopted":
            number = archive_compilation(client, event, out, state)
            if number:
                registered.append(number)
                print(f"{event['data'].get('label')}: arkiverad som {number}")
        state["after"] = str(event["position"])
        save_state(state_path, state)  # after each event: a rerun resumes right after it
    save_state(state_path, state)
    return registered


def main(argv: list[str] | None = None, client: httpx.Client | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("SAMORDNA_URL",
                                                             "http://127.0.0.1:8000"))
    parser.add_argument("--client-id", default=os.environ.get("SAMORDNA_CLIENT_ID"))
    parser.add_argument("--client-secret", default=os.environ.get("SAMORDNA_CLIENT_SECRET"))
    parser.add_argument("--state", type=Path, default=Path("diarium_state.json"))
    parser.add_argument("--out", type=Path, default=Path("diarium"))
    args = parser.parse_args(argv)
    if not (args.client_id and args.client_secret):
        parser.error("--client-id and --client-secret are needed (or SAMORDNA_CLIENT_ID/_SECRET)")
    http = client or httpx.Client(base_url=args.base_url, timeout=60)
    try:
        numbers = sync(http, client_id=args.client_id, client_secret=args.client_secret,
                       state_path=args.state, out=args.out)
    except httpx.HTTPError as exc:
        print(f"Samordna answered with an error: {exc}", file=sys.stderr)
        return 1
    finally:
        if client is None:
            http.close()
    print(f"{len(numbers)} sammanställningar arkiverade; markör {load_state(args.state)['after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
