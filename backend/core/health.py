"""Liveness and readiness for load balancers and orchestrators."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.core.db import get_engine
from backend.core.errors import problem
from backend.core.migrations import current_revision, head_revision

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    """Answers 200 as long as the process serves requests; touches nothing else."""
    return {"status": "ok"}


@router.get("/readyz", summary="The database is reachable and migrated",
            responses={503: {"description": "Database unreachable or migrations pending"}})
def readyz() -> JSONResponse:
    """200 when the database answers and its schema is at the newest migration, else 503."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
            current = current_revision(connection)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        return problem(503, "Service unavailable", f"Database unreachable: {reason}")
    head = head_revision()
    if current != head:
        return problem(503, "Service unavailable",
                       f"Migrations pending: database at {current or 'empty'}, code at {head}. "
                       "Run `samordna migrate`.")
    return JSONResponse({"status": "ready", "database": "ok", "migration": current})
