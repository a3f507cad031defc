"""How far the reminder scan has covered each organisation's calendar."""

import uuid
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from backend.models.base import UTCDateTime


class ReminderScan(SQLModel, table=True):
    """The last Stockholm day a successful scan covered, so the next one catches up from it."""

    __tablename__ = "reminder_scans"

    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", primary_key=True)
    scanned_through: date
    scanned_at: datetime = Field(sa_type=UTCDateTime)
