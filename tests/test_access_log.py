"""The private calendar feed's token never reaches the access log of a real server."""

import logging
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import Engine

from backend.core.access_log import ACCESS_LOGGER, RedactCalendarTokens
from backend.core.db import get_engine, set_engine
from tests.notifications.smtp_server import free_port


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def access_lines(committed_engine: Engine) -> Iterator[tuple[str, list[str]]]:
    logger = logging.getLogger(ACCESS_LOGGER)
    for installed in [f for f in logger.filters if isinstance(f, RedactCalendarTokens)]:
        logger.removeFilter(installed)  # the app under test must install it itself
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    previous = get_engine()
    set_engine(committed_engine)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config("backend.main:create_app", factory=True,
                                           host="127.0.0.1", port=port, log_config=None,
                                           access_log=True, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", handler.lines
    finally:
        server.should_exit = True
        thread.join(10)
        logger.removeHandler(handler)
        logger.setLevel(level)
        set_engine(previous)


def test_the_calendar_token_is_not_written_to_the_access_log(access_lines) -> None:
    url, lines = access_lines
    token = "hemlig-kalendertoken-0123456789abcdef"
    answer = httpx.get(f"{url}/api/v1/calendar/{token}.ics?x=1")
    assert answer.status_code == 404
    assert httpx.get(f"{url}/healthz").status_code == 200
    deadline = time.monotonic() + 5
    while len(lines) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(token in line for line in lines), lines
    assert any('"GET /api/v1/calendar/[dolt].ics?x=1 HTTP/1.1" 404' in line for line in lines)
    assert any('"GET /healthz HTTP/1.1" 200' in line for line in lines)
