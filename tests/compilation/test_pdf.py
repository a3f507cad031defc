"""The compilation PDF: tagged, PDF/UA-1 and PDF/A-2, and its text holds the figures,
for ordinary and awkward input."""

import io
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.compilation.pdf import document_model, render_pdf
from backend.models.enums import CycleState, UnitKind
from tests.compilation import dataset
from tests.compilation import factories as f
from tests.compilation.pdf_checks import (
    assert_accessible_archival_pdf,
    outline_titles,
    page_texts,
    pdf_text,
    structure_tags,
)

TITLE = "Sammanställning av det internationella arbetet 2026"


@pytest.fixture
def data(session: Session) -> dict[str, Any]:
    municipality = dataset.build(session)
    return compute_figures(session=session, cycle_id=municipality.current.id)


def test_compilation_pdf_is_tagged_swedish_pdf_ua_and_pdf_a(data: dict[str, Any]) -> None:
    pdf = assert_accessible_archival_pdf(render_pdf(data, version=3,
                                                    compiled_on=date(2027, 3, 20)), TITLE)
    tags = structure_tags(pdf)
    assert tags.count("/Figure") == 4  # the four charts, each with its alternative text
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Caption", "/TOC"} <= set(tags)
    assert tags.index("/Title") < tags.index("/H1")
    titles = outline_titles(pdf)
    for heading in ("Nyckeltal", "Redovisning per nämnd och bolag", "Barn- och utbildningsnämnden",
                    "Utkast till handlingsplan 2027"):
        assert heading in titles
    alt_texts = [str(e.Alt) for e in _elements(pdf, "/Figure")]
    assert all(alt.startswith(("Finansiering", "Aktiviteter")) for alt in alt_texts)


def _elements(pdf: Any, tag: str) -> list[Any]:
    found: list[Any] = []

    def walk(element: Any) -> None:
        if hasattr(element, "keys") and "/S" in element and str(element.S) == tag:
            found.append(element)
        kids = element.get("/K") if hasattr(element, "keys") else None
        for kid in (kids if isinstance(kids, list) or hasattr(kids, "append") else
                    ([kids] if kids is not None else [])):
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_compiled_pdf_holds_title_page_contents_page_numbers_and_figures(
        data: dict[str, Any]) -> None:
    document = render_pdf(data, version=3, compiled_on=date(2027, 3, 20))
    pages = page_texts(document)
    text = pdf_text(document)
    assert "Habo kommun" in pages[0] and "Version 3" in pages[0]
    assert "Sammanställd 20 mars 2027" in pages[0] and "Sida" not in pages[0]
    assert TITLE in text and "Innehåll" in pages[1]
    count = len(pages)
    assert count >= 5 and f"Sida 2 av {count}" in text and f"Sida {count} av {count}" in text
    # Numbers keep their thousands together: no-break spaces between the groups.
    page_three = PdfReader(io.BytesIO(document)).pages[2].extract_text()
    assert "2\u00a0200\u00a0000\u00a0kr" in page_three and "66,7\u00a0%" in page_three
    for figure in ("2 200 000 kr", "675 000 kr", "1 250 000 kr", "66,7 %", "+1 200 000 kr",
                   "+16,7 procentenheter", "Utkast till handlingsplan 2027"):
        assert figure in text
    for name in ("Barn- och utbildningsnämnden", "Överförmyndarnämnden", "Socialnämnden",
                 "Kulturarv i Östersjön", "Söka Erasmus+ ackreditering.", "Finland"):
        assert name in text
    assert "Ej godkänt projekt" not in text
    # What is decided or registered later is not in a compiled version's document.
    assert "Antagen" not in pages[0] and "Diarienummer" not in pages[0]


def test_same_content_and_edition_give_the_same_bytes(data: dict[str, Any]) -> None:
    edition: dict[str, Any] = {"version": 2, "compiled_on": date(2027, 3, 20)}
    assert render_pdf(data, **edition) == render_pdf(data, **edition)


