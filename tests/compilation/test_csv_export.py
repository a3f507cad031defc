"""CSV for Swedish Excel: every accepted activity with its unit; no formula in CSV or XLSX."""

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from backend.compilation.csv_export import render_csv
from backend.compilation.figures import compute_figures
from backend.compilation.xlsx_export import render_xlsx
from tests.compilation import dataset
from tests.compilation import factories as f


@pytest.fixture
def data(session: Session) -> dict[str, Any]:
    municipality = dataset.build(session)
    report = f.report(session, municipality.current,
                      f.unit(session, municipality.organisation, "Åtgärdsnämnden"))
    f.activity(session, report, '=HYPERLINK("http://x";"klicka")', "exchange",
               partners="Städte; \"Partner\"\nmed radbrytning")
    return compute_figures(session=session, cycle_id=municipality.current.id)


def test_csv_has_bom_semicolons_and_one_row_per_activity(data: dict[str, Any]) -> None:
    body = render_csv(data)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Enhet", "Aktivitet", "Typ", "Program"]
    assert len(rows) == 1 + 7
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Enhet"] == "Barn- och utbildningsnämnden"
    assert first["Aktivitet"] == "Erasmus+ skolutbyte"
    assert first["Typ"] == "EU-projekt" and first["Program"] == "Erasmus+"
    assert first["Länder"] == "DE, FI"
    assert first["Extern finansiering (kr)"] == "1250000"
    assert first["Nytta"] == "Ökad kunskap; Nya metoder och arbetssätt"
    assert "Ej godkänt projekt" not in body.decode("utf-8-sig")


def test_csv_neutralises_formulas_and_keeps_awkward_text(data: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(data).decode("utf-8-sig")), delimiter=";"))
    last = dict(zip(rows[0], rows[-1], strict=True))
    assert last["Enhet"] == "Åtgärdsnämnden"
    assert last["Aktivitet"] == '\'=HYPERLINK("http://x";"klicka")'
    assert last["Samarbetspartner"] == 'Städte; "Partner"\nmed radbrytning'


FORMULA = '=HYPERLINK("http://x";"klicka")'
HOSTILE = [prefix + FORMULA[1:] for prefix in ("=", "+", "-", "@")] + [
    lead + FORMULA for lead in ("\t", "\r", "\n", " ", "\u00a0", "\x01", "\x1f", "\x7f",
                                "\u200b", " \x01\t")
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_prefix_or_leading_character_lets_a_formula_through(
        session: Session, text: str) -> None:
    municipality = dataset.build(session)
    report = f.report(session, municipality.current,
                      f.unit(session, municipality.organisation, text))
    f.activity(session, report, text, "exchange", partners=text)
    data = compute_figures(session=session, cycle_id=municipality.current.id)

    rows = list(csv.reader(io.StringIO(render_csv(data).decode("utf-8-sig")), delimiter=";"))
    [hostile] = [dict(zip(rows[0], row, strict=True)) for row in rows if "HYPERLINK" in row[1]]
    for column in ("Enhet", "Aktivitet", "Samarbetspartner"):
        assert hostile[column] == "'" + text

    workbook = load_workbook(io.BytesIO(render_xlsx(data)))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    [activity] = [row for row in workbook["Aktiviteter"].iter_rows(values_only=True)
                  if "HYPERLINK" in row[1]]
    assert activity[0].startswith("'") and activity[1].startswith("'")


def test_ordinary_text_is_not_quoted(session: Session) -> None:
    municipality = dataset.build(session)
    report = f.report(session, municipality.current,
                      f.unit(session, municipality.organisation, "Kultur- och fritid"))
    f.activity(session, report, " Vänortsbesök i Åbo, maj", "exchange", partners="Åbo – stad")
    data = compute_figures(session=session, cycle_id=municipality.current.id)
    rows = list(csv.reader(io.StringIO(render_csv(data).decode("utf-8-sig")), delimiter=";"))
    [ordinary] = [dict(zip(rows[0], row, strict=True)) for row in rows if "Vänortsbesök" in row[1]]
    assert ordinary["Aktivitet"] == " Vänortsbesök i Åbo, maj"
    assert ordinary["Samarbetspartner"] == "Åbo – stad"
