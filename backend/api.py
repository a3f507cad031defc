"""The /api/v1 router: every domain's endpoints, authenticated by default."""

from fastapi import APIRouter

api_router = APIRouter(prefix="/api/v1")
