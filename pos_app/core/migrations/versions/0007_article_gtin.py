"""articles: an EAN/GTIN beside the PLU, so a scanner finds the article by either

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy: `articles` is append-only, and a copied table would
    # lose the triggers that guard it.
    op.add_column("articles", sa.Column("ean", sa.String(14), nullable=True))
    op.create_index("ix_articles_ean", "articles", ["ean"])


def downgrade() -> None:
    op.drop_index("ix_articles_ean", "articles")
    op.execute("ALTER TABLE articles DROP COLUMN ean")
