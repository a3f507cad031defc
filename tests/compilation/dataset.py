"""A small municipality with known figures, summed by hand in the comments below.

2026 (compiled), accepted reports only:
  Barn- och utbildningsnämnden  eu_project   erasmus_plus  1 250 000 / 250 000  DE FI  area 2
                                other_project none                 0 /  80 000         area 2
                                study_visit   none                 0 /  15 000  FI     area 2, 3
  Kultur- och fritidsnämnden    eu_project   interreg        900 000 / 300 000  FI EE LV area 3
                                twin_town    none                  0 /  20 000  EE     area 3
  Habo Energi AB                network      other            50 000 /  10 000  DK     (none)
  Överförmyndarnämnden          accepted, no international work
  Socialnämnden                 exempted
  Miljö- och byggnämnden        submitted (not counted): eu_project 5 000 000
Totals: 6 activities, 3 projects of which 2 externally funded (66.7 %),
external 2 200 000, own 675 000, 5 countries (FI 3, EE 2, DE 1, DK 1, LV 1).

2025 (adopted, the previous cycle): eu_project erasmus_plus 1 000 000 / 200 000 area 2,
other_project none 0 / 50 000 area 2, twin_town none 0 / 20 000 area 3:
3 activities, 2 projects, 1 externally funded (50.0 %), external 1 000 000, own 270 000.
2024 (adopted): one network, other, 10 000 / 5 000.
"""

from dataclasses import dataclass

from sqlmodel import Session

from backend.models import Cycle, Organisation, StrategicArea, Unit
from backend.models.enums import CycleState, ReportState, UnitKind
from tests.compilation import factories as f

AREA_NAMES = ("Politisk påverkan och omvärldsbevakning", "Verksamhets- och kunskapsutveckling",
              "Profilering och attraktivitet")


@dataclass
class Municipality:
    organisation: Organisation
    areas: list[StrategicArea]
    units: dict[str, Unit]
    current: Cycle
    previous: Cycle
    oldest: Cycle


def build(session: Session) -> Municipality:
    org = f.organisation(session, "Habo kommun")
    areas = [f.strategic_area(session, org, name, i) for i, name in enumerate(AREA_NAMES)]
    a1, a2, a3 = areas
    names = {
        "bun": ("Barn- och utbildningsnämnden", UnitKind.COMMITTEE),
        "kfn": ("Kultur- och fritidsnämnden", UnitKind.COMMITTEE),
        "energi": ("Habo Energi AB", UnitKind.COMPANY),
        "ofn": ("Överförmyndarnämnden", UnitKind.COMMITTEE),
        "son": ("Socialnämnden", UnitKind.COMMITTEE),
        "mbn": ("Miljö- och byggnämnden", UnitKind.COMMITTEE),
    }
    units = {key: f.unit(session, org, name, kind) for key, (name, kind) in names.items()}
    oldest = f.adopted_cycle(session, org, 2024)
    previous = f.adopted_cycle(session, org, 2025)
    current = f.cycle(session, org, 2026, CycleState.COMPILED)
    f.cycle(session, org, 2027, CycleState.PLANNED)
    other_org = f.organisation(session, "Grannby kommun")
    f.adopted_cycle(session, other_org, 2025)

    report = f.report(session, current, units["bun"],
                      next_year_plans="Söka Erasmus+ ackreditering.")
    f.activity(session, report, "Erasmus+ skolutbyte", "eu_project", programme="erasmus_plus",
               external_funding_sek=1_250_000, own_funding_sek=250_000, countries=("DE", "FI"),
               areas=(a2,), benefits=["knowledge", "new_methods"], position=0)
    f.activity(session, report, "Digitalt lärande", "other_project", own_funding_sek=80_000,
               areas=(a2,), position=1)
    f.activity(session, report, "Studiebesök i Tammerfors", "study_visit",
               own_funding_sek=15_000, countries=("FI",), areas=(a2, a3), position=2)
    report = f.report(session, current, units["kfn"], next_year_plans="Fördjupa vänortsutbytet.",
                      monitoring="Bevakar Kreativa Europa.")
    f.activity(session, report, "Kulturarv i Östersjön", "eu_project", programme="interreg",
               external_funding_sek=900_000, own_funding_sek=300_000,
               countries=("FI", "EE", "LV"), areas=(a3,),
               benefits=["attractiveness", "external_funding"], position=0)
    f.activity(session, report, "Vänort Pärnu", "twin_town", own_funding_sek=20_000,
               countries=("EE",), areas=(a3,), partners="Pärnu linn", position=1)
    report = f.report(session, current, units["energi"])
    f.activity(session, report, "Energi i nätverk", "network", programme="other",
               external_funding_sek=50_000, own_funding_sek=10_000, countries=("DK",),
               partners="Energikontor Norr")
    f.report(session, current, units["ofn"], no_international_work=True)
    f.report(session, current, units["son"], ReportState.EXEMPTED)
    pending = f.report(session, current, units["mbn"], ReportState.SUBMITTED)
    f.activity(session, pending, "Ej godkänt projekt", "eu_project", programme="erasmus_plus",
               external_funding_sek=5_000_000, countries=("NO",), areas=(a1,))

    report = f.report(session, previous, units["bun"])
    f.activity(session, report, "Erasmus+ 2025", "eu_project", programme="erasmus_plus",
               external_funding_sek=1_000_000, own_funding_sek=200_000, areas=(a2,))
    f.activity(session, report, "Eget projekt 2025", "other_project", own_funding_sek=50_000,
               areas=(a2,))
    report = f.report(session, previous, units["kfn"])
    f.activity(session, report, "Vänort Pärnu", "twin_town", own_funding_sek=20_000, areas=(a3,))
    report = f.report(session, oldest, units["energi"])
    f.activity(session, report, "Nätverk 2024", "network", programme="other",
               external_funding_sek=10_000, own_funding_sek=5_000)
    return Municipality(org, areas, units, current, previous, oldest)
