"""Learning completions from the LMS (xAPI statements, CSV exports) (2026-12-05).

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
    op.create_table(
        "learning_completions",
        sa.Column("statement_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=256), nullable=False),
        sa.Column("person", sa.String(length=512), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=True),
        sa.Column("activity_id", sa.String(length=512), nullable=False),
        sa.Column("activity_name", sa.String(length=512), nullable=False),
        sa.Column("resource_id", sa.String(length=128), nullable=True),
        sa.Column("verb", sa.String(length=16), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id"),
    )
    op.create_index("ix_learning_completions_employee_id", "learning_completions", ["employee_id"])
    op.create_index("ix_learning_completions_status", "learning_completions", ["status"])


def downgrade() -> None:
    op.drop_index("ix_learning_completions_status", "learning_completions")
    op.drop_index("ix_learning_completions_employee_id", "learning_completions")
    op.drop_table("learning_completions")
