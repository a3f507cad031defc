"""Webhooks: subscriptions, SSRF refusal, signed delivery to a real receiver on localhost."""

import base64
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from standardwebhooks.webhooks import Webhook as StandardWebhook

from backend.cli import main
from backend.core import migrations
from backend.core.db import get_engine, make_engine, set_engine
from backend.feed import events
from backend.integrations import webhook_delivery, webhooks
from backend.integrations.webhook_delivery import deliver_webhooks
from backend.models import Organisation, OutboxMessage, Webhook
from backend.models.enums import Role
from tests.auth.factories import service_as
from tests.factories import make_world, open_cycle, reports_by_unit
from tests.reporting.helpers import save_content

HOOKS = "/api/v1/webhooks"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP endpoint on 127.0.0.1 that records requests and answers as told."""

    port: int = 0
    answers: list[int] = field(default_factory=list)  # next statuses; 200 when empty
    requests: list[Received] = field(default_factory=list)

    def url(self, host: str = "127.0.0.1", path: str = "/hook") -> str:
        return f"http://{host}:{self.port}{path}"

    def bodies(self) -> list[dict]:
        return [json.loads(r.body) for r in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            state.requests.append(Received(self.path, headers, body))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _allow(client, world, hosts: list[str]) -> None:
    organisation = client.get(f"/api/v1/organisations/{world.organisation.id}",
                              headers=world.as_(Role.ADMIN))
    answer = client.put(f"/api/v1/organisations/{world.organisation.id}/webhook-hosts",
                        json={"hosts": hosts}, headers={**world.as_(Role.ADMIN),
                                                        "If-Match": organisation.headers["ETag"]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["hosts"] == sorted({h.lower().rstrip(".") for h in hosts})


def _register(client, world, url: str, events_: list[str], headers=None) -> dict:
    answer = client.post(HOOKS, json={"url": url, "events": events_},
                         headers=headers or world.as_(Role.ADMIN))
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _deliver(session: Session, now: datetime | None = None) -> webhook_delivery.DeliveryCounts:
    return deliver_webhooks(now=now or datetime.now(UTC), sessions=lambda: nullcontext(session))


def _log(client, world, hook_id: str) -> list[dict]:
    answer = client.get(f"{HOOKS}/{hook_id}/deliveries", headers=world.as_(Role.ADMIN))
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def _send_to_committee(client, world, cycle_id: str, unit_index: int = 0) -> None:
    report = reports_by_unit(client, world, cycle_id)[str(world.units[unit_index].id)]
    save_content(client, world, report, unit_index)
    answer = client.post(f"/api/v1/reports/{report['id']}/transitions",
                         json={"action": "send_to_committee"},
                         headers=world.as_(f"contact{unit_index}"))
    assert answer.status_code == 200, answer.text


def _hmac_signature(secret: str, headers: dict[str, str], body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


# --- subscriptions -----------------------------------------------------------------------------

def test_register_read_list_and_delete(client, session):
    world = make_world(session, client)
    created = _register(client, world, "https://93.184.216.34/samordna",
                        ["report.accepted", "cycle.adopted", "report.accepted"])
    assert set(created) >= {"id", "url", "events", "secret", "active", "version"}
    assert created["events"] == ["cycle.adopted", "report.accepted"] and created["active"]
    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) >= 24
    read = client.get(f"{HOOKS}/{created['id']}", headers=world.as_(Role.ADMIN))
    assert read.status_code == 200 and "secret" not in read.json()
    assert read.headers["ETag"] == '"1"'
    listed = client.get(HOOKS, headers=world.as_(Role.ADMIN)).json()
    assert [w["id"] for w in listed["items"]] == [created["id"]]
    assert "secret" not in listed["items"][0]
    everything = _register(client, world, "https://93.184.216.34/alla", ["*"])
    assert everything["events"] == ["*"]
    deleted = client.delete(f"{HOOKS}/{created['id']}", headers=world.as_(Role.ADMIN))
    assert deleted.status_code == 204
    assert client.get(f"{HOOKS}/{created['id']}",
                      headers=world.as_(Role.ADMIN)).status_code == 404


def test_event_types_must_be_known(client, session):
    world = make_world(session, client)
    for events_ in (["report.eaten"], [], ["report.accepted", "nonsense"]):
        answer = client.post(HOOKS, json={"url": "https://93.184.216.34/", "events": events_},
                             headers=world.as_(Role.ADMIN))
        assert answer.status_code == 422, events_
        assert answer.json()["errors"][0]["field"].startswith("events")


def test_only_admins_and_webhook_managers_may_manage(client, session):
    world, other = make_world(session, client), make_world(session, client)
    body = {"url": "https://93.184.216.34/hook", "events": ["*"]}
    for who in (Role.COORDINATOR, Role.VIEWER, Role.COUNCIL, "contact0"):
        assert client.post(HOOKS, json=body, headers=world.as_(who)).status_code == 403, who
        assert client.get(HOOKS, headers=world.as_(who)).status_code == 403, who
    reader = service_as(client, world, "events:read", "reports:read")
    assert client.post(HOOKS, json=body, headers=reader).status_code == 403
    assert client.get(HOOKS, headers=reader).status_code == 403
    manager = service_as(client, world, "webhooks:manage")
    created = _register(client, world, body["url"], ["*"], headers=manager)
    for path in ("", "/deliveries"):
        assert client.get(f"{HOOKS}/{created['id']}{path}", headers=manager).status_code == 200
        assert client.get(f"{HOOKS}/{created['id']}{path}", headers=reader).status_code == 403
        assert client.get(f"{HOOKS}/{created['id']}{path}",
                          headers=other.as_(Role.ADMIN)).status_code == 404
    assert client.delete(f"{HOOKS}/{created['id']}", headers=reader).status_code == 403
    assert client.get(HOOKS).status_code == 401
    hosts = f"/api/v1/organisations/{world.organisation.id}/webhook-hosts"
    assert client.put(hosts, json={"hosts": ["x.local"]},
                      headers={**manager, "If-Match": '"1"'}).status_code == 403
    assert client.put(hosts, json={"hosts": ["x.local"]},
                      headers=world.as_(Role.ADMIN)).status_code == 428
    assert client.delete(f"{HOOKS}/{created['id']}", headers=manager).status_code == 204


def test_internal_addresses_are_refused_unless_the_host_is_allowed(client, session, receiver):
    world = make_world(session, client)
    refusals = {
        receiver.url(): "use https",
        f"https://127.0.0.1:{receiver.port}/hook": "internal address (127.0.0.1)",
        "https://localhost/hook": "internal address (127.0.0.1)",
        "https://10.0.0.1/hook": "internal address (10.0.0.1)",
        "https://169.254.169.254/latest/meta-data/": "internal address (169.254.169.254)",
        "https://[::1]/hook": "internal address (::1)",
        "https://[::ffff:192.168.1.1]/": "internal address",
        "https://0.0.0.0/": "internal address",
        # IPv6 forms that carry a loopback or private IPv4 address inside them.
        "https://[2002:7f00:1::]/": "internal address",  # 6to4 of 127.0.0.1
        "https://[2002:c0a8:101::1]/": "internal address",  # 6to4 of 192.168.1.1
        "https://[64:ff9b::7f00:1]/": "internal address",  # NAT64 of 127.0.0.1
        "https://[64:ff9b::a00:1]/": "internal address",  # NAT64 of 10.0.0.1
        "https://[64:ff9b:1::a9fe:a9fe]/": "internal address",  # local NAT64, 169.254.169.254
        "https://[::127.0.0.1]/": "internal address",  # IPv4-compatible
        "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/": "internal address",  # Teredo
        "http://10.0.0.1/hook": "use https",
        "http://93.184.216.34/hook": "use https",
        "ftp://93.184.216.34/": "absolute https:// URL",
        "https://user:pw@93.184.216.34/": "credentials",
        "https://exa mple.se/": "not a valid host name",
    }
    for url, reason in refusals.items():
        answer = client.post(HOOKS, json={"url": url, "events": ["*"]},
                             headers=world.as_(Role.ADMIN))
        assert answer.status_code == 422, url
        assert reason in answer.json()["detail"], (url, answer.json())
        assert answer.json()["errors"] == [{"field": "url", "message": answer.json()["errors"][
            0]["message"]}]
    assert receiver.requests == []  # refused before any request was made

    _allow(client, world, ["127.0.0.1", "LOCALHOST."])
    assert _register(client, world, receiver.url(), ["*"])["url"] == receiver.url()
    assert _register(client, world, receiver.url("localhost"), ["*"])["active"]
    assert client.post(HOOKS, json={"url": "https://10.0.0.1/", "events": ["*"]},
                       headers=world.as_(Role.ADMIN)).status_code == 422
    bad_hosts = client.put(f"/api/v1/organisations/{world.organisation.id}/webhook-hosts",
                           json={"hosts": ["not a host"]},
                           headers={**world.as_(Role.ADMIN), "If-Match": '"2"'})
    assert bad_hosts.status_code == 422


def test_embedded_public_ipv4_addresses_are_not_refused(client, session):
    world = make_world(session, client)
    for url in ("https://[2002:5db8:d822::1]/hook", "https://[64:ff9b::5db8:d822]/hook"):
        assert _register(client, world, url, ["*"])["url"] == url  # 93.184.216.34 inside


# --- delivery ----------------------------------------------------------------------------------

def test_subscribed_events_arrive_signed_and_in_order(client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["cycle.opened", "report.sent_to_committee"])
    other = _register(client, world, receiver.url(path="/andra"), ["report.accepted"])
    cycle = open_cycle(client, world)
    _send_to_committee(client, world, cycle["id"], 0)
    _send_to_committee(client, world, cycle["id"], 1)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    approved = client.post(f"/api/v1/reports/{report['id']}/transitions",
                           json={"action": "approve", "decision_ref": "BUN § 4"},
                           headers=world.as_("committee0"))
    assert approved.status_code == 200  # report.approved: nobody subscribed

    counts = _deliver(session)
    assert (counts.webhooks, counts.sent, counts.failed, counts.errors) == (1, 3, 0, 0)
    assert [r.path for r in receiver.requests] == ["/hook"] * 3
    assert [b["type"] for b in receiver.bodies()] == [
        "cycle.opened", "report.sent_to_committee", "report.sent_to_committee"]
    feed = client.get("/api/v1/events", headers=world.as_(Role.COORDINATOR)).json()["items"]
    by_type = [e for e in feed if e["type"] != "report.approved"]
    for request, body, item in zip(receiver.requests, receiver.bodies(), by_type, strict=True):
        headers = request.headers
        assert headers["content-type"] == "application/json"
        assert headers["webhook-id"] == item["id"] == body["data"]["id"]
        assert abs(int(headers["webhook-timestamp"]) - datetime.now(UTC).timestamp()) < 60
        assert StandardWebhook(hook["secret"]).verify(request.body, headers) == body
        assert headers["webhook-signature"] == _hmac_signature(hook["secret"], headers,
                                                               request.body)
        assert body["data"] == item and body["timestamp"] == item["occurred_at"].replace(
            "+00:00", "Z")
        with pytest.raises(Exception, match="signature"):
            StandardWebhook(other["secret"]).verify(request.body, headers)
    log = _log(client, world, hook["id"])
    assert {(d["status"], d["attempts"], d["last_error"]) for d in log} == {("sent", 1, None)}
    assert [d["event_type"] for d in log][::-1] == [b["type"] for b in receiver.bodies()]
    assert _log(client, world, other["id"]) == []
    assert _deliver(session).sent == 0 and len(receiver.requests) == 3


def test_a_failing_receiver_is_retried_with_backoff_and_gets_each_event_once(
        client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["*"])
    cycle = open_cycle(client, world)
    _send_to_committee(client, world, cycle["id"], 0)
    receiver.answers = [500, 503]
    start = datetime.now(UTC)

    first = _deliver(session, start)
    assert (first.sent, first.failed) == (0, 1) and len(receiver.requests) == 1
    failed = [d for d in _log(client, world, hook["id"]) if d["attempts"]]
    assert len(failed) == 1 and failed[0]["status"] == "pending"
    assert failed[0]["last_error"].startswith("HTTP 500")
    retry_at = datetime.fromisoformat(failed[0]["next_attempt_at"])
    assert timedelta(seconds=59) < retry_at - start <= timedelta(seconds=61)

    assert _deliver(session, start + timedelta(seconds=30)).webhooks == 0  # not due yet
    _send_to_committee(client, world, cycle["id"], 1)  # a newer event waits behind the failure
    assert _deliver(session, start + timedelta(seconds=40)).webhooks == 0
    second = _deliver(session, start + timedelta(seconds=61))
    assert (second.sent, second.failed) == (0, 1) and len(receiver.requests) == 2
    assert _deliver(session, start + timedelta(minutes=2)).webhooks == 0  # 2 minutes of backoff
    third = _deliver(session, start + timedelta(minutes=3, seconds=2))
    assert (third.sent, third.failed) == (3, 0)
    ids = [b["data"]["id"] for b in receiver.bodies()]
    assert ids[0] == ids[1] == ids[2] and len(set(ids[2:])) == 3  # once each after recovery
    assert [b["type"] for b in receiver.bodies()[2:]] == [
        "cycle.opened", "report.sent_to_committee", "report.sent_to_committee"]
    log = {d["event_id"]: d for d in _log(client, world, hook["id"])}
    assert log[ids[0]]["attempts"] == 3 and log[ids[0]]["status"] == "sent"
    assert _deliver(session, start + timedelta(hours=1)).webhooks == 0
    assert len(receiver.requests) == 5


def test_410_gone_disables_the_webhook(client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    gone = _register(client, world, receiver.url(path="/gone"), ["*"])
    cycle = open_cycle(client, world)
    _send_to_committee(client, world, cycle["id"], 0)
    receiver.answers = [410]

    counts = _deliver(session)
    assert (counts.disabled, counts.sent) == (1, 0) and len(receiver.requests) == 1
    read = client.get(f"{HOOKS}/{gone['id']}", headers=world.as_(Role.ADMIN)).json()
    assert read["active"] is False and "410" in read["disabled_reason"]
    assert read["version"] == 2
    log = _log(client, world, gone["id"])
    assert {d["status"] for d in log} == {"failed"} and len(log) == 2
    _send_to_committee(client, world, cycle["id"], 1)  # no longer queued for it
    assert len(_log(client, world, gone["id"])) == 2
    assert _deliver(session, datetime.now(UTC) + timedelta(days=1)).webhooks == 0
    assert len(receiver.requests) == 1


def test_delivery_refuses_a_host_no_longer_allowed_and_pins_the_checked_address(
        client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["localhost"])
    hook = _register(client, world, receiver.url("localhost"), ["cycle.opened"])
    open_cycle(client, world)
    assert _deliver(session).sent == 1
    # The name was resolved once, checked, and connected to; the Host header keeps the name.
    assert receiver.requests[0].headers["host"] == f"localhost:{receiver.port}"

    _allow(client, world, [])
    open_cycle(client, world, label="2027")
    refused = _deliver(session)
    assert (refused.refused, refused.sent) == (1, 0) and len(receiver.requests) == 1
    newest = _log(client, world, hook["id"])[0]
    assert newest["status"] == "pending" and "use https" in newest["last_error"]


def test_deleting_a_webhook_drops_what_it_had_queued(client, session, receiver):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, receiver.url(), ["*"])
    open_cycle(client, world)
    assert len(session.exec(select(OutboxMessage).where(
        OutboxMessage.recipient == hook["id"])).all()) == 1
    assert client.delete(f"{HOOKS}/{hook['id']}", headers=world.as_(Role.ADMIN)
                         ).status_code == 204
    assert session.exec(select(OutboxMessage).where(
        OutboxMessage.recipient == hook["id"])).all() == []
    assert _deliver(session).webhooks == 0 and receiver.requests == []


# --- own sessions: the job as cron runs it -----------------------------------------------------

@pytest.fixture
def own_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database of this module's own, whose commits are real."""
    if backend == "postgresql":
        from tests.db_helpers import scratch_postgres_engine

        engine = scratch_postgres_engine("samordna_t_webhooks_scratch")
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'webhooks.db'}")
    migrations.upgrade(engine)
    yield engine
    engine.dispose()


