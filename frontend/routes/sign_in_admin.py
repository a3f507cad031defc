"""Administration › Inloggning: the organisation's OpenID Provider, through the admin API."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.routes.admin import admin_organisation
from frontend.web import redirect, render
from frontend.workflow import LABELS

router = APIRouter()
HOME = "/admin/inloggning"
MAPPABLE_ROLES = ("admin", "coordinator", "council", "viewer")
FIELD_ERRORS = {
    "name": "Skriv namnet som ska stå på knappen.",
    "issuer": "Utfärdaren svarar inte med någon OpenID-konfiguration, eller är inte en "
              "https-adress.",
    "client_id": "Skriv program-id:t (client id).",
    "client_secret": "Skriv klienthemligheten.",
    "allowed_tenants": "Skriv katalog-id:n, ett per rad.",
    "email_domains": "Skriv e-postdomäner som exempelby.se, en per rad.",
    "roles_claim": "Skriv anspråkets namn, till exempel roles.",
    "role_map": "Kontrollera rollkopplingen.",
}


def _lines(value: object) -> list[str]:
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _body(form: FormData) -> dict[str, Any]:
    text = {k: str(form.get(k, "")).strip() for k in
            ("name", "issuer", "client_id", "roles_claim")}
    role_map = {str(form.get(f"role_map_{role}", "")).strip(): role for role in MAPPABLE_ROLES
                if str(form.get(f"role_map_{role}", "")).strip()}
    secret = str(form.get("client_secret", ""))
    return {**text, "roles_claim": text["roles_claim"] or None,
            "link_by_email": form.get("link_by_email") == "on", "role_map": role_map,
            "allowed_tenants": _lines(form.get("allowed_tenants")),
            "email_domains": _lines(form.get("email_domains")),
            **({"client_secret": secret} if secret else {})}


async def _current(api: Api, organisation_id: str) -> dict[str, Any] | None:
    try:
        return dict(await api.get(f"/organisations/{organisation_id}/identity-provider"))
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


async def _page(request: Request, api: Api, me: Me, *, status_code: int = 200,
                errors: dict[str, str] | None = None,
                values: dict[str, Any] | None = None) -> Response:
    organisation_id = admin_organisation(me, request)
    current = await _current(api, organisation_id)
    shown = values or current or {}
    return render(request, "admin/sign_in.html", status_code=status_code,
                  title="Inloggning – Administration", organisation_id=organisation_id,
                  organisation=me.organisations[organisation_id], current=current,
                  values=shown, errors=errors or {},
                  roles={r: LABELS["role"][r] for r in MAPPABLE_ROLES},
                  claim_for={role: value for value, role in shown.get("role_map", {}).items()})


@router.get(HOME)
async def sign_in_page(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me)


@router.post(HOME)
async def save(request: Request, api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    form = await request.form()
    body = _body(form)
    version = str(form.get("version", ""))
    try:
        await api.put(f"/organisations/{organisation_id}/identity-provider", body,
                      version=int(version) if version.isdigit() else None)
    except ApiError as exc:
        if exc.status in (409, 428):
            return await _page(request, api, me, status_code=409, values=body, errors={
                "name": "Någon annan har ändrat inställningarna. Ladda om sidan och gör om "
                        "ändringen."})
        if exc.status != 422:
            raise
        errors = {field: FIELD_ERRORS[key] for field in exc.errors
                  if (key := field.split(".")[0]) in FIELD_ERRORS}
        return await _page(request, api, me, status_code=422, values=body,
                           errors=errors or {"issuer": FIELD_ERRORS["issuer"]})
    return redirect(request, f"{HOME}?organisation={organisation_id}",
                    flash="Inloggningen med organisationens konto är sparad.")


@router.get(f"{HOME}/ta-bort")
async def confirm_removal(request: Request, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    return render(request, "admin/confirm.html", title="Stäng av inloggning med konto",
                  heading="Stäng av inloggning med organisationens konto?",
                  question="Alla måste då logga in med e-postadress och lösenord (eller en "
                           "länk för att välja lösenord). Kopplingarna till deras konton tas "
                           "bort.",
                  action=f"{HOME}/ta-bort?organisation={organisation_id}",
                  button="Stäng av", back=f"{HOME}?organisation={organisation_id}")


@router.post(f"{HOME}/ta-bort")
async def remove(request: Request, api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    await api.delete(f"/organisations/{organisation_id}/identity-provider")
    return redirect(request, f"{HOME}?organisation={organisation_id}",
                    flash="Inloggningen med organisationens konto är avstängd.")
