"""Every accepted activity with its unit, as CSV for Swedish Excel and as XLSX."""

import csv
import io
import unicodedata
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from backend.core import vocabulary

Row = dict[str, Any]

COLUMNS: tuple[tuple[str, Callable[[Row], str | int]], ...] = (
    ("Enhet", lambda a: a["unit"]),
    ("Aktivitet", lambda a: a["title"]),
    ("Typ", lambda a: a["kind_label"]),
    ("Program", lambda a: a["programme_label"]),
    ("Status", lambda a: a["status_label"]),
    ("Startdatum", lambda a: a["starts_on"] or ""),
    ("Slutdatum", lambda a: a["ends_on"] or ""),
    ("Länder", lambda a: ", ".join(a["countries"])),
    ("Samarbetspartner", lambda a: a["partners"]),
    ("Strategiska områden", lambda a: "; ".join(a["strategic_areas"])),
    ("Nytta", lambda a: "; ".join(vocabulary.label(vocabulary.BENEFITS, b) for b in a["benefits"])),
    ("Extern finansiering (kr)", lambda a: a["external_funding_sek"]),
    ("Egen finansiering (kr)", lambda a: a["own_funding_sek"]),
    ("Resultat", lambda a: a["outcome"]),
)
UNIT_COLUMNS = ("Enhet", "Aktiviteter", "Projekt", "Extern finansiering (kr)",
                "Egen finansiering (kr)")


FORMULA_PREFIXES = ("=", "+", "-", "@")


def _first_visible(text: str) -> str:
    return next((c for c in text
                 if not (c.isspace() or unicodedata.category(c).startswith("C"))), "")


def _cell(value: str | int) -> str | int:
    # Text that Excel could read as a formula (CSV injection) is quoted: a formula sign
    # first, also behind whitespace or control characters a spreadsheet may drop.
    if isinstance(value, str) and (value[:1] in ("\t", "\r")
                                   or _first_visible(value) in FORMULA_PREFIXES):
        return "'" + value
    return value


def activity_rows(data: dict[str, Any]) -> list[list[str | int]]:
    """The header and one row per activity, in the compilation's order."""
    header: list[str | int] = [name for name, _ in COLUMNS]
    return [header] + [
        [_cell(get(activity)) for _, get in COLUMNS] for activity in data["activities"]
    ]


def render_csv(data: dict[str, Any]) -> bytes:
    """UTF-8 with BOM and `;` separators, as Swedish Excel opens it by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(activity_rows(data))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_text(value: str | int) -> str | int:
    # XLSX cannot hold control characters; the text was quoted before they were dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def render_xlsx(data: dict[str, Any]) -> bytes:
    """A workbook with the activities and the figures per unit."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheets = (
        ("Aktiviteter", activity_rows(data)),
        ("Per enhet", [list[str | int](UNIT_COLUMNS)] + [
            [_cell(u["name"]), u["activities"], u["projects"], u["external_funding_sek"],
             u["own_funding_sek"]] for u in data["figures"]["by_unit"]
        ]),
    )
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([_xlsx_text(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
