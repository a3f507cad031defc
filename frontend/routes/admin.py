"""Administration: units, users and their roles, through the admin API."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
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


def _organisation(me: Me, request: Request) -> str | None:
    mine = sorted(m["organisation_id"] for m in me.memberships if m["role"] == "admin")
    wanted = request.query_params.get("organisation")
    return wanted if wanted in mine else (mine[0] if mine else None)


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
    return render(request, "admin/index.html", status_code=status, title="Administration",
                  organisation_id=organisation_id, organisation=me.organisations[organisation_id],
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
    return redirect(request, "/admin", flash=done)


def _message(message: str) -> str:
    text = message.lower()
    if "required" in text or "missing" in text:
        return "Fyll i uppgiften."
    if "email" in text:
        return "Ange en giltig e-postadress."
    return "Kontrollera uppgiften."


@router.post("/admin/enheter")
async def create_unit(request: Request, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    body = {"name": str(form.get("name", "")).strip(), "kind": str(form.get("kind", "")),
            "organisation_id": _organisation(me, request)}
    if not body["name"]:
        return await _page(request, api, me, status=422,
                           errors={"unit-name": "Skriv enhetens namn."}, values=body)
    return await _post(request, api, me, "/units", body, f"{body['name']} är tillagd.", "unit")


@router.post("/admin/anvandare")
async def create_user(request: Request, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    # A password is taken exactly as typed; only the name and e-mail are trimmed.
    body = {k: str(form.get(k, "")).strip() for k in ("name", "email")}
    body["password"] = str(form.get("password", ""))
    body = {k: v for k, v in body.items() if v} | {"organisation_id": _organisation(me, request)}
    return await _post(request, api, me, "/users", body,
                       f"{body.get('name', 'Användaren')} är tillagd.", "user")


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
