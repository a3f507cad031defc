"""Svenska: every code Samordna speaks, in the words a Swedish municipality writes (pure data).

The PDF, CSV, XLSX and e-mails read these dictionaries; the pages read the same words from
`GET /api/v1/workflow`. tests/core/test_vocabulary.py fails when a code has no word here.
"""

from collections.abc import Mapping

REPORT_STATES = {
    "draft": "Utkast",
    "committee_review": "Hos nämnden",
    "committee_approved": "Godkänd av nämnden",
    "submitted": "Inlämnad",
    "accepted": "Godtagen",
    "returned": "Återsänd",
    "exempted": "Undantagen",
}
CYCLE_STATES = {
    "planned": "Planerad",
    "open": "Öppen",
    "compiled": "Sammanställd",
    "adopted": "Antagen",
}
# What the buttons say.
REPORT_ACTIONS = {
    "send_to_committee": "Skicka till nämnden",
    "approve": "Godkänn",
    "return": "Skicka tillbaka",
    "submit": "Lämna in till EU-samordnaren",
    "accept": "Godta rapporten",
    "reopen": "Öppna igen",
    "exempt": "Undanta från rapportering",
    "unexempt": "Häv undantaget",
    "extend": "Förläng tiden",
}
CYCLE_ACTIONS = {
    "open": "Öppna omgången",
    "compile": "Sammanställ",
    "adopt": "Anta sammanställningen",
    "return": "Skicka tillbaka till EU-samordnaren",
}
# What the history timeline says happened.
HISTORY_ACTIONS = {
    "send_to_committee": "Skickades till nämnden",
    "approve": "Godkändes av nämnden",
    "return": "Skickades tillbaka",
    "submit": "Lämnades in",
    "accept": "Godtogs",
    "reopen": "Öppnades igen",
    "exempt": "Undantogs",
    "unexempt": "Undantaget hävdes",
    "extend": "Tiden förlängdes",
    "register": "Diariefördes",
}
# The next step for whoever the report or cycle waits for (task list, reminder e-mails).
REPORT_NEXT_STEPS = {
    "draft": "Fyll i rapporten och skicka den till nämnden",
    "returned": "Komplettera rapporten och skicka den till nämnden igen",
    "committee_review": "Godkänn rapporten eller skicka tillbaka den",
    "committee_approved": "Lämna in rapporten till EU-samordnaren",
    "submitted": "Granska rapporten",
}
CYCLE_NEXT_STEPS = {
    "planned": "Kontrollera tidsplanen och öppna omgången",
    "open": "Sammanställ omgången",
    "compiled": "Anta sammanställningen eller skicka tillbaka den",
}
GUARDS = {
    "content_complete": "Rapporten är ifylld (sammanfattning och aktiviteter)",
    "deadlines_ordered": "Datumen kommer i ordning",
    "all_reports_settled": "Alla rapporter är godtagna eller undantagna",
}
ROLES = {
    "admin": "Administratör",
    "coordinator": "EU-samordnare",
    "contact_person": "Internationell kontaktperson",
    "committee": "Nämnd",
    "council": "Kommunstyrelsen",
    "viewer": "Läsare",
}
INVITATION_STATUSES = {"pending": "Väntar på svar", "accepted": "Accepterad",
                       "declined": "Avböjd", "revoked": "Tillbakadragen", "expired": "Har gått ut"}
