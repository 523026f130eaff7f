"""cash register: legal receipts, copies, prints, signatures, Z reports, articles; append-only guards

The Norwegian cash-register rules (docs/cash-register.md): receipts in unbroken series per
register, at most one copy, SAF-T signatures, one Z report per register per day, a price list
whose changes are new rows. Transactions learn their register, cashier and training flag. The
journal (audit_events) and these tables refuse UPDATE and DELETE from now on.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos_app.core.models import UTCDateTime
from pos_app.l10n_no import immutable

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
# Records its downgrade would drop, which the rules forbid deleting (docs/cash-register.md):
# core/db.Database.downgrade refuses it while any of these tables holds a row.
PRESERVES = (("legal_receipts", "receipts"), ("receipt_signatures", "signatures"), ("z_reports", "Z reports"), ("receipt_copies", "copies"))


def _id() -> sa.Column:
    return sa.Column("id", sa.String(36), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.add_column(sa.Column("register_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("cashier", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("training", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key("fk_transactions_register_id_terminals", "terminals", ["register_id"], ["id"])
    op.create_table(
        "articles", _id(),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("price_minor", sa.BigInteger(), nullable=False),
        sa.Column("vat_rate", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.CheckConstraint("price_minor > 0", name="ck_articles_price_positive"),
    )
    op.create_index("ix_articles_code", "articles", ["code"])
    op.create_table(
        "legal_receipts", _id(),
        sa.Column("terminal_id", sa.String(36), sa.ForeignKey("terminals.id", name="fk_legal_receipts_terminal_id_terminals"),
                  nullable=False),
        sa.Column("series", sa.String(16), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("nr", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("transaction_id", sa.String(36),
                  sa.ForeignKey("transactions.id", name="fk_legal_receipts_transaction_id_transactions"), nullable=True),
        sa.Column("cashier", sa.String(64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("vat_minor", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_legal_receipts"),
        sa.UniqueConstraint("source", name="uq_legal_receipts_source"),
        sa.UniqueConstraint("terminal_id", "series", "number", name="uq_legal_receipts_series_number"),
        sa.UniqueConstraint("terminal_id", "nr", name="uq_legal_receipts_nr"),
        sa.CheckConstraint("series IN ('sale','return','void','provisional','training','delivery')",
                           name="ck_legal_receipts_series"),
    )
    op.create_index("ix_legal_receipts_terminal_id", "legal_receipts", ["terminal_id"])
    op.create_index("ix_legal_receipts_transaction_id", "legal_receipts", ["transaction_id"])
    op.create_index("ix_legal_receipts_created_at", "legal_receipts", ["created_at"])
    op.create_table(
        "receipt_copies", _id(),
        sa.Column("receipt_id", sa.String(36),
                  sa.ForeignKey("legal_receipts.id", name="fk_receipt_copies_receipt_id_legal_receipts"), nullable=False),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_receipt_copies"),
        sa.UniqueConstraint("receipt_id", name="uq_receipt_copies_receipt_id"),
    )
    op.create_table(
        "receipt_prints", _id(),
        sa.Column("receipt_id", sa.String(36),
                  sa.ForeignKey("legal_receipts.id", name="fk_receipt_prints_receipt_id_legal_receipts"), nullable=False),
        sa.Column("copy", sa.Boolean(), nullable=False),
        sa.Column("printed", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_receipt_prints"),
    )
    op.create_index("ix_receipt_prints_receipt_id", "receipt_prints", ["receipt_id"])
    op.create_table(
        "receipt_signatures",
        sa.Column("receipt_id", sa.String(36),
                  sa.ForeignKey("legal_receipts.id", name="fk_receipt_signatures_receipt_id_legal_receipts"),
                  nullable=False),
        sa.Column("terminal_id", sa.String(36),
                  sa.ForeignKey("terminals.id", name="fk_receipt_signatures_terminal_id_terminals"), nullable=False),
        sa.Column("nr", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("receipt_id", name="pk_receipt_signatures"),
        sa.UniqueConstraint("terminal_id", "nr", name="uq_receipt_signatures_nr"),
    )
    op.create_table(
        "z_reports", _id(),
        sa.Column("terminal_id", sa.String(36), sa.ForeignKey("terminals.id", name="fk_z_reports_terminal_id_terminals"),
                  nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("grand_sales_minor", sa.BigInteger(), nullable=False),
        sa.Column("grand_returns_minor", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_z_reports"),
        sa.UniqueConstraint("terminal_id", "day", name="uq_z_reports_day"),
        sa.UniqueConstraint("terminal_id", "number", name="uq_z_reports_number"),
    )
    bind = op.get_bind()
    immutable.install(bind, bind.dialect.name)


def downgrade() -> None:
    bind = op.get_bind()
    immutable.remove(bind, bind.dialect.name)
    for table in ("z_reports", "receipt_signatures", "receipt_prints", "receipt_copies", "legal_receipts", "articles"):
        op.drop_table(table)
    with op.batch_alter_table("transactions") as batch:
        batch.drop_constraint("fk_transactions_register_id_terminals", type_="foreignkey")
        batch.drop_column("training")
        batch.drop_column("cashier")
        batch.drop_column("register_id")
