"""CSV for Swedish Excel and XLSX: every accepted activity with its unit."""

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from backend.compilation.csv_export import render_csv, render_xlsx
from backend.compilation.figures import compute_figures
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
    assert first["Nytta"] == "Ökad kunskap; Nya arbetssätt och lösningar"
    assert "Ej godkänt projekt" not in body.decode("utf-8-sig")


def test_csv_neutralises_formulas_and_keeps_awkward_text(data: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(data).decode("utf-8-sig")), delimiter=";"))
    last = dict(zip(rows[0], rows[-1], strict=True))
    assert last["Enhet"] == "Åtgärdsnämnden"
    assert last["Aktivitet"] == '\'=HYPERLINK("http://x";"klicka")'
    assert last["Samarbetspartner"] == 'Städte; "Partner"\nmed radbrytning'


def test_xlsx_has_activities_and_units(data: dict[str, Any]) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(data)))
    assert workbook.sheetnames == ["Aktiviteter", "Per enhet"]
    activities = list(workbook["Aktiviteter"].iter_rows(values_only=True))
    assert len(activities) == 1 + 7
    assert activities[1][0] == "Barn- och utbildningsnämnden"
    assert activities[1][11] == 1_250_000
    assert activities[-1][1].startswith("'=")
    units = list(workbook["Per enhet"].iter_rows(values_only=True))
    assert units[1] == ("Barn- och utbildningsnämnden", 3, 2, 1_250_000, 345_000)
