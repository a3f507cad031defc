"""The compilation as a document: its content as blocks (headings, paragraphs, tables,
charts), laid out by Typst (templates/compilation.typ) into a tagged PDF/UA-1, PDF/A-2a."""

from collections import defaultdict
from datetime import date
from typing import Any

from backend.compilation import charts, formatting
from backend.compilation.breakdowns import TOTAL_LABELS
from backend.compilation.typesetting import breakable, typeset
from backend.core import vocabulary

Block = dict[str, Any]
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
# A unit's next-year plans are printed once, in the draft action plan (`data["action_plan"]`
# holds the same text); printing them in the unit's section too cost ~150 000 characters.
TEXT_PARTS = (("summary", "Sammanfattning"), ("monitoring", "Omvärldsbevakning och nätverk"),
              ("competence", "Kompetensutveckling"))
CHART_NOTE = "Samma uppgifter finns i tabellen nedan."


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


def _number(value: int | float | None) -> str:
    return formatting.format_number(value or 0)


def document_title(data: dict[str, Any]) -> str:
    """"Sammanställning av det internationella arbetet 2026"."""
    return f"Sammanställning av det internationella arbetet {data['cycle']['label']}"


def action_plan_title(label: str) -> str:
    """The draft action plan is for the year after the reported one."""
    if label.isdigit():
        return f"Utkast till handlingsplan {int(label) + 1}"
    return "Utkast till handlingsplan för kommande år"


def heading(level: int, text: str, *, page: bool = False) -> Block:
    return {"h": level, "text": text, "page": page}


def paragraphs(text: str, **style: Any) -> list[Block]:
    """A text as written: blank lines part paragraphs, single line breaks stay."""
    parts = [part.strip("\n") for part in text.replace("\r\n", "\n").split("\n\n")]
    return [{"p": breakable(part), **style} for part in parts if part.strip()]


def table(headers: tuple[str, ...] | list[str], rows: list[tuple[str, ...]] | list[list[str]],
          *, caption: str | None = None, numeric: tuple[int, ...] = (),
          widths: tuple[int, ...] | None = None) -> Block:
    return {"table": {"caption": caption, "headers": list(headers), "numeric": list(numeric),
                      "rows": [[breakable(str(cell)) for cell in row] for row in rows],
                      **({"widths": list(widths)} if widths else {})}}


def _chart(chart: charts.Chart) -> list[Block]:
    return [{"chart": {"svg": chart.svg, "alt": f"{chart.title}. {chart.description}",
                       "caption": f"{chart.description} {CHART_NOTE}"}},
            table(chart.table.headers, list(chart.table.rows), caption=chart.table.caption,
                  numeric=chart.table.numeric)]


def _key_figures(data: dict[str, Any]) -> list[Block]:
    totals, previous, label = data["figures"]["totals"], data["previous"], data["cycle"]["label"]
    text = (f"Sammanställningen bygger på {_number(totals['units_accepted'])} godkända "
            f"rapporter från nämnder och bolag för {label}.")
    if previous:
        ref = previous["cycle"].get("decision_ref")
        text += f" Jämförelsen avser {previous['cycle']['label']}"
        text += f" (antagen {ref})." if ref else "."
    rows = data["changes"]["totals"] if data["changes"] else [
        {"label": name, "unit": unit, "current": totals[key]}
        for key, (name, unit) in TOTAL_LABELS.items()]
    headers = ["Nyckeltal", label]
    if previous:
        headers += [previous["cycle"]["label"], "Förändring"]
    table_rows = [[r["label"], _figure(r["current"], r["unit"]),
                   *([_figure(r["previous"], r["unit"]), _change(r["change"], r["unit"])]
                     if previous else [])] for r in rows]
    blocks = [heading(1, "Nyckeltal"), {"p": text},
              table(headers, table_rows, caption=f"Nyckeltal {label}",
                    numeric=tuple(range(1, len(headers))))]
    if totals["activities"] == 0:
        blocks.append({"p": f"Inga aktiviteter har redovisats i godkända rapporter för {label}."})
    return blocks


def _charts(data: dict[str, Any]) -> list[Block]:
    by_key = {c.key: c for c in charts.all_charts(data)}
    blocks = [heading(1, "Finansiering per program"), *_chart(by_key["funding-per-programme"]),
              heading(1, "Aktiviteter per strategiskt område och typ"),
              *_chart(by_key["activities-per-area"]), *_chart(by_key["activities-per-kind"])]
    if data["changes"]:
        label, before = data["cycle"]["label"], data["previous"]["cycle"]["label"]
        blocks.append(table(("Typ", label, before, "Förändring"), [
            (r["label"], _number(r["current"]), _number(r["previous"]), _change(r["change"]))
            for r in data["changes"]["by_kind"]],
            caption=f"Aktiviteter per typ jämfört med {before}", numeric=(1, 2, 3)))
    return [*blocks, heading(1, "Utveckling över tid"), *_chart(by_key["trend"])]


