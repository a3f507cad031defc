"""One accepted report as a tagged A4 PDF (PDF/UA-1, PDF/A-2a) with Swedish headings.

It holds what the coordinator accepted, and no registration number: the same report
always gives the same bytes, whenever and wherever it is laid out.
"""

from datetime import datetime
from typing import Any

from backend.compilation.formatting import format_sek
from backend.compilation.pdf import heading, long_date, paragraphs, table
from backend.compilation.typesetting import typeset
from backend.core import vocabulary

ACTIVITY_HEADERS = ("Aktivitet", "Typ", "Länder", "Program", "Extern finansiering",
                    "Egen finansiering", "Status", "Resultat")


def report_title(unit: str, cycle: str) -> str:
    return f"Rapport om internationellt arbete {cycle}: {unit}"


def report_model(record: dict[str, Any], organisation: str, cycle: str) -> dict[str, Any]:
    """What the report's PDF says, as JSON for templates/report.typ."""
    content = record["content"]
    status = "Godtagen av EU-samordnaren"
    if record["accepted_at"]:
        status += f" {long_date(record['accepted_at'][:10])}"
    blocks = [{"p": status, "lead": "Status: "}]
    if record["committee_decision_ref"]:
        blocks.append({"p": record["committee_decision_ref"], "lead": "Nämndens beslut: "})
    blocks += [heading(1, "Sammanfattning"), *(paragraphs(content["summary"]) or [{"p": "–"}])]
    if content["no_international_work"]:
        blocks.append({"p": "Enheten har inte haft något internationellt arbete under perioden."})
    else:
        blocks += [heading(1, "Aktiviteter"), table(ACTIVITY_HEADERS, [(
            a["title"], vocabulary.label(vocabulary.ACTIVITY_KINDS, a["kind"] or ""),
            ", ".join(vocabulary.country_name(c) for c in a["countries"]),
            vocabulary.label(vocabulary.PROGRAMMES, a["programme"]),
            format_sek(a["external_funding_sek"]), format_sek(a["own_funding_sek"]),
            vocabulary.label(vocabulary.ACTIVITY_STATUSES, a["status"]),
            a["outcome"]) for a in content["activities"]],
            numeric=(4, 5), widths=(16, 10, 10, 10, 11, 11, 9, 23))]
    for key, name in (("monitoring", "Omvärldsbevakning och nätverk"),
                      ("competence", "Kompetensutveckling"),
                      ("next_year_plans", "Planer för nästa år")):
        blocks += [heading(1, name), *(paragraphs(content[key] or "") or [{"p": "–"}])]
    return {"title": report_title(record["unit"]["name"], cycle), "organisation": organisation,
            "blocks": blocks}


def report_pdf(record: dict[str, Any], organisation: str, cycle: str) -> bytes:
    """The accepted report as an A4 PDF, dated by its acceptance."""
    accepted = record["accepted_at"] or record.get("updated_at") or "2000-01-01T00:00:00+00:00"
    return typeset("report.typ", report_model(record, organisation, cycle),
                   made_on=datetime.fromisoformat(accepted))
