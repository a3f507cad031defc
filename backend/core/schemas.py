"""Shapes shared by every list endpoint."""

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A list answer: `items`, and `next_cursor` to pass as `?cursor=` for the next page."""

    items: list[T]
    next_cursor: str | None = None
