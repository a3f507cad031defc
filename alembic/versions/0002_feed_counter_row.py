"""the change feed's single counter row

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text("INSERT INTO feed_counter (id, last_position) VALUES (1, 0)"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM feed_counter WHERE id = 1"))
