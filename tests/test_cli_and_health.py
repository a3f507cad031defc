"""The CLI's bad-input behaviour, health checks, and the demo municipality."""

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text
from sqlmodel import Session, select

from backend.cli import main
from backend.core import migrations
from backend.core.db import get_engine, set_engine
from backend.models import Cycle, Report, ReportTransition, Unit
from backend.models.enums import ReportState

ROOT = Path(__file__).resolve().parents[1]


def _samordna(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "backend.cli", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


def test_create_admin_refuses_a_malformed_email_and_a_short_password():
    runner = CliRunner()
    bad_email = runner.invoke(main, ["create-admin", "--organisation", "Habo kommun",
                                     "--email", "not-an-address", "--password", "x" * 16])
    assert bad_email.exit_code == 2
    assert "ingen giltig e-postadress" in bad_email.output
    short = runner.invoke(main, ["create-admin", "--organisation", "Habo kommun",
                                 "--email", "admin@habo.se", "--password", "kort"])
    assert short.exit_code == 2
    assert "minst 12 tecken" in short.output


def test_serve_says_in_one_line_when_the_database_is_unreachable():
    result = _samordna("serve", "--port", "8999",
                       env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Kan inte nå databasen")
    assert "Traceback" not in result.stderr


def test_create_admin_and_migrate_work_on_a_real_database(committed_engine):
    previous = get_engine()
    set_engine(committed_engine)
    try:
        runner = CliRunner()
        assert runner.invoke(main, ["migrate"]).exit_code == 0
        created = runner.invoke(main, ["create-admin", "--organisation", "Habo kommun",
                                       "--email", "Admin@Habo.se", "--password", "x" * 16])
        assert created.exit_code == 0, created.output
        with committed_engine.connect() as connection:
            email = connection.execute(text("SELECT email FROM users")).scalar_one()
        assert email == "admin@habo.se"
    finally:
        set_engine(previous)


def test_healthz_and_readyz(client, engine):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["migration"] == migrations.head_revision()


def test_readyz_answers_503_when_migrations_are_pending(client, committed_engine):
    migrations.downgrade(committed_engine, "0001")
    previous = get_engine()
    set_engine(committed_engine)
    try:
        answer = client.get("/readyz")
        assert answer.status_code == 503
        assert "Migrations pending" in answer.json()["detail"]
    finally:
        set_engine(previous)


def test_the_demo_has_every_state_and_overdue_reports(committed_engine):
    previous = get_engine()
    set_engine(committed_engine)
    try:
        runner = CliRunner()
        first = runner.invoke(main, ["demo"])
        assert first.exit_code == 0, first.output
        assert "eu-samordnare@exempelby.se" in first.output
        second = runner.invoke(main, ["demo"])
        assert "redan inlagd" in second.output and "kontakt.bun@exempelby.se" in second.output
    finally:
        set_engine(previous)
    with Session(committed_engine) as session:
        cycles = {c.label: c for c in session.exec(select(Cycle))}
        assert cycles["2025"].state == "adopted" and cycles["2026"].state == "open"
        assert len(session.exec(select(Unit)).all()) == 8
        current = session.exec(select(Report).where(Report.cycle_id == cycles["2026"].id)).all()
        assert {r.state for r in current} == set(ReportState)
        assert any(r.due_on and r.due_on < cycles["2026"].committee_due for r in current
                   if r.state in ("draft", "returned"))
        assert session.exec(select(ReportTransition)).first() is not None


def test_a_write_is_committed_before_its_response_is_sent(committed_engine):
    """Against a live server: the token from one request works in the very next one."""
    import socket
    import threading
    import time

    import httpx
    import uvicorn

    from backend.main import create_app
    from backend.organisations.service import ensure_user
    from tests.factories import PASSWORD

    with Session(committed_engine) as session:
        ensure_user(session=session, email="snabb@test.se", name="Snabb", password=PASSWORD)
        session.commit()
    # A slow commit makes the race certain if the commit ran after the response.
    from sqlalchemy import event

    event.listen(committed_engine, "commit", lambda connection: time.sleep(0.2))
    previous = get_engine()
    set_engine(committed_engine)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(5):
                token = http.post("/api/v1/auth/token", data={
                    "grant_type": "password", "username": "snabb@test.se",
                    "password": PASSWORD}).json()["access_token"]
                me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
                assert me.status_code == 200, me.text
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        set_engine(previous)
