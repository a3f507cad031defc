"""Database fixtures: every database test runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL.

Each test runs inside an outer transaction that is rolled back, so tests share no rows.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("REMINDERS_IN_PROCESS", "false")

from backend.core import migrations  # noqa: E402
from backend.core.db import make_engine, set_engine  # noqa: E402
from backend.core.deps import get_session  # noqa: E402


def _backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append("postgresql")
    return backends


def reset_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def fresh_engine(backend: str, directory: Path) -> Engine:
    """An empty database of the given backend, not yet migrated."""
    if backend == "sqlite":
        return make_engine(f"sqlite:///{directory / 'test.db'}")
    engine = make_engine(os.environ["TEST_DATABASE_URL"], pool_size=5)
    reset_postgres(engine)
    return engine


@pytest.fixture(scope="session", params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = fresh_engine(backend, tmp_path_factory.mktemp(backend))
    migrations.upgrade(engine)
    set_engine(engine)
    yield engine
    set_engine(None)
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def app(session: Session):  # type: ignore[no-untyped-def]
    from backend.main import create_app

    application = create_app()
    application.dependency_overrides[get_session] = lambda: session
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def committed_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated scratch database whose commits are real, for tests across connections."""
    if backend == "postgresql":
        from tests.db_helpers import scratch_postgres_engine

        scratch = scratch_postgres_engine(f"samordna_scratch_{os.getpid()}")
    else:
        scratch = fresh_engine(backend, tmp_path)
    migrations.upgrade(scratch)
    yield scratch
    scratch.dispose()


@pytest.fixture(scope="session")
def openid_provider():  # type: ignore[no-untyped-def]
    """A real OpenID Provider on a loopback port for the whole run."""
    from tests.oidc_provider import running_provider

    with running_provider() as provider:
        yield provider
