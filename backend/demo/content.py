"""What Exempelby kommun's units report: realistic Swedish content for the demo."""

from typing import Any

AREAS = [
    ("Politisk påverkan och omvärldsbevakning",
     "Förtroendevalda och tjänstemän ska vara uppdaterade om internationellt arbete och "
     "delta i nätverk där det ger direkt nytta för kommunens utveckling."),
    ("Verksamhets- och kunskapsutveckling",
     "Kommunen ska ha förankrad kompetens i internationella frågor och öka andelen projekt "
     "som finansieras av externa parter, exempelvis EU."),
    ("Profilering och attraktivitet",
     "Kommunen ska stärka sin attraktivitet och sitt varumärke för företag, invånare och "
     "efterfrågad kompetens."),
]

# (name, short name, kind, contact person, committee signatory)
UNITS = [
    ("Kommunstyrelsen", "KS", "committee", "Karin Lindqvist", "Anders Berg"),
    ("Barn- och utbildningsnämnden", "BUN", "committee", "Sofia Ekström", "Per Nilsson"),
    ("Socialnämnden", "SN", "committee", "Maria Holm", "Lena Sjöberg"),
    ("Tekniska nämnden", "TN", "committee", "Johan Åberg", "Erik Lund"),
    ("Kultur- och fritidsnämnden", "KFN", "committee", "Elin Wallin", "Oskar Hedlund"),
    ("Miljö- och byggnämnden", "MBN", "committee", "Ahmed Karimi", "Ingrid Forsberg"),
    ("Exempelby Bostäder AB", "EBAB", "company", "Linnea Strand", "Göran Öhman"),
    ("Exempelby Energi AB", "EEAB", "company", "Mikael Dahl", "Birgitta Engström"),
]

POLICY, KNOWLEDGE, PROFILE = 0, 1, 2


def _activity(title: str, kind: str, *, countries: list[str] | None = None,
              programme: str = "none", external: int = 0, own: int = 0,
              areas: tuple[int, ...] = (), benefits: tuple[str, ...] = (),
              status: str = "ongoing", partners: str = "", outcome: str = "",
              starts_on: str | None = None, ends_on: str | None = None) -> dict[str, Any]:
    return {"title": title, "kind": kind, "countries": countries or [], "programme": programme,
            "external_funding_sek": external, "own_funding_sek": own, "area_indexes": areas,
            "benefits": list(benefits), "status": status, "partners": partners,
            "outcome": outcome, "starts_on": starts_on, "ends_on": ends_on}


