"""`make bench`: seed a region into PostgreSQL, serve it as in production, load it with wrk.

Every page's throughput is reported as a ratio to /healthz measured in the same run, so the
figures compare across machines; the dashboard is also compared with a bare FastAPI page
that runs the same aggregate (bench/bare_app.py).
"""

import argparse
import os
import platform
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from backend.core.db import make_engine
from backend.core.migrations import upgrade
from bench.load import Load, run_wrk
from bench.report import Results, write_results
from bench.seed import PASSWORD, Scale, seed_region
from bench.timings import compile_times, scan_day, scan_times, stopwatch

ROOT = Path(__file__).resolve().parent.parent
QUIET = 4  # connections for the latency a single user sees
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/samordna_bench"


def _recreate(url: str) -> None:
    parsed = make_url(url)
    admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server(command: list[str], port: int, env: dict[str, str]) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/healthz", timeout=1).raise_for_status()
                break
            except (httpx.HTTPError, OSError):
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited with {process.returncode}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _ids(url: str) -> dict[str, str]:
    """The city's open cycle, a 40-unit organisation's, and one of the city's reports."""
    engine = make_engine(url)
    with engine.connect() as connection:
        def one(sql: str) -> str:
            return str(connection.execute(text(sql)).scalar_one())
        ids = {
            "city_cycle": one("SELECT c.id FROM cycles c JOIN organisations o "
                              "ON o.id = c.organisation_id "
                              "WHERE o.name = 'Regionstaden' AND c.state = 'open'"),
            "town_cycle": one("SELECT c.id FROM cycles c JOIN organisations o "
                              "ON o.id = c.organisation_id "
                              "WHERE o.name = 'Kommun 2' AND c.state = 'open'"),
        }
        ids["city_adopted"] = one("SELECT c.id FROM cycles c JOIN organisations o "
                                  "ON o.id = c.organisation_id WHERE o.name = 'Regionstaden' "
                                  "AND c.state = 'adopted' ORDER BY c.label DESC LIMIT 1")
        ids["report"] = one(f"SELECT id FROM reports WHERE cycle_id = '{ids['city_cycle']}' "
                            "AND state = 'submitted' ORDER BY id LIMIT 1")
    engine.dispose()
    return ids


def _sign_in(base: str, email: str) -> str:
    """The browser session cookie of a real login through the login form."""
    with httpx.Client(base_url=base) as browser:
        page = browser.get("/logga-in")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if csrf is None:
            raise RuntimeError("the login page has no CSRF token")
        answer = browser.post("/logga-in", data={
            "email": email, "password": PASSWORD, "csrf_token": csrf.group(1)})
        if answer.status_code != 303 or "logga-in" in answer.headers.get("location", ""):
            raise RuntimeError(f"login as {email} failed: {answer.status_code}")
        return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def _token(base: str, email: str) -> str:
    answer = httpx.post(base + "/api/v1/auth/token", data={
        "grant_type": "password", "username": email, "password": PASSWORD})
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def _check(base: str, path: str, headers: dict[str, str]) -> None:
    answer = httpx.get(base + path, headers=headers, timeout=30)
    if answer.status_code != 200:
        raise RuntimeError(f"GET {path} answered {answer.status_code}: {answer.text[:300]}")


def _loads(app: str, bare: str, ids: dict[str, str], args: argparse.Namespace) -> list[Load]:
    coordinator = {"Cookie": _sign_in(app, "coordinator.1@bench.samordna.se")}
    town = {"Cookie": _sign_in(app, "coordinator.2@bench.samordna.se")}
    api = {"Authorization": "Bearer " + _token(app, "coordinator.1@bench.samordna.se"),
           "Accept": "application/json"}
    targets = [
        ("/healthz", app, "/healthz", {}),
        ("bare dashboard, 300 units", bare, f"/dashboard/{ids['city_cycle']}", {}),
        ("dashboard, 300 units", app, f"/omgangar/{ids['city_cycle']}", coordinator),
        ("bare dashboard, 40 units", bare, f"/dashboard/{ids['town_cycle']}", {}),
        ("dashboard, 40 units", app, f"/omgangar/{ids['town_cycle']}", town),
        ("Mina uppgifter", app, "/", coordinator),
        ("report page", app, f"/rapporter/{ids['report']}", coordinator),
        ("API report list (300)", app,
         f"/api/v1/cycles/{ids['city_cycle']}/reports?limit=500", api),
        ("API events feed (100)", app, "/api/v1/events?after=0&limit=100", api),
    ]
    results = []
    for name, base, path, headers in targets:
        _check(base, path, headers)
        print(f"  {name} …", flush=True)
        results.append(run_wrk(name, base + path, headers=headers,
                               connections=args.connections, seconds=args.seconds))
    # What one user waits while a few others work: latency without a queue in front.
    city = f"/omgangar/{ids['city_cycle']}"
    results.append(run_wrk(f"dashboard, 300 units, {QUIET} connections", app + city,
                           headers=coordinator, connections=QUIET, seconds=args.seconds))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_URL))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    url = args.database_url

    print("Seeding the region …", flush=True)
    _recreate(url)
    engine = make_engine(url)
    upgrade(engine)
    day = scan_day(datetime.now(UTC).date())
    with stopwatch() as seeding:
        counts = seed_region(engine, Scale(), day)
    ids = _ids(url)
    scans = scan_times(engine, day)
    compiles = compile_times(engine, url, ids["city_adopted"])
    engine.dispose()

    env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": "production",
           "SECRET_KEY": secrets.token_urlsafe(48), "REMINDERS_IN_PROCESS": "false",
           "BASE_URL": "http://127.0.0.1"}
    bin_dir = Path(sys.executable).parent
    app_port, bare_port = _free_port(), _free_port()
    print(f"Serving with {args.workers} workers; loading each URL for {args.seconds} s "
          f"at {args.connections} connections …", flush=True)
    with _server([str(bin_dir / "samordna"), "serve", "--host", "127.0.0.1", "--port",
                  str(app_port), "--workers", str(args.workers)], app_port, env) as app, \
            _server([str(bin_dir / "uvicorn"), "bench.bare_app:app", "--host", "127.0.0.1",
                     "--port", str(bare_port), "--workers", str(args.workers),
                     "--log-level", "warning"], bare_port, env) as bare:
        loads = _loads(app, bare, ids, args)

    results = Results(day=date.today(), machine=_machine(), workers=args.workers,
                      connections=args.connections, seconds=args.seconds, counts=counts,
                      seed_seconds=seeding.seconds, loads=loads, scans=scans,
                      compiles=compiles)
    write_results(results, args.output)
    print(args.output.read_text())


def _machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} × {model}, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
