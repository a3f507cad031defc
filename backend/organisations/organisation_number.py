"""Swedish organisationsnummer: ten digits written NNNNNN-NNNN, the last a Luhn check digit."""

import re

_FORM = re.compile(r"([0-9]{6})-?([0-9]{4})")


def luhn_valid(digits: str) -> bool:
    """The Luhn sum: every other digit from the left doubled (its digits added), mod 10."""
    total = 0
    for index, digit in enumerate(int(d) for d in digits):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def normalise_organisation_number(text: str) -> str:
    """"2120001234" or "212000-1234" -> "212000-1234"; ValueError when it is not one."""
    match = _FORM.fullmatch(text.strip())
    if match is None:
        raise ValueError("an organisation number is ten digits, written NNNNNN-NNNN")
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        raise ValueError("the check digit (the last) does not match the other nine")
    return f"{match.group(1)}-{match.group(2)}"
