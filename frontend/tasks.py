"""Mina uppgifter: everything on the signed-in person's desk, across units and organisations
(GET /me/tasks), with the next step in the workflow's words."""

from dataclasses import dataclass
from typing import Any

from frontend import dates
from frontend.api import Api
from frontend.deps import Me
from frontend.workflow import LABELS, state_codes


@dataclass(frozen=True)
class Task:
    kind: str
    id: str
    title: str
    unit_name: str | None
    cycle_label: str
    state: str
    due_on: str | None
    days_left: int | None
    next_step: str
    url: str
    organisation_name: str | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def _url(kind: str, state: str, identifier: str) -> str:
    if kind == "cycle":
        suffix = "/sammanstallning" if state == "compiled" else ""
        return f"/omgangar/{identifier}{suffix}"
    return f"/rapporter/{identifier}/redigera" if state in state_codes("report", editable=True) \
        else f"/rapporter/{identifier}"


def task_of(item: dict[str, Any], me: Me) -> Task:
    kind, state = item["kind"], item["state"]
    steps = LABELS.get(f"{kind}_next_step", {})
    title = item.get("title") or (f"Rapporteringsomgång {item.get('cycle_label')}"
                                  if kind == "cycle" else f"Rapport från {item.get('unit_name')}")
    return Task(kind=kind, id=str(item["id"]), title=title,
                unit_name=item.get("unit_name"), cycle_label=item.get("cycle_label") or "",
                state=state, due_on=item.get("due_on"),
                days_left=dates.days_left(item.get("due_on")),
                next_step=steps.get(state, "Öppna"), url=_url(kind, state, str(item["id"])),
                organisation_name=me.organisations.get(str(item.get("organisation_id"))))


async def desk(api: Api, me: Me) -> list[Task]:
    items = (await api.get("/me/tasks"))["items"]
    tasks = [task_of(item, me) for item in items]
    return sorted(tasks, key=lambda t: (t.days_left is None, t.days_left or 0, t.title))
