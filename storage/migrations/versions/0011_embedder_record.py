"""Which embedding model made the index's and the framework's vectors (2026-12-05).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("store_meta") as batch:
        batch.add_column(sa.Column("embedder", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("embedder_dim", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("store_meta") as batch:
        batch.drop_column("embedder_dim")
        batch.drop_column("embedder")
