"""GET /events: the change feed a document system polls, strictly ordered and resumable."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import require_visible
from backend.auth.principal import Principal, Scope
from backend.core.deps import SessionDep
from backend.core.errors import Forbidden, Invalid
from backend.core.pagination import Limit
from backend.integrations import repository
from backend.models.enums import Role

router = APIRouter(tags=["integrations"])

FEED_ROLES = frozenset({Role.COORDINATOR, Role.VIEWER})
MAX_POSITION = 2**63 - 1

DESCRIPTION = """
Every transition of a report or cycle, every extension and every registration number, in
the order they were committed. Poll with `after` (or `cursor`, its other name, as on every
other list) set to the `next_cursor` of the previous answer: you get exactly the events
after it, never one twice, never one skipped.
`next_cursor` is always the position of the last event returned, or the `after` you sent
when there is nothing new. Positions grow but are not consecutive (other organisations'
events lie between them).

Each event says what happened (`type`, e.g. `report.submitted`), to what (`subject_type`,
`subject_id`), by whom and when (`data.actor`, `occurred_at`), with links to fetch the
object (`data.links`).

Readable by service accounts with the scope `events:read` and by coordinators and
viewers (403 for other roles).
"""


class FeedItem(BaseModel):
    id: uuid.UUID
    position: int
    organisation_id: uuid.UUID
    type: str
    occurred_at: datetime
    subject_type: str
    subject_id: uuid.UUID
    data: dict[str, Any]


class FeedPage(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [{
            "id": "0b6f1c3e-8f1e-4c55-9d1e-3f2a1b7c9d10", "position": 42,
            "organisation_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "type": "report.submitted", "occurred_at": "2027-02-20T09:14:03Z",
            "subject_type": "report", "subject_id": "7c2d7c5e-3b0a-4c61-a3c8-0e6f1f7c2b11",
            "data": {"action": "submit", "from_state": "committee_approved",
                     "to_state": "submitted", "actor": "Anna Svensson",
                     "links": {"report": "/api/v1/reports/7c2d7c5e-3b0a-4c61-a3c8-0e6f1f7c2b11"}},
        }],
        "next_cursor": "42"}]})

    items: list[FeedItem]
    next_cursor: str = Field(
        description="Send as `after` (or `cursor`) next time to resume exactly here")


def readable_feeds(principal: Principal,
                   organisation_id: uuid.UUID | None) -> frozenset[uuid.UUID]:
    if organisation_id is not None:
        require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    readable = frozenset(
        o for o in principal.organisation_ids() if organisation_id in (None, o)
        and (principal.has_scope(Scope.EVENTS_READ, o) or principal.has_any_role(FEED_ROLES, o)))
    if not readable:
        raise Forbidden("The change feed needs the scope 'events:read' or the role "
                        "coordinator or viewer")
    return readable


@router.get("/events", response_model=FeedPage, summary="Read the change feed",
            description=DESCRIPTION,
            responses={401: {"description": "No or invalid token"},
                       403: {"description": "Needs `events:read`, or coordinator or viewer"},
                       404: {"description": "organisation_id is not one of yours"},
                       422: {"description": "`after` or `cursor` is not a non-negative "
                                             "integer, or the two differ"}})
def read_events(
    principal: CurrentPrincipal, session: SessionDep,
    after: Annotated[int, Query(ge=0, le=MAX_POSITION,
                                description="next_cursor of the previous answer; 0 to start")] = 0,
    cursor: Annotated[int | None, Query(ge=0, le=MAX_POSITION,
                                        description="The same as `after`")] = None,
    limit: Limit = 100, organisation_id: uuid.UUID | None = None,
) -> FeedPage:
    if cursor is not None:
        if after not in (0, cursor):
            raise Invalid("Send either `after` or `cursor`, not two different positions",
                          fields={"cursor": "differs from after"})
        after = cursor
    events = repository.events_after(session, readable_feeds(principal, organisation_id),
                                     after=after, limit=limit)
    return FeedPage(items=[FeedItem.model_validate(e, from_attributes=True) for e in events],
                    next_cursor=str(events[-1].position if events else after))
