"""SCIM provisioning: the identity provider's users and groups, and the per-person change
log that lets a serving process update its organisation without reloading it (2026-12-05).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_employees_email", "employees", ["email"])
    op.create_table(
        "directory_users",
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("user_name", sa.String(length=256), nullable=False),
        sa.Column("external_id", sa.String(length=256), nullable=True),
        sa.Column("employee_number", sa.String(length=256), nullable=True),
        sa.Column("display_name", sa.String(length=256), nullable=True),
        sa.Column("formatted_name", sa.String(length=256), nullable=True),
        sa.Column("given_name", sa.String(length=256), nullable=True),
        sa.Column("family_name", sa.String(length=256), nullable=True),
        sa.Column("title", sa.String(length=256), nullable=True),
        sa.Column("department", sa.String(length=256), nullable=True),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("employee_id"),
        sa.UniqueConstraint("user_name"),
    )
    op.create_index("ix_directory_users_external_id", "directory_users", ["external_id"])
    op.create_index("ix_directory_users_employee_number", "directory_users", ["employee_number"])
    op.create_table(
        "directory_groups",
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=256), nullable=False),
        sa.Column("external_id", sa.String(length=256), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("group_id"),
        sa.UniqueConstraint("display_name"),
    )
    op.create_index("ix_directory_groups_external_id", "directory_groups", ["external_id"])
    op.create_table(
        "directory_members",
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["directory_groups.group_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "employee_id"),
    )
    op.create_index("ix_directory_members_employee_id", "directory_members", ["employee_id"])
    op.create_table(
        "org_changes",
        sa.Column("data_version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("employee_ids", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("data_version"),
    )


def downgrade() -> None:
    op.drop_table("org_changes")
    op.drop_index("ix_directory_members_employee_id", "directory_members")
    op.drop_table("directory_members")
    op.drop_index("ix_directory_groups_external_id", "directory_groups")
    op.drop_table("directory_groups")
    op.drop_index("ix_directory_users_employee_number", "directory_users")
    op.drop_index("ix_directory_users_external_id", "directory_users")
    op.drop_table("directory_users")
    op.drop_index("ix_employees_email", "employees")
