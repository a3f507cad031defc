"""Every accepted activity with its unit, as CSV for Swedish Excel."""

import csv
import io
import unicodedata
from collections.abc import Callable
from typing import Any

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


FORMULA_PREFIXES = ("=", "+", "-", "@")


def _first_visible(text: str) -> str:
    return next((c for c in text
                 if not (c.isspace() or unicodedata.category(c).startswith("C"))), "")


def quote_formula(value: str | int) -> str | int:
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
        [quote_formula(get(activity)) for _, get in COLUMNS] for activity in data["activities"]
    ]


def render_csv(data: dict[str, Any]) -> bytes:
    """UTF-8 with BOM and `;` separators, as Swedish Excel opens it by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(activity_rows(data))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
