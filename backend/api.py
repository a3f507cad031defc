"""The /api/v1 router: every domain's endpoints, authenticated by default."""

from fastapi import APIRouter

from backend.auth import endpoints as auth
from backend.reporting import cycle_endpoints
from backend.reporting import endpoints as reports

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(auth.router)
api_router.include_router(cycle_endpoints.router)
api_router.include_router(reports.router)
