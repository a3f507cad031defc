"""PostgreSQL restarts while requests run: 503 with Retry-After, recovery, nothing half-written.

The real app (uvicorn) talks to PostgreSQL through a TCP proxy that drops every connection
and refuses new ones for a while. Clients keep saving content and moving reports the
whole time. Requests in the outage answer 503 problem+json (never 500, never a hang); the
app recovers without a restart; every report's state, history, audit and feed agree, and
exactly the transitions the clients saw succeed were written. (SQLite has no server to
lose, so this test exists only for PostgreSQL.)
"""

import os
import threading
import time
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.core.db import make_engine
from backend.core.errors import DATABASE_UNAVAILABLE
from backend.models import AuditEvent, FeedEvent, Report, ReportTransition
from backend.models.enums import Role
from backend.reporting.workflow import REPORT_TRANSITIONS
from tests.factories import (
    COMPLETE_CONTENT,
    World,
    make_organisation,
    make_unit,
    make_user,
    open_cycle,
    reports_by_unit,
    token,
)
from tests.faults.live_app import live_app
from tests.faults.tcp_proxy import tcp_proxy

UNITS = 3
SLOW = 10.0  # seconds; no request may take longer, outage or not


@dataclass
class Call:
    started: float
    seconds: float
    answer: httpx.Response


