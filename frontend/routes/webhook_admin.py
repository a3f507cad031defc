"""One webhook in the admin pages: its deliveries, and re-enable, change, new secret, resend."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.dates import date_time
from frontend.deps import CurrentMe, Me, UserApi
from frontend.routes.admin import admin_organisation
from frontend.routes.integrations import (
    ALL_EVENTS,
    HOME,
    _chosen,
    _secret_page,
    _url_error,
    _webhook,
)
from frontend.web import redirect, render
from frontend.workflow import LABELS

router = APIRouter()
DEFAULT_OVERLAP = "24"
OVERLAP_CHOICES = {"24": "24 timmar (rekommenderas)", "1": "1 timme", "168": "7 dygn",
                   "0": "Bara den nya nyckeln, från och med nu"}
STALE = ("Någon annan har ändrat webhooken medan du hade sidan öppen. Här är den som den ser "
         "ut nu; gör din ändring igen.")


def _here(webhook_id: uuid.UUID, organisation_id: str) -> str:
    return f"{HOME}/webhooks/{webhook_id}?organisation={organisation_id}"


async def _page(request: Request, api: Api, me: Me, webhook_id: uuid.UUID, *,
                status_code: int = 200, errors: dict[str, str] | None = None,
                values: dict[str, Any] | None = None) -> Response:
    organisation_id = admin_organisation(me, request)
    hook = await _webhook(api, webhook_id)
    status = request.query_params.get("status", "")
    status = status if status in LABELS["outbox_status"] else ""
    deliveries = (await api.get(f"/webhooks/{webhook_id}/deliveries", status=status or None,
                                limit=100))["items"]
    return render(request, "admin/webhook.html", status_code=status_code,
                  title="Leveranser – Webhook", webhook=hook, deliveries=deliveries,
                  status=status, organisation_id=organisation_id,
                  back=f"{HOME}?organisation={organisation_id}", errors=errors or {},
                  values=values or {"url": hook["url"], "events": hook["events"]},
                  events=LABELS["event_type"]
                  | {ALL_EVENTS: "Alla händelser, även nya som tillkommer"})


@router.get(f"{HOME}/webhooks/{{webhook_id}}")
async def webhook_page(request: Request, webhook_id: uuid.UUID, api: UserApi,
                       me: CurrentMe) -> Response:
    return await _page(request, api, me, webhook_id)


def _version(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


@router.post(f"{HOME}/webhooks/{{webhook_id}}/aktivera")
async def enable_webhook(request: Request, webhook_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    version = _version((await request.form()).get("version"))
    try:
        await api.request("PATCH", f"/webhooks/{webhook_id}", json={"active": True},
                          version=version)
    except ApiError as exc:
        if exc.status not in (409, 428):
            raise
        return redirect(request, _here(webhook_id, organisation_id), flash=STALE)
    return redirect(request, _here(webhook_id, organisation_id),
                    flash="Webhooken är aktiv igen. Nya händelser skickas dit.")


@router.post(f"{HOME}/webhooks/{{webhook_id}}/andra")
async def change_webhook(request: Request, webhook_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    form = await request.form()
    chosen = _chosen(form, "events", LABELS["event_type"])
    values = {"url": str(form.get("url", "")).strip(), "events": chosen}
    errors: dict[str, str] = {}
    if not values["url"]:
        errors["edit-url"] = "Skriv adressen som händelserna ska skickas till."
    if not chosen:
        errors["edit-events"] = "Välj minst en händelse, eller alla händelser."
    if not errors:
        events = [ALL_EVENTS] if ALL_EVENTS in chosen else chosen
        try:
            await api.request("PATCH", f"/webhooks/{webhook_id}",
                              json={"url": values["url"], "events": events},
                              version=_version(form.get("version")))
        except ApiError as exc:
            if exc.status in (409, 428):
                return redirect(request, _here(webhook_id, organisation_id), flash=STALE)
            if exc.status != 422:
                raise
            errors = {"edit-events" if f.startswith("events") else "edit-url":
                      "Välj händelser i listan." if f.startswith("events")
                      else _url_error(m) for f, m in exc.errors.items()}
            errors = errors or {"edit-url": _url_error(exc.detail)}
        else:
            return redirect(request, _here(webhook_id, organisation_id),
                            flash="Ändringarna av webhooken är sparade.")
    return await _page(request, api, me, webhook_id, status_code=422, errors=errors,
                       values=values)


@router.get(f"{HOME}/webhooks/{{webhook_id}}/ny-nyckel")
async def confirm_new_secret(request: Request, webhook_id: uuid.UUID, api: UserApi,
                             me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    hook = await _webhook(api, webhook_id)
    choice = {"name": "overlap_hours", "id": "overlap-hours", "options": OVERLAP_CHOICES,
              "value": DEFAULT_OVERLAP,
              "label": "Hur länge ska leveranserna signeras även med den gamla nyckeln?",
              "hint": "Under den tiden godtar mottagaren leveranserna med vilken av nycklarna "
                      "den än har, så att den hinner byta."}
    return render(request, "admin/confirm.html", title="Byt signeringsnyckel",
                  heading="Byt signeringsnyckel",
                  question=f"Skapa en ny signeringsnyckel för webhooken till {hook['url']}?",
                  button="Ja, skapa en ny nyckel", back=_here(webhook_id, organisation_id),
                  choice=choice,
                  action=f"{HOME}/webhooks/{webhook_id}/ny-nyckel?organisation={organisation_id}")


@router.post(f"{HOME}/webhooks/{{webhook_id}}/ny-nyckel")
async def new_secret(request: Request, webhook_id: uuid.UUID, api: UserApi,
                     me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    chosen = str((await request.form()).get("overlap_hours", DEFAULT_OVERLAP))
    hours = int(chosen if chosen in OVERLAP_CHOICES else DEFAULT_OVERLAP)
    hook = await api.post(f"/webhooks/{webhook_id}/rotate-secret", {"overlap_hours": hours})
    overlap = ("Leveranserna signeras bara med den nya nyckeln från och med nu." if not hours
               else "Leveranserna signeras med både den nya och den gamla nyckeln till och med "
               f"{date_time(hook['previous_secret_expires_at'])}.")
    return _secret_page(request, organisation_id, heading="Ny signeringsnyckel",
                        lead=f"{overlap} Lägg in den nya nyckeln hos mottagaren.",
                        fields=[("Signeringsnyckel", "webhook-secret", hook["secret"])])


@router.post(f"{HOME}/webhooks/{{webhook_id}}/leveranser/{{delivery_id}}/skicka-igen")
async def resend(request: Request, webhook_id: uuid.UUID, delivery_id: uuid.UUID,
                 api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    try:
        await api.post(f"/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver")
    except ApiError as exc:
        if exc.status != 409:
            raise
        return redirect(request, _here(webhook_id, organisation_id),
                        flash="Webhooken är avstängd. Aktivera den först.")
    return redirect(request, _here(webhook_id, organisation_id),
                    flash="Händelsen skickas igen inom någon minut.")