def test_an_edition_may_name_its_decision_and_registration(data: dict[str, Any]) -> None:
    text = pdf_text(render_pdf(data, version=3, compiled_on=date(2027, 3, 20),
                               decision_ref="KF 2027-04-28 § 46", decided_on=date(2027, 4, 28),
                               registration_number="KS2027/0195"))
    assert "Antagen KF 2027-04-28 § 46, 28 april 2027" in text
    assert "Diarienummer KS2027/0195" in text


def test_a_preview_says_it_is_a_draft(data: dict[str, Any]) -> None:
    assert "Utkast, ej sammanställt" in page_texts(render_pdf(data))[0]


def test_unit_plans_are_printed_once_in_the_action_plan(data: dict[str, Any]) -> None:
    text = pdf_text(render_pdf(data))
    action_plan = text.rindex("Utkast till handlingsplan 2027")
    for plans in ("Söka Erasmus+ ackreditering.", "Fördjupa vänortsutbytet."):
        assert text.count(plans) == 1 and text.index(plans) > action_plan
    assert "Planerna för nästa år finns under Utkast till handlingsplan 2027." in text
    assert "Planer för nästa år" not in text


def test_unit_section_lists_each_activity_with_its_figures(data: dict[str, Any]) -> None:
    text = pdf_text(render_pdf(data))
    units = text.rindex("Redovisning per nämnd och bolag")
    facts = ("Erasmus+ skolutbyte – EU-projekt, Erasmus+. Länder: Tyskland, Finland. "
             "Extern finansiering 1 250 000 kr, egen finansiering 250 000 kr.")
    assert text.index(facts) > units
    assert "Digitalt lärande – Annat projekt. Extern finansiering 0 kr" in text


def test_every_chart_is_paired_with_its_table(data: dict[str, Any]) -> None:
    blocks = document_model(data)["blocks"]
    charts = [i for i, b in enumerate(blocks) if "chart" in b]
    assert len(charts) == 4
    for index in charts:
        assert blocks[index]["chart"]["alt"]
        assert "Samma uppgifter finns i tabellen nedan." in blocks[index]["chart"]["caption"]
        assert "table" in blocks[index + 1]


def test_text_that_looks_like_markup_is_printed_as_written(session: Session) -> None:
    org = f.organisation(session, "Markby kommun")
    cycle = f.cycle(session, org, 2026)
    unit = f.unit(session, org, "#set page(width: 1cm) = Rubrik *fet* $x$ <etikett> @ref")
    f.report(session, cycle, unit, summary='#panic("nej") ]) \\ // [ "citat"')
    data = compute_figures(session=session, cycle_id=cycle.id)
    text = pdf_text(render_pdf(data, version=1, compiled_on=date(2027, 1, 5)))
    assert "#set page(width: 1cm) = Rubrik *fet* $x$ <etikett> @ref" in text
    assert '#panic("nej") ]) \\ // [ "citat"' in text


def test_cycle_without_accepted_activities_renders(session: Session) -> None:
    org = f.organisation(session, "Tomby kommun")
    cycle = f.cycle(session, org, 2026, CycleState.OPEN)
    data = compute_figures(session=session, cycle_id=cycle.id)
    text = pdf_text(render_pdf(data))
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
    document = render_pdf(data, version=1, compiled_on=date(2027, 1, 5))
    assert_accessible_archival_pdf(document, TITLE)
    text = pdf_text(document)
    assert len(page_texts(document)) >= 6
    for expected in ("Håbo-Älvsö kommun", "Café Élan AB", "Överförmyndarnämnden",
                     "Mening 0 om vår skärgård", "Det var allt.", "12 345 678 kr",
                     "Ville de Besançon, Łódź, Škoda", "Tjeckien", "Inget internationellt arbete",
                     "Utfall: ökad kunskap", "Mening 699 om vår skärgård och älvdal."):
        assert expected in text
    assert text.count("Åka till Göteborg och Malmö.") == 40
    # The unbreakable word is wrapped, not cut: all of its letters reach the page (read
    # without the running header and page number, which a page break puts amid it).
    body = re.sub(r"Sida \d+ av \d+", "", text).replace(TITLE, "").replace(" ", "")
    assert body.count(long_word[:37]) >= 12
