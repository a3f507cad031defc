"""single sign-on: identity_providers, external_identities, sign_in_attempts

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _entity() -> list[sa.Column]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "identity_providers",
        *_entity(),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret_sealed", sa.String(length=2000), nullable=False),
        sa.Column("link_by_email", sa.Boolean(), nullable=False),
        sa.Column("roles_claim", sa.String(length=100), nullable=True),
        sa.Column("role_map", sa.JSON(), nullable=False),
        sa.Column("allowed_tenants", sa.JSON(), nullable=False),
        sa.Column("email_domains", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_identity_providers_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_providers")),
        sa.UniqueConstraint("organisation_id",
                            name=op.f("uq_identity_providers_organisation_id")),
    )
    op.create_table(
        "external_identities",
        *_entity(),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["identity_providers.id"],
                                name=op.f("fk_external_identities_provider_id_identity_providers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_external_identities_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_identities")),
        sa.UniqueConstraint("issuer", "subject",
                            name=op.f("uq_external_identities_issuer_subject")),
    )
    op.create_index(op.f("ix_external_identities_provider_id"), "external_identities",
                    ["provider_id"])
    op.create_index(op.f("ix_external_identities_user_id"), "external_identities", ["user_id"])
    op.create_table(
        "sign_in_attempts",
        *_entity(),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("code_verifier", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["provider_id"], ["identity_providers.id"],
                                name=op.f("fk_sign_in_attempts_provider_id_identity_providers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
        sa.UniqueConstraint("state_hash", name=op.f("uq_sign_in_attempts_state_hash")),
    )
    op.create_index(op.f("ix_sign_in_attempts_provider_id"), "sign_in_attempts",
                    ["provider_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_attempts_provider_id"), table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_index(op.f("ix_external_identities_user_id"), table_name="external_identities")
    op.drop_index(op.f("ix_external_identities_provider_id"), table_name="external_identities")
    op.drop_table("external_identities")
    op.drop_table("identity_providers")
