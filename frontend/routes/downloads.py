"""Files for the browser: the API's downloads, fetched with the session's token.

The API names each file in Swedish (Content-Disposition); the page passes the name on."""

import uuid
from typing import Literal

from fastapi import APIRouter
from starlette.background import BackgroundTask
from starlette.responses import StreamingResponse

from frontend.api import Api
from frontend.deps import UserApi

router = APIRouter()
PASSED_ON = ("content-type", "content-disposition", "content-length", "content-encoding")


async def _file(api: Api, path: str) -> StreamingResponse:
    upstream = await api.download(path)
    headers = {name: upstream.headers[name] for name in PASSED_ON if name in upstream.headers}
    headers["Cache-Control"] = "private, no-store"
    return StreamingResponse(upstream.aiter_raw(), headers=headers,
                             background=BackgroundTask(upstream.aclose))


@router.get("/omgangar/{cycle_id}/sammanstallning.{extension}")
async def compilation_file(cycle_id: uuid.UUID, extension: Literal["pdf", "csv", "xlsx"],
                           api: UserApi) -> StreamingResponse:
    """The compilation as PDF, CSV or XLSX (the current version)."""
    return await _file(api, f"/cycles/{cycle_id}/compilation.{extension}")


@router.get("/omgangar/{cycle_id}/arkivpaket.zip")
async def archive_file(cycle_id: uuid.UUID, api: UserApi) -> StreamingResponse:
    """The adopted cycle's archive package (coordinator)."""
    return await _file(api, f"/cycles/{cycle_id}/archive")


@router.get("/rapporter/{report_id}/rapport.pdf")
async def report_file(report_id: uuid.UUID, api: UserApi) -> StreamingResponse:
    """An accepted report as PDF."""
    return await _file(api, f"/reports/{report_id}/document.pdf")


@router.get("/kalender.ics")
async def calendar_file(api: UserApi) -> StreamingResponse:
    """The signed-in user's due dates as an iCalendar file."""
    return await _file(api, "/me/calendar.ics")
