"""Talent flow: vacancies and employment events (2026-12-05).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vacancies",
        sa.Column("vacancy_id", sa.String(length=128), nullable=False),
        sa.Column("role_id", sa.String(length=128), nullable=False),
        sa.Column("team", sa.String(length=128), nullable=False),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("filled_from", sa.String(length=16), nullable=True),
        sa.Column("filled_by", sa.String(length=128), nullable=True),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["filled_by"], ["employees.employee_id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("vacancy_id"),
    )
    op.create_index("ix_vacancies_role_id", "vacancies", ["role_id"])
    op.create_table(
        "employment_events",
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("role_id", sa.String(length=128), nullable=True),
        sa.Column("team", sa.String(length=128), nullable=True),
        sa.Column("voluntary", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_employment_events_employee_id", "employment_events", ["employee_id"])
    op.create_index("ix_employment_events_on", "employment_events", ["on"])


def downgrade() -> None:
    op.drop_index("ix_employment_events_on", "employment_events")
    op.drop_index("ix_employment_events_employee_id", "employment_events")
    op.drop_table("employment_events")
    op.drop_index("ix_vacancies_role_id", "vacancies")
    op.drop_table("vacancies")
