"""Opaque keyset cursors for list endpoints."""

import base64
import json
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Query

from backend.core.errors import Invalid
from backend.core.schemas import SINGLE_LINE

T = TypeVar("T")
Cursor = Annotated[str | None, Query(max_length=500, description="next_cursor of the last page"),
                   SINGLE_LINE]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
NUMBER = re.compile(r"-?[0-9]{1,18}")


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([str(v) for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _malformed() -> Invalid:
    return Invalid("The cursor is not one this API gave out", fields={"cursor": "malformed"})


def decode_cursor(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    """The (key, id) a cursor was made of. Anything else, however it decodes (`["a", 5]`, a
    NUL in the key), is refused before it reaches a query."""
    if not cursor:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not (isinstance(decoded, list) and len(decoded) == 2
                and all(isinstance(part, str) for part in decoded)):
            raise _malformed()
        key, identifier = SINGLE_LINE.check(decoded[0]), uuid.UUID(decoded[1])
    except (ValueError, TypeError, RecursionError) as exc:
        raise _malformed() from exc
    return key, identifier


def decode_number_cursor(cursor: str | None) -> tuple[int, uuid.UUID] | None:
    """A cursor of a list ordered by a whole number (written in ASCII digits)."""
    decoded = decode_cursor(cursor)
    if decoded is None:
        return None
    if not NUMBER.fullmatch(decoded[0]):
        raise _malformed()
    return int(decoded[0]), decoded[1]


def next_cursor_of(rows: Sequence[T], limit: int,
                   key: Callable[[T], tuple[Any, ...]]) -> str | None:
    """Lists fetch `limit + 1` rows: the extra one means there is a next page, which starts
    after the key of the last row shown."""
    return encode_cursor(*key(rows[limit - 1])) if len(rows) > limit else None


def decode_time_cursor(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    """A cursor of a list ordered by time: its key must be an ISO timestamp."""
    decoded = decode_cursor(cursor)
    if decoded is None:
        return None
    try:
        return datetime.fromisoformat(decoded[0]), decoded[1]
    except ValueError as exc:
        raise _malformed() from exc
