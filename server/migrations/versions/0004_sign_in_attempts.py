"""Sign-in attempts, counted in the database by client address and by account.

Revision ID: 0004
Revises: 0003
Created: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_attempts_at", "sign_in_attempts", ["at"])
    op.create_index("ix_sign_in_attempts_address_at", "sign_in_attempts", ["address", "at"])
    op.create_index("ix_sign_in_attempts_account_at", "sign_in_attempts", ["account", "at"])


def downgrade():
    op.drop_table("sign_in_attempts")