def report_for(short_name: str, year: int) -> dict[str, Any]:
    """The unit's report for a year; the amounts grow a little from one year to the next."""
    growth = 1.0 if year <= 2025 else 1.15
    sek = lambda amount: int(round(amount * growth, -3))  # noqa: E731
    y = str(year)
    reports: dict[str, dict[str, Any]] = {
        "KS": {
            "summary": "Kommunstyrelsen har samordnat kommunens EU-arbete, deltagit i regionens "
                       "EU-nätverk och lett ett Interreg-projekt om landsbygdsutveckling.",
            "activities": [
                _activity("Hållbar landsbygd – Interreg Öresund-Kattegat-Skagerrak",
                          "eu_project", countries=["DK", "NO"], programme="interreg",
                          external=sek(1_250_000), own=sek(310_000), areas=(KNOWLEDGE, PROFILE),
                          benefits=("external_funding", "strategic_partnerships", "new_methods"),
                          partners="Region Jönköpings län, Aalborg kommune, Fredrikstad kommune",
                          starts_on=f"{year - 1}-09-01", ends_on=f"{year + 1}-08-31",
                          outcome="Tre byalag har tagit fram lokala utvecklingsplaner."),
                _activity("Region Jönköpings läns EU-nätverk", "network", countries=["SE"],
                          areas=(POLICY,), benefits=("knowledge", "influence"),
                          partners="Länets 13 kommuner, EU-kontoret Småland och Öarna"),
                _activity("Vänort: Kangasala, Finland", "twin_town", countries=["FI"],
                          own=sek(45_000), areas=(PROFILE,), benefits=("attractiveness",),
                          partners="Kangasala stad", outcome="Ungdomsutbyte med 24 deltagare."),
            ],
            "monitoring": "Bevakar EU:s sammanhållningspolitik och landsbygdsprogrammet via "
                          "Sveriges Kommuner och Regioner och regionens EU-nätverk.",
            "competence": "Två medarbetare har gått Region Jönköpings läns EU-skola.",
            "next_year_plans": "Söka ett nytt Interreg-projekt om kompetensförsörjning och "
                               "ta fram en handlingsplan för internationellt arbete " + y + ".",
        },
        "BUN": {
            "summary": "Nämnden har genomfört lärarmobilitet inom Erasmus+ och utvecklat "
                       "eTwinning-samarbeten i grundskolan.",
            "activities": [
                _activity("Erasmus+ lärarmobilitet för yrkesprogrammen", "eu_project",
                          countries=["FI", "ES"], programme="erasmus_plus",
                          external=sek(380_000), own=sek(40_000), areas=(KNOWLEDGE,),
                          benefits=("knowledge", "new_methods", "external_funding"),
                          status="completed", partners="Tampereen seudun ammattiopisto, "
                          "IES Politécnico Valencia",
                          outcome="Tolv lärare har jobbskuggat; nya arbetssätt i APL."),
                _activity("eTwinning med Grundschule Lüneburg", "exchange", countries=["DE"],
                          areas=(KNOWLEDGE,), benefits=("knowledge",),
                          partners="Grundschule am Sande, Lüneburg"),
            ],
            "monitoring": "Följer utlysningar inom Erasmus+ via Universitets- och "
                          "högskolerådet.",
            "competence": "Fyra lärare har gått UHR:s kurs om projektansökningar.",
            "next_year_plans": "Ansöka om ackreditering inom Erasmus+ för vuxenutbildningen.",
        },
        "SN": {
            "summary": "Socialnämnden har deltagit i ett ESF+-projekt för personer långt från "
                       "arbetsmarknaden och gjort ett studiebesök om digital välfärd.",
            "activities": [
                _activity("Vägen till arbete – ESF+", "eu_project", countries=["SE"],
                          programme="esf_plus", external=sek(920_000), own=sek(230_000),
                          areas=(KNOWLEDGE,), benefits=("external_funding", "new_methods"),
                          partners="Arbetsförmedlingen, Samordningsförbundet",
                          outcome="38 deltagare, varav 14 i arbete eller studier."),
                _activity("Studiebesök i Tallinn om digital välfärd", "study_visit",
                          countries=["EE"], own=sek(28_000), areas=(KNOWLEDGE,),
                          benefits=("knowledge",), status="completed",
                          partners="Tallinna Sotsiaal- ja Tervishoiuamet"),
            ],
            "monitoring": "Bevakar EU:s arbete med social ekonomi.",
            "competence": "Enhetschefer har deltagit i nätverket för sociala investeringar.",
            "next_year_plans": "Fortsätta ESF+-projektet och pröva välfärdsteknik från Estland.",
        },
        "TN": {
            "summary": "Tekniska nämnden deltar i ett LIFE-projekt om klimatanpassning av "
                       "dagvattensystem.",
            "activities": [
                _activity("Klimatsäkrade dagvattensystem – LIFE", "eu_project",
                          countries=["NL", "DE"], programme="life", external=sek(640_000),
                          own=sek(420_000), areas=(KNOWLEDGE, PROFILE),
                          benefits=("new_methods", "external_funding"),
                          partners="Gemeente Zwolle, Stadt Hildesheim"),
                _activity("Energikontor Sydost", "network", countries=["SE"],
                          areas=(POLICY,), benefits=("knowledge",)),
            ],
            "monitoring": "Följer EU:s vattendirektiv och förordningen om avloppsrening.",
            "competence": "Två ingenjörer har deltagit i en LIFE-konferens i Bryssel.",
            "next_year_plans": "Undersöka finansiering från Regionalfonden för laddinfrastruktur.",
        },
        "KFN": {
            "summary": "Kultur- och fritidsnämnden har drivit ett Kreativa Europa-projekt och "
                       "ett vänortsutbyte för ungdomsföreningar.",
            "activities": [
                _activity("Berättelser över gränser – Kreativa Europa", "eu_project",
                          countries=["LT", "LV"], programme="creative_europe",
                          external=sek(210_000), own=sek(90_000), areas=(PROFILE,),
                          benefits=("attractiveness", "strategic_partnerships"),
                          partners="Kaunas bibliotek, Valmiera kulturhus"),
                _activity("Ungdomsutbyte med vänorten Lillehammer", "twin_town",
                          countries=["NO"], own=sek(60_000), areas=(PROFILE,),
                          benefits=("attractiveness",), status="completed"),
            ],
            "monitoring": "Bevakar Kreativa Europa via Kulturrådet.",
            "competence": "Bibliotekschefen har gått en kurs i EU-projektledning.",
            "next_year_plans": "Söka Erasmus+ idrott tillsammans med två föreningar.",
        },
        "MBN": {
            "summary": "Nämnden har främst arbetat med omvärldsbevakning av EU:s miljö- och "
                       "bygglagstiftning.",
            "activities": [
                _activity("Bevakning av EU:s taxonomi och byggproduktförordning", "monitoring",
                          areas=(POLICY,), benefits=("knowledge",)),
                _activity("EU-rätt för handläggare", "competence_development",
                          own=sek(18_000), areas=(KNOWLEDGE,), benefits=("knowledge",),
                          status="completed"),
            ],
            "monitoring": "Följer Naturvårdsverkets och Boverkets EU-arbete.",
            "competence": "Sex handläggare har gått kursen EU-rätt i praktiken.",
            "next_year_plans": "Delta i länsstyrelsens nätverk om miljöbalken och EU-rätten.",
        },
        "EBAB": {
            "summary": "Bolaget har inte haft någon internationell verksamhet under året.",
            "no_international_work": True, "activities": [],
        },
        "EEAB": {
            "summary": "Energibolaget deltar i ett Horisont Europa-projekt om smarta "
                       "energisystem i mindre städer.",
            "activities": [
                _activity("Smarta energisystem i små städer – Horisont Europa", "eu_project",
                          countries=["DK", "DE", "AT"], programme="horizon_europe",
                          external=sek(1_800_000), own=sek(450_000), areas=(KNOWLEDGE, PROFILE),
                          benefits=("new_methods", "external_funding", "strategic_partnerships"),
                          partners="Sønderborg Forsyning, Stadtwerke Freiburg, AIT Wien"),
                _activity("Studieresa till Freiburg om fjärrvärme", "study_visit",
                          countries=["DE"], own=sek(35_000), areas=(KNOWLEDGE,),
                          benefits=("knowledge",), status="completed"),
            ],
            "monitoring": "Bevakar EU:s energieffektiviseringsdirektiv via Energiföretagen.",
            "competence": "Tre ingenjörer i ett internationellt projektledarprogram.",
            "next_year_plans": "Ansöka om medel från Innovationsfonden.",
        },
    }
    return reports[short_name]
