"""Opaque keyset cursors for list endpoints."""

import base64
import json
import uuid
from typing import Annotated, Any

from fastapi import Query

from backend.core.errors import Invalid

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
