"""parked sales: a basket put aside at one register and taken up at any (13010, 13011)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos_app.core.models import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None
# A parked basket is a sale the shopper is still coming back for.
PRESERVES = (("parked_sales", "parked sales not yet taken up",
              "SELECT count(*) FROM parked_sales WHERE resumed_at IS NULL"),)


def upgrade() -> None:
    op.create_table(
        "parked_sales",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("register", sa.String(64), nullable=False),
        sa.Column("basket", sa.Text(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("parked_by", sa.String(64), nullable=False),
        sa.Column("parked_at", UTCDateTime(), nullable=False),
        sa.Column("resumed_by", sa.String(64), nullable=True),
        sa.Column("resumed_on", sa.String(64), nullable=True),
        sa.Column("resumed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_parked_sales"),
    )
    op.create_index("ix_parked_sales_resumed_at", "parked_sales", ["resumed_at"])


def downgrade() -> None:
    op.drop_index("ix_parked_sales_resumed_at", "parked_sales")
    op.drop_table("parked_sales")
