"""Rapporteringsomgångar: list, set-up with deadlines, dashboard, open and compile."""

import uuid
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.datastructures import FormData

from frontend import dates
from frontend.api import PAGE_LIMIT, Api, ApiError
from frontend.deps import CurrentMe, Me, UserApi
from frontend.numbers import whole_number
from frontend.organisations import chosen_organisation
from frontend.report_form import swedish_message
from frontend.web import environment, redirect, render, render_partial
from frontend.workflow import LABELS, due_fields, label, state_codes

router = APIRouter()

CONFIRM = {
    "open": "Öppna omgången? En rapport skapas för varje aktiv enhet och kontaktpersonerna "
            "kan börja fylla i dem.",
    "compile": "Sammanställ omgången? Sammanställningen låses som en ny numrerad version och "
               "går till kommunstyrelsen för beslut.",
}
DONE = {"open": "Omgången är öppnad. Kontaktpersonerna ser nu sina rapporter.",
        "compile": "Omgången är sammanställd och ligger hos kommunstyrelsen."}


def coordinated(me: Me) -> dict[str, str]:
    return {m["organisation_id"]: m["organisation_name"] for m in me.memberships
            if m["role"] == "coordinator"}


async def _list_page(request: Request, api: Api, me: Me, *, values: dict[str, str],
                     errors: dict[str, str], status: int = 200) -> Response:
    mine = coordinated(me)
    return render(request, "cycles/list.html", status_code=status, title="Rapporteringsomgångar",
                  cycles=await api.get_all("/cycles"), organisations=me.organisations,
                  coordinated=mine, organisation_id=chosen_organisation(request, mine),
                  may_create=bool(mine), values=values, errors=errors,
                  warnings=_warnings(values))


@router.get("/omgangar")
async def cycle_list(request: Request, api: UserApi, me: CurrentMe) -> Response:
    return await _list_page(request, api, me, values=_default_deadlines(), errors={})


def _default_deadlines() -> dict[str, str]:
    return {"label": str(dates.today().year)} | {name: "" for name in due_fields()}


def _warnings(values: dict[str, str]) -> dict[str, str]:
    """Deadlines on a weekend or a Swedish public holiday (allowed, but worth a second look)."""
    found = {}
    for name in due_fields():
        try:
            day = date.fromisoformat(values.get(name, ""))
        except ValueError:
            continue
        reason = dates.non_working_reason(day)
        if reason:
            found[name] = f"{dates.long_date(day)} är {reason}. Välj gärna en vardag."
    return found


def _deadline_values(form: FormData) -> dict[str, str]:
    return {name: str(form.get(name, "")).strip() for name in ("label", *due_fields())}


def _in_sentence(words: str) -> str:
    """'Nämndens beslut' → 'nämndens beslut', but 'EU-samordnarens …' keeps its capitals."""
    return words if words[:2].isupper() else words[:1].lower() + words[1:]


def _deadline_errors(values: dict[str, str], exc: ApiError | None = None) -> dict[str, str]:
    errors = {name: f"Ange {_in_sentence(label('field', name))}."
              for name in ("label", *due_fields())
              if name in values and not values[name]}
    if exc is not None:
        for name, message in exc.errors.items():
            key = name.split(".")[-1]
            errors[key if key in values else "draft_due"] = (
                "Datumen måste komma i ordning: rapport, nämnd, inlämning, granskning, "
                "kommunstyrelse." if "after" in message or "order" in message
                else swedish_message(key, message))
        if exc.status == 409 and not exc.errors:
            errors["label"] = "Det finns redan en omgång med den benämningen."
    return errors


@router.post("/omgangar")
async def create_cycle(request: Request, api: UserApi, me: CurrentMe) -> Response:
    form = await request.form()
    values = _deadline_values(form)
    errors = _deadline_errors(values)
    organisation_id = chosen_organisation(request, coordinated(me))
    if not errors:
        try:
            cycle = await api.post("/cycles", {**values, "organisation_id": organisation_id})
            return redirect(request, f"/omgangar/{cycle['id']}",
                            flash=f"Omgång {cycle['label']} är skapad. Kontrollera tidsplanen "
                                  "och öppna omgången när den är klar.")
        except ApiError as exc:
            if exc.status not in (409, 422):
                raise
            errors = _deadline_errors(values, exc)
    return await _list_page(request, api, me, values=values, errors=errors, status=422)


@router.post("/omgangar/datumkontroll")
async def check_date(request: Request, api: UserApi) -> Response:
    """htmx: the weekend/holiday warning for one date field, while the user types."""
    form = await request.form()
    name = str(form.get("field", ""))
    warning = _warnings({name: str(form.get(name, ""))}).get(name) if name in due_fields() \
        else None
    return render_partial(request, "cycles/date_warning.html", name=name, warning=warning)


