"""A report: read-only view, the actions this person may take, history, review changes."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from frontend import countries, dates
from frontend.api import Api, ApiError
from frontend.changes import since_last_return
from frontend.deps import CurrentMe, Me, UserApi
from frontend.numbers import whole_number
from frontend.report_form import swedish_message
from frontend.reports import history
from frontend.web import redirect, render
from frontend.workflow import label, needs

router = APIRouter()

# Irreversible steps are confirmed on a page of their own (works without JavaScript).
CONFIRM = {"accept": "Godta rapporten? Den räknas då in i sammanställningen och kan bara "
                     "öppnas igen av EU-samordnaren."}
DONE = {
    "send_to_committee": "Rapporten är skickad till nämnden.",
    "approve": "Rapporten är godkänd. Kontaktpersonen kan nu lämna in den till EU-samordnaren.",
    "return": "Rapporten är skickad tillbaka med din kommentar.",
    "submit": "Rapporten är inlämnad till EU-samordnaren.",
    "accept": "Rapporten är godtagen.",
    "reopen": "Rapporten är öppnad igen och skickad tillbaka till kontaktpersonen.",
    "exempt": "Enheten är undantagen från rapporteringen i år.",
    "unexempt": "Undantaget är hävt; rapporten är ett utkast igen.",
}


@router.get("/rapporter/{report_id}")
async def view(request: Request, report_id: uuid.UUID, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me, str(report_id))


async def _page(request: Request, api: Api, me: Me, report_id: str, *, status: int = 200,
                errors: dict[str, str] | None = None, failed: str | None = None,
                values: dict[str, str] | None = None, notice: str | None = None) -> Response:
    report = await api.get(f"/reports/{report_id}")
    actions = report["actions"]
    items = await history(api, report_id, with_content=True)
    returned, changed = since_last_return(items, report["content"])
    return render(request, "reports/view.html", status_code=status,
                  title=f"Rapport från {report['unit_name']} {report['cycle_label']}",
                  report=report, actions=actions, history=items, returned=returned,
                  changed=changed, can_edit=report["can_edit"],
                  can_extend=report["can_extend"],
                  errors=errors or {}, failed=failed, values=values or {}, notice=notice,
                  days=dates.days_left(report["due_on"]), country_names=countries.names())


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.post("/rapporter/{report_id}/atgard")
async def act(request: Request, report_id: uuid.UUID, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    action = _field(form, "action")
    values = {name: _field(form, name)
              for name in ("comment", "decision_ref", "reason", *needs("report", action))}
    version = _field(form, "version")
    missing = {f"action-{action}-{f}": swedish_message(f, "required")
               for f in needs("report", action) if f in values and not values[f]}
    if missing:
        return await _page(request, api, me, str(report_id), status=422, errors=missing,
                           failed=action, values=values)
    if action in CONFIRM and _field(form, "confirmed") != "1":
        report = await api.get(f"/reports/{report_id}")
        return render(request, "reports/confirm.html", title="Bekräfta", report=report,
                      action=action, question=CONFIRM[action], version=version)
    body: dict[str, Any] = {"action": action, **{k: v for k, v in values.items() if v}}
    try:
        await api.post(f"/reports/{report_id}/transitions", body,
                       version=whole_number(version))
    except ApiError as exc:
        return await _refused(request, api, me, str(report_id), exc, action, values)
    return redirect(request, f"/rapporter/{report_id}", flash=DONE.get(action, "Klart."))


async def _refused(request: Request, api: Api, me: Me, report_id: str, exc: ApiError,
                   action: str, values: dict[str, str]) -> Response:
    if exc.status == 409:
        return await _page(request, api, me, report_id, status=409, failed=action,
                           values=values, notice="Rapporten har ändrats sedan du öppnade sidan, "
                           "så åtgärden genomfördes inte. Här är rapporten som den ser ut nu.")
    if exc.status == 422:
        errors = {f"action-{action}-{f}": swedish_message(f.split(".")[-1], m)
                  for f, m in exc.errors.items()}
        return await _page(request, api, me, report_id, status=422, failed=action,
                           values=values, errors=errors, notice=(
                               "Rapporten är inte komplett: " + ", ".join(
                                   label("field", f.split(".")[-1]) for f in exc.errors))
                           if action == "send_to_committee" else None)
    raise exc


@router.post("/rapporter/{report_id}/forlangning")
async def extend(request: Request, report_id: uuid.UUID, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    values = {"due_on": _field(form, "due_on"), "reason": _field(form, "reason")}
    errors = {f"action-extend-{f}": swedish_message(f, "required")
              for f, v in values.items() if not v}
    if not errors:
        try:
            await api.post(f"/reports/{report_id}/extensions", values)
            return redirect(request, f"/rapporter/{report_id}",
                            flash=f"Ny sista dag: {dates.long_date(values['due_on'])}.")
        except ApiError as exc:
            if exc.status not in (409, 422):
                raise
            errors = {f"action-extend-{f}": "Det nya datumet måste vara senare än det nuvarande."
                      if f == "due_on" and "between" not in m else swedish_message(f, m)
                      for f, m in exc.errors.items()}
            errors = errors or {"action-extend-due_on":
                                "Tiden kan inte förlängas i rapportens nuvarande läge."}
    return await _page(request, api, me, str(report_id), status=422, failed="extend",
                       values=values, errors=errors)
