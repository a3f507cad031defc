"""Shapes shared by every endpoint: list pages, and the text and dates any input may hold."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import CoreSchema, core_schema

T = TypeVar("T")
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
# C0 and C1 control characters (NUL included: PostgreSQL cannot store it in text).
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_CONTROL_BUT_LINE_BREAKS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"


@dataclass(frozen=True)
class NoControlCharacters:
    """Refuses control characters in a string (or None) with a clear message; a multi-line
    text keeps tab, line feed and carriage return. Put it after the length constraints, so
    an over-long text is told it is too long."""

    multiline: bool

    @property
    def pattern(self) -> str:
        return f"^[^{_CONTROL_BUT_LINE_BREAKS if self.multiline else _CONTROL}]*$"

    def check(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if not re.fullmatch(self.pattern, value):
            kind = "control characters other than tab and line breaks" if self.multiline \
                else "control characters or line breaks"
            raise ValueError(f"must not contain {kind}")
        try:
            value.encode()
        except UnicodeEncodeError as exc:  # a lone surrogate, as JSON's "\ud800" gives
            raise ValueError("must be Unicode text (it holds a lone surrogate)") from exc
        return value

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        json_schema = handler(schema)
        for branch in json_schema.get("anyOf", [json_schema]):
            if branch.get("type") == "string":
                branch["pattern"] = self.pattern
        return json_schema


SINGLE_LINE = NoControlCharacters(multiline=False)
MULTI_LINE = NoControlCharacters(multiline=True)
Line = Annotated[str, SINGLE_LINE]
Text = Annotated[str, MULTI_LINE]


def _sensible_day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return value


# A due date of 9999-12-31 broke date arithmetic (the calendar feed adds days to it).
Day = Annotated[date, AfterValidator(_sensible_day)]


class Page(BaseModel, Generic[T]):
    """A list answer: `items`, and `next_cursor` to pass as `?cursor=` for the next page."""

    items: list[T]
    next_cursor: str | None = None
