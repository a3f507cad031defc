"""Administration: units, users and their roles, through the admin API."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.organisations import chosen_organisation
from frontend.report_form import swedish_message
from frontend.web import redirect, render
from frontend.workflow import LABELS, label, unit_roles

router = APIRouter()


async def _list(api: Api, path: str, organisation_id: str) -> list[dict[str, Any]] | None:
    try:
        return await api.get_all(path, organisation_id=organisation_id)
    except ApiError as exc:
        if exc.status in (404, 405):
            return None
        raise


def administered(me: Me) -> dict[str, str]:
    return {m["organisation_id"]: m["organisation_name"] for m in me.memberships
            if m["role"] == "admin"}


def _organisation(me: Me, request: Request) -> str | None:
    return chosen_organisation(request, administered(me))


def admin_url(path: str, organisation_id: str | None) -> str:
    """Every admin form and redirect names its organisation, so a second tab or a link
    never acts in another one."""
    return f"{path}?organisation={organisation_id}" if organisation_id else path


def admin_organisation(me: Me, request: Request) -> str:
    """The organisation the admin pages are about; 403 for anyone who administers none."""
    organisation_id = _organisation(me, request)
    if organisation_id is None:
        raise ApiError(403)
    return organisation_id


async def _page(request: Request, api: Api, me: Me, *, status: int = 200,
                errors: dict[str, str] | None = None,
                values: dict[str, str] | None = None) -> Response:
    organisation_id = _organisation(me, request)
    if organisation_id is None:
        raise ApiError(403)
    units = await _list(api, "/units", organisation_id)
    users = await _list(api, "/users", organisation_id)
    invitations = await api.get(f"/organisations/{organisation_id}/invitations")
    return render(request, "admin/index.html", status_code=status, title="Administration",
                  organisation_id=organisation_id, organisation=me.organisations[organisation_id],
                  organisations=administered(me), invitations=invitations["items"],
                  units=units, users=users, errors=errors or {}, values=values or {},
                  kinds=LABELS["unit_kind"], roles=LABELS["role"], unit_roles=unit_roles(),
                  unit_names={u["id"]: u["name"] for u in units or []})


@router.get("/admin")
async def admin_page(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me)


async def _post(request: Request, api: Api, me: Me, path: str, body: dict[str, Any],
                done: str, form_name: str) -> Response:
    try:
        await api.post(path, body)
    except ApiError as exc:
        if exc.status not in (409, 422):
            raise
        errors = {f"{form_name}-{f.split('.')[-1]}": _message(m) for f, m in exc.errors.items()}
        errors = errors or {f"{form_name}-name": "Det finns redan, eller uppgifterna är fel."}
        return await _page(request, api, me, status=exc.status, errors=errors,
                           values={k: str(v or "") for k, v in body.items()})
    return redirect(request, admin_url("/admin", _organisation(me, request)), flash=done)


def _message(message: str) -> str:
    text = message.lower()
    if "required" in text or "missing" in text:
        return "Fyll i uppgiften."
    if "email" in text:
        return "Ange en giltig e-postadress."
    if "unit" in text:
        return "Välj en aktiv enhet i organisationen för den här rollen."
    if "already has the role" in text:
        return "Personen har redan den rollen här."
    return swedish_message("", message)


@router.post("/admin/enheter")
async def create_unit(request: Request, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    body = {"name": str(form.get("name", "")).strip(), "kind": str(form.get("kind", "")),
            "organisation_id": _organisation(me, request)}
    if not body["name"]:
        return await _page(request, api, me, status=422,
                           errors={"unit-name": "Skriv enhetens namn."}, values=body)
    return await _post(request, api, me, "/units", body, f"{body['name']} är tillagd.", "unit")


@router.post("/admin/inbjudningar")
async def invite(request: Request, api: UserApi, me: CurrentMe) -> Response:
    """An admin adds a person by e-mail; the same answer whether Samordna knows them."""
    form = await request.form()
    body: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in ("email", "name", "role")}
    body["unit_id"] = str(form.get("unit_id", "")) or None
    errors = {}
    if not body["email"]:
        errors["invite-email"] = "Skriv personens e-postadress."
    if body["role"] not in LABELS["role"]:
        errors["invite-role"] = "Välj en roll."
    if errors:
        return await _page(request, api, me, status=422, errors=errors, values=body)
    if body["role"] not in unit_roles():
        body["unit_id"] = None
    organisation_id = admin_organisation(me, request)
    body = {k: v for k, v in body.items() if v}
    return await _post(request, api, me, f"/organisations/{organisation_id}/invitations", body,
                       f"En inbjudan är skickad till {body['email']}.", "invite")


@router.post("/admin/inbjudningar/{invitation_id}/dra-tillbaka")
async def withdraw(request: Request, invitation_id: uuid.UUID, api: UserApi,
                   me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    try:
        await api.delete(f"/organisations/{organisation_id}/invitations/{invitation_id}")
    except ApiError as exc:
        if exc.status != 409:
            raise
        return redirect(request, admin_url("/admin", organisation_id),
                        flash="Inbjudan är redan besvarad och kan inte dras tillbaka.")
    return redirect(request, admin_url("/admin", organisation_id),
                    flash="Inbjudan är tillbakadragen och kan inte längre tas emot.")


@router.post("/admin/roller")
async def grant_role(request: Request, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    role = str(form.get("role", ""))
    body: dict[str, Any] = {"role": role, "organisation_id": _organisation(me, request)}
    if role in unit_roles():
        body["unit_id"] = str(form.get("unit_id", "")) or None
    try:
        user_id = str(uuid.UUID(str(form.get("user_id", ""))))
    except ValueError:
        return await _page(request, api, me, status=422,
                           errors={"role-user_id": "Välj en användare."})
    return await _post(request, api, me, f"/users/{user_id}/roles", body,
                       f"Rollen {label('role', role)} är tilldelad.", "role")
