"""Administration › Arkivering: what the archive package names the organisation by."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.routes.admin import admin_organisation
from frontend.web import redirect, render

router = APIRouter()

FIELDS = ("organisation_number", "submission_agreement_ref")
MESSAGES = {
    "organisation_number": ("Organisationsnumret stämmer inte. Skriv tio siffror, till exempel "
                            "212000-0142, och kontrollera den sista siffran."),
    "submission_agreement_ref": "Referensen får vara högst 200 tecken.",
}
STALE = ("Någon annan ändrade organisationens uppgifter medan du arbetade. Det du skrev finns "
         "kvar i formuläret; jämför med det som är sparat nu och spara igen.")


async def _page(request: Request, api: Api, me: Me, *, status_code: int = 200,
                values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                stale: bool = False) -> Response:
    organisation_id = admin_organisation(me, request)
    answer = await api.request("GET", f"/organisations/{organisation_id}")
    saved = {name: str(answer.data[name]) for name in FIELDS}
    return render(request, "admin/archiving.html", status_code=status_code,
                  title="Arkivering – Administration", organisation_id=organisation_id,
                  organisation=answer.data["name"], version=answer.version, saved=saved,
                  values=values or saved, errors=errors or {}, stale=STALE if stale else "")


@router.get("/admin/arkivering")
async def archiving_page(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _page(request, api, me)


@router.post("/admin/arkivering")
async def save_archiving(request: Request, api: UserApi, me: CurrentMe) -> Response:
    organisation_id = admin_organisation(me, request)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in FIELDS}
    version = str(form.get("version", ""))
    try:
        await api.request("PATCH", f"/organisations/{organisation_id}", json=values,
                          version=int(version) if version.isdigit() else None)
    except ApiError as exc:
        if exc.status == 409:
            return await _page(request, api, me, status_code=409, values=values, stale=True)
        if exc.status != 422:
            raise
        errors = {name: MESSAGES[name] for name in FIELDS if name in exc.errors}
        return await _page(request, api, me, status_code=422, values=values,
                           errors=errors or {"organisation_number": MESSAGES[
                               "organisation_number"]})
    return redirect(request, f"/admin/arkivering?organisation={organisation_id}",
                    flash="Uppgifterna för arkivering är sparade.")
