"""Cross-training programmes and who opted in (2026-12-05).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("first_department", sa.String(length=128), nullable=False),
        sa.Column("second_department", sa.String(length=128), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("tracks", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=256), nullable=False),
        sa.Column("decided_by", sa.String(length=256), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("programme_id"),
    )
    op.create_table(
        "programme_participants",
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=256), nullable=False),
        sa.Column("done", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.programme_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("programme_id", "employee_id"),
    )
    op.create_index(
        "ix_programme_participants_employee_id", "programme_participants", ["employee_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_programme_participants_employee_id", "programme_participants")
    op.drop_table("programme_participants")
    op.drop_table("programmes")
