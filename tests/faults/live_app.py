"""The real backend app served by uvicorn in a thread, on a free port, on a given engine."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from anyio import to_thread
from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.core.db import get_engine, set_engine
from tests.notifications.smtp_server import free_port


class FewThreads:
    """The app with a threadpool of `threads` instead of anyio's default 40."""

    def __init__(self, app: ASGIApp, threads: int) -> None:
        self.app = app
        self.threads = threads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        to_thread.current_default_thread_limiter().total_tokens = self.threads
        await self.app(scope, receive, send)


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Serve any ASGI app with uvicorn in a thread on a free port; yields the base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(),
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-app", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def live_app(engine: Engine, threads: int | None = None) -> Iterator[str]:
    """Serve `create_app()` with `engine` as the app's database; yields the base URL."""
    from backend.main import create_app

    previous = get_engine()
    set_engine(engine)
    try:
        with serving(create_app() if threads is None else FewThreads(create_app(),
                                                                     threads)) as url:
            yield url
    finally:
        set_engine(previous)