def _countries_and_networks(data: dict[str, Any]) -> list[Block]:
    countries = data["figures"]["countries"]
    blocks = [heading(1, "Länder och samarbetspartner")]
    blocks.append(table(("Land", "Aktiviteter"), [
        (c["name"], _number(c["activities"])) for c in countries],
        caption="Aktiviteter per land", numeric=(1,)) if countries
        else {"p": "Inga länder har angetts."})
    if data["partners"]:
        blocks.append(table(("Enhet", "Aktivitet", "Partner"), [
            (r["unit"], r["title"], r["partners"]) for r in data["partners"]],
            caption="Samarbetspartner", widths=(25, 35, 40)))
    blocks.append(heading(1, "Nätverk och vänorter"))
    for name, rows in (("Nätverk", data["networks"]), ("Vänorter", data["twin_towns"])):
        blocks.append(heading(2, name))
        blocks.append(table(("Namn", "Enhet", "Partner", "Länder"), [
            (r["title"], r["unit"], r["partners"], _countries(r["countries"])) for r in rows],
            widths=(28, 22, 30, 20)) if rows else {"p": f"Inga {name.lower()} har redovisats."})
    blocks += [heading(1, "Nyttan med det internationella arbetet"),
               table(("Nytta", "Aktiviteter"), [
                   (r["label"], _number(r["activities"])) for r in data["figures"]["by_benefit"]],
                   caption="Aktiviteter per angiven nytta", numeric=(1,))]
    return blocks


def _countries(codes: list[str]) -> str:
    return ", ".join(vocabulary.country_name(code) for code in codes)


def _unit(unit: dict[str, Any], activities: list[dict[str, Any]], plan_title: str) -> list[Block]:
    facts = f"{unit['kind_label']}."
    if unit.get("registration_number"):
        facts += f" Diarienummer {unit['registration_number']}."
    if unit["no_international_work"]:
        facts += " Inget internationellt arbete under året."
    else:
        sek = formatting.format_sek
        facts += (f" {_number(unit['activities'])} aktiviteter, varav {_number(unit['projects'])}"
                  f" projekt. Extern finansiering {sek(unit['external_funding_sek'])}, egen "
                  f"finansiering {sek(unit['own_funding_sek'])}.")
    blocks = [heading(2, unit["unit"]), {"p": facts}]
    for key, name in TEXT_PARTS:
        if unit[key]:
            blocks += [heading(3, name), *paragraphs(unit[key])]
    if unit["next_year_plans"].strip():
        blocks.append({"p": f"Planerna för nästa år finns under {plan_title}.", "muted": True})
    if activities:
        blocks.append(heading(3, "Aktiviteter"))
    for a in activities:
        text = f" – {a['kind_label']}"
        text += f", {a['programme_label']}." if a["programme"] != "none" else "."
        if a["countries"]:
            text += f" Länder: {_countries(a['countries'])}."
        text += (f" Extern finansiering {formatting.format_sek(a['external_funding_sek'])}, "
                 f"egen finansiering {formatting.format_sek(a['own_funding_sek'])}.")
        blocks.append({"p": breakable(text), "lead": breakable(a["title"])})
        blocks += paragraphs(a["outcome"] or "", muted=True)
    return blocks


def _units(data: dict[str, Any], plan_title: str) -> list[Block]:
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for activity in data["activities"]:
        by_unit[activity["unit_id"]].append(activity)
    blocks = [heading(1, "Redovisning per nämnd och bolag", page=True)]
    for unit in data["units"]:
        blocks += _unit(unit, by_unit.get(unit["unit_id"], []), plan_title)
    if not data["units"]:
        blocks.append({"p": "Inga rapporter har godkänts ännu."})
    for name, units, empty in (
            ("Enheter utan internationellt arbete", data["no_international_work_units"],
             "Alla redovisande enheter har bedrivit internationellt arbete."),
            ("Undantagna enheter", data["exempted_units"], "Inga enheter har undantagits.")):
        blocks.append(heading(1, name))
        blocks.append({"items": [u["unit"] for u in units]} if units else {"p": empty})
    return blocks


def _action_plan(data: dict[str, Any], plan_title: str) -> list[Block]:
    blocks = [heading(1, plan_title, page=True), {"p": (
        "Nämndernas och bolagens planer för kommande år, sammanställda som underlag till "
        "handlingsplanen.")}]
    for item in data["action_plan"]:
        blocks += [heading(2, item["unit"]), *paragraphs(item["plans"])]
    if not data["action_plan"]:
        blocks.append({"p": "Inga planer för kommande år har redovisats."})
    return blocks


def document_model(data: dict[str, Any], *, version: int | None = None,
                   compiled_on: date | None = None, decision_ref: str | None = None,
                   decided_on: date | None = None,
                   registration_number: str | None = None) -> dict[str, Any]:
    """What the PDF says, as JSON for templates/compilation.typ."""
    edition = []
    if version:
        edition.append(f"Version {version}")
    if compiled_on:
        edition.append(f"Sammanställd {long_date(compiled_on)}")
    if decision_ref:
        edition.append(f"Antagen {decision_ref}"
                       + (f", {long_date(decided_on)}" if decided_on else ""))
    elif not version:
        edition.append("Utkast, ej sammanställt")
    if registration_number:
        edition.append(f"Diarienummer {registration_number}")
    plan_title = action_plan_title(data["cycle"]["label"])
    return {"title": document_title(data), "organisation": data["organisation"]["name"],
            "edition": edition, "contents": "Innehåll",
            "blocks": [*_key_figures(data), *_charts(data), *_countries_and_networks(data),
                       *_units(data, plan_title), *_action_plan(data, plan_title)]}


def render_pdf(data: dict[str, Any], *, version: int | None = None,
               compiled_on: date | None = None, decision_ref: str | None = None,
               decided_on: date | None = None, registration_number: str | None = None) -> bytes:
    """The compilation as an A4 PDF with title page, contents, bookmarks and "Sida X av Y".

    The stored PDF of a compiled version (`stored.py`) passes only version and date: a
    decision or registration number set later changes no stored byte. The same arguments
    always give the same bytes.
    """
    model = document_model(data, version=version, compiled_on=compiled_on,
                           decision_ref=decision_ref, decided_on=decided_on,
                           registration_number=registration_number)
    return typeset("compilation.typ", model, made_on=compiled_on or date.today())