@dataclass
class Worker:
    """Moves one report round draft/returned → committee_review → returned, saving content."""

    base_url: str
    report_id: str
    contact: dict[str, str]
    committee: dict[str, str]
    calls: list[Call] = field(default_factory=list)
    transitions: list[float] = field(default_factory=list)  # start times of successes
    saves: int = 0
    moving: threading.Event = field(default_factory=threading.Event)  # a POST is under way

    def call(self, client: httpx.Client, method: str, path: str, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        started = time.monotonic()
        try:
            answer = client.request(method, f"/api/v1/reports/{self.report_id}{path}",
                                    **kwargs)
        except httpx.HTTPError as exc:  # the server dropped us: recorded as a 599
            answer = httpx.Response(599, text=repr(exc), request=exc.request)
        self.calls.append(Call(started, time.monotonic() - started, answer))
        return answer

    def step(self, client: httpx.Client) -> None:
        report = self.call(client, "GET", "", headers=self.contact)
        if report.status_code != 200:
            time.sleep(0.05)
            return
        version = report.headers["ETag"]
        if report.json()["state"] == "committee_review":
            started = time.monotonic()
            self.moving.set()
            moved = self.call(client, "POST", "/transitions", headers={
                **self.committee, "If-Match": version},
                json={"action": "return", "comment": "Komplettera budgeten."})
        else:
            saved = self.call(client, "PUT", "/content", json=COMPLETE_CONTENT,
                              headers={**self.contact, "If-Match": version})
            if saved.status_code != 200:
                return
            self.saves += 1
            started = time.monotonic()
            self.moving.set()
            moved = self.call(client, "POST", "/transitions", json={
                "action": "send_to_committee"}, headers={**self.contact,
                                                         "If-Match": saved.headers["ETag"]})
        if moved.status_code == 200:
            self.transitions.append(started)

    def run(self, stop: threading.Event) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            while not stop.is_set():
                self.step(client)


def wait_until(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def setup_world(engine: Engine, client: httpx.Client) -> tuple[World, dict[str, dict]]:
    with Session(engine, expire_on_commit=False) as session:
        organisation = make_organisation(session)
        world = World(organisation, [make_unit(session, organisation) for _ in range(UNITS)])
        world.users[Role.COORDINATOR] = make_user(session, organisation, Role.COORDINATOR)
        for index, unit in enumerate(world.units):
            world.users[f"contact{index}"] = make_user(session, organisation,
                                                       Role.CONTACT_PERSON, unit)
            world.users[f"committee{index}"] = make_user(session, organisation,
                                                         Role.COMMITTEE, unit)
        session.commit()
    world.headers = {who: token(client, user) for who, user in world.users.items()}  # type: ignore[arg-type]
    cycle = open_cycle(client, world)  # type: ignore[arg-type]
    return world, reports_by_unit(client, world, cycle["id"])  # type: ignore[arg-type]


def check_nothing_half_written(engine: Engine, workers: list[Worker],
                               first_versions: dict[str, int]) -> None:
    with Session(engine) as session:
        for worker in workers:
            report = session.exec(select(Report).where(
                col(Report.id) == worker.report_id)).one()
            history = session.exec(select(ReportTransition).where(
                col(ReportTransition.report_id) == report.id)
                .order_by(col(ReportTransition.created_at))).all()
            audits = session.exec(select(AuditEvent).where(
                col(AuditEvent.object_id) == report.id)).all()
            feed = session.exec(select(FeedEvent).where(
                col(FeedEvent.subject_id) == report.id)).all()
            steps = [(h.action, h.from_state, h.to_state) for h in history]
            assert [to for _, _, to in steps] == [fr for _, fr, _ in steps[1:]] + [report.state]
            assert steps[0][1] == "draft"
            events = {t.event for t in REPORT_TRANSITIONS}
            transition_audits = [a for a in audits if a.action in events]
            assert sorted(steps) == sorted((a.detail["action"], a.detail["from"],
                                            a.detail["to"]) for a in transition_audits)
            assert sorted(steps) == sorted((f.data["action"], f.data["from_state"],
                                            f.data["to_state"]) for f in feed)
            saves = [a for a in audits if a.action == "report.content_saved"]
            assert (len(history), len(saves)) == (len(worker.transitions), worker.saves)
            assert report.version == first_versions[worker.report_id] + len(history) + len(saves)


if os.environ.get("TEST_DATABASE_URL"):

    @pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
    def test_a_database_restart_answers_503_then_recovers_with_nothing_half_written(
        committed_engine: Engine,
    ) -> None:
        url = committed_engine.url
        with tcp_proxy((url.host or "127.0.0.1", url.port or 5432)) as proxy:
            app_engine = make_engine(url.set(host="127.0.0.1", port=proxy.port)
                                     .render_as_string(hide_password=False), pool_size=5)
            with live_app(app_engine) as base_url, httpx.Client(base_url=base_url,
                                                                timeout=30) as client:
                world, reports = setup_world(committed_engine, client)
                workers = [Worker(base_url, reports[str(unit.id)]["id"],
                                  world.as_(f"contact{i}"), world.as_(f"committee{i}"))
                           for i, unit in enumerate(world.units)]
                first_versions = {r["id"]: r["version"] for r in reports.values()}
                stop = threading.Event()
                threads = [threading.Thread(target=w.run, args=(stop,)) for w in workers]
                for thread in threads:
                    thread.start()
                try:
                    wait_until(lambda: all(len(w.transitions) >= 2 for w in workers))
                    workers[0].moving.clear()
                    assert workers[0].moving.wait(30)  # restart while a transition runs
                    down = time.monotonic()
                    proxy.restart(down_seconds=1.5)
                    up = time.monotonic()
                    wait_until(lambda: all(sum(t > up for t in w.transitions) >= 2
                                           for w in workers))
                finally:
                    stop.set()
                    for thread in threads:
                        thread.join(60)
                proxy.restart(down_seconds=1.0)  # while idle: the pool's connections all die
                quiet = workers[0].call(client, "GET", "", headers=workers[0].contact)
                assert quiet.status_code == 200, quiet.text  # checked before use, replaced
                app_engine.dispose()

        calls = [call for worker in workers for call in worker.calls]
        assert {c.answer.status_code for c in calls} == {200, 503}
        assert any(c.answer.status_code == 503 for c in calls  # the outage hit a transition
                   if c.answer.request.method == "POST")
        assert max(c.seconds for c in calls) < SLOW
        for call in calls:
            if call.answer.status_code == 503:
                assert down <= call.started + call.seconds and call.started < up
                assert call.answer.headers["content-type"] == "application/problem+json"
                assert call.answer.json()["detail"] == DATABASE_UNAVAILABLE
                assert int(call.answer.headers["Retry-After"]) > 0
        assert all(c.answer.status_code == 200 for c in calls if c.started > up)
        check_nothing_half_written(committed_engine, workers, first_versions)
