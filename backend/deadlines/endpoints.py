"""Reminder policy, the outbox, "remind now", and each user's private calendar feed."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import require_role, require_visible, single_organisation
from backend.core.clock import now
from backend.core.config import get_settings
from backend.core.deps import SessionDep
from backend.core.downloads import attachment
from backend.core.errors import Invalid
from backend.core.schemas import SINGLE_LINE, Page
from backend.core.versioning import IfMatch, require_if_match, set_etag
from backend.deadlines import feed, policy, reminders
from backend.deadlines.policy import MAX_STEPS, EscalationDays, RepeatDays, StepDays
from backend.models.enums import Role
from backend.notifications.outbox import list_outbox
from backend.reporting.content import visible_report

router = APIRouter(tags=["reminders"])
public_router = APIRouter(tags=["reminders"])


class PolicyPublic(BaseModel):
    organisation_id: uuid.UUID
    days_before: list[int] = Field(description="Remind the owner this many days before due")
    repeat_days: int = Field(description="Then every this many days while overdue")
    escalation_after_days: int = Field(description="Tell the coordinator from this many "
                                                   "days overdue")
    version: int


class PolicyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"days_before": [14, 3, 0], "repeat_days": 7, "escalation_after_days": 1}]})

    days_before: list[StepDays] = Field(max_length=MAX_STEPS)
    repeat_days: RepeatDays
    escalation_after_days: EscalationDays


class OutboxItem(BaseModel):
    id: uuid.UUID
    channel: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None
    created_at: datetime
    subject: str | None = Field(description="What the message is about")


class Queued(BaseModel):
    queued: int = Field(description="How many people the reminder goes to")


class CalendarLink(BaseModel):
    url: str = Field(description="Subscribe to this in Outlook or any calendar; keep it private")


def _policy(organisation_id: uuid.UUID, value: policy.ReminderPolicy) -> PolicyPublic:
    return PolicyPublic(organisation_id=organisation_id, days_before=list(value.days_before),
                        repeat_days=value.repeat_days,
                        escalation_after_days=value.escalation_after_days,
                        version=value.version)


@router.get("/organisations/{organisation_id}/reminder-policy", response_model=PolicyPublic,
            summary="The organisation's reminder policy")
def read_policy(organisation_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                response: Response) -> PolicyPublic:
    """When reminders go out: days before each due date (default 14, 3, 0), the repeat while
    overdue (default every 7 days) and when the coordinator is told (default 1 day overdue).
    The `ETag` is the organisation's version."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    value = policy.get_policy(session=session, organisation_id=organisation_id)
    set_etag(response, value.version)
    return _policy(organisation_id, value)


@router.put("/organisations/{organisation_id}/reminder-policy", response_model=PolicyPublic,
            summary="Change the reminder policy")
