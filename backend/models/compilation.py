"""Numbered, immutable versions of a cycle's compilation (sammanställning)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.models.base import Entity, UTCDateTime, timestamp


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


class CompilationPdf(SQLModel, table=True):
    """The PDF of one compiled version, laid out once and then only read: its bytes and
    their SHA-256 never change. A row without content is a claim: one process is laying
    the PDF out (since `claimed_at`); the others wait for it instead of laying it out too."""

    __tablename__ = "compilation_pdfs"

    compilation_id: uuid.UUID = Field(foreign_key="compilations.id", primary_key=True)
    claim: uuid.UUID
    claimed_at: datetime = timestamp()
    content: bytes | None = Field(default=None, sa_type=LargeBinary)
    sha256: str | None = Field(default=None, max_length=64)
    size: int | None = None
    rendered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
