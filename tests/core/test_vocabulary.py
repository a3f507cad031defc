"""Every code the product speaks has its Swedish word, and the words are settled once."""

from enum import StrEnum

import pytest

from backend.auth.principal import Scope
from backend.core import vocabulary
from backend.integrations.webhooks import EventType
from backend.models import enums
from backend.reporting import workflow
from backend.reporting.schemas import ActivityContent, ReportContent

CODES: list[tuple[str, type[StrEnum]]] = [
    ("report_state", enums.ReportState), ("cycle_state", enums.CycleState),
    ("report_action", workflow.ReportAction), ("cycle_action", workflow.CycleAction),
    ("history_action", workflow.ReportAction), ("guard", workflow.Guard),
    ("role", enums.Role), ("role_noun", enums.Role), ("role_holder", enums.Role),
    ("role_holders", enums.Role), ("unit_kind", enums.UnitKind),
    ("activity_kind", enums.ActivityKind), ("programme", enums.Programme),
    ("benefit", enums.Benefit), ("activity_status", enums.ActivityStatus),
    ("outbox_status", enums.OutboxStatus), ("scope", Scope), ("event_type", EventType),
]


@pytest.mark.parametrize(("name", "codes"), CODES, ids=[name for name, _ in CODES])
def test_every_code_has_a_word(name: str, codes: type[StrEnum]) -> None:
    words = vocabulary.VOCABULARIES[name]
    assert [c.value for c in codes if not words.get(c.value, "").strip()] == []


def test_every_desk_and_next_step_has_words() -> None:
    for desks, steps in ((workflow.REPORT_DESKS, vocabulary.REPORT_NEXT_STEPS),
                         (workflow.CYCLE_DESKS, vocabulary.CYCLE_NEXT_STEPS)):
        owned = {state: desk.owner for state, desk in desks.items() if desk.owner}
        assert set(owned) <= set(steps), set(owned) - set(steps)
        assert set(owned.values()) <= set(vocabulary.DESKS)


def test_every_field_a_person_fills_in_has_a_word() -> None:
    fields = {*ReportContent.model_fields, *ActivityContent.model_fields,
              *(need for t in (*workflow.REPORT_TRANSITIONS, *workflow.CYCLE_TRANSITIONS)
                for need in t.needs),
              *(d.due_field for d in (*workflow.REPORT_DESKS.values(),
                                      *workflow.CYCLE_DESKS.values()) if d.due_field)}
    assert fields - set(vocabulary.CONTENT_FIELDS) == set()


def test_history_also_names_extensions_and_registrations() -> None:
    assert {"extend", "register"} <= set(vocabulary.HISTORY_ACTIONS)


def test_the_settled_words() -> None:
    """Once differing between the pages and the PDF; now one word each."""
    assert vocabulary.CYCLE_STATES["adopted"] == "Antagen"
    assert vocabulary.CYCLE_STATES["open"] == "Öppen"
    assert vocabulary.REPORT_STATES["accepted"] == "Godtagen"
    assert vocabulary.REPORT_STATES["submitted"] == "Inlämnad"
    assert vocabulary.PROGRAMMES["life"] == "Life"
    assert vocabulary.BENEFITS["knowledge"] == "Ökad kunskap"


def test_an_unknown_code_shows_as_itself() -> None:
    assert vocabulary.label(vocabulary.PROGRAMMES, "unknown") == "unknown"
    assert vocabulary.country_name("fi") == "Finland"
