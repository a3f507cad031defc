"""Mina uppgifter: the start page, and the private calendar link to one's due dates."""

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.tasks import desk
from frontend.web import redirect, render

router = APIRouter()
ANSWERS = {"tacka-ja": "accept", "tacka-nej": "decline"}


async def _page(request: Request, api: Api, me: Me, calendar_url: str | None = None) -> Response:
    tasks = await desk(api, me)
    invitations = (await api.get("/me/invitations"))["items"]
    return render(request, "tasks/index.html", title="Mina uppgifter", tasks=tasks,
                  overdue=sum(t.overdue for t in tasks), invitations=invitations,
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


@router.post("/inbjudningar/{invitation_id}/{answer}")
async def answer_invitation(request: Request, invitation_id: uuid.UUID, answer: str,
                            api: UserApi, me: CurrentMe) -> Response:
    """Accept (tacka-ja) or decline (tacka-nej) an invitation to an organisation."""
    if answer not in ANSWERS:
        raise ApiError(404)
    try:
        await api.post(f"/me/invitations/{invitation_id}/{ANSWERS[answer]}")
    except ApiError as exc:
        if exc.status not in (404, 409, 410):
            raise
        return redirect(request, "/", flash="Inbjudan kan inte längre besvaras: den är "
                        "besvarad, tillbakadragen eller har gått ut. Be administratören om en ny.")
    request.app.state.me_cache.forget(api.token or "")
    if answer == "tacka-ja":
        return redirect(request, "/", flash="Välkommen! Du har nu din nya roll; den visas "
                        "bland dina organisationer och uppgifter.")
    return redirect(request, "/", flash="Du har tackat nej till inbjudan.")
