"""The /api/v1 router: every domain's endpoints, authenticated by default."""

from fastapi import APIRouter

from backend.audit import endpoints as audit
from backend.auth import endpoints as auth
from backend.auth import (
    identity_provider_endpoints,
    password_link_endpoints,
    service_account_endpoints,
    single_sign_on_endpoints,
)
from backend.compilation import endpoints as compilation
from backend.compilation import report_endpoints
from backend.deadlines import endpoints as deadlines
from backend.integrations import archive, feed_endpoints, webhook_endpoints
from backend.organisations import endpoints as organisations
from backend.organisations import invitation_endpoints, user_endpoints
from backend.region import endpoints as region
from backend.reporting import cycle_endpoints, workflow_endpoints
from backend.reporting import endpoints as reports

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(auth.router)
api_router.include_router(workflow_endpoints.router)
api_router.include_router(password_link_endpoints.router)
api_router.include_router(single_sign_on_endpoints.router)
api_router.include_router(identity_provider_endpoints.router)
api_router.include_router(cycle_endpoints.router)
api_router.include_router(reports.router)
api_router.include_router(report_endpoints.router)
api_router.include_router(compilation.router)
api_router.include_router(deadlines.router)
api_router.include_router(deadlines.public_router)
api_router.include_router(cycle_endpoints.tasks_router)
api_router.include_router(organisations.router)
api_router.include_router(user_endpoints.router)
api_router.include_router(invitation_endpoints.router)
api_router.include_router(service_account_endpoints.router)
api_router.include_router(feed_endpoints.router)
api_router.include_router(webhook_endpoints.router)
api_router.include_router(archive.router)
api_router.include_router(audit.router)
api_router.include_router(region.router)
