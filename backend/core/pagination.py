"""Opaque keyset cursors for list endpoints."""

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Query

from backend.core.errors import Invalid

T = TypeVar("T")
Cursor = Annotated[str | None, Query(max_length=500, description="next_cursor of the last page")]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([str(v) for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, identifier = json.loads(raw)
        return str(key), uuid.UUID(identifier)
    except (ValueError, TypeError) as exc:
        raise Invalid("The cursor is not one this API gave out",
                      fields={"cursor": "malformed"}) from exc


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
        raise Invalid("The cursor is not one this API gave out",
                      fields={"cursor": "malformed"}) from exc
