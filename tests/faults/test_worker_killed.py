"""A worker killed (SIGKILL) in the middle of a transition leaves no trace and no lock.

A real subprocess runs `fire` on the same database and is killed just before it commits.
The report's state and version are unchanged, no history, audit or feed row was written,
and the row (PostgreSQL) or write (SQLite) lock is released: the same transition then
succeeds at once from here.
"""

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from backend.auth import service as auth
from backend.core.db import unit_of_work
from backend.models import AuditEvent, FeedEvent, Report, ReportTransition
from backend.models.enums import Role
from backend.reporting import service
from backend.reporting.schemas import ReportTransitionRequest
from tests.deadlines.factories import make_cycle, make_report
from tests.factories import PASSWORD, make_organisation, make_unit, make_user

ROOT = Path(__file__).parents[2]
EXEMPT = ReportTransitionRequest(action="exempt", reason="Nämnden har upphört.")


def trace(engine: Engine, report_id: uuid.UUID) -> tuple[str, int, int, int, int]:
    """The report's state and version, and how many history, audit and feed rows it has."""
    with Session(engine) as session:
        report = session.get_one(Report, report_id)
        count = [session.scalar(select(func.count()).where(where)) for where in (
            col(ReportTransition.report_id) == report_id, col(AuditEvent.object_id) == report_id,
            col(FeedEvent.subject_id) == report_id)]
        return (report.state, report.version, *count)  # type: ignore[return-value]


def locked(engine: Engine, report_id: uuid.UUID) -> bool:
    """Whether another transaction holds the report's row (or SQLite's write) lock now."""
    if engine.dialect.name == "sqlite":
        probe = sqlite3.connect(str(engine.url.database), timeout=0.2, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
        return False
    with engine.connect() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '200ms'"))
        try:
            connection.execute(text("SELECT 1 FROM reports WHERE id = :id FOR UPDATE"),
                               {"id": report_id})
        except OperationalError:
            return True
        finally:
            connection.rollback()
        return False


def released(engine: Engine, report_id: uuid.UUID, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while locked(engine, report_id):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def worker(committed_engine: Engine) -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started by the test, killed (if still alive) before the database goes."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_a_worker_killed_before_commit_leaves_no_trace_and_no_lock(
    committed_engine: Engine, worker: list[subprocess.Popen[str]],
) -> None:
    with Session(committed_engine, expire_on_commit=False) as session:
        organisation = make_organisation(session)
        unit = make_unit(session, organisation)
        coordinator = make_user(session, organisation, Role.COORDINATOR)
        cycle = make_cycle(session, organisation, draft_due=date(2027, 3, 1))
        report = make_report(session, cycle, unit)
        token, _ = auth.password_login(session=session, email=coordinator.email,
                                       password=PASSWORD, address="test")
        session.commit()
    before = trace(committed_engine, report.id)

    url = committed_engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.fire_and_hang", url, token, str(report.id),
         EXEMPT.action, EXEMPT.reason or ""],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    worker.append(process)
    said: queue.Queue[str] = queue.Queue()  # its first line, or "" if it ended without one
    threading.Thread(target=lambda: said.put(process.stdout.readline()),  # type: ignore[union-attr]
                     daemon=True).start()
    if said.get(timeout=60).strip() != "READY":
        pytest.fail(f"the worker never got to its commit: {process.communicate()[1]}")
    assert locked(committed_engine, report.id), "the worker should hold the lock now"

    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(10) == -signal.SIGKILL

    assert trace(committed_engine, report.id) == before
    assert released(committed_engine, report.id)
    with unit_of_work(sessions=lambda: Session(committed_engine, expire_on_commit=False)) as work:
        principal = auth.resolve(session=work, token=token)
        service.fire(session=work, principal=principal, report_id=report.id, request=EXEMPT)
    state, version, *rows = before
    assert trace(committed_engine, report.id) == ("exempted", version + 1,
                                                  *(n + 1 for n in rows))
