"""What changed in a report since it was last sent back, from the history snapshots."""

import difflib
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from frontend.workflow import label

TEXTS = ("summary", "monitoring", "competence", "next_year_plans")
ACTIVITY_FIELDS = ("kind", "countries", "partners", "starts_on", "ends_on", "programme",
                   "external_funding_sek", "own_funding_sek", "benefits", "status", "outcome")


@dataclass(frozen=True)
class Change:
    what: str
    kind: str  # "changed", "added", "removed"
    diff: Markup | None = None
    details: tuple[str, ...] = ()


def word_diff(before: str, after: str) -> Markup:
    """The new text with insertions in <ins> and deletions in <del>."""
    old, new = before.split(" "), after.split(" ")
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
        if op == "equal":
            parts.append(str(escape(" ".join(old[i1:i2]))))
    return Markup(" ".join(parts))


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    found = [Change(label("field", name), "changed", word_diff(before[name], after[name]))
             for name in TEXTS if (before.get(name) or "") != (after.get(name) or "")]
    if before.get("no_international_work") != after.get("no_international_work"):
        found.append(Change(label("field", "no_international_work"), "changed", details=(
            "Ja" if after.get("no_international_work") else "Nej",)))
    old = {a["title"]: a for a in before.get("activities", [])}
    new = {a["title"]: a for a in after.get("activities", [])}
    for title in new.keys() - old.keys():
        found.append(Change(f"Aktivitet: {title}", "added"))
    for title in old.keys() - new.keys():
        found.append(Change(f"Aktivitet: {title}", "removed"))
    for title in sorted(new.keys() & old.keys()):
        fields = [label("field", f) for f in ACTIVITY_FIELDS if old[title].get(f) != new[
            title].get(f)]
        if fields:
            found.append(Change(f"Aktivitet: {title}", "changed", details=tuple(fields)))
    return found


def since_last_return(history: list[dict[str, Any]],
                      current: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Change]]:
    """The last return (or reopen) with its snapshot, and the changes made since."""
    returns = [h for h in history if h["action"] in ("return", "reopen") and h.get("content")]
    if not returns:
        return None, []
    return returns[-1], changes(returns[-1]["content"], current)
