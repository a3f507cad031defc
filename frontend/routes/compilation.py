"""The compilation (sammanställning): figures, downloads, and the council's decision."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontend import dates
from frontend.api import Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.report_form import swedish_message
from frontend.web import format_sek, redirect, render

router = APIRouter()
# The committee's wording of these messages would name the wrong body here.
COUNCIL_REQUIRED = {
    "decision_ref": "Skriv paragrafen i kommunstyrelsens protokoll, till exempel "
                    "KS 2027-04-28 § 46.",
}

COLUMNS = {
    "label": "", "name": "", "unit_name": "Enhet", "activities": "Aktiviteter",
    "projects": "Projekt", "external_funding_sek": "Extern finansiering",
    "own_funding_sek": "Egen finansiering", "count": "Antal", "reports": "Rapporter",
    "share_percent": "Andel (%)", "countries": "Länder",
}
SECTIONS = {
    "by_kind": "Aktiviteter per typ", "by_programme": "Finansiering per program",
    "by_unit": "Per enhet", "by_strategic_area": "Per strategiskt område",
    "by_country": "Per land", "countries": "Per land", "by_benefit": "Nytta",
}
TOTALS = {
    "activities": "Aktiviteter", "projects": "Projekt",
    "projects_with_external_funding": "Projekt med extern finansiering",
    "project_external_share_percent": "Andel projekt med extern finansiering",
    "external_funding_sek": "Extern finansiering", "own_funding_sek": "Egen finansiering",
    "countries": "Länder", "units_accepted": "Redovisande enheter",
    "units_no_international_work": "Enheter utan internationellt arbete",
    "units_exempted": "Undantagna enheter", "units_pending": "Enheter som inte är klara",
}


def tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Every list of rows in the figures as a titled table with Swedish column names."""
    found = []
    for key, rows in figures.items():
        if not (isinstance(rows, list) and rows and isinstance(rows[0], dict)):
            continue
        columns = [c for c in rows[0] if c in COLUMNS]
        found.append({"title": SECTIONS.get(key, key.replace("_", " ").capitalize()),
                      "columns": [(c, COLUMNS[c] or "Namn") for c in columns], "rows": rows})
    return found


def _number(value: int | float) -> str:
    text = f"{abs(value):,.1f}" if isinstance(value, float) and not value.is_integer() \
        else f"{abs(int(value)):,}"
    text = text.replace(",", "\u202f").replace(".", ",")
    return ("\u2212" + text) if value < 0 else text


def _figure(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "sek":
        return format_sek(int(value))
    if unit == "percent":
        return f"{_number(float(value))}\u00a0%"
    return _number(value)


def _change(value: Any, unit: str) -> str:
    """"+3", "−1 200 kr", "+16,7 procentenheter", "±0"; no comparison: "–"."""
    if value is None:
        return "–"
    suffix = {"sek": "\u00a0kr", "percent": "\u00a0procentenheter"}.get(unit, "")
    if value == 0:
        return f"±0{suffix}"
    return f"{'+' if value > 0 else ''}{_number(value)}{suffix}"


def _unit(key: str) -> str:
    return "sek" if key.endswith("_sek") else "percent" if key.endswith("_percent") else "count"


def key_figures(data: dict[str, Any]) -> list[dict[str, str]]:
    """Each key figure, with the previous adopted cycle's and the change when there is one
    (the same comparison as the PDF's)."""
    changes = data.get("changes")
    if changes:
        return [{"label": row["label"], "current": _figure(row["current"], row["unit"]),
                 "previous": _figure(row["previous"], row["unit"]),
                 "change": _change(row["change"], row["unit"])} for row in changes["totals"]]
    totals = (data.get("figures") or {}).get("totals") or {}
    return [{"label": TOTALS.get(key, key), "current": _figure(value, _unit(key))}
            for key, value in totals.items()]


async def _compilation(api: Api, cycle_id: str) -> dict[str, Any] | None:
    try:
        return await api.get(f"/cycles/{cycle_id}/compilation")
    except ApiError as exc:
        if exc.status in (404, 405, 409):
            return None
        raise


async def _page(request: Request, api: Api, me: Me, cycle_id: str, *, status: int = 200,
                errors: dict[str, str] | None = None, values: dict[str, str] | None = None
                ) -> Response:
    cycle = await api.get(f"/cycles/{cycle_id}")
    compilation = await _compilation(api, cycle_id) if cycle["state"] != "planned" else None
    data = (compilation or {}).get("data") or {}
    figures = data.get("figures") or {}
    previous = (data.get("previous") or {}).get("cycle") if data.get("changes") else None
    charts = (await api.get(f"/cycles/{cycle_id}/compilation/charts"))["items"] \
        if compilation else []
    return render(request, "cycles/compilation.html", status_code=status,
                  title=f"Sammanställning {cycle['label']}", cycle=cycle,
                  compilation=compilation, key_figures=key_figures(data),
                  previous=previous, charts=charts,
                  units=data.get("units") or [],
                  tables=tables(figures), errors=errors or {},
                  values=values or {"decided_on": dates.today().isoformat()},
                  actions=cycle["actions"] or [],
                  coordinator=me.has_role("coordinator", cycle["organisation_id"]))


@router.get("/omgangar/{cycle_id}/sammanstallning")
async def compilation_page(request: Request, cycle_id: uuid.UUID, api: UserApi,
                           me: CurrentMe) -> Response:
    return await _page(request, api, me, str(cycle_id))


@router.post("/omgangar/{cycle_id}/beslut")
async def decide(request: Request, cycle_id: uuid.UUID, api: UserApi,
                 me: CurrentMe) -> Response:
    """The council adopts (decision reference and date, confirmed) or returns (comment)."""
    form = await request.form()
    action = str(form.get("action", ""))
    values = {k: str(form.get(k, "")).strip() for k in ("decision_ref", "decided_on", "comment")}
    needed = ("decision_ref", "decided_on") if action == "adopt" else ("comment",)
    errors = {f"{action}-{f}": COUNCIL_REQUIRED.get(f) or swedish_message(f, "required")
              for f in needed if not values[f]}
    if errors:
        return await _page(request, api, me, str(cycle_id), status=422, errors=errors,
                           values=values)
    cycle = await api.get(f"/cycles/{cycle_id}")
    if action == "adopt" and form.get("confirmed") != "1":
        return render(request, "cycles/confirm_adopt.html", title="Bekräfta beslutet",
                      cycle=cycle, values=values)
    body = {"action": action, **{k: values[k] for k in needed}}
    try:
        await api.post(f"/cycles/{cycle_id}/transitions", body, version=cycle["version"])
    except ApiError as exc:
        if exc.status not in (409, 422):
            raise
        errors = {f"{action}-{f}": swedish_message(f, m) for f, m in exc.errors.items()} or {
            f"{action}-{needed[0]}": "Beslutet kunde inte registreras i omgångens nuvarande läge."}
        return await _page(request, api, me, str(cycle_id), status=exc.status, errors=errors,
                           values=values)
    done = ("Sammanställningen är antagen." if action == "adopt"
            else "Sammanställningen är skickad tillbaka till EU-samordnaren.")
    return redirect(request, f"/omgangar/{cycle_id}/sammanstallning", flash=done)
