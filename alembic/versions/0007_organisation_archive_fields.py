"""organisations.organisation_number and submission_agreement_ref (the archive package)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_number", sa.String(length=11),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("submission_agreement_ref", sa.String(length=200),
                                      nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("submission_agreement_ref")
        batch_op.drop_column("organisation_number")
