"""Dependency aliases shared by every router."""

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Annotated
from weakref import WeakKeyDictionary

import anyio
from fastapi import Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from backend.core.db import REQUEST_SESSIONS, request_session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# One limiter per event loop: a server has one, a test client may start several.
_session_slots: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = \
    WeakKeyDictionary()


def _slots() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    if loop not in _session_slots:
        _session_slots[loop] = anyio.CapacityLimiter(REQUEST_SESSIONS)
    return _session_slots[loop]


def _commit(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()


KeptWrite = Callable[[Session, BaseException], None]


def _roll_back(session: Session, kept: list[KeptWrite], error: BaseException) -> None:
    """Undo the request's writes, then commit what must be kept although it failed."""
    try:
        session.rollback()
        if kept:
            for write in kept:
                write(session, error)
            session.commit()
    finally:
        session.close()


def keep_on_failure(request: Request, write: KeptWrite) -> None:
    """Have `write` committed even if the request fails (an audit row of a refused call);
    on success the request's own commit is the only one."""
    kept = getattr(request.state, "kept_on_failure", None)
    if kept is None:
        kept = request.state.kept_on_failure = []
    kept.append(write)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: commit on success, roll back on any error.

    Made on the event loop (a session touches the database only when first used, in the
    endpoint's thread) and ended in one trip to the threadpool; a sync generator dependency
    costs a trip on each side.

    A request first waits, on the event loop, for one of REQUEST_SESSIONS slots: no more
    sessions than the pool has connections. Otherwise a burst larger than the threadpool
    filled every thread with requests waiting for a connection, while the requests holding
    the connections waited for a thread to go on, until the pool timed out."""
    slots, borrower = _slots(), object()
    await slots.acquire_on_behalf_of(borrower)
    try:
        session = request_session(writing=request.method not in SAFE_METHODS)
        try:
            yield session
        except BaseException as error:
            # Shielded: a cancelled request still gives back its connection.
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(_roll_back, session,
                                        getattr(request.state, "kept_on_failure", []), error)
            raise
        await run_in_threadpool(_commit, session)
    finally:
        slots.release_on_behalf_of(borrower)


# scope="function": commit before the response is sent, so a client that reads right after
# a write sees it, and a failed commit is the client's error, not a silent loss.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
