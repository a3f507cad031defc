"""Numbers, money and sorting the Swedish way (pure functions: pages and PDF share them)."""

NBSP = "\u00a0"
MINUS = "\u2212"

# Swedish alphabetical order puts å, ä, ö after z; code points would put ä before å.
# "{", "|", "}" are the three characters right after "z" in ASCII.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}",
                                "é": "e", "è": "e", "ü": "y"})


def format_number(value: int | float) -> str:
    """`1250000` -> "1 250 000" (non-breaking spaces), decimals with a comma."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, decimals = f"{abs(value):.1f}".partition(".")
        text = f"{int(whole):,}".replace(",", NBSP) + "," + decimals
    else:
        text = f"{abs(int(value)):,}".replace(",", NBSP)
    return (MINUS + text) if value < 0 else text


def format_sek(value: int) -> str:
    """`1250000` -> "1 250 000 kr"."""
    return f"{format_number(value)}{NBSP}kr"


def format_percent(value: float | None) -> str:
    """`33.3` -> "33,3 %"; no value -> "–"."""
    if value is None:
        return "–"
    return f"{format_number(float(value))}{NBSP}%"


def format_change(value: int | float | None, unit: str = "") -> str:
    """A signed change: "+3", "−1 200 kr", "±0"; no comparison -> "–"."""
    if value is None:
        return "–"
    suffix = f"{NBSP}{unit}" if unit else ""
    if value == 0:
        return f"±0{suffix}"
    sign = "+" if value > 0 else ""
    return f"{sign}{format_number(value)}{suffix}"


def swedish_sort_key(text: str) -> str:
    """A key that sorts names as a Swedish reader expects (Å, Ä, Ö last)."""
    return text.casefold().translate(_SWEDISH_ORDER)
