"""The workbook: one sheet per table, dates as dates, amounts as numbers, a frozen, bold,
filterable header, readable widths."""

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.compilation.xlsx_export import render_xlsx
from tests.compilation import dataset
from tests.compilation import factories as f

OUTCOME = "Eleverna lärde sig mycket om hur skolan fungerar i Finland. " * 4
SHEETS = ["Sammanfattning", "Aktiviteter", "Per enhet", "Per typ", "Finansiering",
          "Strategiska områden", "Länder", "Nytta", "Utveckling"]


@pytest.fixture
def workbook(session: Session) -> Any:
    municipality = dataset.build(session)
    report = f.report(session, municipality.current,
                      f.unit(session, municipality.organisation, "Åtgärdsnämnden"))
    f.activity(session, report, "Vänortsbesök", "exchange", starts_on=date(2026, 3, 2),
               ends_on=date(2026, 11, 30), own_funding_sek=12_500, outcome=OUTCOME)
    data = compute_figures(session=session, cycle_id=municipality.current.id)
    return load_workbook(io.BytesIO(render_xlsx(data)))


def _rows(sheet: Worksheet) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_one_sheet_per_table_each_with_a_frozen_bold_filtered_header(workbook: Any) -> None:
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.max_row > 1, sheet.title
        for letter, dimension in sheet.column_dimensions.items():
            assert 8 <= dimension.width <= 62, (sheet.title, letter, dimension.width)


def test_activities_have_dates_as_dates_and_amounts_as_numbers(workbook: Any) -> None:
    rows = _rows(workbook["Aktiviteter"])
    assert len(rows) == 7
    first = rows[0]
    assert first["Enhet"].value == "Barn- och utbildningsnämnden"
    assert first["Extern finansiering (kr)"].value == 1_250_000
    assert first["Extern finansiering (kr)"].data_type == "n"
    assert first["Extern finansiering (kr)"].number_format == "#,##0"
    [visit] = [r for r in rows if r["Aktivitet"].value == "Vänortsbesök"]
    assert visit["Startdatum"].is_date and visit["Startdatum"].value.date() == date(2026, 3, 2)
    assert visit["Slutdatum"].value.date() == date(2026, 11, 30)
    assert visit["Startdatum"].number_format == "yyyy-mm-dd"
    assert visit["Egen finansiering (kr)"].value == 12_500
    assert first["Startdatum"].value is None  # no date given: an empty cell, not ""
    assert visit["Resultat"].value == OUTCOME and visit["Resultat"].alignment.wrap_text
    titles = workbook["Aktiviteter"].column_dimensions
    assert titles["B"].width >= len("Studiebesök i Tammerfors")  # the longest title fits


def test_the_summary_puts_the_previous_cycle_beside_every_key_figure(workbook: Any) -> None:
    sheet = workbook["Sammanfattning"]
    assert [c.value for c in sheet[1]] == ["Nyckeltal", "2026", "2025"]
    figures = {r["Nyckeltal"].value: r for r in _rows(sheet)}
    assert figures["Aktiviteter"]["2026"].value == 7
    assert figures["Aktiviteter"]["2025"].value == 3
    external = figures["Extern finansiering"]
    assert (external["2026"].value, external["2025"].value) == (2_200_000, 1_000_000)
    assert external["2026"].number_format == "#,##0"
    share = figures["Andel projekt med extern finansiering"]
    assert share["2026"].value == pytest.approx(2 / 3, abs=0.001)
    assert share["2025"].value == 0.5 and share["2025"].number_format == "0.0%"


def test_the_tables_carry_the_figures(workbook: Any) -> None:
    programmes = {r["Program"].value: r for r in _rows(workbook["Finansiering"])}
    assert programmes["Erasmus+"]["Extern finansiering (kr)"].value == 1_250_000
    assert programmes["Interreg"]["Aktiviteter"].value == 1
    units = {r["Enhet"].value: r for r in _rows(workbook["Per enhet"])}
    assert units["Barn- och utbildningsnämnden"]["Projekt"].value == 2
    countries = {r["Land"].value: r["Aktiviteter"].value for r in _rows(workbook["Länder"])}
    assert countries["Finland"] == 3
    trend = [r["Omgång"].value for r in _rows(workbook["Utveckling"])]
    assert trend == ["2024", "2025", "2026"]
