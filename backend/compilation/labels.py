"""Swedish labels for the vocabularies (pure data: the web pages reuse it)."""

from backend.models.enums import (
    ActivityKind,
    ActivityStatus,
    Benefit,
    CycleState,
    Programme,
    ReportState,
    UnitKind,
)

ACTIVITY_KINDS: dict[str, str] = {
    ActivityKind.EU_PROJECT: "EU-projekt",
    ActivityKind.OTHER_PROJECT: "Annat projekt",
    ActivityKind.NETWORK: "Nätverk",
    ActivityKind.TWIN_TOWN: "Vänort",
    ActivityKind.STUDY_VISIT: "Studiebesök",
    ActivityKind.EXCHANGE: "Utbyte",
    ActivityKind.COMPETENCE_DEVELOPMENT: "Kompetensutveckling",
    ActivityKind.MONITORING: "Omvärldsbevakning",
    ActivityKind.ADVOCACY: "Påverkansarbete",
}

PROGRAMMES: dict[str, str] = {
    Programme.ERASMUS_PLUS: "Erasmus+",
    Programme.INTERREG: "Interreg",
    Programme.ESF_PLUS: "ESF+",
    Programme.ERDF: "Regionalfonden (ERUF)",
    Programme.HORIZON_EUROPE: "Horisont Europa",
    Programme.LIFE: "Life",
    Programme.CREATIVE_EUROPE: "Kreativa Europa",
    Programme.AMIF: "Asyl-, migrations- och integrationsfonden (AMIF)",
    Programme.OTHER: "Annat program",
    Programme.NONE: "Inget program",
}

BENEFITS: dict[str, str] = {
    Benefit.KNOWLEDGE: "Ökad kunskap",
    Benefit.NEW_METHODS: "Nya arbetssätt och lösningar",
    Benefit.STRATEGIC_PARTNERSHIPS: "Strategiska samarbeten",
    Benefit.INFLUENCE: "Möjligheter till påverkan",
    Benefit.ATTRACTIVENESS: "Ökad attraktivitet",
    Benefit.EXTERNAL_FUNDING: "Extern finansiering",
}

ACTIVITY_STATUSES: dict[str, str] = {
    ActivityStatus.PLANNED: "Planerad",
    ActivityStatus.ONGOING: "Pågående",
    ActivityStatus.COMPLETED: "Avslutad",
}

REPORT_STATES: dict[str, str] = {
    ReportState.DRAFT: "Utkast",
    ReportState.COMMITTEE_REVIEW: "Hos nämnd",
    ReportState.COMMITTEE_APPROVED: "Godkänd av nämnd",
    ReportState.SUBMITTED: "Inskickad",
    ReportState.ACCEPTED: "Godkänd",
    ReportState.RETURNED: "Återsänd",
    ReportState.EXEMPTED: "Undantagen",
}

CYCLE_STATES: dict[str, str] = {
    CycleState.PLANNED: "Planerad",
    CycleState.OPEN: "Öppen",
    CycleState.COMPILED: "Sammanställd",
    CycleState.ADOPTED: "Antagen",
}

UNIT_KINDS: dict[str, str] = {
    UnitKind.COMMITTEE: "Nämnd",
    UnitKind.ADMINISTRATION: "Förvaltning",
    UnitKind.COMPANY: "Bolag",
}

# The countries Swedish municipalities work with most; others fall back to their code.
COUNTRIES: dict[str, str] = {
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


def label(vocabulary: dict[str, str], code: str) -> str:
    """The Swedish label of a code, or the code itself if the vocabulary lacks it."""
    return vocabulary.get(code, code)


def country_name(code: str) -> str:
    """The Swedish name of an ISO 3166 alpha-2 code (the code if unknown)."""
    return COUNTRIES.get(code.upper(), code.upper())
