"""The compilation as a workbook: one sheet per table, typed cells, never a formula.

Dates are dates and amounts numbers (Excel shows `#,##0` with the reader's thousands
separator: a space in Swedish), every header row is bold, frozen and filterable."""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from backend.compilation.breakdowns import TOTAL_LABELS
from backend.compilation.csv_export import COLUMNS as CSV_COLUMNS
from backend.compilation.csv_export import quote_formula
from backend.core import vocabulary

Row = dict[str, Any]
FORMATS = {"count": "0", "sek": "#,##0", "date": "yyyy-mm-dd", "percent": "0.0%"}
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_WIDTH = 11  # "2026-12-31" and a little air
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Row], Any]
    kind: str = "text"  # text, count, sek, date, percent, or per_row (the row's "format")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _share(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 3)


DATES = {"Startdatum": Column("Startdatum", lambda a: _date(a["starts_on"]), "date"),
         "Slutdatum": Column("Slutdatum", lambda a: _date(a["ends_on"]), "date")}
AMOUNTS = {"Extern finansiering (kr)", "Egen finansiering (kr)"}
ACTIVITIES = tuple(DATES.get(name) or Column(name, get, "sek" if name in AMOUNTS else "text")
                   for name, get in CSV_COLUMNS)
MONEY = (Column("Aktiviteter", lambda r: r["activities"], "count"),
         Column("Extern finansiering (kr)", lambda r: r["external_funding_sek"], "sek"),
         Column("Egen finansiering (kr)", lambda r: r["own_funding_sek"], "sek"))
UNITS = (Column("Enhet", lambda r: r["name"]), MONEY[0],
         Column("Projekt", lambda r: r["projects"], "count"), *MONEY[1:])
TREND = (Column("Omgång", lambda r: r["label"]),
         Column("Aktiviteter", lambda r: r["activities"], "count"),
         Column("Projekt", lambda r: r["projects"], "count"),
         Column("Andel projekt med extern finansiering",
                lambda r: _share(r["project_external_share_percent"]), "percent"),
         Column("Extern finansiering (kr)", lambda r: r["external_funding_sek"], "sek"),
         Column("Egen finansiering (kr)", lambda r: r["own_funding_sek"], "sek"),
         Column("Länder", lambda r: r["countries"], "count"))
ACTIVITY_COUNT = Column("Aktiviteter", lambda r: r["activities"], "count")


def _summary(data: dict[str, Any]) -> tuple[tuple[Column, ...], list[Row]]:
    """The key figures with the previous adopted cycle's beside them."""
    totals, previous = data["figures"]["totals"], data.get("previous")
    columns = [Column("Nyckeltal", lambda r: r["label"]),
               Column(data["cycle"]["label"], lambda r: r["current"], "per_row")]
    if previous:
        columns.append(Column(previous["cycle"]["label"], lambda r: r["previous"], "per_row"))
    rows = []
    for key, (label, unit) in TOTAL_LABELS.items():
        scale = _share if unit == "percent" else (lambda v: v)
        rows.append({"label": label, "format": unit, "current": scale(totals[key]),
                     "previous": scale(previous["figures"]["totals"][key]) if previous else None})
    return tuple(columns), rows


def sheets(data: dict[str, Any]) -> list[tuple[str, Sequence[Column], list[Row]]]:
    """Every table of the compilation as (sheet title, columns, rows)."""
    figures = data["figures"]
    summary_columns, summary_rows = _summary(data)
    return [
        ("Sammanfattning", summary_columns, summary_rows),
        ("Aktiviteter", ACTIVITIES, data["activities"]),
        ("Per enhet", UNITS, figures["by_unit"]),
        ("Per typ", (Column("Typ", lambda r: r["label"]), *MONEY), figures["by_kind"]),
        ("Finansiering", (Column("Program", lambda r: r["label"]), *MONEY),
         figures["by_programme"]),
        ("Strategiska områden", (Column("Strategiskt område", lambda r: r["name"]),
                                 ACTIVITY_COUNT), figures["by_strategic_area"]),
        ("Länder", (Column("Land", lambda r: r["name"]), Column("Landskod", lambda r: r["code"]),
                    ACTIVITY_COUNT), figures["countries"]),
        ("Nytta", (Column("Nytta", lambda r: vocabulary.label(vocabulary.BENEFITS, r["benefit"])),
                   ACTIVITY_COUNT), figures["by_benefit"]),
        ("Utveckling", TREND, data["trend"]),
    ]


def _text(value: str) -> str:
    # Quoted first (a formula sign behind control characters too), then the characters
    # XLSX cannot hold are dropped.
    return str(ILLEGAL_CHARACTERS_RE.sub("", quote_formula(value)))


def _write(sheet: Worksheet, columns: Sequence[Column], rows: list[Row]) -> None:
    sheet.append([_text(c.name) for c in columns])
    widths = [len(c.name) for c in columns]
    for row in rows:
        sheet.append([None] * len(columns))
        for index, column in enumerate(columns):
            cell = sheet.cell(row=sheet.max_row, column=index + 1)
            value = column.value(row)
            kind = row["format"] if column.kind == "per_row" else column.kind
            if isinstance(value, str):
                cell.value = _text(value)
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                if len(value) > MAX_WIDTH or "\n" in value:
                    cell.alignment = WRAP  # a paragraph wraps inside its column
                widths[index] = max(widths[index], *(len(p) for p in value.split("\n")))
            elif value is not None:
                cell.value = value
                cell.number_format = FORMATS.get(kind, "General")
                widths[index] = max(widths[index], DATE_WIDTH if kind == "date"
                                    else len(f"{value:,}") + 1)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = WRAP
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"


def render_xlsx(data: dict[str, Any]) -> bytes:
    """The compilation's workbook: Sammanfattning, Aktiviteter, Per enhet, Per typ,
    Finansiering, Strategiska områden, Länder, Nytta and Utveckling."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, columns, rows in sheets(data):
        _write(workbook.create_sheet(title), columns, rows)
    workbook.properties.title = f"Sammanställning {data['cycle']['label']}"
    workbook.properties.language = "sv-SE"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
