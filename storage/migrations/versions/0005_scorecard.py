"""The scorecard: targets (with their changes), recorded series, the committee's decisions
(2026-12-05).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("figure", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("hr_owner", sa.String(length=128), nullable=True),
        sa.Column("it_owner", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["hr_owner"], ["employees.employee_id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["it_owner"], ["employees.employee_id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("target_id"),
    )
    op.create_table(
        "target_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=256), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["targets.target_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_target_changes_target_id", "target_changes", ["target_id"])
    op.create_table(
        "recorded_values",
        sa.Column("series", sa.String(length=128), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=256), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("series", "quarter"),
    )
    op.create_table(
        "decisions",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner"], ["employees.employee_id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("decision_id"),
    )
    op.create_index("ix_decisions_quarter", "decisions", ["quarter"])


def downgrade() -> None:
    op.drop_index("ix_decisions_quarter", "decisions")
    op.drop_table("decisions")
    op.drop_table("recorded_values")
    op.drop_index("ix_target_changes_target_id", "target_changes")
    op.drop_table("target_changes")
    op.drop_table("targets")
