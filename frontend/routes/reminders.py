"""Påminnelser: the organisation's reminder policy, the outbox, and "Påminn nu" on a report."""

import math
import re
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.numbers import whole_number
from frontend.routes.admin import admin_organisation
from frontend.web import redirect, render
from frontend.workflow import LABELS

router = APIRouter()

POLICY_FIELDS = ("days_before", "repeat_days", "escalation_after_days")
STALE = ("Någon annan ändrade påminnelserna medan du arbetade. Det du skrev finns kvar i "
         "formuläret; jämför med det som är sparat nu och spara igen.")


def policy_text(policy: dict[str, Any]) -> str:
    """'14, 3 och 0 dagar före sista dagen, sedan var 7:e dag; EU-samordnaren efter 1 dag.'"""
    steps = [str(d) for d in policy["days_before"]]
    before = (" och ".join([", ".join(steps[:-1]), steps[-1]]) if len(steps) > 1
              else (steps[0] if steps else ""))
    first = f"{before} dagar före sista dagen" if steps else "Inga påminnelser före sista dagen"
    repeat, escalate = policy["repeat_days"], policy["escalation_after_days"]
    every = "varje dag" if repeat == 1 else f"var {repeat}:e dag"
    when = ("samma dag som sista dagen passerar" if escalate == 0 else
            f"{escalate} {'dag' if escalate == 1 else 'dagar'} efter sista dagen")
    return (f"{first}, sedan {every} så länge rapporten är försenad. EU-samordnaren får veta "
            f"det {when}.")


def _policy_values(policy: dict[str, Any]) -> dict[str, str]:
    return {"days_before": ", ".join(str(d) for d in policy["days_before"]),
            "repeat_days": str(policy["repeat_days"]),
            "escalation_after_days": str(policy["escalation_after_days"])}


def _whole_days(text: str) -> int | None:
    return whole_number(text, max_digits=3)


def _parse(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's text as the API's numbers, and what cannot even be read as numbers."""
    errors: dict[str, str] = {}
    steps = [s for s in re.split(r"[\s,;]+", values["days_before"]) if s]
    days = [_whole_days(s) for s in steps]
    if any(d is None for d in days):
        errors["days_before"] = ("Skriv hela dagar åtskilda med kommatecken, till exempel "
                                 "14, 3, 0.")
    body: dict[str, Any] = {"days_before": days}
    for name in ("repeat_days", "escalation_after_days"):
        body[name] = _whole_days(values[name])
        if body[name] is None:
            errors[name] = "Skriv ett helt antal dagar med siffror, till exempel 7."
    return body, errors


def _swedish(name: str, message: str) -> str:
    text = message.lower()
    if name == "days_before":
        if "distinct" in text:
            return "Samma dag står flera gånger. Ange varje dag bara en gång."
        if "at most" in text:
            return "Ange högst 10 påminnelser före sista dagen."
        return "Varje påminnelse ska vara ett helt antal dagar från 0 till 90."
    if name == "repeat_days":
        return "Upprepningen ska vara ett helt antal dagar från 1 till 60."
    return "Ange ett helt antal dagar från 0 till 60."


async def _outbox(api: Api, organisation_id: str, status: str) -> list[dict[str, Any]]:
    return list((await api.get("/outbox", organisation_id=organisation_id,
                               status=status or None, limit=100))["items"])


async def _webhook_urls(api: Api, organisation_id: str) -> dict[str, str]:
    """Webhook deliveries name their webhook by id; the admin reads its URL."""
    try:
        hooks = await api.get_all("/webhooks", organisation_id=organisation_id)
    except ApiError as exc:
        if exc.status in (403, 404):
            return {}
        raise
    return {str(h["id"]): str(h["url"]) for h in hooks}


async def _page(request: Request, api: Api, me: Me, *, status_code: int = 200,
                values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                stale: bool = False) -> Response:
    organisation_id = admin_organisation(me, request)
    answer = await api.request("GET", f"/organisations/{organisation_id}/reminder-policy")
    policy = answer.data
    status = request.query_params.get("status", "")
    status = status if status in LABELS["outbox_status"] else ""
    return render(request, "admin/reminders.html", status_code=status_code,
                  title="Påminnelser – Administration",
                  organisation_id=organisation_id,
                  organisation=me.organisations[organisation_id], policy=policy,
                  summary=policy_text(policy), version=policy["version"],
                  values=values or _policy_values(policy), errors=errors or {},
                  stale=STALE if stale else "",
                  status=status, messages=await _outbox(api, organisation_id, status),
                  webhook_urls=await _webhook_urls(api, organisation_id))


@router.get("/admin/paminnelser")
async def reminders_page(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me)


@router.post("/admin/paminnelser")
async def save_policy(request: Request, api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in POLICY_FIELDS}
    body, errors = _parse(values)
    version = str(form.get("version", ""))
    if not errors:
        try:
            await api.put(f"/organisations/{organisation_id}/reminder-policy", body,
                          version=whole_number(version))
            return redirect(request, "/admin/paminnelser", flash="Påminnelserna är sparade.")
        except ApiError as exc:
            if exc.status == 409:
                return await _page(request, api, me, status_code=409, values=values,
                                   stale=True)
            if exc.status != 422:
                raise
            errors = {}
            for field, message in exc.errors.items():  # "days_before.2" is days_before's
                name = field.split(".")[0]
                if name in POLICY_FIELDS:
                    errors.setdefault(name, _swedish(name, message))
            errors = errors or {"days_before": "Kontrollera uppgifterna."}
    return await _page(request, api, me, status_code=422, values=values, errors=errors)


def _reminded(report: dict[str, Any], queued: int) -> str:
    owner = report.get("owner_role") or ""
    one = LABELS["role_holder"].get(owner, "ansvarig")
    several = LABELS["role_holders"].get(owner, "ansvariga")
    if queued == 0:
        return (f"Ingen påminnelse skickades: ingen aktiv användare har ansvaret för "
                f"{report['unit_name']} just nu. Lägg till en under Administration.")
    who = one if queued == 1 else f"{several} ({queued} personer)"
    return f"Påminnelsen skickas till {who} för {report['unit_name']}."


def _wait_text(seconds: int | None) -> str:
    minutes = max(1, math.ceil(seconds / 60)) if seconds else None
    when = (f"om {minutes} {'minut' if minutes == 1 else 'minuter'}" if minutes
            else "om en stund")
    return ("En påminnelse skickades redan för mindre än en timme sedan. "
            f"Försök igen {when}.")


@router.post("/omgangar/{cycle_id}/rapporter/{report_id}/paminn")
async def remind_now(request: Request, cycle_id: uuid.UUID, report_id: uuid.UUID,
                     api: UserApi, me: CurrentMe) -> Response:
    """Påminn nu: the API queues an e-mail to whoever holds the report's desk."""
    report = await api.get(f"/reports/{report_id}")
    back = f"/omgangar/{cycle_id}"
    try:
        queued = (await api.post(f"/reports/{report_id}/reminders"))["queued"]
    except ApiError as exc:
        if exc.status == 429:
            return redirect(request, back, flash=_wait_text(exc.retry_after))
        if exc.status == 409:
            return redirect(request, back, flash=(
                f"Rapporten från {report['unit_name']} väntar inte på någon just nu, så "
                "ingen påminnelse skickades."))
        raise
    return redirect(request, back, flash=_reminded(report, int(queued)))
