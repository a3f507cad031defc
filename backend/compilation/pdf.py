"""The compilation as a document: HTML from a Jinja2 template, PDF through WeasyPrint."""

from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from backend.compilation import charts, formatting
from backend.compilation.breakdowns import TOTAL_LABELS
from backend.compilation.figures import content_hash
from backend.compilation.rendered import RenderedDocuments
from backend.core import vocabulary

TEMPLATES = Path(__file__).parent / "templates"
RENDERED = RenderedDocuments(budget_bytes=64_000_000)  # a 300-unit compilation is about 1 MB
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
# A unit's next-year plans are printed once, in the draft action plan (`data["action_plan"]`
# holds the same text); printing them in the unit's section too cost ~150 000 characters.
TEXT_PARTS = (("summary", "Sammanfattning"), ("monitoring", "Omvärldsbevakning och nätverk"),
              ("competence", "Kompetensutveckling"))
CONTENTS = (("nyckeltal", "Nyckeltal"), ("finansiering", "Finansiering per program"),
            ("omraden", "Aktiviteter per strategiskt område och typ"),
            ("utveckling", "Utveckling över tid"), ("lander", "Länder och samarbetspartner"),
            ("natverk", "Nätverk och vänorter"),
            ("nytta", "Nyttan med det internationella arbetet"),
            ("enheter", "Redovisning per nämnd och bolag"),
            ("utan-arbete", "Enheter utan internationellt arbete"),
            ("undantagna", "Undantagna enheter"))


def long_date(value: date | str | None) -> str:
    """2027-04-28 -> "28 april 2027"."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _figure(value: int | float | None, unit: str = "count") -> str:
    if unit == "sek":
        return formatting.format_sek(int(value or 0))
    if unit == "percent":
        return formatting.format_percent(value)
    return "–" if value is None else formatting.format_number(value)


def _change(value: int | float | None, unit: str = "count") -> str:
    suffix = {"sek": "kr", "percent": "procentenheter"}.get(unit, "")
    return formatting.format_change(value, suffix)


@cache
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]))
    environment.filters.update(
        number=lambda v: formatting.format_number(v or 0), sek=formatting.format_sek,
        figure=_figure, change=_change, long_date=long_date,
        countries=lambda codes: ", ".join(vocabulary.country_name(c) for c in codes),
    )
    return environment


def document_title(data: dict[str, Any]) -> str:
    """"Sammanställning av det internationella arbetet 2026"."""
    return f"Sammanställning av det internationella arbetet {data['cycle']['label']}"


def action_plan_title(label: str) -> str:
    """The draft action plan is for the year after the reported one."""
    if label.isdigit():
        return f"Utkast till handlingsplan {int(label) + 1}"
    return "Utkast till handlingsplan för kommande år"


def _context(data: dict[str, Any], **edition: Any) -> dict[str, Any]:
    activities_by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for activity in data["activities"]:
        activities_by_unit[activity["unit_id"]].append(activity)
    figures = data["figures"]
    key_figures = data["changes"]["totals"] if data["changes"] else [
        {"label": label, "unit": unit, "current": figures["totals"][key]}
        for key, (label, unit) in TOTAL_LABELS.items()
    ]
    title = document_title(data)
    return {
        "data": data, "figures": figures, "totals": figures["totals"],
        "previous": data["previous"], "changes": data["changes"], "title": title,
        "key_figures": key_figures, "charts": {c.key: c for c in charts.all_charts(data)},
        "activities_by_unit": activities_by_unit, "text_parts": TEXT_PARTS,
        "contents": (*CONTENTS, ("handlingsplan", action_plan_title(data["cycle"]["label"]))),
        "action_plan_title": action_plan_title(data["cycle"]["label"]),
        "css": (TEMPLATES / "compilation.css").read_text(encoding="utf-8"),
        **edition,
    }


def render_html(data: dict[str, Any], *, version: int | None = None,
                compiled_on: date | None = None, decision_ref: str | None = None,
                decided_on: date | None = None, registration_number: str | None = None) -> str:
    """The printable HTML of a compilation's data (as `compute_figures` returned it).

    Version, date, decision and registration number belong to the stored version and the
    cycle's decision, not to the hashed data, so they are passed in.
    """
    return _environment().get_template("compilation.html").render(_context(
        data, version=version, compiled_on=compiled_on, decision_ref=decision_ref,
        decided_on=decided_on, registration_number=registration_number,
    ))


def render_pdf(data: dict[str, Any], *, version: int | None = None,
               compiled_on: date | None = None, decision_ref: str | None = None,
               decided_on: date | None = None, registration_number: str | None = None) -> bytes:
    """The compilation as an A4 PDF with title page, contents and "Sida X av Y"; made once
    per data and edition in this process (`RENDERED`)."""
    edition = {"version": version, "compiled_on": compiled_on, "decision_ref": decision_ref,
               "decided_on": decided_on, "registration_number": registration_number}
    key = (content_hash(data), *edition.values())
    return RENDERED.get(key, lambda: _layout(render_html(data, **edition)))


def _layout(html: str) -> bytes:
    # WeasyPrint loads Pango at import: only the processes that make PDFs pay for it.
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=str(TEMPLATES)).write_pdf())
