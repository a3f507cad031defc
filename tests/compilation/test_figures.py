"""compute_figures against hand-computed sums (see dataset.py), on SQLite and PostgreSQL."""

import json
import uuid
from typing import Any

import pytest
from sqlmodel import Session

from backend.compilation.figures import compute_figures, content_hash
from backend.core.errors import NotFound
from backend.models.enums import CycleState
from tests.compilation import dataset
from tests.compilation import factories as f


@pytest.fixture
def municipality(session: Session) -> dataset.Municipality:
    return dataset.build(session)


@pytest.fixture
def data(session: Session, municipality: dataset.Municipality) -> dict[str, Any]:
    return compute_figures(session=session, cycle_id=municipality.current.id)


def _by(rows: list[dict[str, Any]], key: str, value: str = "activities") -> dict[str, Any]:
    return {row[key]: row[value] for row in rows}


def test_totals_match_hand_computed_sums(data: dict[str, Any]) -> None:
    assert data["figures"]["totals"] == {
        "activities": 6, "projects": 3, "projects_with_external_funding": 2,
        "project_external_share_percent": 66.7, "external_funding_sek": 2_200_000,
        "own_funding_sek": 675_000, "countries": 5, "units_accepted": 4,
        "units_no_international_work": 1, "units_exempted": 1, "units_pending": 1,
    }


def test_breakdowns_per_kind_programme_and_area(
    data: dict[str, Any], municipality: dataset.Municipality
) -> None:
    figures = data["figures"]
    assert _by(figures["by_kind"], "kind") == {
        "eu_project": 2, "other_project": 1, "network": 1, "twin_town": 1, "study_visit": 1,
        "exchange": 0, "competence_development": 0, "monitoring": 0, "advocacy": 0,
    }
    programmes = {r["programme"]: (r["activities"], r["external_funding_sek"],
                                   r["own_funding_sek"]) for r in figures["by_programme"]}
    assert programmes["erasmus_plus"] == (1, 1_250_000, 250_000)
    assert programmes["interreg"] == (1, 900_000, 300_000)
    assert programmes["other"] == (1, 50_000, 10_000)
    assert programmes["none"] == (3, 0, 115_000)
    assert programmes["esf_plus"] == (0, 0, 0)
    assert [r["label"] for r in figures["by_programme"]][:2] == ["Erasmus+", "Interreg"]
    a1, a2, a3 = (str(area.id) for area in municipality.areas)
    assert _by(figures["by_strategic_area"], "id") == {a1: 0, a2: 3, a3: 3}
    assert figures["activities_without_strategic_area"] == 1
    assert _by(figures["by_benefit"], "benefit") == {
        "knowledge": 1, "new_methods": 1, "strategic_partnerships": 0, "influence": 0,
        "attractiveness": 1, "external_funding": 1,
    }


def test_breakdowns_per_unit_and_country(data: dict[str, Any]) -> None:
    units = {r["name"]: (r["activities"], r["projects"], r["external_funding_sek"],
                         r["own_funding_sek"]) for r in data["figures"]["by_unit"]}
    assert units == {
        "Barn- och utbildningsnämnden": (3, 2, 1_250_000, 345_000),
        "Kultur- och fritidsnämnden": (2, 1, 900_000, 320_000),
        "Habo Energi AB": (1, 0, 50_000, 10_000),
    }
    assert [(c["code"], c["name"], c["activities"]) for c in data["figures"]["countries"]] == [
        ("FI", "Finland", 3), ("EE", "Estland", 2), ("DK", "Danmark", 1),
        ("LV", "Lettland", 1), ("DE", "Tyskland", 1),
    ]


def test_lists_networks_twin_towns_plans_and_units(data: dict[str, Any]) -> None:
    assert [(n["unit"], n["title"], n["partners"]) for n in data["networks"]] == [
        ("Habo Energi AB", "Energi i nätverk", "Energikontor Norr")]
    assert [(t["unit"], t["title"], t["countries"]) for t in data["twin_towns"]] == [
        ("Kultur- och fritidsnämnden", "Vänort Pärnu", ["EE"])]
    assert [p["title"] for p in data["partners"]] == ["Energi i nätverk", "Vänort Pärnu"]
    assert [(p["unit"], p["plans"]) for p in data["action_plan"]] == [
        ("Barn- och utbildningsnämnden", "Söka Erasmus+ ackreditering."),
        ("Kultur- och fritidsnämnden", "Fördjupa vänortsutbytet."),
    ]
    assert [u["unit"] for u in data["no_international_work_units"]] == ["Överförmyndarnämnden"]
    assert [u["unit"] for u in data["exempted_units"]] == ["Socialnämnden"]
    # Swedish order: Ö after the rest.
    assert [u["unit"] for u in data["units"]] == [
        "Barn- och utbildningsnämnden", "Habo Energi AB", "Kultur- och fritidsnämnden",
        "Överförmyndarnämnden",
    ]


