"""Dependency aliases shared by every router."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from backend.core.db import session_scope

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    yield from session_scope(writing=request.method not in SAFE_METHODS)


# scope="function": commit before the response is sent, so a client that reads right after
# a write sees it, and a failed commit is the client's error, not a silent loss.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
