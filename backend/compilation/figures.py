"""The compilation's data: a JSON-ready dict computed from SQL aggregates, and its hash.

The dict holds only what the content of the accepted reports determines (no version
number, no clock), so compiling unchanged reports twice gives the same content hash.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from backend.compilation import repository, sections
from backend.compilation.breakdowns import Aggregates, compare, cycle_figures, cycle_totals
from backend.core.errors import NotFound
from backend.models import Cycle, StrategicArea
from backend.models.enums import ActivityKind, ReportState

SCHEMA_VERSION = 1
TREND_KEYS = ("activities", "projects", "project_external_share_percent",
              "external_funding_sek", "own_funding_sek", "countries")


def compute_figures(*, session: Session, cycle_id: uuid.UUID) -> dict[str, Any]:
    """Figures, texts and year-over-year comparison of a cycle's accepted reports.

    Runs a fixed number of queries whatever the number of units and reports.
    Raises NotFound if the cycle does not exist.
    """
    numbers = compute_numbers(session=session, cycle_id=cycle_id)
    reports = repository.list_reports_with_units(session, cycle_id)
    unit_names = {report.unit_id: report.unit_name for report in reports}
    activities = sections.activity_list(
        repository.list_activities(session, cycle_id), unit_names, numbers.areas)
    summaries = sections.unit_summaries(reports, numbers.data["figures"]["by_unit"])
    return {
        **numbers.data,
        "units": summaries,
        "no_international_work_units": sections.units_without_international_work(reports),
        "exempted_units": sections.units_in_state(reports, ReportState.EXEMPTED),
        "activities": activities,
        "networks": sections.of_kind(activities, ActivityKind.NETWORK),
        "twin_towns": sections.of_kind(activities, ActivityKind.TWIN_TOWN),
        "partners": sections.partners(activities),
        "action_plan": sections.action_plan(summaries),
    }


@dataclass(frozen=True)
class Numbers:
    """The numeric head of a compilation's data (up to and including `trend`): all the
    charts show. It skips the texts and the activity list, most of a compile's cost."""

    data: dict[str, Any]
    areas: list[StrategicArea]


def compute_numbers(*, session: Session, cycle_id: uuid.UUID) -> Numbers:
    """The figures, comparison and trend of compute_figures, without the texts.

    Raises NotFound if the cycle does not exist.
    """
    found = repository.get_cycle(session, cycle_id)
    if found is None:
        raise NotFound("Rapporteringsomgången finns inte.")
    cycle, organisation = found
    earlier = repository.list_adopted_cycles_before(session, cycle)
    previous = earlier[0] if earlier else None
    history = [*reversed(earlier), cycle]
    areas = repository.list_strategic_areas(session, organisation.id)
    shown = [cycle.id, previous.id] if previous else [cycle.id]
    aggregates = _load_aggregates(session, [c.id for c in history], shown)
    figures = cycle_figures(aggregates, cycle.id, areas)
    previous_figures = cycle_figures(aggregates, previous.id, areas) if previous else None
    return Numbers(areas=areas, data={
        "schema_version": SCHEMA_VERSION,
        "organisation": {"id": str(organisation.id), "name": organisation.name},
        "cycle": _cycle_meta(cycle),
        "strategic_areas": [{"id": str(a.id), "name": a.name, "description": a.description}
                            for a in areas],
        "figures": figures,
        "previous": _previous(previous, previous_figures),
        "changes": compare(figures, previous_figures) if previous_figures else None,
        "trend": [_trend_point(c, cycle_totals(aggregates, c.id), c.id == cycle.id)
                  for c in history],
    })


def canonical_json(data: dict[str, Any]) -> str:
    """The one serialisation the content hash is taken of (sorted keys, no spaces)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)


def content_hash(data: dict[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of a compilation's data."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _load_aggregates(session: Session, trend: list[uuid.UUID],
                     shown: list[uuid.UUID]) -> Aggregates:
    return Aggregates(
        reports=repository.count_reports(session, shown),
        activities=repository.sum_by_kind_and_programme(session, trend),
        units=repository.sum_by_unit(session, shown),
        areas=repository.count_by_strategic_area(session, shown),
        countries=repository.count_by_country(session, trend),
    )


def _cycle_meta(cycle: Cycle, *, with_decision: bool = False) -> dict[str, Any]:
    # State and decision belong to the cycle's present, not to the frozen content: the
    # renderers take them as arguments. For a previous (adopted) cycle they are final.
    meta: dict[str, Any] = {
        "id": str(cycle.id),
        "label": cycle.label,
        "draft_due": cycle.draft_due.isoformat(),
        "review_due": cycle.review_due.isoformat(),
        "council_due": cycle.council_due.isoformat(),
    }
    if with_decision:
        meta["decision_ref"] = cycle.decision_ref
        meta["decided_on"] = cycle.decided_on.isoformat() if cycle.decided_on else None
    return meta


def _previous(cycle: Cycle | None, figures: dict[str, Any] | None) -> dict[str, Any] | None:
    if cycle is None or figures is None:
        return None
    return {"cycle": _cycle_meta(cycle, with_decision=True), "figures": figures}


def _trend_point(cycle: Cycle, totals: dict[str, Any], is_current: bool) -> dict[str, Any]:
    return {"cycle_id": str(cycle.id), "label": cycle.label, "current": is_current,
            **{key: totals[key] for key in TREND_KEYS}}