def _matrix_cells(today: date) -> Callable[[str, date | None], Markup]:
    """A row's state cells (cycles/_matrix_cells.html), rendered once per state and due date
    on a page: 300 rows share a handful, and each value in a cell costs an escape."""
    macro = environment.get_template("cycles/_matrix_cells.html").module.cells  # type: ignore[attr-defined]

    @cache
    def cells(state: str, due: date | None) -> Markup:
        days = dates.days_left(due, today)
        return macro(state_codes("report"), state, label("report_state", state), due,
                     dates.urgency(days), dates.long_date(due), dates.days_left_text(days))
    return cells


def _matrix_row(report: dict[str, Any], cells: Callable[[str, date | None], Markup]) -> None:
    """What the template would otherwise compute on each row."""
    report.update(kind_label=label("unit_kind", report["unit_kind"]),
                  cells=cells(report["state"], dates.as_date(report["due_on"])))


@router.get("/omgangar/{cycle_id}")
async def dashboard(request: Request, cycle_id: uuid.UUID, api: UserApi, me: CurrentMe,
                    state: str = "", unit_kind: str = "") -> Response:
    state = state if state in LABELS["report_state"] else ""
    unit_kind = unit_kind if unit_kind in LABELS["unit_kind"] else ""
    filters = {"state": state or None, "unit_kind": unit_kind or None}
    overview = await api.get(f"/cycles/{cycle_id}/overview", limit=PAGE_LIMIT, **filters)
    cycle = overview["cycle"]
    reports = await api.rest_of(overview["reports"], f"/cycles/{cycle_id}/reports", **filters)
    cells = _matrix_cells(dates.today())
    for report in reports:
        _matrix_row(report, cells)
    counts = cycle.get("report_counts") or {}
    total = sum(counts.values())
    return render(
        request, "cycles/dashboard.html", fragments={"report-matrix": "matrix"},
        title=f"Rapporteringsomgång {cycle['label']}", cycle=cycle, reports=reports,
        counts=counts, total=total,
        settled=sum(counts.get(s, 0) for s in state_codes("report", settled=True)),
        overdue=sum(1 for r in reports if r["overdue"]), state=state, unit_kind=unit_kind,
        columns=state_codes("report"),
        actions=cycle["actions"] or [],
        coordinator=me.has_role("coordinator", cycle["organisation_id"]),
        deadlines=[(name, cycle[name]) for name in due_fields()])


@router.get("/omgangar/{cycle_id}/tidsplan")
async def deadlines_page(request: Request, cycle_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    cycle = await api.get(f"/cycles/{cycle_id}")
    values = {name: cycle[name] for name in due_fields()}
    return render(request, "cycles/deadlines.html", title=f"Tidsplan för {cycle['label']}",
                  cycle=cycle, values=values, errors={}, warnings=_warnings(values))


@router.post("/omgangar/{cycle_id}/tidsplan")
async def save_deadlines(request: Request, cycle_id: uuid.UUID, api: UserApi,
                         me: CurrentMe) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in due_fields()}
    errors = _deadline_errors(values)
    cycle = await api.get(f"/cycles/{cycle_id}")
    version = str(form.get("version", ""))
    if not errors:
        try:
            await api.put(f"/cycles/{cycle_id}/deadlines", values,
                          version=whole_number(version) or cycle["version"])
            return redirect(request, f"/omgangar/{cycle_id}", flash="Tidsplanen är sparad.")
        except ApiError as exc:
            if exc.status == 409 and not exc.errors:
                errors = {"draft_due": "Någon annan ändrade tidsplanen samtidigt. Kontrollera "
                                       "datumen nedan och spara igen."}
            elif exc.status in (409, 422):
                errors = _deadline_errors(values, exc)
            else:
                raise
    return render(request, "cycles/deadlines.html", status_code=422,
                  title=f"Tidsplan för {cycle['label']}", cycle=cycle, values=values,
                  errors=errors, warnings=_warnings(values))


@router.post("/omgangar/{cycle_id}/atgard")
async def cycle_action(request: Request, cycle_id: uuid.UUID, api: UserApi,
                       me: CurrentMe) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    cycle = await api.get(f"/cycles/{cycle_id}")
    if action in CONFIRM and form.get("confirmed") != "1":
        return render(request, "cycles/confirm.html", title="Bekräfta", cycle=cycle,
                      action=action, question=CONFIRM[action])
    try:
        await api.post(f"/cycles/{cycle_id}/transitions", {"action": action},
                       version=cycle["version"])
    except ApiError as exc:
        if exc.status not in (409, 422):
            raise
        return await _refused(request, api, cycle, exc)
    target = f"/omgangar/{cycle_id}/sammanstallning" if action == "compile" \
        else f"/omgangar/{cycle_id}"
    return redirect(request, target, flash=DONE.get(action, "Klart."))


async def _refused(request: Request, api: Api, cycle: dict[str, Any], exc: ApiError) -> Response:
    waiting = exc.errors.get("reports")
    message = (f"Alla rapporter är inte godtagna eller undantagna än: {waiting}." if waiting
               else "Åtgärden gick inte att genomföra i omgångens nuvarande läge.")
    request.state.browser_session.flash.append(message)
    return redirect(request, f"/omgangar/{cycle['id']}")
