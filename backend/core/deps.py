"""Dependency aliases shared by every router."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from backend.core.db import session_scope


def get_session() -> Iterator[Session]:
    yield from session_scope()


SessionDep = Annotated[Session, Depends(get_session)]
