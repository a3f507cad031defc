"""One accepted report as an A4 PDF document with Swedish headings (used by the archive)."""

from functools import cache
from typing import Any

from jinja2 import Environment, select_autoescape

from backend.compilation.formatting import format_sek
from backend.compilation.pdf import long_date
from backend.core import vocabulary

REPORT_HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>{{ unit }} – {{ cycle }}</title><style>
@page { size: A4; margin: 2cm;
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { border: 1px solid #999; padding: 3px; text-align: left; vertical-align: top; }
dt { font-weight: bold; } .text { white-space: pre-wrap; }
</style></head><body>
<p>{{ organisation }}</p>
<h1>Rapport om internationellt arbete {{ cycle }}: {{ unit }}</h1>
<dl>
<dt>Status</dt><dd>Godtagen av EU-samordnaren{% if accepted_on %} {{ accepted_on }}{% endif %}</dd>
{% if decision_ref %}<dt>Nämndens beslut</dt><dd>{{ decision_ref }}</dd>{% endif %}
{% if registration_number %}<dt>Diarienummer</dt><dd>{{ registration_number }}</dd>{% endif %}
</dl>
<h2>Sammanfattning</h2><p class="text">{{ content.summary }}</p>
{% if content.no_international_work %}<p>Enheten har inte haft något internationellt arbete
under perioden.</p>{% else %}
<h2>Aktiviteter</h2>
<table><thead><tr><th>Aktivitet</th><th>Typ</th><th>Länder</th><th>Program</th>
<th>Extern finansiering</th><th>Egen finansiering</th><th>Status</th><th>Resultat</th></tr></thead>
<tbody>{% for a in activities %}<tr><td>{{ a.title }}</td><td>{{ a.kind }}</td>
<td>{{ a.countries }}</td><td>{{ a.programme }}</td><td>{{ a.external }}</td>
<td>{{ a.own }}</td><td>{{ a.status }}</td><td>{{ a.outcome }}</td></tr>{% endfor %}</tbody>
</table>{% endif %}
<h2>Omvärldsbevakning och nätverk</h2><p class="text">{{ content.monitoring or "–" }}</p>
<h2>Kompetensutveckling</h2><p class="text">{{ content.competence or "–" }}</p>
<h2>Planer för nästa år</h2><p class="text">{{ content.next_year_plans or "–" }}</p>
</body></html>"""


@cache
def _report_template() -> Any:
    return Environment(autoescape=select_autoescape(default=True)).from_string(REPORT_HTML)


def report_pdf(record: dict[str, Any], organisation: str, cycle: str) -> bytes:
    """A simple A4 PDF of one report's content, with Swedish headings."""
    from weasyprint import HTML

    content = record["content"]
    activities = [{
        "title": a["title"], "kind": vocabulary.label(vocabulary.ACTIVITY_KINDS, a["kind"] or ""),
        "countries": ", ".join(vocabulary.country_name(c) for c in a["countries"]),
        "programme": vocabulary.label(vocabulary.PROGRAMMES, a["programme"]),
        "external": format_sek(a["external_funding_sek"]), "own": format_sek(a["own_funding_sek"]),
        "status": vocabulary.label(vocabulary.ACTIVITY_STATUSES, a["status"]),
        "outcome": a["outcome"],
    } for a in content["activities"]]
    html = _report_template().render(
        organisation=organisation, cycle=cycle, unit=record["unit"]["name"], content=content,
        activities=activities, decision_ref=record["committee_decision_ref"],
        registration_number=record["registration_number"],
        accepted_on=long_date(record["accepted_at"][:10]) if record["accepted_at"] else None)
    return bytes(HTML(string=html).write_pdf())
