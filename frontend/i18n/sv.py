"""Svenska: every code the API speaks, as the user reads it."""

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
    "extension": "Tiden förlängdes",
    "register": "Diariefördes",
    "registration": "Diariefördes",
}
ROLES = {
    "admin": "Administratör",
    "coordinator": "EU-samordnare",
    "contact_person": "Internationell kontaktperson",
    "committee": "Nämnd",
    "council": "Kommunstyrelsen",
    "viewer": "Läsare",
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
# Integrations: what a service account may do, and the change-feed events webhooks hear.
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

LABELS = {
    "report_state": REPORT_STATES, "cycle_state": CYCLE_STATES,
    "report_action": REPORT_ACTIONS, "cycle_action": CYCLE_ACTIONS,
    "history_action": HISTORY_ACTIONS, "role": ROLES, "unit_kind": UNIT_KINDS,
    "activity_kind": ACTIVITY_KINDS, "programme": PROGRAMMES, "benefit": BENEFITS,
    "activity_status": ACTIVITY_STATUSES, "field": CONTENT_FIELDS,
    "scope": SCOPES, "event_type": EVENT_TYPES, "outbox_status": OUTBOX_STATUSES,
    "outbox_channel": OUTBOX_CHANNELS,
}


def label(vocabulary: str, code: str | None) -> str:
    """The Swedish word for a code; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return "–"
    return LABELS[vocabulary].get(code, code)
