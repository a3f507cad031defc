"""A burst of requests much larger than the threadpool.

Each request's session holds its connection across several threadpool trips. If every thread
could wait for a connection, the requests holding the connections would wait for a thread:
nothing moves until the pool times out, and the burst ends in 503s. Requests first take one
of a bounded number of session slots on the event loop, so the burst is served in full.
"""

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy.engine import Engine

from backend.core.db import REQUEST_SESSIONS, make_engine
from tests.faults.live_app import live_app

BURST = 100
THREADS = 4  # anyio's default is 40; fewer makes the burst's pile-up certain


def test_a_burst_larger_than_the_threadpool_is_served_in_full(committed_engine: Engine) -> None:
    engine = make_engine(committed_engine.url.render_as_string(hide_password=False),
                         pool_size=REQUEST_SESSIONS + 4, max_overflow=0, pool_timeout=3)
    try:
        with live_app(engine, threads=THREADS) as base, \
                httpx.Client(base_url=base, timeout=60) as client:
            def fetch(number: int) -> int:
                return client.get(f"/api/v1/calendar/unknown-{number}.ics").status_code

            with ThreadPoolExecutor(BURST) as pool:
                answers = list(pool.map(fetch, range(BURST)))
    finally:
        engine.dispose()
    assert answers == [404] * BURST, {code: answers.count(code) for code in set(answers)}