def _seed(engine: Engine, urls: list[str]) -> list[Webhook]:
    """An organisation with a webhook per URL and one event, committed."""
    with Session(engine, expire_on_commit=False) as session:
        organisation = Organisation(name="Kronoby kommun", webhook_allowed_hosts=["127.0.0.1"])
        session.add(organisation)
        session.flush()
        hooks = [Webhook(organisation_id=organisation.id, url=url, events=["cycle.opened"],
                         secret=webhooks.new_secret()) for url in urls]
        session.add_all(hooks)
        session.flush()
        events.append(session=session, organisation_id=organisation.id, type="cycle.opened",
                      subject_type="cycle", subject_id=organisation.id, data={"label": "2026"})
        session.commit()
        return hooks


def test_one_unreachable_webhook_does_not_stop_the_others(own_engine, receiver):
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    dead_port = closed.server_address[1]
    closed.server_close()  # nothing listens there now: connection refused
    dead, alive = _seed(own_engine, [f"http://127.0.0.1:{dead_port}/", receiver.url()])

    counts = deliver_webhooks(now=datetime.now(UTC), engine=own_engine)
    assert (counts.webhooks, counts.sent, counts.failed, counts.errors) == (2, 1, 1, 0)
    assert [b["type"] for b in receiver.bodies()] == ["cycle.opened"]
    assert StandardWebhook(alive.secret).verify(receiver.requests[0].body,
                                                receiver.requests[0].headers)
    with Session(own_engine) as session:
        rows = {r.recipient: r for r in session.exec(select(OutboxMessage)).all()}
    assert rows[str(alive.id)].status == "sent"
    assert rows[str(dead.id)].status == "pending" and rows[str(dead.id)].attempts == 1
    assert "ConnectError" in (rows[str(dead.id)].last_error or "")


