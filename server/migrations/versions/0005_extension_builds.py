"""The organisation's own extension builds: their packages and what they were built from.

Revision ID: 0005
Revises: 0004
Created: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "extension_builds",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("extension_id", sa.String(length=32), nullable=False),
        sa.Column("server_url", sa.String(length=2000), nullable=False),
        sa.Column("hosts", sa.Text(), nullable=False),
        sa.Column("taxonomy_version", sa.Integer(), nullable=False),
        sa.Column("crx_sha256", sa.String(length=64), nullable=False),
        sa.Column("xpi_sha256", sa.String(length=64), nullable=False),
        sa.Column("crx", sa.LargeBinary(), nullable=False),
        sa.Column("xpi", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )


def downgrade():
    op.drop_table("extension_builds")
