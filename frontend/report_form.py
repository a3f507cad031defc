"""The report editor's form: what the user typed (kept verbatim), and the API's content.

Every activity row has a stable key, so rows can be added, edited and removed inline
without renumbering; the API's `activities.N.field` errors are mapped back to keys.
"""

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from frontend import countries
from frontend.numbers import whole_number

TEXT_FIELDS = ("summary", "monitoring", "competence", "next_year_plans")
ACTIVITY_TEXT = ("title", "kind", "countries", "partners", "starts_on", "ends_on", "programme",
                 "external_funding_sek", "own_funding_sek", "status", "outcome")
ACTIVITY_LISTS = ("benefits", "strategic_area_ids")
MONEY = ("external_funding_sek", "own_funding_sek")


def new_key() -> str:
    return secrets.token_hex(4)


@dataclass
class ActivityDraft:
    key: str
    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    editing: bool = False

    def __getitem__(self, name: str) -> Any:
        return self.lists.get(name, []) if name in ACTIVITY_LISTS else self.values.get(name, "")

    def id(self, name: str) -> str:
        return f"a-{self.key}-{name}"


@dataclass
class ReportDraft:
    texts: dict[str, str]
    no_international_work: bool
    activities: list[ActivityDraft]

    def activity(self, key: str) -> ActivityDraft | None:
        return next((a for a in self.activities if a.key == key), None)


def blank_activity() -> ActivityDraft:
    return ActivityDraft(new_key(), {"programme": "none", "status": "ongoing"}, editing=True)


def draft_from_content(content: dict[str, Any]) -> ReportDraft:
    activities = []
    for item in content.get("activities", []):
        values = {name: "" if item.get(name) is None else str(item.get(name))
                  for name in ACTIVITY_TEXT}
        values["countries"] = countries.to_text(item.get("countries", []))
        lists = {name: [str(v) for v in item.get(name, [])] for name in ACTIVITY_LISTS}
        activities.append(ActivityDraft(new_key(), values, lists))
    return ReportDraft({name: content.get(name, "") or "" for name in TEXT_FIELDS},
                       bool(content.get("no_international_work")), activities)


def draft_from_form(form: FormData) -> ReportDraft:
    activities = []
    for key in form.getlist("activity_key"):
        key = str(key)
        if not re.fullmatch(r"[0-9a-f]{8}", key):
            continue
        values = {name: str(form.get(f"a-{key}-{name}", "")).strip() for name in ACTIVITY_TEXT}
        lists = {name: [str(v) for v in form.getlist(f"a-{key}-{name}")]
                 for name in ACTIVITY_LISTS}
        activities.append(ActivityDraft(key, values, lists,
                                        editing=form.get(f"a-{key}-editing") == "1"))
    return ReportDraft({name: str(form.get(name, "")) for name in TEXT_FIELDS},
                       form.get("no_international_work") == "1", activities)


def _money(text: str) -> int | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]|kr$|:-$", "", text.strip().lower())
    return whole_number(cleaned, max_digits=15)


def activity_errors(activity: ActivityDraft) -> dict[str, str]:
    """Checks that need no server: numbers, countries, date order."""
    errors = {}
    for name in MONEY:
        if activity[name] and _money(activity[name]) is None:
            errors[activity.id(name)] = "Ange beloppet i hela kronor, till exempel 450000."
    _, unknown = countries.parse(activity["countries"])
    if unknown:
        errors[activity.id("countries")] = (
            f"Känner inte igen {', '.join(unknown)}. Skriv landets namn på svenska, "
            "till exempel Finland, Estland.")
    if activity["starts_on"] and activity["ends_on"] and activity["ends_on"] < activity[
            "starts_on"]:
        errors[activity.id("ends_on")] = "Slutdatumet kan inte vara före startdatumet."
    return errors


def local_errors(draft: ReportDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    for activity in draft.activities:
        errors.update(activity_errors(activity))
    return errors


def to_content(draft: ReportDraft) -> dict[str, Any]:
    """The API's content object (call only when `local_errors` is empty)."""
    return {**draft.texts, "no_international_work": draft.no_international_work,
            "activities": [_activity_content(a) for a in draft.activities]}


def _activity_content(activity: ActivityDraft) -> dict[str, Any]:
    codes, _ = countries.parse(activity["countries"])
    return {
        "title": activity["title"], "kind": activity["kind"] or None, "countries": codes,
        "partners": activity["partners"], "starts_on": activity["starts_on"] or None,
        "ends_on": activity["ends_on"] or None, "programme": activity["programme"] or "none",
        "external_funding_sek": _money(activity["external_funding_sek"]) or 0,
        "own_funding_sek": _money(activity["own_funding_sek"]) or 0,
        "strategic_area_ids": activity["strategic_area_ids"],
        "benefits": activity["benefits"], "status": activity["status"] or "ongoing",
        "outcome": activity["outcome"],
    }


def api_errors(errors: dict[str, str], draft: ReportDraft) -> dict[str, str]:
    """`activities.0.title: required` → {'a-<key>-title': 'Skriv vad aktiviteten heter.'}."""
    mapped: dict[str, str] = {}
    for path, message in errors.items():
        parts = path.split(".")
        if parts[0] == "activities" and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(draft.activities):
                activity = draft.activities[index]
                name = parts[2] if len(parts) > 2 else _field_of(message)
                mapped[activity.id(name)] = swedish_message(name, message)
                continue
        if parts[0] == "activities" and len(parts) == 1:
            mapped["activities"] = swedish_message("activities", message)
        else:
            name = "summary" if parts[0] == "body" else parts[0]
            mapped[name] = swedish_message(name, message)
    return mapped


def _field_of(message: str) -> str:
    return "ends_on" if "ends_on" in message else "title"


REQUIRED = {
    "summary": "Skriv en sammanfattning av årets internationella arbete.",
    "title": "Skriv vad aktiviteten heter.",
    "kind": "Välj vilken typ av aktivitet det är.",
    "decision_ref": "Skriv paragrafen för nämndens beslut, till exempel BUN 2027-02-12 § 14.",
    "comment": "Skriv en kommentar om vad som behöver kompletteras.",
    "reason": "Skriv ett skäl.",
    "decided_on": "Ange beslutsdatum.",
    "due_on": "Ange en ny sista dag.",
}


CONTROL_CHARACTERS = ("Texten innehåller otillåtna tecken, till exempel styrtecken från en "
                      "kopierad text. Ta bort dem och försök igen.")
DATE_RANGE = "Ange ett datum mellan år 2000 och 2100."


def swedish_message(name: str, message: str) -> str:
    text = message.lower()
    if "control characters" in text:
        return CONTROL_CHARACTERS
    if "must be between" in text:
        return DATE_RANGE
    if name == "activities":
        return ("Lägg till minst en aktivitet, eller markera att enheten inte har haft något "
                "internationellt arbete i år.")
    if text in ("required", "field required") or "missing" in text:
        return REQUIRED.get(name, "Fyll i uppgiften.")
    if "at most" in text or "too long" in text:
        limit = re.search(r"(\d+)", text)
        return f"Texten är för lång (högst {limit.group(1) if limit else 'tillåtet antal'} tecken)."
    if "greater than or equal" in text:
        return "Beloppet kan inte vara negativt."
    if "less than or equal" in text:
        return "Beloppet är orimligt stort."
    if "ends_on" in text:
        return "Slutdatumet kan inte vara före startdatumet."
    if "country" in text:
        return "Okänt land."
    if "date" in text:
        return "Ange ett datum som ÅÅÅÅ-MM-DD."
    return "Kontrollera uppgiften."
