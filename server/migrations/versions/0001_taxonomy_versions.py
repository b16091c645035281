"""Published taxonomy versions: immutable, numbered rows.

Revision ID: 0001
Revises:
Created: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "taxonomy_versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("change_note", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )


def downgrade():
    op.drop_table("taxonomy_versions")
