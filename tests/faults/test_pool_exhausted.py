"""Every database connection busy for longer than the pool waits: 503 with Retry-After.

The app runs on a real engine whose pool has a single connection. While something else
holds it, a request that needs the database answers 503 problem+json after the pool's
timeout (not a 500, not an endless wait); once it is free, the same request works.
"""

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from backend.core.db import get_engine, make_engine, set_engine
from backend.main import create_app

LOGIN = {"grant_type": "password", "username": "nobody@testby.se", "password": "wrong"}


def test_an_exhausted_pool_answers_503_then_recovers(committed_engine: Engine) -> None:
    tiny = make_engine(committed_engine.url.render_as_string(hide_password=False),
                       pool_size=1, max_overflow=0, pool_timeout=0.5)
    previous = get_engine()
    set_engine(tiny)
    try:
        with TestClient(create_app()) as client:
            with tiny.connect():  # the only connection, busy elsewhere
                busy = client.post("/api/v1/auth/token", data=LOGIN)
            assert busy.status_code == 503
            assert busy.headers["content-type"] == "application/problem+json"
            assert int(busy.headers["Retry-After"]) > 0
            assert client.post("/api/v1/auth/token", data=LOGIN).status_code == 400
    finally:
        set_engine(previous)
        tiny.dispose()
