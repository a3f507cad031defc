"""Swedish number formatting, sorting and labels."""

from backend.compilation.formatting import (
    format_change,
    format_number,
    format_percent,
    format_sek,
    swedish_sort_key,
)
from backend.core import vocabulary
from backend.models.enums import ActivityKind, Benefit, Programme

NBSP = "\u00a0"


def test_money_and_numbers_group_thousands_with_non_breaking_spaces() -> None:
    assert format_sek(1_250_000) == f"1{NBSP}250{NBSP}000{NBSP}kr"
    assert format_sek(0) == f"0{NBSP}kr"
    assert format_number(999) == "999"
    assert format_number(-12_500) == f"\u221212{NBSP}500"


def test_percent_and_changes() -> None:
    assert format_percent(66.7) == f"66,7{NBSP}%"
    assert format_percent(50.0) == f"50{NBSP}%"
    assert format_percent(None) == "–"
    assert format_change(1_200_000, "kr") == f"+1{NBSP}200{NBSP}000{NBSP}kr"
    assert format_change(-2) == "\u22122"
    assert format_change(0) == "±0"
    assert format_change(None) == "–"


def test_swedish_alphabetical_order() -> None:
    names = ["Östra bolaget", "Ärendenämnden", "Åldersnämnden", "Zoo AB", "Arbetsnämnden"]
    assert sorted(names, key=swedish_sort_key) == [
        "Arbetsnämnden", "Zoo AB", "Åldersnämnden", "Ärendenämnden", "Östra bolaget"]


def test_every_code_has_a_swedish_label() -> None:
    assert set(vocabulary.ACTIVITY_KINDS) == set(ActivityKind)
    assert set(vocabulary.PROGRAMMES) == set(Programme)
    assert set(vocabulary.BENEFITS) == set(Benefit)
    assert vocabulary.label(vocabulary.PROGRAMMES, "erdf") == "Regionala utvecklingsfonden (ERUF)"
    assert vocabulary.label(vocabulary.PROGRAMMES, "unknown") == "unknown"
    assert vocabulary.country_name("fi") == "Finland"
    assert vocabulary.country_name("QQ") == "QQ"
