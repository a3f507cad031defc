"""compilation_pdfs: each compiled version's PDF, laid out once and stored

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "compilation_pdfs",
        sa.Column("compilation_id", sa.Uuid(), nullable=False),
        sa.Column("claim", sa.Uuid(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["compilation_id"], ["compilations.id"],
                                name=op.f("fk_compilation_pdfs_compilation_id_compilations")),
        sa.PrimaryKeyConstraint("compilation_id", name=op.f("pk_compilation_pdfs")),
    )


def downgrade() -> None:
    op.drop_table("compilation_pdfs")