def test_the_cli_delivers_what_is_due(own_engine, receiver):
    _seed(own_engine, [receiver.url()])
    previous = get_engine()
    set_engine(own_engine)
    try:
        runner = CliRunner()
        early = runner.invoke(main, ["webhooks", "deliver", "--now", "2000-01-01T00:00"])
        later = runner.invoke(main, ["webhooks", "deliver"])
    finally:
        set_engine(previous)
    assert early.exit_code == 0 and early.output.startswith("Webhooks: 0 mottagare, 0 skickade")
    assert later.exit_code == 0, later.output
    assert later.output.startswith("Webhooks: 1 mottagare, 1 skickade, 0 misslyckade")
    assert len(receiver.requests) == 1


def test_a_forged_delivery_log_cursor_answers_422(client, session):
    from tests.factories import make_world

    world = make_world(session, client)
    hosts = client.get(f"/api/v1/organisations/{world.organisation.id}",
                       headers=world.as_("admin"))
    client.put(f"/api/v1/organisations/{world.organisation.id}/webhook-hosts",
               json={"hosts": ["127.0.0.1"]},
               headers={**world.as_("admin"), "If-Match": hosts.headers["ETag"]})
    hook = client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["*"]},
                       headers=world.as_("admin"))
    assert hook.status_code == 201, hook.text
    from backend.core.pagination import encode_cursor

    forged = encode_cursor("not-a-time", "00000000-0000-0000-0000-000000000000")
    answer = client.get(f"/api/v1/webhooks/{hook.json()['id']}/deliveries?cursor={forged}",
                        headers=world.as_("admin"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "cursor"


@pytest.fixture
def trickler() -> Iterator[int]:
    """A receiver that reads the request, then answers one byte every half second forever
    (each byte well inside httpx's per-read timeout)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            for byte in itertools.cycle(b"HTTP/1.1 200 OK\r\nX-Slow: "):
                if stop.wait(0.5):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_a_delivery_has_a_total_deadline_however_slowly_the_receiver_answers(
        client, session, trickler):
    world = make_world(session, client)
    _allow(client, world, ["127.0.0.1"])
    hook = _register(client, world, f"http://127.0.0.1:{trickler}/hook", ["*"])
    open_cycle(client, world)
    started = time.monotonic()
    counts = deliver_webhooks(now=datetime.now(UTC), sessions=lambda: nullcontext(session),
                              deadline=2.0)
    assert time.monotonic() - started < 5
    assert (counts.sent, counts.failed) == (0, 1)
    (delivery,) = _log(client, world, hook["id"])
    assert delivery["status"] == "pending"
    assert delivery["last_error"] == "No complete answer within 2 s"
    assert webhook_delivery.DELIVERY_DEADLINE_SECONDS == 10
