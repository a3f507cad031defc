"""Regionöversikt: a shared coordinator's organisations side by side."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.deps import CurrentMe, UserApi
from frontend.web import render
from frontend.workflow import state_codes

router = APIRouter()


@router.get("/region")
async def region_overview(request: Request, api: UserApi, me: CurrentMe) -> Response:
    overview = await api.get("/region/overview")
    return render(request, "region/overview.html", title="Regionöversikt",
                  organisations=overview["organisations"], states=state_codes("report"))
