"""Career paths: the roles a role leads to, as roles.yaml declares them (2026-12-05).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: SQLite's batch mode would copy the table, and dropping the old one
    # cascades to the requirements that reference it
    op.add_column("roles", sa.Column("next_roles", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    op.drop_column("roles", "next_roles")
