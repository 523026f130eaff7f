"""audit_anchors: keyed checkpoints of the audit chain

Each anchor records the chain's hash at an event and an HMAC over it (and over the anchor before
it) under a key derived from the deployment key file, which is never in the database. Someone who
rewrites or recomputes the chain without that key cannot make the anchors agree.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
# Records its downgrade would drop, which the rules forbid deleting (docs/cash-register.md):
# core/db.Database.downgrade refuses it while any of these tables holds a row.
PRESERVES = (("audit_anchors", "anchors"),)


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("prev_mac", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_anchors")),
        sa.UniqueConstraint("prev_mac", name="uq_audit_anchors_prev_mac"),
    )


def downgrade() -> None:
    op.drop_table("audit_anchors")
