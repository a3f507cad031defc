"""The organisationsnummer check: ten digits, NNNNNN-NNNN, a Luhn check digit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.organisations.organisation_number import luhn_valid, normalise_organisation_number


@pytest.mark.parametrize("number", ["212000-0142", "202100-5448", "556036-0793", "2321000016"])
def test_real_organisation_numbers_pass(number: str) -> None:
    assert normalise_organisation_number(number) == f"{number[:6]}-{number[-4:]}"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_completes_nine_digits(nine: str) -> None:
    assert [d for d in "0123456789" if luhn_valid(nine + d)] == [
        next(d for d in "0123456789" if luhn_valid(nine + d))]
