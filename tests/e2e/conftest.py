"""A real server (uvicorn in a thread) on a migrated scratch SQLite database, and Chromium.

The data is committed for real: the browser's requests run in other threads and
connections, so the rolled-back `session` fixture cannot be used here.
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.core import db, migrations
from backend.core.config import get_settings
from backend.core.db import make_engine, set_engine
from backend.models.enums import Role, UnitKind
from frontend.config import FrontendSettings
from frontend.main import create_app
from tests.factories import make_organisation, make_unit, make_user

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Live:
    url: str
    emails: dict[str, str] = field(default_factory=dict)
    unit_names: list[str] = field(default_factory=list)
    engine: Engine | None = None


@contextmanager
def serving(app: Any, port: int | None = None) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a loopback port (a free one unless given);
    yields its URL."""
    port = port or _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the e2e server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def live_server(directory: Path, settings: FrontendSettings | None = None) -> Iterator[Live]:
    """The whole app on a fresh database with one organisation, two units and a user per
    role; `settings` for the pages (e.g. a short idle timeout)."""
    engine = make_engine(f"sqlite:///{directory / 'e2e.db'}")
    migrations.upgrade(engine)
    previous = db._engine
    set_engine(engine)
    live = Live(url="")
    with Session(engine, expire_on_commit=False) as session:
        organisation = make_organisation(session, "Exempelby kommun")
        units = [make_unit(session, organisation, "Barn- och utbildningsnämnden"),
                 make_unit(session, organisation, "Kultur- och fritidsnämnden",
                           UnitKind.COMMITTEE)]
        live.unit_names = [u.name for u in units]
        for who, role, unit in [("contact", Role.CONTACT_PERSON, units[0]),
                                ("committee", Role.COMMITTEE, units[0]),
                                ("coordinator", Role.COORDINATOR, None),
                                ("council", Role.COUNCIL, None), ("viewer", Role.VIEWER, None),
                                ("admin", Role.ADMIN, None)]:
            live.emails[who] = make_user(session, organisation, role, unit,
                                         email=f"{who}@exempelby.se").email
        session.commit()
    live.engine = engine
    port = _free_port()
    live.url = f"http://127.0.0.1:{port}"
    # Links in e-mails and the redirect URI given to the OpenID Provider point here.
    base_url_before = os.environ.get("BASE_URL")
    os.environ["BASE_URL"] = live.url
    get_settings.cache_clear()
    try:
        with serving(create_app(settings=settings), port=port):
            yield live
    finally:
        if base_url_before is None:
            os.environ.pop("BASE_URL", None)
        else:
            os.environ["BASE_URL"] = base_url_before
        get_settings.cache_clear()
        set_engine(previous)
        engine.dispose()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("e2e")) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
