"""GET /audit: who did what, for the organisation's admins."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from backend.audit import repository
from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import require_visible
from backend.core.deps import SessionDep
from backend.core.errors import Forbidden
from backend.core.pagination import Cursor, Limit, decode_time_cursor, next_cursor_of
from backend.core.schemas import SINGLE_LINE, Page
from backend.models.enums import Role

router = APIRouter(tags=["audit"])


class AuditItem(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID | None
    actor_user_id: uuid.UUID | None
    actor_service_account_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: uuid.UUID | None
    detail: dict[str, Any]
    created_at: datetime


@router.get("/audit", response_model=Page[AuditItem], summary="Read the audit log",
            responses={401: {"description": "No or invalid token"},
                       403: {"description": "Only an admin reads the audit log"},
                       404: {"description": "organisation_id is not one of yours"}})
def read_audit(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
               limit: Limit = 100, organisation_id: uuid.UUID | None = None,
               action: Annotated[str | None, Query(max_length=80, examples=["report.submitted"]),
                                 SINGLE_LINE] = None,
               object_id: uuid.UUID | None = None) -> Page[AuditItem]:
    """Admin: every write in the organisations you administer, and every call made by their
    service accounts, newest first. Filter by `action` or by the `object_id` acted on."""
    if organisation_id is not None:
        require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    organisations = frozenset(g.organisation_id for g in principal.grants
                              if g.role == Role.ADMIN and organisation_id in (None,
                                                                              g.organisation_id))
    if not organisations:
        raise Forbidden("Only an admin may read the audit log")
    rows = repository.events_in(session, organisations, action=action, object_id=object_id,
                                before=decode_time_cursor(cursor), limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.created_at.isoformat(), r.id))
    return Page[AuditItem](items=[AuditItem.model_validate(r, from_attributes=True)
                                  for r in rows[:limit]], next_cursor=next_cursor)
