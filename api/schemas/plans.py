from __future__ import annotations

from pydantic import BaseModel, Field

from api.pagination import PagePublic
from api.schemas.base import Public
from api.schemas.employees import GapRow


class PlanRequest(BaseModel):
    employee_id: str
    role_id: str | None = None
    weeks: int | None = Field(default=None, ge=1, le=260, description="default: configured")
    hours_per_week: float | None = Field(
        default=None, gt=0, le=40, description="default: configured"
    )


class PlanDecision(BaseModel):
    status: str = Field(
        examples=["approved"], description="approved, rejected, in_progress, completed"
    )
    comment: str = Field(default="", max_length=2000)


class PlanAction(Public):
    skill_id: str
    kind: str
    title: str
    resource_id: str | None
    mentor_id: str | None
    hours: float
    cost: float
    week_start: int | None
    week_end: int | None
    closes_gap_to: int
    reason: str
    done: bool
    done_on: str | None = Field(default=None, description="the day it was done (YYYY-MM-DD)")
    evidence: Evidence | None = Field(
        default=None, description="what says it was done, when not a person's tick"
    )


class Evidence(Public):
    source: str = Field(examples=["course completion"])
    on: str = Field(description="the day of the completion (YYYY-MM-DD)")
    reported_by: str = Field(description="the LMS (its key's name) or the CSV file")
    statement_id: str


class PlanProgress(Public):
    done: int = Field(description="actions done")
    total: int = Field(description="actions in the plan")
    hours_done: float
    hours_total: float


class PlanPublic(Public):
    plan_id: str
    employee_id: str
    employee_name: str = Field(description="whose plan, by name")
    role_id: str | None
    role_title: str | None = Field(description="the role the plan leads towards, by title")
    status: str
    weeks: int
    hours_per_week: float
    created_at: str = Field(description="when it was drafted (UTC, ISO 8601)")
    created_by: str = Field(description="who drafted it, as stored: role:employee id or key")
    created_by_name: str | None = Field(description="who drafted it, by name")
    decided_by: str | None = Field(description="who decided it, as stored")
    decided_by_name: str | None = Field(
        description="who decided it: the person, by name; a key with no person as its name"
    )
    may_decide: bool = Field(description="the caller may approve or reject this draft")
    decided_at: str | None
    comment: str
    updated_at: str
    gaps: list[GapRow]
    actions: list[PlanAction]
    next_horizon: list[PlanAction]
    budget_hours: float
    scheduled_hours: float
    total_cost: float
    action_count: int
    next_horizon_count: int
    progress: PlanProgress


class PlansPublic(PagePublic):
    plans: list[PlanPublic]
