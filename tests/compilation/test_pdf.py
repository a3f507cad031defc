"""The PDF is a real PDF whose text holds the key figures, for ordinary and awkward input."""

import io
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.compilation.pdf import render_html, render_pdf
from backend.models.enums import CycleState, UnitKind
from tests.compilation import dataset
from tests.compilation import factories as f


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Words hyphenated at a line end are joined; other line breaks read as plain spaces.
    text = re.sub(r"\u2010\s+", "", text.replace("\u00a0", " "))
    return reader, re.sub(r"\s+", " ", text)


@pytest.fixture
def data(session: Session) -> dict[str, Any]:
    municipality = dataset.build(session)
    return compute_figures(session=session, cycle_id=municipality.current.id)


def test_adopted_compilation_pdf_holds_title_page_and_key_figures(data: dict[str, Any]) -> None:
    pdf = render_pdf(data, version=3, compiled_on=date(2027, 3, 20),
                     decision_ref="KF 2027-04-28 § 46", decided_on=date(2027, 4, 28),
                     registration_number="KS2027/0195")
    reader, text = _text(pdf)
    pages = len(reader.pages)
    assert pages >= 5
    title_page = reader.pages[0].extract_text()
    assert "Habo kommun" in title_page and "Version 3" in title_page
    assert "Sammanställning av det internationella arbetet 2026" in text
    assert "Antagen KF 2027-04-28 § 46, 28 april 2027" in text
    assert "Diarienummer KS2027/0195" in text
    assert f"Sida 2 av {pages}" in text and f"Sida {pages} av {pages}" in text
    assert "Innehåll" in text and "Utkast till handlingsplan 2027" in text
    for figure in ("2 200 000 kr", "675 000 kr", "1 250 000 kr", "66,7 %", "+1 200 000 kr",
                   "+16,7 procentenheter"):
        assert figure in text
    for name in ("Barn- och utbildningsnämnden", "Överförmyndarnämnden", "Socialnämnden",
                 "Kulturarv i Östersjön", "Söka Erasmus+ ackreditering.", "Finland"):
        assert name in text
    assert "Ej godkänt projekt" not in text
    assert "Sammanställning" in (reader.metadata.title or "")


def test_unit_plans_are_printed_once_in_the_action_plan(data: dict[str, Any]) -> None:
    _, text = _text(render_pdf(data))
    action_plan = text.rindex("Utkast till handlingsplan 2027")
    for plans in ("Söka Erasmus+ ackreditering.", "Fördjupa vänortsutbytet."):
        assert text.count(plans) == 1 and text.index(plans) > action_plan
    assert "Planerna för nästa år finns under Utkast till handlingsplan 2027." in text
    assert "Planer för nästa år" not in text


def test_unit_section_lists_each_activity_with_its_figures(data: dict[str, Any]) -> None:
    _, text = _text(render_pdf(data))
    units = text.rindex("Redovisning per nämnd och bolag")
    facts = ("Erasmus+ skolutbyte – EU-projekt, Erasmus+. Länder: Tyskland, Finland. "
             "Extern finansiering 1 250 000 kr, egen finansiering 250 000 kr.")
    assert text.index(facts) > units
    assert "Digitalt lärande – Annat projekt. Extern finansiering 0 kr" in text


def test_draft_pdf_says_it_is_not_adopted(data: dict[str, Any]) -> None:
    _, text = _text(render_pdf(data, version=1))
    assert "Version 1" in text and "Ej antagen" in text and "Diarienummer" not in text


def test_html_pairs_every_chart_with_a_table(data: dict[str, Any]) -> None:
    html = render_html(data)
    assert html.count('role="img"') == 4
    assert html.count("<figure") == 4
    assert html.count("Samma uppgifter finns i tabellen nedan.") == 4
    assert '<html lang="sv">' in html


def test_cycle_without_accepted_activities_renders(session: Session) -> None:
    org = f.organisation(session, "Tomby kommun")
    cycle = f.cycle(session, org, 2026, CycleState.OPEN)
    data = compute_figures(session=session, cycle_id=cycle.id)
    _, text = _text(render_pdf(data))
    assert "Inga aktiviteter har redovisats i godkända rapporter för 2026." in text
    assert "Inga uppgifter att visa" in text
    assert "Inga planer för kommande år har redovisats." in text


def test_long_texts_and_non_ascii_names_render(session: Session) -> None:
    org = f.organisation(session, "Håbo-Älvsö kommun")
    cycle = f.cycle(session, org, 2026)
    area = f.strategic_area(session, org, "Profilering och attraktivitet – Ö & Å")
    unit = f.unit(session, org, "Café Élan AB", UnitKind.COMPANY)
    long_word = "Överförmyndarnämndsutvecklingsprojekt" * 12
    sentences = " ".join(f"Mening {n} om vår skärgård och älvdal." for n in range(700))
    report = f.report(session, cycle, unit, summary=f"{sentences}\n\n{long_word}\n\nDet var allt.",
                      next_year_plans="Åka till Göteborg och Malmö.\n" * 40)
    f.activity(session, report, "Ärende " + "långt namn " * 25, "eu_project",
               programme="creative_europe", external_funding_sek=12_345_678,
               partners="Ville de Besançon, Łódź, Škoda " * 30, countries=("FR", "PL", "CZ"),
               areas=(area,), outcome="Utfall: " + "ökad kunskap " * 200)
    f.report(session, cycle, f.unit(session, org, "Överförmyndarnämnden"),
             no_international_work=True)
    data = compute_figures(session=session, cycle_id=cycle.id)
    reader, text = _text(render_pdf(data, version=1))
    assert len(reader.pages) >= 6
    for expected in ("Håbo-Älvsö kommun", "Café Élan AB", "Överförmyndarnämnden",
                     "Mening 0 om vår skärgård", "Det var allt.", "12 345 678 kr",
                     "Ville de Besançon, Łódź, Škoda", "Tjeckien", "Inget internationellt arbete",
                     "Utfall: ökad kunskap"):
        assert expected in text
    assert text.count("Åka till Göteborg och Malmö.") == 40
    # The unbreakable word is wrapped, not cut: all of its letters reach the page.
    assert text.replace(" ", "").count(long_word[:37]) >= 12
