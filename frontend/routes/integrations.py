"""Integrationer: service accounts (client credentials) and webhooks, through the admin API."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from frontend.api import Api, ApiError
from frontend.dates import date_time
from frontend.deps import CurrentMe, Me, UserApi
from frontend.routes.admin import admin_organisation
from frontend.web import redirect, render
from frontend.workflow import LABELS

router = APIRouter()
HOME = "/admin/integrationer"
ALL_EVENTS = "*"
DEFAULT_GRACE = "24"
GRACE_CHOICES = {"24": "24 timmar (rekommenderas)", "1": "1 timme", "168": "7 dygn",
                 "0": "Den slutar fungera direkt"}


async def _page(request: Request, api: Api, me: Me, *, status_code: int = 200,
                errors: dict[str, str] | None = None,
                values: dict[str, Any] | None = None) -> Response:
    organisation_id = admin_organisation(me, request)
    accounts = await api.get_all("/service-accounts", organisation_id=organisation_id)
    hooks = await api.get_all("/webhooks", organisation_id=organisation_id)
    return render(request, "admin/integrations.html", status_code=status_code,
                  title="Integrationer – Administration", organisation_id=organisation_id,
                  organisation=me.organisations[organisation_id],
                  accounts=sorted(accounts, key=lambda a: (not a["active"], a["name"].lower())),
                  webhooks=hooks, scopes=LABELS["scope"],
                  events=LABELS["event_type"] | {
                      ALL_EVENTS: "Alla händelser, även nya som tillkommer"},
                  errors=errors or {}, values=values or {"scopes": [], "events": []})


@router.get(HOME)
async def integrations_page(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me)


def _back(organisation_id: str) -> str:
    return f"{HOME}?organisation={organisation_id}"


def _chosen(form: FormData, name: str, allowed: dict[str, str]) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v in allowed]


def _secret_page(request: Request, organisation_id: str, *, heading: str, lead: str,
                 fields: list[tuple[str, str, str]], status_code: int = 200) -> Response:
    """A credential shown once: the API keeps only a hash (or will not show it again)."""
    return render(request, "admin/secret.html", status_code=status_code, title=heading,
                  heading=heading, lead=lead, fields=fields, back=_back(organisation_id))


# --- service accounts -------------------------------------------------------------------------

@router.post(f"{HOME}/tjanstekonton")
async def create_account(request: Request, api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    form = await request.form()
    values = {"name": str(form.get("name", "")).strip(),
              "scopes": _chosen(form, "scopes", LABELS["scope"])}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["account-name"] = ("Skriv ett namn på tjänstekontot, till exempel "
                                  "diariesystemets namn.")
    if not values["scopes"]:
        errors["account-scopes"] = "Välj minst en behörighet."
    if not errors:
        try:
            account = await api.post("/service-accounts",
                                     {**values, "organisation_id": organisation_id})
        except ApiError as exc:
            if exc.status not in (409, 422):
                raise
            errors = {"account-scopes" if "scope" in f else "account-name":
                      "Kontrollera behörigheterna." if "scope" in f
                      else "Namnet får vara högst 200 tecken." for f in exc.errors}
            errors = errors or {"account-name": "Tjänstekontot kunde inte skapas. "
                                                "Kontrollera uppgifterna."}
        else:
            return _secret_page(
                request, organisation_id, status_code=201,
                heading=f"Tjänstekontot {account['name']} är skapat",
                lead="Ge klient-id och hemlighet till den som kopplar in systemet. Systemet "
                     "hämtar en åtkomsttoken med dem (OAuth 2 client credentials).",
                fields=[("Klient-id", "client-id", account["client_id"]),
                        ("Hemlighet", "client-secret", account["client_secret"])])
    return await _page(request, api, me, status_code=422, errors=errors,
                       values={**values, "events": []})


async def _account(api: Api, account_id: uuid.UUID) -> dict[str, Any]:
    return dict(await api.get(f"/service-accounts/{account_id}"))


@router.get(f"{HOME}/tjanstekonton/{{account_id}}/{{what}}")
async def confirm_account(request: Request, account_id: uuid.UUID, what: str, api: UserApi,
                          me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    account = await _account(api, account_id)
    questions = {
        "forny": ("Förnya hemligheten", f"Skapa en ny hemlighet för {account['name']}? Den "
                  "gamla kan fortsätta fungera en tid, så att systemet hinner byta till den "
                  "nya utan avbrott.", "Ja, förnya hemligheten"),
        "aterkalla": ("Återkalla tjänstekontot", f"Återkalla {account['name']} för gott? "
                      "Systemet kan inte längre hämta eller skicka data. Kontot finns kvar i "
                      "listan för spårbarhetens skull men kan inte aktiveras igen.",
                      "Ja, återkalla kontot"),
    }
    if what not in questions or not account["active"]:
        return redirect(request, _back(organisation_id))
    heading, question, button = questions[what]
    choice = None
    if what == "forny":
        choice = {"name": "grace_hours", "id": "grace-hours", "options": GRACE_CHOICES,
                  "value": DEFAULT_GRACE, "label": "Hur länge ska den gamla hemligheten fungera?",
                  "hint": "Åtkomsttoken som redan hämtats med den gamla hemligheten fungerar "
                          "också så länge, utom om den slutar fungera direkt."}
    return render(request, "admin/confirm.html", title=heading, heading=heading,
                  question=question, button=button, back=_back(organisation_id), choice=choice,
                  action=f"{HOME}/tjanstekonton/{account_id}/{what}"
                         f"?organisation={organisation_id}")


@router.post(f"{HOME}/tjanstekonton/{{account_id}}/forny")
async def rotate_account(request: Request, account_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    chosen = str((await request.form()).get("grace_hours", DEFAULT_GRACE))
    grace_hours = int(chosen if chosen in GRACE_CHOICES else DEFAULT_GRACE)
    try:
        account = await api.post(f"/service-accounts/{account_id}/rotate",
                                 {"grace_hours": grace_hours})
    except ApiError as exc:
        if exc.status != 409:
            raise
        return redirect(request, _back(organisation_id),
                        flash="Hemligheten kunde inte förnyas: kontot är återkallat.")
    old = ("Den gamla hemligheten och åtkomsttoken som hämtats med den fungerar inte längre."
           if not grace_hours else "Den gamla hemligheten fungerar till och med "
           f"{date_time(account['previous_secret_expires_at'])}.")
    return _secret_page(
        request, organisation_id, heading=f"Ny hemlighet för {account['name']}",
        lead=f"{old} Lägg in den nya i systemet som använder kontot.",
        fields=[("Klient-id", "client-id", account["client_id"]),
                ("Ny hemlighet", "client-secret", account["client_secret"])])


@router.post(f"{HOME}/tjanstekonton/{{account_id}}/aterkalla")
async def revoke_account(request: Request, account_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    account = await _account(api, account_id)
    await api.delete(f"/service-accounts/{account_id}")
    return redirect(request, _back(organisation_id),
                    flash=f"Tjänstekontot {account['name']} är återkallat.")


# --- webhooks --------------------------------------------------------------------------------

def _url_error(message: str) -> str:
    text = message.lower()
    if "resolved" in text:
        return "Adressen hittades inte. Kontrollera stavningen av värdnamnet."
    if "https" in text or "scheme" in text:
        return "Adressen måste börja med https://."
    if any(word in text for word in ("private", "internal", "loopback", "reserved", "local",
                                      "allowed", "network")):
        return ("Adressen pekar in i det interna nätverket. Be systemförvaltaren tillåta "
                "värden först.")
    return "Ange en fullständig webbadress, till exempel https://diarium.kommun.se/samordna."


@router.post(f"{HOME}/webhooks")
async def create_webhook(request: Request, api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    form = await request.form()
    chosen = _chosen(form, "events", LABELS["event_type"])
    values = {"url": str(form.get("url", "")).strip(), "events": chosen,
              "all_events": ALL_EVENTS in chosen}
    errors: dict[str, str] = {}
    if not values["url"]:
        errors["webhook-url"] = "Skriv adressen som händelserna ska skickas till."
    if not chosen:
        errors["webhook-events"] = "Välj minst en händelse, eller alla händelser."
    if not errors:
        events = [ALL_EVENTS] if ALL_EVENTS in chosen else chosen
        try:
            hook = await api.post("/webhooks", {"url": values["url"], "events": events,
                                                "organisation_id": organisation_id})
        except ApiError as exc:
            if exc.status not in (409, 422):
                raise
            errors = {"webhook-events" if f.startswith("events") else "webhook-url":
                      "Välj händelser i listan." if f.startswith("events")
                      else _url_error(m) for f, m in exc.errors.items()}
            errors = errors or {"webhook-url": _url_error(exc.detail)}
        else:
            return _secret_page(
                request, organisation_id, status_code=201,
                heading="Webhooken är skapad",
                lead=f"Samordna skickar nu händelserna till {hook['url']}. Mottagaren "
                     "kontrollerar varje leverans med signeringsnyckeln (Standard Webhooks).",
                fields=[("Signeringsnyckel", "webhook-secret", hook["secret"])])
    return await _page(request, api, me, status_code=422, errors=errors,
                       values={**values, "scopes": []})


async def _webhook(api: Api, webhook_id: uuid.UUID) -> dict[str, Any]:
    return dict(await api.get(f"/webhooks/{webhook_id}"))


@router.get(f"{HOME}/webhooks/{{webhook_id}}/ta-bort")
async def confirm_delete_webhook(request: Request, webhook_id: uuid.UUID, api: UserApi,
                                 me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    hook = await _webhook(api, webhook_id)
    return render(request, "admin/confirm.html", title="Ta bort webhooken",
                  heading="Ta bort webhooken",
                  question=f"Ta bort webhooken till {hook['url']}? Inga fler händelser skickas "
                           "dit, och leveranser som väntar stryks.",
                  button="Ja, ta bort webhooken", back=_back(organisation_id),
                  action=f"{HOME}/webhooks/{webhook_id}/ta-bort?organisation={organisation_id}")


@router.post(f"{HOME}/webhooks/{{webhook_id}}/ta-bort")
async def delete_webhook(request: Request, webhook_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    hook = await _webhook(api, webhook_id)
    await api.delete(f"/webhooks/{webhook_id}")
    return redirect(request, _back(organisation_id),
                    flash=f"Webhooken till {hook['url']} är borttagen.")
