"""The schema of the first release (2026-11-26), written out in full.

Never import storage/schema.py here: that file says what the schema is now, this one what
it was then. A change to the schema is a new revision beside this one.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 22:28:06.197816
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=True),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key_id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("time", sa.DateTime(), nullable=False),
        sa.Column("key_name", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("endpoint", sa.String(length=256), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("method", sa.String(length=8), nullable=True),
        sa.Column("path", sa.String(length=512), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_key_id"), ["key_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_time"), ["time"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=256), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id"),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_owner"), ["owner"], unique=False)

    op.create_table(
        "learning_resources",
        sa.Column("resource_id", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=256), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("url", sa.String(length=1024), nullable=False),
        sa.Column("prerequisites", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("resource_id"),
    )
    op.create_table(
        "roles",
        sa.Column("role_id", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("department", sa.String(length=128), nullable=False),
        sa.Column("family", sa.String(length=128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("job_description", sa.Text(), nullable=False),
        sa.Column("jd_source", sa.String(length=512), nullable=False),
        sa.PrimaryKeyConstraint("role_id"),
    )
    op.create_table(
        "skills",
        sa.Column("skill_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("category", sa.String(length=128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("level_descriptors", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("skill_id"),
    )
    op.create_table(
        "store_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("index_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "text_vectors",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "employees",
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("email", sa.String(length=256), nullable=False),
        sa.Column("department", sa.String(length=128), nullable=False),
        sa.Column("team", sa.String(length=128), nullable=False),
        sa.Column("role_id", sa.String(length=128), nullable=True),
        sa.Column("manager_id", sa.String(length=128), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("goal_role_id", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["goal_role_id"], ["roles.role_id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["employees.employee_id"],
            ondelete="SET NULL",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(["role_id"], ["roles.role_id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("employee_id"),
    )
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employees_department"), ["department"], unique=False)
        batch_op.create_index(batch_op.f("ix_employees_manager_id"), ["manager_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employees_role_id"), ["role_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employees_team"), ["team"], unique=False)

    op.create_table(
        "resource_skills",
        sa.Column("resource_id", sa.String(length=128), nullable=False),
        sa.Column("skill_id", sa.String(length=128), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["learning_resources.resource_id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.skill_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id", "skill_id"),
    )
    op.create_table(
        "role_requirements",
        sa.Column("role_id", sa.String(length=128), nullable=False),
        sa.Column("skill_id", sa.String(length=128), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("inferred", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["role_id"], ["roles.role_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.skill_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("role_id", "skill_id"),
    )
    op.create_table(
        "learning_plans",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("role_id", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=256), nullable=False),
        sa.Column("decided_by", sa.String(length=256), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id"),
    )
    with op.batch_alter_table("learning_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_plans_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "profile_documents",
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_file", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("employee_id"),
    )
    op.create_table(
        "skill_assertions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("skill_id", sa.String(length=128), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.employee_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.skill_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "employee_id", "skill_id", "source", "assessed_on", name="uq_assertion"
        ),
    )
    with op.batch_alter_table("skill_assertions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skill_assertions_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_skill_assertions_skill_id"), ["skill_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("skill_assertions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_assertions_skill_id"))
        batch_op.drop_index(batch_op.f("ix_skill_assertions_employee_id"))

    op.drop_table("skill_assertions")
    op.drop_table("profile_documents")
    with op.batch_alter_table("learning_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_plans_employee_id"))

    op.drop_table("learning_plans")
    op.drop_table("role_requirements")
    op.drop_table("resource_skills")
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employees_team"))
        batch_op.drop_index(batch_op.f("ix_employees_role_id"))
        batch_op.drop_index(batch_op.f("ix_employees_manager_id"))
        batch_op.drop_index(batch_op.f("ix_employees_department"))

    op.drop_table("employees")
    op.drop_table("text_vectors")
    op.drop_table("store_meta")
    op.drop_table("skills")
    op.drop_table("roles")
    op.drop_table("learning_resources")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_owner"))

    op.drop_table("conversations")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_time"))
        batch_op.drop_index(batch_op.f("ix_audit_log_key_id"))

    op.drop_table("audit_log")
    op.drop_table("api_keys")