def test_only_accepted_activities_are_listed(data: dict[str, Any]) -> None:
    titles = [a["title"] for a in data["activities"]]
    assert len(titles) == 6
    assert "Ej godkänt projekt" not in titles
    first = data["activities"][0]
    assert first["unit"] == "Barn- och utbildningsnämnden"
    assert first["title"] == "Erasmus+ skolutbyte"
    assert first["countries"] == ["DE", "FI"]
    assert first["strategic_areas"] == ["Verksamhets- och kunskapsutveckling"]
    assert first["programme_label"] == "Erasmus+"


def test_an_activity_lists_all_its_countries_and_areas(data: dict[str, Any]) -> None:
    activities = {a["title"]: a for a in data["activities"]}
    assert activities["Kulturarv i Östersjön"]["countries"] == ["EE", "FI", "LV"]
    # Areas in the policy's order, not by name.
    assert activities["Studiebesök i Tammerfors"]["strategic_areas"] == [
        "Verksamhets- och kunskapsutveckling", "Profilering och attraktivitet"]
    assert activities["Digitalt lärande"]["countries"] == []


def test_year_over_year_comparison_with_previous_adopted_cycle(
    data: dict[str, Any], municipality: dataset.Municipality
) -> None:
    previous = data["previous"]
    assert previous["cycle"]["label"] == "2025"
    assert previous["cycle"]["decision_ref"] == "KF 2026-04-28 § 46"
    assert previous["figures"]["totals"]["activities"] == 3
    assert previous["figures"]["totals"]["project_external_share_percent"] == 50.0
    changes = {row["key"]: (row["current"], row["previous"], row["change"])
               for row in data["changes"]["totals"]}
    assert changes["activities"] == (6, 3, 3)
    assert changes["external_funding_sek"] == (2_200_000, 1_000_000, 1_200_000)
    assert changes["own_funding_sek"] == (675_000, 270_000, 405_000)
    assert changes["project_external_share_percent"] == (66.7, 50.0, 16.7)
    kinds = {row["key"]: row["change"] for row in data["changes"]["by_kind"]}
    assert kinds["twin_town"] == 0 and kinds["study_visit"] == 1 and kinds["network"] == 1
    programmes = {row["key"]: row["change"] for row in data["changes"]["by_programme"]}
    assert programmes["erasmus_plus"] == 250_000 and programmes["interreg"] == 900_000
    areas = {row["key"]: row["change"] for row in data["changes"]["by_strategic_area"]}
    assert areas[str(municipality.areas[1].id)] == 1


def test_trend_runs_oldest_first_through_this_cycle(data: dict[str, Any]) -> None:
    assert [(p["label"], p["activities"], p["external_funding_sek"], p["current"])
            for p in data["trend"]] == [
        ("2024", 1, 10_000, False), ("2025", 3, 1_000_000, False), ("2026", 6, 2_200_000, True)]


def test_cycle_without_accepted_activities(session: Session) -> None:
    org = f.organisation(session)
    cycle = f.cycle(session, org, 2026, CycleState.OPEN)
    unit = f.unit(session, org, "Kommunstyrelsen")
    f.report(session, cycle, unit, "draft")
    data = compute_figures(session=session, cycle_id=cycle.id)
    totals = data["figures"]["totals"]
    assert totals["activities"] == 0 and totals["external_funding_sek"] == 0
    assert totals["project_external_share_percent"] is None
    assert totals["units_pending"] == 1
    assert data["previous"] is None and data["changes"] is None
    assert data["activities"] == [] and data["units"] == [] and data["action_plan"] == []
    assert data["figures"]["countries"] == [] and data["figures"]["by_unit"] == []
    assert all(row["activities"] == 0 for row in data["figures"]["by_benefit"])
    assert [p["label"] for p in data["trend"]] == ["2026"]


def test_unit_reporting_no_international_work(session: Session) -> None:
    org = f.organisation(session)
    cycle = f.cycle(session, org, 2026)
    unit = f.unit(session, org, "Överförmyndarnämnden")
    f.report(session, cycle, unit, no_international_work=True, summary="Inget att redovisa.")
    data = compute_figures(session=session, cycle_id=cycle.id)
    assert data["figures"]["totals"]["units_no_international_work"] == 1
    assert data["units"][0]["no_international_work"] is True
    assert data["units"][0]["activities"] == 0
    assert data["no_international_work_units"] == [
        {"unit_id": str(unit.id), "unit": "Överförmyndarnämnden"}]


def test_content_hash_is_stable_and_follows_content(
    session: Session, municipality: dataset.Municipality, data: dict[str, Any]
) -> None:
    again = compute_figures(session=session, cycle_id=municipality.current.id)
    assert content_hash(again) == content_hash(data)
    assert content_hash(json.loads(json.dumps(data))) == content_hash(data)
    assert len(content_hash(data)) == 64
    report = f.report(session, municipality.current, f.unit(session, municipality.organisation,
                                                            "Tekniska nämnden"))
    f.activity(session, report, "Ny aktivitet", "exchange")
    changed = compute_figures(session=session, cycle_id=municipality.current.id)
    assert content_hash(changed) != content_hash(data)


def test_unknown_cycle_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        compute_figures(session=session, cycle_id=uuid.uuid4())
