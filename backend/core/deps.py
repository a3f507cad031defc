"""Dependency aliases shared by every router."""

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from backend.core.db import request_session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _commit(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()


def _roll_back(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: commit on success, roll back on any error.

    Made on the event loop (a session touches the database only when first used, in the
    endpoint's thread) and ended in one trip to the threadpool; a sync generator dependency
    costs a trip on each side."""
    session = request_session(writing=request.method not in SAFE_METHODS)
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):  # a cancelled request still gives back its connection
            await run_in_threadpool(_roll_back, session)
        raise
    await run_in_threadpool(_commit, session)


# scope="function": commit before the response is sent, so a client that reads right after
# a write sees it, and a failed commit is the client's error, not a silent loss.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
