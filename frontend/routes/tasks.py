"""Mina uppgifter: the start page."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.deps import CurrentMe, UserApi
from frontend.tasks import desk
from frontend.web import render

router = APIRouter()


@router.get("/")
async def my_tasks(request: Request, api: UserApi, me: CurrentMe) -> Response:
    tasks = await desk(api, me)
    return render(request, "tasks/index.html", title="Mina uppgifter", tasks=tasks,
                  overdue=sum(t.overdue for t in tasks),
                  several_organisations=len(me.organisations) > 1)
