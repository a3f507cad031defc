"""Optimistic concurrency over HTTP: `version` out as ETag, back in as If-Match."""

import re
from typing import Annotated

from fastapi import Header, Response

from backend.core.errors import Invalid, PreconditionRequired, Stale
from backend.core.schemas import SINGLE_LINE

IfMatch = Annotated[str | None, Header(
    alias="If-Match", description='The version you read, as sent in the ETag: "3"',
    max_length=40), SINGLE_LINE]
VERSION = re.compile(r"[0-9]{1,18}")  # ASCII digits only: "²".isdigit() is true, int() fails


def parse_if_match(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not VERSION.fullmatch(text):
        raise Invalid('If-Match must be a version like "3"', fields={"If-Match": "malformed"})
    return int(text)


def require_if_match(value: str | None) -> int:
    version = parse_if_match(value)
    if version is None:
        raise PreconditionRequired('Send If-Match: "<version>" with the version you read')
    return version


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def check_version(current: int, expected: int | None) -> None:
    """409 when the client wrote against an older version; None means it sent no If-Match."""
    if expected is not None and expected != current:
        raise Stale(f"The object has changed (version {current}, you sent {expected}); "
                    "reload it and apply your change again")
