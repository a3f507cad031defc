"""The numeric figures of one cycle, built from the grouped rows, and their comparison."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from backend.compilation.formatting import swedish_sort_key
from backend.compilation.repository import PROJECT_KINDS
from backend.core import vocabulary
from backend.models import StrategicArea
from backend.models.enums import ActivityKind, Benefit, Programme, ReportState


@dataclass(frozen=True)
class Aggregates:
    """The grouped rows of several cycles; each row starts with its cycle id.

    `activities` (by kind and programme) and `countries` cover every cycle of the trend;
    the other rows only the cycles whose breakdowns are shown: this one and the previous.
    """

    reports: list[Any]
    activities: list[Any]
    units: list[Any]
    areas: list[Any]
    countries: list[Any]


# Where the benefit counts start in a row of `activities` without its cycle id: after
# kind, programme, activities, external, own and with_external_funding.
BENEFIT_COLUMN = 6

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


def _vocabulary_order(codes: type[StrEnum], present: Iterable[str]) -> list[str]:
    # Every known code (zero rows too, so charts and comparisons line up), then unknown ones.
    known = [member.value for member in codes]
    return known + sorted(set(present) - set(known))


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _add_up(rows: list[Any], code_index: int) -> dict[str, tuple[int, int, int]]:
    """(activities, external, own) per code of the kind (0) or programme (1) column."""
    sums: dict[str, tuple[int, int, int]] = {}
    for row in rows:
        n, ext, own = sums.get(row[code_index], (0, 0, 0))
        sums[row[code_index]] = (n + int(row[2]), ext + int(row[3]), own + int(row[4]))
    return sums


def _by_code(rows: list[Any], code_index: int, key: str, codes: type[StrEnum],
             names: dict[str, str]) -> list[dict[str, Any]]:
    found = _add_up(rows, code_index)
    breakdown = []
    for code in _vocabulary_order(codes, found):
        n, ext, own = found.get(code, (0, 0, 0))
        breakdown.append({key: code, "label": vocabulary.label(names, code), "activities": n,
                          "external_funding_sek": ext, "own_funding_sek": own})
    return breakdown


def _by_strategic_area(rows: list[Any], areas: Sequence[StrategicArea]) -> list[dict[str, Any]]:
    found = {area_id: int(n) for area_id, n in rows}
    return [
        {"id": str(area.id), "name": area.name, "activities": found.get(area.id, 0)}
        for area in areas
    ]


def _by_benefit(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {"benefit": benefit.value, "label": vocabulary.label(vocabulary.BENEFITS, benefit),
         "activities": sum(int(row[BENEFIT_COLUMN + i]) for row in rows)}
        for i, benefit in enumerate(Benefit)
    ]


def _countries(rows: list[Any]) -> list[dict[str, Any]]:
    countries = [
        {"code": code.upper(), "name": vocabulary.country_name(code), "activities": int(n)}
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


def cycle_totals(aggregates: Aggregates, cycle_id: uuid.UUID) -> dict[str, Any]:
    """The totals of one cycle's activities (what the trend shows of earlier cycles)."""
    rows = _of(aggregates.activities, cycle_id)
    projects = [row for row in rows if row[0] in PROJECT_KINDS]
    project_count = sum(int(row[2]) for row in projects)
    funded_projects = sum(int(row[5]) for row in projects)
    return {
        "activities": sum(int(row[2]) for row in rows),
        "projects": project_count,
        "projects_with_external_funding": funded_projects,
        "project_external_share_percent": _share(funded_projects, project_count),
        "external_funding_sek": sum(int(row[3]) for row in rows),
        "own_funding_sek": sum(int(row[4]) for row in rows),
        "countries": len(_of(aggregates.countries, cycle_id)),
    }


def cycle_figures(
    aggregates: Aggregates, cycle_id: uuid.UUID, areas: Sequence[StrategicArea]
) -> dict[str, Any]:
    """All numeric figures of one cycle (accepted reports only)."""
    rows = _of(aggregates.activities, cycle_id)
    area_rows = _of(aggregates.areas, cycle_id)
    return {
        "totals": {**cycle_totals(aggregates, cycle_id),
                   **_report_counts(_of(aggregates.reports, cycle_id))},
        "by_kind": _by_code(rows, 0, "kind", ActivityKind, vocabulary.ACTIVITY_KINDS),
        "by_programme": _by_code(rows, 1, "programme", Programme, vocabulary.PROGRAMMES),
        "by_strategic_area": _by_strategic_area([r for r in area_rows if r[0]], areas),
        "activities_without_strategic_area": sum(int(n) for a, n in area_rows if a is None),
        "by_benefit": _by_benefit(rows),
        "countries": _countries(_of(aggregates.countries, cycle_id)),
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
