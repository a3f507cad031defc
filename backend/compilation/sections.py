"""The text parts of a compilation: per-unit summaries, activities, networks, action plan."""

import uuid
from typing import Any

from backend.compilation.formatting import swedish_sort_key
from backend.compilation.repository import ActivityRow, ReportRow
from backend.core import vocabulary
from backend.models import StrategicArea
from backend.models.enums import ActivityKind, ReportState


def _unit_ref(report: ReportRow) -> dict[str, Any]:
    return {"unit_id": str(report.unit_id), "unit": report.unit_name}


def _sorted_units(reports: list[ReportRow]) -> list[ReportRow]:
    return sorted(reports, key=lambda r: (swedish_sort_key(r.unit_name), str(r.unit_id)))


def unit_summaries(reports: list[ReportRow],
                   by_unit: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per accepted report: its texts beside the unit's own figures."""
    figures = {row["unit_id"]: row for row in by_unit}
    summaries = []
    for report in _sorted_units(reports):
        if report.state != ReportState.ACCEPTED:
            continue
        own = figures.get(str(report.unit_id), {})
        summaries.append({
            **_unit_ref(report),
            "short_name": report.short_name,
            "kind": report.unit_kind,
            "kind_label": vocabulary.label(vocabulary.UNIT_KINDS, report.unit_kind),
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


def units_in_state(reports: list[ReportRow], state: str) -> list[dict[str, Any]]:
    """The units whose report is in this state, in Swedish alphabetical order."""
    return [_unit_ref(report) for report in _sorted_units(reports) if report.state == state]


def units_without_international_work(reports: list[ReportRow]) -> list[dict[str, Any]]:
    """Accepted reports that say the unit had no international work this year."""
    return [
        _unit_ref(report) for report in _sorted_units(reports)
        if report.state == ReportState.ACCEPTED and report.no_international_work
    ]


def activity_list(activities: list[ActivityRow], unit_names: dict[uuid.UUID, str],
                  areas: list[StrategicArea]) -> list[dict[str, Any]]:
    """Every accepted activity with its unit, countries and strategic areas, by unit."""
    area_names = {area.id: (area.position, area.name) for area in areas}
    rows = [
        _activity(activity, unit_names[activity.unit_id], _split(activity.country_codes),
                  _linked_areas(activity.strategic_area_ids, area_names))
        for activity in activities
    ]
    return sorted(rows, key=lambda a: (swedish_sort_key(a["unit"]), a["unit_id"], a["position"],
                                       swedish_sort_key(a["title"]), a["id"]))


def _split(joined: str | None) -> list[str]:
    return joined.split(",") if joined else []


def _linked_areas(joined: str | None,
                  area_names: dict[uuid.UUID, tuple[int, str]]) -> list[tuple[int, str]]:
    # The organisation's areas only, ordered as the document lists them.
    linked = (uuid.UUID(area_id) for area_id in _split(joined))
    return sorted(area_names[area_id] for area_id in linked if area_id in area_names)


def _activity(activity: ActivityRow, unit_name: str, countries: list[str],
              areas: list[tuple[int, str]]) -> dict[str, Any]:
    return {
        "id": str(activity.id),
        "unit_id": str(activity.unit_id),
        "unit": unit_name,
        "position": activity.position,
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": vocabulary.label(vocabulary.ACTIVITY_KINDS, activity.kind),
        "programme": activity.programme,
        "programme_label": vocabulary.label(vocabulary.PROGRAMMES, activity.programme),
        "status": activity.status,
        "status_label": vocabulary.label(vocabulary.ACTIVITY_STATUSES, activity.status),
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else None,
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else None,
        "external_funding_sek": activity.external_funding_sek,
        "own_funding_sek": activity.own_funding_sek,
        "countries": sorted(code.upper() for code in countries),
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
