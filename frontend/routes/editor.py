"""The contact person's report editor: full-page form posts, with htmx for the rows."""

import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from frontend import dates
from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.numbers import whole_number
from frontend.report_form import (
    ReportDraft,
    activity_errors,
    api_errors,
    blank_activity,
    draft_from_content,
    draft_from_form,
    local_errors,
    to_content,
)
from frontend.reports import history, last_return, strategic_areas
from frontend.web import HTML_HEADERS, environment, page_context, redirect, render
from frontend.workflow import label

router = APIRouter()


@router.get("/rapporter/{report_id}/redigera")
async def edit(request: Request, report_id: uuid.UUID, api: UserApi, me: CurrentMe) -> Response:
    report = await api.get(f"/reports/{report_id}")
    if not report["can_edit"]:
        return redirect(request, f"/rapporter/{report_id}")
    return await _editor(request, api, report, draft_from_content(report["content"]),
                         version=report["version"])


@router.post("/rapporter/{report_id}/redigera")
async def save(request: Request, report_id: uuid.UUID, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    report = await api.get(f"/reports/{report_id}")
    draft, op, version = draft_from_form(form), str(form.get("op", "save")), _version(form)
    if op.split(":")[0] in ("add", "edit", "done", "remove"):
        focus = _apply_row_op(draft, op)
        return await _editor(request, api, report, draft, version=version, dirty=True,
                             focus=focus)
    if op == "restore":
        return await _restore(request, api, me, report, draft, version)
    errors = local_errors(draft)
    if errors:
        return await _invalid(request, api, report, draft, version, errors)
    try:
        saved = await api.put(f"/reports/{report_id}/content", to_content(draft), version=version)
    except ApiError as exc:
        if exc.status == 409:
            return await _conflict(request, api, me, draft, str(report_id))
        if exc.status == 422:
            return await _invalid(request, api, report, draft, version,
                                  api_errors(exc.errors, draft))
        raise
    if op != "send":
        return _saved(redirect(request, f"/rapporter/{report_id}/redigera",
                               flash="Utkastet är sparat."), str(report_id))
    return _saved(await _send(request, api, me, saved.data, draft), str(report_id))


def _saved(response: Response, report_id: str) -> Response:
    """Tells the page's script that the text it keeps in the browser is safely stored."""
    if response.status_code < 400:
        response.headers["HX-Trigger"] = json.dumps({"samordna:saved": report_id})
    return response


async def _restore(request: Request, api: Api, me: Me, report: dict[str, Any],
                   draft: ReportDraft, version: int) -> Response:
    """The text the browser kept (after a timeout, an outage or a closed page) shown again
    in the editor, unsaved; if the report changed since, as a conflict."""
    if version != report["version"] or not report["can_edit"]:
        return await _conflict(request, api, me, draft, report["id"], restored=True)
    return await _editor(request, api, report, draft, version=version, dirty=True,
                         restored=True)


async def _send(request: Request, api: Api, me: Me, report: dict[str, Any],
                draft: ReportDraft) -> Response:
    try:
        await api.post(f"/reports/{report['id']}/transitions",
                       {"action": "send_to_committee"}, version=report["version"])
    except ApiError as exc:
        if exc.status == 422:
            return await _invalid(
                request, api, report, draft, report["version"], api_errors(exc.errors, draft),
                notice="Utkastet är sparat, men rapporten kan inte skickas till nämnden förrän "
                       "uppgifterna nedan är ifyllda.")
        if exc.status == 409:
            return await _conflict(request, api, me, draft, report["id"])
        raise
    return redirect(request, f"/rapporter/{report['id']}",
                    flash="Rapporten är skickad till nämnden. Nämnden godkänner den eller "
                          "skickar tillbaka den till dig.")


@router.post("/rapporter/{report_id}/aktivitet")
async def activity_row(request: Request, report_id: uuid.UUID, api: UserApi,
                       me: CurrentMe) -> Response:
    """htmx: add, edit, finish or remove one row; the rest of the form stays as typed."""
    form = await request.form()
    draft, op = draft_from_form(form), str(form.get("op", ""))
    report = await api.get(f"/reports/{report_id}")
    if not report["can_edit"]:
        return redirect(request, f"/rapporter/{report_id}")
    verb, _, key = op.partition(":")
    if verb == "remove":
        return _fragment(request, None, report, draft, {}, None, "Aktiviteten är borttagen.",
                         focus="#add-activity")
    if verb == "add":
        activity = blank_activity()
        return _fragment(request, activity, report, draft, {},
                         await strategic_areas(api, report["organisation_id"]),
                         "En ny aktivitet är tillagd.", focus=f"#{activity.id('title')}")
    activity = draft.activity(key)
    if activity is None:
        return HTMLResponse("", status_code=404, headers=HTML_HEADERS)
    errors = activity_errors(activity) if verb == "done" else {}
    if verb == "done" and not activity["title"]:
        errors[activity.id("title")] = "Skriv vad aktiviteten heter."
    activity.editing = verb == "edit" or bool(errors)
    focus = f"#{next(iter(errors))}" if errors else (
        f"#{activity.id('title')}" if activity.editing else f"#{activity.id('edit')}")
    return _fragment(request, activity, report, draft, errors,
                     await strategic_areas(api, report["organisation_id"]),
                     "Rätta uppgifterna i aktiviteten." if errors else "Osparade ändringar.",
                     focus=focus)


def _fragment(request: Request, activity: Any, report: dict[str, Any], draft: ReportDraft,
              errors: dict[str, str], areas: dict[str, str] | None, announce: str,
              focus: str) -> HTMLResponse:
    html = environment.get_template("reports/activity_fragment.html").render(page_context(
        request, activity=activity, report=report, errors=errors, areas=areas,
        announce=announce))
    headers = {**HTML_HEADERS, "HX-Trigger-After-Settle": f'{{"samordna:focus": "{focus}"}}'}
    return HTMLResponse(html, headers=headers)


def _version(form: FormData) -> int:
    value = str(form.get("version", ""))
    return whole_number(value) or 0


def _apply_row_op(draft: ReportDraft, op: str) -> str:
    verb, _, key = op.partition(":")
    if verb == "add":
        activity = blank_activity()
        draft.activities.append(activity)
        return activity.id("title")
    target = draft.activity(key)
    if target is None:
        return "activities"
    if verb == "remove":
        draft.activities.remove(target)
        return "add-activity"
    target.editing = verb == "edit" or bool(activity_errors(target))
    return target.id("title") if target.editing else target.id("edit")


async def _invalid(request: Request, api: Api, report: dict[str, Any], draft: ReportDraft,
                   version: int, errors: dict[str, str], notice: str | None = None) -> Response:
    for activity in draft.activities:
        if any(k.startswith(f"a-{activity.key}-") for k in errors):
            activity.editing = True
    return await _editor(request, api, report, draft, version=version, errors=errors,
                         dirty=True, notice=notice, status=422)


async def _conflict(request: Request, api: Api, me: Me, draft: ReportDraft,
                    report_id: str, restored: bool = False) -> Response:
    """409: keep every word the user typed; say why; let them save over it knowingly."""
    current = await api.get(f"/reports/{report_id}")
    if current["can_edit"]:
        notice = ("Någon annan sparade rapporten " + dates.date_time(current["updated_at"]) +
                  ", efter att du öppnade den. Dina ändringar är inte sparade, men all din text "
                  "finns kvar nedan. Jämför med den sparade versionen och spara igen för att "
                  "ersätta den med din.")
    else:
        notice = ("Rapporten kan inte ändras längre eftersom den har status "
                  f"”{label('report_state', current['state'])}”. Dina ändringar är inte "
                  "sparade, men din text finns kvar nedan så att du kan kopiera den.")
    return await _editor(request, api, current, draft, version=current["version"], dirty=True,
                         notice=notice, conflict=current["content"], status=409,
                         can_save=current["can_edit"], restored=restored)


async def _editor(request: Request, api: Api, report: dict[str, Any], draft: ReportDraft, *,
                  version: int, errors: dict[str, str] | None = None, dirty: bool = False,
                  notice: str | None = None, conflict: dict | None = None, status: int = 200,
                  can_save: bool = True, focus: str | None = None,
                  restored: bool = False) -> Response:
    returned = last_return(await history(api, report["id"])) \
        if report["state"] == "returned" else None
    return render(request, "reports/editor.html", status_code=status,
                  title=f"Rapport för {report['unit_name']} {report['cycle_label']}",
                  report=report, draft=draft, version=version, errors=errors or {},
                  dirty=dirty, notice=notice, conflict=conflict, can_save=can_save,
                  focus=focus, returned=returned, restored=restored,
                  keepalive_seconds=request.state.sessions.keepalive_seconds,
                  areas=await strategic_areas(api, report["organisation_id"]),
                  days=dates.days_left(report["due_on"]))
