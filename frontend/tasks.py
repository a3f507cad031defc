"""Mina uppgifter: everything on the signed-in person's desk, across units and organisations.

Uses GET /me/tasks when the API offers it; until then derives the same list from
/me, /cycles and each open cycle's reports (whose desk a report is on is `owner_role`).
"""

from dataclasses import dataclass
from typing import Any

from frontend import dates
from frontend.api import Api, ApiError
from frontend.deps import Me

REPORT_NEXT_STEP = {
    "draft": "Fyll i rapporten och skicka den till nämnden",
    "returned": "Komplettera rapporten och skicka den till nämnden igen",
    "committee_review": "Godkänn rapporten eller skicka tillbaka den",
    "committee_approved": "Lämna in rapporten till EU-samordnaren",
    "submitted": "Granska rapporten",
}
CYCLE_NEXT_STEP = {
    "planned": "Kontrollera tidsplanen och öppna omgången",
    "open": "Sammanställ omgången",
    "compiled": "Anta sammanställningen eller skicka tillbaka den",
}


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
    return f"/rapporter/{identifier}/redigera" if state in ("draft", "returned") \
        else f"/rapporter/{identifier}"


def task_of(item: dict[str, Any], me: Me) -> Task:
    kind, state = item["kind"], item["state"]
    steps = CYCLE_NEXT_STEP if kind == "cycle" else REPORT_NEXT_STEP
    title = item.get("title") or (f"Rapporteringsomgång {item.get('cycle_label')}"
                                  if kind == "cycle" else f"Rapport från {item.get('unit_name')}")
    return Task(kind=kind, id=str(item["id"]), title=title,
                unit_name=item.get("unit_name"), cycle_label=item.get("cycle_label") or "",
                state=state, due_on=item.get("due_on"),
                days_left=dates.days_left(item.get("due_on")),
                next_step=steps.get(state, "Öppna"), url=_url(kind, state, str(item["id"])),
                organisation_name=me.organisations.get(str(item.get("organisation_id"))))


async def desk(api: Api, me: Me) -> list[Task]:
    try:
        items = (await api.get("/me/tasks"))["items"]
    except ApiError as exc:
        if exc.status not in (404, 405):
            raise
        items = await _derived(api, me)
    tasks = [task_of(item, me) for item in items]
    return sorted(tasks, key=lambda t: (t.days_left is None, t.days_left or 0, t.title))


async def _derived(api: Api, me: Me) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for cycle in await api.get_all("/cycles"):
        roles = me.roles_in(cycle["organisation_id"])
        reports: list[dict[str, Any]] = []
        if cycle["state"] == "open" and roles & {"coordinator", "contact_person", "committee"}:
            reports = await api.get_all(f"/cycles/{cycle['id']}/reports")
            items += [_report_item(r, cycle) for r in reports if _on_my_desk(r, me, roles)]
        items += _cycle_items(cycle, roles, reports)
    return items


def _on_my_desk(report: dict[str, Any], me: Me, roles: set[str]) -> bool:
    owner = report.get("owner_role")
    if owner == "coordinator":
        return "coordinator" in roles
    return owner in ("contact_person", "committee") and report["unit_id"] in me.unit_roles(owner)


def _report_item(report: dict[str, Any], cycle: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "report", "id": report["id"], "title": f"Rapport från {report['unit_name']}",
            "unit_name": report["unit_name"], "cycle_label": cycle["label"],
            "state": report["state"], "due_on": report.get("due_on")}


def _cycle_items(cycle: dict[str, Any], roles: set[str],
                 reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    state = cycle["state"]
    settled = bool(reports) and all(r["state"] in ("accepted", "exempted") for r in reports)
    mine = ("coordinator" in roles and (state == "planned" or (state == "open" and settled))) \
        or ("council" in roles and state == "compiled")
    if not mine:
        return []
    due = {"planned": cycle["draft_due"], "open": cycle["council_due"],
           "compiled": cycle["council_due"]}[state]
    return [{"kind": "cycle", "id": cycle["id"], "title": f"Rapporteringsomgång {cycle['label']}",
             "unit_name": None, "cycle_label": cycle["label"], "state": state, "due_on": due}]
