"""create_app(): the REST API under /api/v1, problem+json errors, security middleware."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from backend.api import api_router
from backend.core import health
from backend.core.access_log import redact_access_log
from backend.core.body_limit import MAX_REQUEST_BYTES, BodySizeLimit
from backend.core.config import get_settings
from backend.core.docs import install_docs
from backend.core.errors import document_problems, install_error_handlers
from backend.core.middleware import SecurityHeaders, too_large_problem
from backend.deadlines.scheduled import ReminderTimer, start_reminder_timer, stop_reminder_timer
from backend.integrations.webhook_delivery import deliver_webhooks

WEBHOOK_INTERVAL_SECONDS = 60

DESCRIPTION = """
Samordna runs a municipality's yearly follow-up of its international work: each unit's
report moves through a fixed state machine (draft → committee review → submitted →
accepted) and the coordinator compiles the accepted reports for the council.

Authenticate with `POST /api/v1/auth/token` and send `Authorization: Bearer <token>`.
Errors are `application/problem+json`. Writes to an existing object need
`If-Match: "<version>"`; a stale version answers 409 and changes nothing.
"""


def freeze_start_up_objects() -> None:
    """Modules, routes, models and templates live as long as the process: take them out of
    the cycle collector's reach, so that its full passes walk only what requests allocate
    (on the 300-unit dashboard, collection fell from 5.7 to 1.2 ms of a request's CPU)."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """With REMINDERS_IN_PROCESS on, reminders and webhook deliveries run on timers here."""
    freeze_start_up_objects()
    start_reminder_timer(app)
    webhooks = None
    if get_settings().reminders_in_process:
        webhooks = ReminderTimer(WEBHOOK_INTERVAL_SECONDS,
                                 lambda now: deliver_webhooks(now=now))  # type: ignore[arg-type,return-value]
        webhooks.start()
    try:
        yield
    finally:
        stop_reminder_timer(app)
        if webhooks is not None:
            webhooks.stop()


def create_app() -> FastAPI:
    redact_access_log()
    app = FastAPI(title="Samordna API", version="1.0.0", description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    install_docs(app)
    install_error_handlers(app)
    document_problems(app)
    app.include_router(health.router)
    app.include_router(api_router)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_REQUEST_BYTES,
                       refusal=too_large_problem(MAX_REQUEST_BYTES))
    app.add_middleware(SecurityHeaders, hsts=get_settings().environment == "production")

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app
