"""/webhooks: subscribe a URL to change-feed events, read the delivery log; allowed hosts."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from backend.auth.deps import CurrentPrincipal
from backend.core.deps import SessionDep
from backend.core.errors import Forbidden
from backend.core.pagination import (
    Cursor,
    Limit,
    decode_cursor,
    decode_time_cursor,
    next_cursor_of,
)
from backend.core.schemas import Page
from backend.core.versioning import IfMatch, parse_if_match, require_if_match, set_etag
from backend.integrations import webhooks
from backend.integrations.webhooks import (
    WebhookCreate,
    WebhookHosts,
    WebhookRotate,
    WebhookUpdate,
)
from backend.models import OutboxMessage, Webhook
from backend.models.base import utcnow
from backend.models.enums import OutboxStatus

router = APIRouter(tags=["webhooks"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid token"},
    403: {"description": "Needs the admin role or the scope `webhooks:manage`"},
    404: {"description": "No such webhook, or not visible to you"},
    422: {"description": "Invalid input, or a URL that points inside the network"}}

SIGNING = """
Each delivery is a `POST` with a JSON body `{"type", "timestamp", "data"}` (`data` is the
item `GET /events` gives for the event) and the Standard Webhooks headers `webhook-id` (the
event id: the same on every retry, use it to skip duplicates), `webhook-timestamp` (Unix
seconds of the attempt) and `webhook-signature`: `v1,` followed by the base64 HMAC-SHA256 of
`{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the secret
after `whsec_`. Any 2xx answer counts as delivered; other answers and network errors are
retried with exponential backoff (1, 2, 4 ... minutes, at most 6 hours apart, for about
four days), in feed order; `410 Gone` disables the webhook.
"""


class WebhookPublic(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    url: str
    events: list[str]
    active: bool
    disabled_reason: str | None
    version: int
    created_at: datetime
    previous_secret_expires_at: datetime | None = Field(
        description="Until when deliveries are signed with the secret before the last "
                    "rotation too")


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="`whsec_` + base64 key; shown only now, verify with it")


class Delivery(BaseModel):
    id: uuid.UUID = Field(description="The delivery's id, for `.../redeliver`")
    event_id: str | None
    event_type: str | None
    status: OutboxStatus
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None
    created_at: datetime


class AllowedHosts(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "organisation_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "hosts": ["diarium.kommun.local"], "version": 4}]})

    organisation_id: uuid.UUID
    hosts: list[str]
    version: int


def public_of(webhook: Webhook) -> WebhookPublic:
    return WebhookPublic.model_validate(webhook, from_attributes=True)


def delivery_of(message: OutboxMessage) -> Delivery:
    data = message.payload.get("data") or {}
    return Delivery(id=message.id, event_id=data.get("id"), event_type=message.payload.get("type"),
                    status=OutboxStatus(message.status), attempts=message.attempts,
                    last_error=message.last_error, next_attempt_at=message.next_attempt_at,
                    sent_at=message.sent_at, created_at=message.created_at)


@router.post("/webhooks", response_model=WebhookCreated, status_code=201, responses=ERRORS,
             summary="Register a webhook", description="""
Admin, or a service account with the scope `webhooks:manage`. `events` lists change-feed
types (`report.submitted`, `cycle.adopted`, ...) or `*` for all. The URL must be `https`
and must not resolve to a loopback, private, link-local, multicast or reserved address,
unless an admin has allowed its host (`PUT /organisations/{id}/webhook-hosts`); then `http`
and internal addresses are allowed too. The answer holds the signing `secret`, shown only
this once.
""" + SIGNING)
def create_webhook(body: WebhookCreate, principal: CurrentPrincipal, session: SessionDep,
                   response: Response) -> WebhookCreated:
    webhook = webhooks.create(session=session, principal=principal, data=body)
    set_etag(response, webhook.version)
    return WebhookCreated(**public_of(webhook).model_dump(), secret=webhook.secret)


@router.get("/webhooks", response_model=Page[WebhookPublic], responses=ERRORS,
            summary="List webhooks")
def list_webhooks(principal: CurrentPrincipal, session: SessionDep, cursor: Cursor = None,
                  limit: Limit = 100,
                  organisation_id: uuid.UUID | None = None) -> Page[WebhookPublic]:
    """The webhooks of the organisations whose webhooks you manage, by URL; secrets are
    never shown here. A webhook disabled by a `410 Gone` has `active: false` and says why
    in `disabled_reason`."""
    organisations = frozenset(o for o in webhooks.managed_organisations(principal)
                              if organisation_id in (None, o))
    if not organisations:
        raise Forbidden("Listing webhooks needs the admin role or the scope 'webhooks:manage'")
    rows = webhooks.list_webhooks(session, organisations, after=decode_cursor(cursor),
                                  limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.url, r.id))
    return Page[WebhookPublic](items=[public_of(w) for w in rows[:limit]],
                               next_cursor=next_cursor)


@router.get("/webhooks/{webhook_id}", response_model=WebhookPublic, responses=ERRORS,
            summary="Read a webhook")
def read_webhook(webhook_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                 response: Response) -> WebhookPublic:
    """URL, subscribed event types, whether active (and why not)."""
    webhook = webhooks.visible_webhook(session, principal, webhook_id)
    set_etag(response, webhook.version)
    return public_of(webhook)


@router.patch("/webhooks/{webhook_id}", response_model=WebhookPublic,
              responses={**ERRORS, 409: {"description": "Stale version"},
                         428: {"description": "If-Match missing"}},
              summary="Change, re-enable or pause a webhook")
def update_webhook(webhook_id: uuid.UUID, body: WebhookUpdate, principal: CurrentPrincipal,
                   session: SessionDep, response: Response,
                   if_match: IfMatch = None) -> WebhookPublic:
    """With `If-Match`. Give any of `url` (checked as at registration), `events`, and
    `active`: `true` re-enables a webhook that a `410 Gone` disabled (from the next event
    on; earlier ones can be sent again one by one with `.../redeliver`), `false` pauses it."""
    webhook = webhooks.update(session=session, principal=principal, webhook_id=webhook_id,
                              changes=body, expected_version=require_if_match(if_match))
    set_etag(response, webhook.version)
    return public_of(webhook)


@router.post("/webhooks/{webhook_id}/rotate-secret", response_model=WebhookCreated,
             responses={**ERRORS, 409: {"description": "Stale version"}},
             summary="Rotate a webhook's signing secret")
def rotate_webhook_secret(webhook_id: uuid.UUID, principal: CurrentPrincipal,
                          session: SessionDep, response: Response, if_match: IfMatch = None,
                          body: WebhookRotate | None = None) -> WebhookCreated:
    """A new signing secret, shown only in this answer. For `overlap_hours` (default 24, at
    most 720) each delivery carries two signatures, `webhook-signature: v1,<new> v1,<old>`,
    as Standard Webhooks allows, so the receiver can switch without rejecting any; `0` signs
    with the new secret only from now on. `If-Match` is optional (409 when stale)."""
    overlap = timedelta(hours=(body or WebhookRotate()).overlap_hours)
    webhook = webhooks.rotate_secret(session=session, principal=principal,
                                     webhook_id=webhook_id,
                                     expected_version=parse_if_match(if_match), overlap=overlap)
    set_etag(response, webhook.version)
    return WebhookCreated(**public_of(webhook).model_dump(), secret=webhook.secret)


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
             response_model=Delivery, status_code=202,
             responses={**ERRORS, 404: {"description": "No such webhook or delivery"},
                        409: {"description": "The webhook is disabled"}},
             summary="Send one event to a webhook again")
def redeliver(webhook_id: uuid.UUID, delivery_id: uuid.UUID, principal: CurrentPrincipal,
              session: SessionDep) -> Delivery:
    """Queues the delivery again, due at once, whatever its status (a failed one, or a sent
    one the receiver lost). It keeps its `webhook-id`, so a receiver that already has the
    event can skip it. The next delivery run (within a minute) sends it."""
    message = webhooks.redeliver(session=session, principal=principal, webhook_id=webhook_id,
                                 delivery_id=delivery_id, now=utcnow())
    return delivery_of(message)


@router.delete("/webhooks/{webhook_id}", status_code=204, responses=ERRORS,
               summary="Delete a webhook")
def delete_webhook(webhook_id: uuid.UUID, principal: CurrentPrincipal,
                   session: SessionDep) -> Response:
    """Stops deliveries at once; messages still queued for it are dropped."""
    webhooks.delete(session=session, principal=principal, webhook_id=webhook_id)
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=Page[Delivery],
            responses=ERRORS, summary="A webhook's delivery log")
def list_deliveries(webhook_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                    cursor: Cursor = None, limit: Limit = 100,
                    status: OutboxStatus | None = None) -> Page[Delivery]:
    """Newest first: each event queued for the webhook with its status (`pending`, `sent`,
    `failed` once retries are exhausted or the webhook was disabled), the number of
    attempts, the last error and when the next attempt is due."""
    webhook = webhooks.visible_webhook(session, principal, webhook_id)
    rows = webhooks.deliveries(session, webhook.id, status=status,
                               after=decode_time_cursor(cursor),
                               limit=limit + 1)
    next_cursor = next_cursor_of(rows, limit, lambda r: (r.created_at.isoformat(), r.id))
    return Page[Delivery](items=[delivery_of(m) for m in rows[:limit]], next_cursor=next_cursor)


@router.put("/organisations/{organisation_id}/webhook-hosts", response_model=AllowedHosts,
            responses={**ERRORS, 404: {"description": "Not one of your organisations"},
                       409: {"description": "Stale version"},
                       428: {"description": "If-Match missing"}},
            tags=["organisations"], summary="Allow webhook hosts inside the network")
def set_webhook_hosts(organisation_id: uuid.UUID, body: WebhookHosts,
                      principal: CurrentPrincipal, session: SessionDep, response: Response,
                      if_match: IfMatch = None) -> AllowedHosts:
    """Admin, with `If-Match` carrying the organisation's version. Webhooks may post to
    these hosts over `http` and even when they resolve to internal addresses (a document
    system inside the municipality's network). The list replaces the previous one."""
    organisation = webhooks.set_allowed_hosts(
        session=session, principal=principal, organisation_id=organisation_id,
        hosts=body.hosts, expected_version=require_if_match(if_match))
    set_etag(response, organisation.version)
    return AllowedHosts(organisation_id=organisation.id,
                        hosts=list(organisation.webhook_allowed_hosts),
                        version=organisation.version)
