"""who voided a sale, and alone or not; bank tokens waiting to be revoked after an erasure

A cashier's limits on money given back alone count voids as well as refunds, so a void records
its operator, whether a manager approved it, and when. An erased customer's bank token is moved,
still sealed, to a queue until the bank confirms its revocation; then it is deleted.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos_app.core.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None
# An erased shopper's token still waiting for the bank to revoke it must not be lost with the table.
PRESERVES = (("token_revocations", "bank tokens still to be revoked after an erasure"),)


def upgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.add_column(sa.Column("voided_by", sa.String(36), nullable=True))
        batch.add_column(sa.Column("void_alone", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("voided_at", UTCDateTime(), nullable=True))
    op.create_table(
        "token_revocations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("customer_id", sa.String(36), sa.ForeignKey("customers.id", ondelete="SET NULL"), nullable=True),
        sa.Column("token", sa.String(256), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(200), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_token_revocations_customer_id", "token_revocations", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_token_revocations_customer_id", "token_revocations")
    op.drop_table("token_revocations")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of `transactions` would drop the table that
    # receipts and refunds refer to, which foreign keys refuse.
    for column in ("voided_at", "void_alone", "voided_by"):
        op.execute(f"ALTER TABLE transactions DROP COLUMN {column}")
