"""Mina uppgifter: the start page, and the private calendar link to one's due dates."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api
from frontend.deps import CurrentMe, Me, UserApi
from frontend.tasks import desk
from frontend.web import redirect, render

router = APIRouter()


async def _page(request: Request, api: Api, me: Me, calendar_url: str | None = None) -> Response:
    tasks = await desk(api, me)
    return render(request, "tasks/index.html", title="Mina uppgifter", tasks=tasks,
                  overdue=sum(t.overdue for t in tasks),
                  several_organisations=len(me.organisations) > 1, calendar_url=calendar_url)


@router.get("/")
async def my_tasks(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me)


@router.post("/kalender")
async def new_calendar_link(request: Request, api: UserApi, me: CurrentMe) -> Response:
    """A new private feed URL, shown on this answer only (the API never shows it again)."""
    link = await api.post("/me/calendar")
    request.state.browser_session.flash.append(
        "Din kalenderlänk är skapad. Kopiera den nu; en tidigare länk fungerar inte längre.")
    return await _page(request, api, me, calendar_url=str(link["url"]))


@router.get("/kalender/stang-av")
async def confirm_calendar_off(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return render(request, "tasks/calendar_off.html", title="Stäng av kalenderlänken")


@router.post("/kalender/stang-av")
async def calendar_off(request: Request, api: UserApi, me: CurrentMe) -> Response:
    await api.delete("/me/calendar")
    return redirect(request, "/#kalender", flash=(
        "Kalenderlänken är avstängd. Kalendrar som prenumererar på den får inga fler "
        "uppdateringar."))