def update_policy(organisation_id: uuid.UUID, body: PolicyUpdate, principal: CurrentPrincipal,
                  session: SessionDep, response: Response,
                  if_match: IfMatch = None) -> PolicyPublic:
    """Admin. Steps are distinct whole days from 0 to 90; repeat 1–60; escalation 0–60.
    Needs `If-Match` with the organisation's version."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    require_role(principal, Role.ADMIN, organisation_id)
    value = policy.update_policy(
        session=session, organisation_id=organisation_id, days_before=body.days_before,
        repeat_days=body.repeat_days, escalation_after_days=body.escalation_after_days,
        expected_version=require_if_match(if_match))
    set_etag(response, value.version)
    return _policy(organisation_id, value)


@router.get("/outbox", response_model=Page[OutboxItem], summary="Queued and sent messages")
def outbox(principal: CurrentPrincipal, session: SessionDep,
           status: Annotated[str | None, Query(max_length=20,
                                               description="pending, sent or failed"),
                             SINGLE_LINE] = None,
           organisation_id: uuid.UUID | None = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 100,
           offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> Page[OutboxItem]:
    """Admin: the organisation's reminder e-mails and webhook deliveries, newest first —
    pending, sent, and failed with the error of the last attempt."""
    admin_of = frozenset(g.organisation_id for g in principal.grants if g.role == Role.ADMIN)
    organisation = single_organisation(principal, organisation_id, allowed=admin_of)
    require_role(principal, Role.ADMIN, organisation)
    rows = list_outbox(session=session, organisation_id=organisation, status=status,
                       limit=limit, offset=offset)
    return Page[OutboxItem](items=[OutboxItem(
        id=r.id, channel=r.channel, recipient=r.recipient, status=r.status,
        attempts=r.attempts, last_error=r.last_error, next_attempt_at=r.next_attempt_at,
        sent_at=r.sent_at, created_at=r.created_at,
        subject=str(r.payload.get("unit_name") or r.payload.get("type") or "") or None)
        for r in rows])


@router.post("/reports/{report_id}/reminders", response_model=Queued, status_code=202,
             summary="Remind the report's owner now", responses={
                 409: {"description": "The report is on no one's desk"},
                 429: {"description": "Reminded less than an hour ago; see `Retry-After`"}})
def remind_now(report_id: uuid.UUID, principal: CurrentPrincipal,
               session: SessionDep) -> Queued:
    """Coordinator. Queues a reminder to whoever holds the report's desk; the next delivery
    run sends it. At most once per report per hour (429 with `Retry-After` otherwise)."""
    _, cycle, _ = visible_report(session, principal, report_id)
    require_role(principal, Role.COORDINATOR, cycle.organisation_id)
    return Queued(queued=reminders.send_reminder_now(session=session, report_id=report_id,
                                                     now=now()))


def _link(token: str) -> CalendarLink:
    return CalendarLink(url=f"{get_settings().base_url.rstrip('/')}/api/v1/calendar/{token}.ics")


@router.post("/me/calendar", response_model=CalendarLink, summary="Get a private calendar link")
def issue_calendar(principal: CurrentPrincipal, session: SessionDep) -> CalendarLink:
    """A new private iCalendar URL with the due dates on your desk. Any earlier link stops
    working."""
    if principal.user_id is None:
        raise Invalid("Service accounts have no calendar", fields={"principal": "user only"})
    return _link(feed.issue_calendar_token(session=session, user_id=principal.user_id))


@router.delete("/me/calendar", status_code=204, summary="Revoke your calendar link")
def revoke_calendar(principal: CurrentPrincipal, session: SessionDep) -> Response:
    """The private calendar URL stops working at once."""
    if principal.user_id is not None:
        feed.revoke_calendar_token(session=session, user_id=principal.user_id)
    return Response(status_code=204)


@router.get("/me/calendar.ics", response_class=Response,
            responses={200: {"content": {"text/calendar": {}}},
                       401: {"description": "No or invalid token"},
                       422: {"description": "Service accounts have no calendar"}},
            summary="Your due dates as an iCalendar file")
def my_calendar(principal: CurrentPrincipal, session: SessionDep) -> Response:
    """The same iCalendar (RFC 5545) as your private calendar link, once, as a file to
    import: no link needs to exist."""
    if principal.user_id is None:
        raise Invalid("Service accounts have no calendar", fields={"principal": "user only"})
    body = feed.user_calendar(session=session, user_id=principal.user_id, now=now(),
                              base_url=get_settings().base_url)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": attachment("Sista dagar i Samordna", "ics")})


@public_router.get("/calendar/{token}.ics", response_class=Response,
                   responses={200: {"content": {"text/calendar": {}}},
                              404: {"description": "Unknown or revoked link"}},
                   summary="A user's calendar feed (the token is the key)")
def calendar(token: Annotated[str, Path(max_length=64), SINGLE_LINE],
             session: SessionDep) -> Response:
    """iCalendar (RFC 5545) of the due dates on the token owner's desk, for Outlook and other
    calendar clients. No login: the unguessable token in the URL is the key."""
    body = feed.calendar_feed(session=session, token=token, now=now(),
                              base_url=get_settings().base_url)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300"})


