"""SAF-T key versions kept for good; guards against a database writer that row triggers miss

saft_keys holds every signing key version's public key (append-only). PostgreSQL gets BEFORE
TRUNCATE triggers on the append-only tables and a journal head that only moves forward; SQLite
gets insert triggers that refuse a row colliding with an existing one (INSERT OR REPLACE).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos_app.core.models import UTCDateTime
from pos_app.l10n_no import immutable

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None
# The public keys are what old signatures are checked with; a key that signed nothing may go.
PRESERVES = (("saft_keys", "signing key versions that signed receipts",
              "SELECT count(*) FROM saft_keys WHERE EXISTS (SELECT 1 FROM receipt_signatures)"),)


def upgrade() -> None:
    op.create_table(
        "saft_keys",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    bind = op.get_bind()
    immutable.install_guards(bind, bind.dialect.name)


def downgrade() -> None:
    bind = op.get_bind()
    immutable.remove_guards(bind, bind.dialect.name)
    op.drop_table("saft_keys")
