"""customer displays: the basket a register is building, shown on its kiosk

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos_app.core.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
PRESERVES = ()  # a display's basket is a view of the register's draft, which keeps its own copy


def upgrade() -> None:
    op.create_table(
        "customer_displays",
        sa.Column("kiosk_id", sa.String(36), nullable=False),
        sa.Column("register", sa.String(64), nullable=False),
        sa.Column("basket", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["kiosk_id"], ["terminals.id"], name="fk_customer_displays_kiosk_id_terminals"),
        sa.PrimaryKeyConstraint("kiosk_id", name="pk_customer_displays"),
    )


def downgrade() -> None:
    op.drop_table("customer_displays")
