"""The numeric figures of one cycle, built from the grouped rows, and their comparison."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from backend.compilation import labels
from backend.compilation.formatting import swedish_sort_key
from backend.compilation.repository import PROJECT_KINDS
from backend.models import StrategicArea
from backend.models.enums import ActivityKind, Benefit, Programme, ReportState


@dataclass(frozen=True)
class Aggregates:
    """The grouped rows of several cycles; each row starts with its cycle id."""

    reports: list[Any]
    kinds: list[Any]
    programmes: list[Any]
    units: list[Any]
    areas: list[Any]
    countries: list[Any]
    benefits: list[Any]


TOTAL_LABELS: dict[str, tuple[str, str]] = {
    "activities": ("Aktiviteter", "count"),
    "projects": ("Projekt", "count"),
    "projects_with_external_funding": ("Projekt med extern finansiering", "count"),
    "project_external_share_percent": ("Andel projekt med extern finansiering", "percent"),
    "external_funding_sek": ("Extern finansiering", "sek"),
    "own_funding_sek": ("Egen finansiering", "sek"),
    "countries": ("Länder", "count"),
    "units_accepted": ("Redovisande enheter", "count"),
    "units_no_international_work": ("Enheter utan internationellt arbete", "count"),
    "units_exempted": ("Undantagna enheter", "count"),
}


def _of(rows: Iterable[Any], cycle_id: uuid.UUID) -> list[Any]:
    return [row[1:] for row in rows if row[0] == cycle_id]


def _vocabulary_order(vocabulary: type[StrEnum], present: Iterable[str]) -> list[str]:
    # Every known code (zero rows too, so charts and comparisons line up), then unknown ones.
    known = [member.value for member in vocabulary]
    return known + sorted(set(present) - set(known))


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _by_kind(rows: list[Any]) -> list[dict[str, Any]]:
    found = {kind: (int(n), int(ext), int(own)) for kind, n, ext, own, _ in rows}
    return [
        {"kind": kind, "label": labels.label(labels.ACTIVITY_KINDS, kind),
         "activities": found.get(kind, (0, 0, 0))[0],
         "external_funding_sek": found.get(kind, (0, 0, 0))[1],
         "own_funding_sek": found.get(kind, (0, 0, 0))[2]}
        for kind in _vocabulary_order(ActivityKind, found)
    ]


def _by_programme(rows: list[Any]) -> list[dict[str, Any]]:
    found = {programme: (int(n), int(ext), int(own)) for programme, n, ext, own in rows}
    return [
        {"programme": programme, "label": labels.label(labels.PROGRAMMES, programme),
         "activities": found.get(programme, (0, 0, 0))[0],
         "external_funding_sek": found.get(programme, (0, 0, 0))[1],
         "own_funding_sek": found.get(programme, (0, 0, 0))[2]}
        for programme in _vocabulary_order(Programme, found)
    ]


def _by_strategic_area(rows: list[Any], areas: Sequence[StrategicArea]) -> list[dict[str, Any]]:
    found = {area_id: int(n) for area_id, n in rows}
    return [
        {"id": str(area.id), "name": area.name, "activities": found.get(area.id, 0)}
        for area in areas
    ]


def _by_benefit(rows: list[Any]) -> list[dict[str, Any]]:
    counts = [int(n) for n in rows[0]] if rows else [0] * len(Benefit)
    return [
        {"benefit": benefit.value, "label": labels.label(labels.BENEFITS, benefit),
         "activities": count}
        for benefit, count in zip(Benefit, counts, strict=True)
    ]


def _countries(rows: list[Any]) -> list[dict[str, Any]]:
    countries = [
        {"code": code.upper(), "name": labels.country_name(code), "activities": int(n)}
        for code, n in rows
    ]
    return sorted(countries, key=lambda c: (-c["activities"], swedish_sort_key(c["name"])))


def _by_unit(rows: list[Any]) -> list[dict[str, Any]]:
    units = [
        {"unit_id": str(unit_id), "name": name, "activities": int(n), "projects": int(projects),
         "external_funding_sek": int(ext), "own_funding_sek": int(own)}
        for unit_id, name, n, ext, own, projects in rows
    ]
    return sorted(units, key=lambda u: (swedish_sort_key(u["name"]), u["unit_id"]))


def _report_counts(rows: list[Any]) -> dict[str, int]:
    counts = {"units_accepted": 0, "units_no_international_work": 0, "units_exempted": 0,
              "units_pending": 0}
    for state, no_work, n in rows:
        if state == ReportState.ACCEPTED:
            counts["units_accepted"] += int(n)
            if no_work:
                counts["units_no_international_work"] += int(n)
        elif state == ReportState.EXEMPTED:
            counts["units_exempted"] += int(n)
        else:
            counts["units_pending"] += int(n)
    return counts


def cycle_figures(
    aggregates: Aggregates, cycle_id: uuid.UUID, areas: Sequence[StrategicArea]
) -> dict[str, Any]:
    """All numeric figures of one cycle (accepted reports only)."""
    kind_rows = _of(aggregates.kinds, cycle_id)
    projects = [row for row in kind_rows if row[0] in PROJECT_KINDS]
    project_count = sum(int(row[1]) for row in projects)
    funded_projects = sum(int(row[4]) for row in projects)
    area_rows = _of(aggregates.areas, cycle_id)
    countries = _countries(_of(aggregates.countries, cycle_id))
    totals = {
        "activities": sum(int(row[1]) for row in kind_rows),
        "projects": project_count,
        "projects_with_external_funding": funded_projects,
        "project_external_share_percent": _share(funded_projects, project_count),
        "external_funding_sek": sum(int(row[2]) for row in kind_rows),
        "own_funding_sek": sum(int(row[3]) for row in kind_rows),
        "countries": len(countries),
        **_report_counts(_of(aggregates.reports, cycle_id)),
    }
    return {
        "totals": totals,
        "by_kind": _by_kind(kind_rows),
        "by_programme": _by_programme(_of(aggregates.programmes, cycle_id)),
        "by_strategic_area": _by_strategic_area([r for r in area_rows if r[0]], areas),
        "activities_without_strategic_area": sum(int(n) for a, n in area_rows if a is None),
        "by_benefit": _by_benefit(_of(aggregates.benefits, cycle_id)),
        "countries": countries,
        "by_unit": _by_unit(_of(aggregates.units, cycle_id)),
    }


def _difference(current: int | float | None, previous: int | float | None) -> Any:
    if current is None or previous is None:
        return None
    change = current - previous
    return round(change, 1) if isinstance(change, float) else change


def _rows(current: list[dict[str, Any]], previous: list[dict[str, Any]], key: str,
          value: str) -> list[dict[str, Any]]:
    before = {row[key]: row[value] for row in previous}
    return [
        {"key": row[key], "label": row.get("label", row.get("name")), "current": row[value],
         "previous": before.get(row[key], 0),
         "change": _difference(row[value], before.get(row[key], 0))}
        for row in current
    ]


def compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The change of every figure from the previous cycle to this one."""
    totals = [
        {"key": key, "label": label, "unit": unit, "current": current["totals"][key],
         "previous": previous["totals"][key],
         "change": _difference(current["totals"][key], previous["totals"][key])}
        for key, (label, unit) in TOTAL_LABELS.items()
    ]
    return {
        "totals": totals,
        "by_kind": _rows(current["by_kind"], previous["by_kind"], "kind", "activities"),
        "by_programme": _rows(current["by_programme"], previous["by_programme"], "programme",
                              "external_funding_sek"),
        "by_strategic_area": _rows(current["by_strategic_area"],
                                   previous["by_strategic_area"], "id", "activities"),
    }