# A role in running text: "som kontaktperson", "till kontaktpersonen", "till kontaktpersonerna".
ROLE_NOUNS = {
    "admin": "administratör", "coordinator": "EU-samordnare",
    "contact_person": "kontaktperson", "committee": "nämndens företrädare",
    "council": "kommunstyrelsens företrädare", "viewer": "läsare",
}
ROLE_HOLDER = {
    "admin": "administratören", "coordinator": "EU-samordnaren",
    "contact_person": "kontaktpersonen", "committee": "nämndens företrädare",
    "council": "kommunstyrelsens företrädare", "viewer": "läsaren",
}
ROLE_HOLDERS = {
    "admin": "administratörerna", "coordinator": "EU-samordnarna",
    "contact_person": "kontaktpersonerna", "committee": "nämndens företrädare",
    "council": "kommunstyrelsens företrädare", "viewer": "läsarna",
}
# Whose desk a report is on: "ligger hos nämnden".
DESKS = {
    "coordinator": "hos EU-samordnaren", "contact_person": "hos kontaktpersonen",
    "committee": "hos nämnden", "council": "hos kommunstyrelsen",
}
UNIT_KINDS = {"committee": "Nämnd", "administration": "Förvaltning", "company": "Bolag"}
ACTIVITY_KINDS = {
    "eu_project": "EU-projekt",
    "other_project": "Annat projekt",
    "network": "Nätverk",
    "twin_town": "Vänort",
    "study_visit": "Studiebesök",
    "exchange": "Utbyte",
    "competence_development": "Kompetensutveckling",
    "monitoring": "Omvärldsbevakning",
    "advocacy": "Påverkansarbete",
}
PROGRAMMES = {
    "erasmus_plus": "Erasmus+",
    "interreg": "Interreg",
    "esf_plus": "ESF+",
    "erdf": "Regionala utvecklingsfonden (ERUF)",
    "horizon_europe": "Horisont Europa",
    "life": "Life",
    "creative_europe": "Kreativa Europa",
    "amif": "Asyl-, migrations- och integrationsfonden (AMIF)",
    "other": "Annat program",
    "none": "Inget program",
}
BENEFITS = {
    "knowledge": "Ökad kunskap",
    "new_methods": "Nya metoder och arbetssätt",
    "strategic_partnerships": "Strategiska partnerskap",
    "influence": "Påverkan och inflytande",
    "attractiveness": "Ökad attraktivitet",
    "external_funding": "Extern finansiering",
}
ACTIVITY_STATUSES = {"planned": "Planerad", "ongoing": "Pågående", "completed": "Avslutad"}
CONTENT_FIELDS = {
    "summary": "Sammanfattning",
    "no_international_work": "Inget internationellt arbete i år",
    "activities": "Aktiviteter",
    "monitoring": "Omvärldsbevakning och nätverk",
    "competence": "Kompetensutveckling",
    "next_year_plans": "Planer för nästa år",
    "title": "Namn på aktiviteten",
    "kind": "Typ av aktivitet",
    "countries": "Länder",
    "partners": "Partner",
    "starts_on": "Startdatum",
    "ends_on": "Slutdatum",
    "programme": "Program",
    "external_funding_sek": "Extern finansiering (kr)",
    "own_funding_sek": "Egen finansiering (kr)",
    "strategic_area_ids": "Strategiska områden",
    "benefits": "Nytta",
    "status": "Status",
    "outcome": "Resultat",
    "decision_ref": "Paragraf",
    "decided_on": "Beslutsdatum",
    "comment": "Kommentar",
    "reason": "Skäl",
    "due_on": "Ny sista dag",
    "label": "Benämning",
    "draft_due": "Rapporten klar (kontaktperson)",
    "committee_due": "Nämndens beslut",
    "submit_due": "Inlämning till EU-samordnaren",
    "review_due": "EU-samordnarens granskning",
    "council_due": "Kommunstyrelsens beslut",
}
SCOPES = {
    "reports:read": "Läsa rapporter",
    "cycles:read": "Läsa rapporteringsomgångar",
    "compilation:read": "Läsa sammanställningar",
    "registration:write": "Föra in diarienummer",
    "events:read": "Läsa händelseflödet",
    "webhooks:manage": "Hantera webhooks",
}
EVENT_TYPES = {
    "*": "Alla händelser",
    "report.sent_to_committee": "Rapport skickad till nämnden",
    "report.approved": "Rapport godkänd av nämnden",
    "report.returned": "Rapport skickad tillbaka",
    "report.submitted": "Rapport inlämnad",
    "report.accepted": "Rapport godtagen",
    "report.reopened": "Rapport öppnad igen",
    "report.exempted": "Rapport undantagen",
    "report.unexempted": "Undantag hävt",
    "report.extended": "Tiden förlängd",
    "report.registered": "Rapport diarieförd",
    "cycle.opened": "Omgång öppnad",
    "cycle.compiled": "Omgång sammanställd",
    "cycle.adopted": "Sammanställning antagen",
    "cycle.returned": "Sammanställning skickad tillbaka",
    "compilation.registered": "Sammanställning diarieförd",
}
OUTBOX_STATUSES = {"pending": "Väntar på att skickas", "sent": "Skickad",
                   "failed": "Misslyckades"}
