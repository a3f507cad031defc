"""Numbered, immutable versions of a cycle's compilation (sammanställning)."""

import uuid
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from backend.models.base import Entity


class Compilation(Entity, table=True):
    __tablename__ = "compilations"
    __table_args__ = (UniqueConstraint("cycle_id", "number"),)

    cycle_id: uuid.UUID = Field(foreign_key="cycles.id", index=True)
    number: int
    content_hash: str = Field(max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_by_name: str = Field(default="", max_length=200)
    registration_number: str | None = Field(default=None, max_length=50)
    version: int = 1
