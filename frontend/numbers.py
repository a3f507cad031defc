"""Whole numbers posted in forms (versions, days, kronor): ASCII digits only.

`str.isdigit()` is true for "²" and "١", and `int("²")` then fails: a hostile form post
answered 500. Every page reads numbers through here instead."""

import re


def whole_number(text: str, *, max_digits: int = 9) -> int | None:
    """The number written in `text` (surrounding spaces allowed), or None."""
    text = text.strip()
    if not re.fullmatch(rf"[0-9]{{1,{max_digits}}}", text):
        return None
    return int(text)