OUTBOX_CHANNELS = {"email": "E-post", "webhook": "Webhook"}

# The countries Swedish municipalities work with most (the PDF and CSV); others show their code.
COUNTRIES = {
    "AL": "Albanien", "AT": "Österrike", "BA": "Bosnien och Hercegovina", "BE": "Belgien",
    "BG": "Bulgarien", "BY": "Belarus", "CA": "Kanada", "CH": "Schweiz", "CN": "Kina",
    "CY": "Cypern", "CZ": "Tjeckien", "DE": "Tyskland", "DK": "Danmark", "EE": "Estland",
    "ES": "Spanien", "FI": "Finland", "FO": "Färöarna", "FR": "Frankrike",
    "GB": "Storbritannien", "GE": "Georgien", "GL": "Grönland", "GR": "Grekland",
    "HR": "Kroatien", "HU": "Ungern", "IE": "Irland", "IN": "Indien", "IS": "Island",
    "IT": "Italien", "JP": "Japan", "KE": "Kenya", "LI": "Liechtenstein", "LT": "Litauen",
    "LU": "Luxemburg", "LV": "Lettland", "MD": "Moldavien", "ME": "Montenegro",
    "MK": "Nordmakedonien", "MT": "Malta", "MZ": "Moçambique", "NL": "Nederländerna",
    "NO": "Norge", "PL": "Polen", "PT": "Portugal", "RO": "Rumänien", "RS": "Serbien",
    "SE": "Sverige", "SI": "Slovenien", "SK": "Slovakien", "TR": "Turkiet", "TZ": "Tanzania",
    "UA": "Ukraina", "US": "USA", "XK": "Kosovo", "ZA": "Sydafrika",
}

NO_STRATEGIC_AREA = "Ingen koppling till strategiskt område"

# Every vocabulary by the name the API and the pages use for it.
VOCABULARIES: dict[str, Mapping[str, str]] = {
    "report_state": REPORT_STATES, "cycle_state": CYCLE_STATES,
    "report_action": REPORT_ACTIONS, "cycle_action": CYCLE_ACTIONS,
    "history_action": HISTORY_ACTIONS, "report_next_step": REPORT_NEXT_STEPS,
    "cycle_next_step": CYCLE_NEXT_STEPS, "guard": GUARDS, "role": ROLES,
    "invitation_status": INVITATION_STATUSES, "role_noun": ROLE_NOUNS,
    "role_holder": ROLE_HOLDER, "role_holders": ROLE_HOLDERS,
    "desk": DESKS, "unit_kind": UNIT_KINDS, "activity_kind": ACTIVITY_KINDS,
    "programme": PROGRAMMES, "benefit": BENEFITS, "activity_status": ACTIVITY_STATUSES,
    "field": CONTENT_FIELDS, "scope": SCOPES, "event_type": EVENT_TYPES,
    "outbox_status": OUTBOX_STATUSES, "outbox_channel": OUTBOX_CHANNELS,
}


def label(words: Mapping[str, str], code: str) -> str:
    """The Swedish word for a code, or the code itself if the vocabulary lacks it."""
    return words.get(code, code)


def country_name(code: str) -> str:
    """The Swedish name of an ISO 3166 alpha-2 code (the code if unknown)."""
    return COUNTRIES.get(code.upper(), code.upper())
