"""Pages everyone may read: the accessibility statement."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.web import render

router = APIRouter()


@router.get("/tillganglighet")
async def accessibility(request: Request) -> Response:
    return render(request, "pages/accessibility.html", title="Tillgänglighetsredogörelse")
