"""refunds: status and approver; transactions: the register's basket

A refund row is written before the bank is asked (with its idempotency key), so it needs a status:
pending until the bank answers, then done or refused. The approver is the manager whose PIN
allowed it, when that was not the operator themself. A sale rung up at the register keeps its
lines (names, quantities, prices, VAT rates; nothing about the shopper) for the receipt.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basket", sa.Text(), nullable=True))
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="done"))
        batch_op.add_column(sa.Column("approved_by", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_refunds_approved_by_operators"), "operators",
                                    ["approved_by"], ["id"])
        batch_op.create_check_constraint(batch_op.f("ck_refunds_status"), "status IN ('pending','done','refused')")


def downgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_refunds_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_refunds_approved_by_operators"), type_="foreignkey")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("status")
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_column("basket")
