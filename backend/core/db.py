"""Engine and sessions. The request boundary commits; services never do."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine

from backend.core.config import get_settings

POOL_SIZE, POOL_OVERFLOW = 10, 10
# Requests hold at most this many sessions at once per process (backend.core.deps); the
# rest of the pool is for the reminder and webhook timers and /readyz.
REQUEST_SESSIONS = POOL_SIZE + POOL_OVERFLOW - 4


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for SQLite (file or memory) or PostgreSQL (psycopg 3)."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    # A server that drops packets instead of refusing must not hang a request for minutes.
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(parsed, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, emit BEGIN: savepoints then work as documented.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


_engine: Engine | None = None


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = make_engine(get_settings().database_url)
    return _engine


def set_engine(engine: Engine | None) -> None:
    """Point the app at another engine (tests, CLI --database)."""
    global _engine
    _engine = engine


SessionFactory = Callable[[], AbstractContextManager[Session]]


def new_session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


def request_session(*, writing: bool) -> Session:
    """A session that connects on first use; SQLite writers then begin IMMEDIATE."""
    engine = get_engine()
    if writing and engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    return Session(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(*, writing: bool = True,
                 sessions: SessionFactory | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with (sessions or new_session)() as session:
        if (writing and session.get_bind().dialect.name == "sqlite"
                and not session.in_transaction()):
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def session_scope(*, writing: bool = True) -> Iterator[Session]:
    """The same, as a generator for FastAPI's dependency system."""
    with unit_of_work(writing=writing) as session:
        yield session


def _sqlite_begin(connection: Any) -> None:
    # Writers take the write lock up front; a deferred upgrade fails at once under WAL.
    mode = connection.get_execution_options().get("sqlite_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


@contextmanager
def unique(session: Session, conflict: str) -> Iterator[None]:
    """Write inside a savepoint, so losing a unique-name race answers 409, not 500."""
    from backend.core.errors import NotAllowed

    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError as exc:
        raise NotAllowed(conflict) from exc
