"""The text parts of a compilation: per-unit summaries, activities, networks, action plan."""

import uuid
from collections import defaultdict
from typing import Any

from backend.compilation import labels
from backend.compilation.formatting import swedish_sort_key
from backend.models import Activity, Report, StrategicArea, Unit
from backend.models.enums import ActivityKind, ReportState


def _unit_ref(unit: Unit) -> dict[str, Any]:
    return {"unit_id": str(unit.id), "unit": unit.name}


def _sorted_units(rows: list[tuple[Report, Unit]]) -> list[tuple[Report, Unit]]:
    return sorted(rows, key=lambda row: (swedish_sort_key(row[1].name), str(row[1].id)))


def unit_summaries(
    reports: list[tuple[Report, Unit]], by_unit: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One entry per accepted report: its texts beside the unit's own figures."""
    figures = {row["unit_id"]: row for row in by_unit}
    summaries = []
    for report, unit in _sorted_units(reports):
        if report.state != ReportState.ACCEPTED:
            continue
        own = figures.get(str(unit.id), {})
        summaries.append({
            **_unit_ref(unit),
            "short_name": unit.short_name,
            "kind": unit.kind,
            "kind_label": labels.label(labels.UNIT_KINDS, unit.kind),
            "registration_number": report.registration_number,
            "no_international_work": report.no_international_work,
            "summary": report.summary,
            "monitoring": report.monitoring,
            "competence": report.competence,
            "next_year_plans": report.next_year_plans,
            "activities": own.get("activities", 0),
            "projects": own.get("projects", 0),
            "external_funding_sek": own.get("external_funding_sek", 0),
            "own_funding_sek": own.get("own_funding_sek", 0),
        })
    return summaries


def units_in_state(reports: list[tuple[Report, Unit]], state: str) -> list[dict[str, Any]]:
    """The units whose report is in this state, in Swedish alphabetical order."""
    return [_unit_ref(unit) for report, unit in _sorted_units(reports) if report.state == state]


def units_without_international_work(
    reports: list[tuple[Report, Unit]],
) -> list[dict[str, Any]]:
    """Accepted reports that say the unit had no international work this year."""
    return [
        _unit_ref(unit) for report, unit in _sorted_units(reports)
        if report.state == ReportState.ACCEPTED and report.no_international_work
    ]


def activity_list(
    activities: list[tuple[Activity, uuid.UUID]],
    units: dict[uuid.UUID, Unit],
    countries: list[Any],
    area_links: list[Any],
    areas: list[StrategicArea],
) -> list[dict[str, Any]]:
    """Every accepted activity with its unit, countries and strategic areas, by unit."""
    codes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for activity_id, code in countries:
        codes[activity_id].append(code.upper())
    area_names = {area.id: (area.position, area.name) for area in areas}
    linked: dict[uuid.UUID, list[tuple[int, str]]] = defaultdict(list)
    for activity_id, area_id in area_links:
        if area_id in area_names:
            linked[activity_id].append(area_names[area_id])
    rows = [
        _activity(activity, units[unit_id], codes[activity.id], sorted(linked[activity.id]))
        for activity, unit_id in activities
    ]
    return sorted(rows, key=lambda a: (swedish_sort_key(a["unit"]), a["unit_id"], a["position"],
                                       swedish_sort_key(a["title"]), a["id"]))


def _activity(activity: Activity, unit: Unit, countries: list[str],
              areas: list[tuple[int, str]]) -> dict[str, Any]:
    return {
        "id": str(activity.id),
        **_unit_ref(unit),
        "position": activity.position,
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": labels.label(labels.ACTIVITY_KINDS, activity.kind),
        "programme": activity.programme,
        "programme_label": labels.label(labels.PROGRAMMES, activity.programme),
        "status": activity.status,
        "status_label": labels.label(labels.ACTIVITY_STATUSES, activity.status),
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else None,
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else None,
        "external_funding_sek": activity.external_funding_sek,
        "own_funding_sek": activity.own_funding_sek,
        "countries": sorted(countries),
        "strategic_areas": [name for _, name in areas],
        "benefits": sorted(activity.benefits or []),
        "partners": activity.partners,
        "outcome": activity.outcome,
    }


def of_kind(activities: list[dict[str, Any]], kind: ActivityKind) -> list[dict[str, Any]]:
    """Networks or twin towns, each with its unit, partners and countries."""
    return [
        {key: a[key] for key in ("unit_id", "unit", "title", "partners", "countries", "status")}
        for a in activities if a["kind"] == kind
    ]


def partners(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The named partners of every activity that has any."""
    return [
        {key: a[key] for key in ("unit_id", "unit", "title", "kind_label", "partners")}
        for a in activities if a["partners"].strip()
    ]


def action_plan(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Next year's plans of every unit: the draft action plan (handlingsplan)."""
    return [
        {"unit_id": u["unit_id"], "unit": u["unit"], "plans": u["next_year_plans"]}
        for u in units if u["next_year_plans"].strip()
    ]
