"""Regular expressions an administrator writes, compiled with RE2: matching takes time linear
in the input, so a pattern like `^(a+)+$` cannot hold a request (and its transaction) for
minutes, as Python's backtracking `re` would."""

from functools import lru_cache
from typing import Any

import re2

# Bounds the compiled program, so a pattern like `(a{1000}){1000}` is refused, not built.
MAX_PROGRAM_BYTES = 1 << 20


class UnusablePattern(ValueError):
    """RE2 cannot take the pattern: bad syntax, backreferences, lookaround, or too large."""


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # the caller says what was wrong; no noise on stderr
    options.max_mem = MAX_PROGRAM_BYTES
    return options


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """The compiled pattern, or UnusablePattern naming what RE2 refused."""
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(
            exc.args[0], bytes) else str(exc)
        raise UnusablePattern(
            f"not a pattern RE2 accepts ({reason}); backreferences and lookaround "
            "are not supported") from exc


def full_match(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).fullmatch(text) is not None
