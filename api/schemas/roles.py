from __future__ import annotations

from pydantic import BaseModel, Field

from api.pagination import PagePublic
from api.schemas.base import Public


class RoleSummary(Public):
    role_id: str
    title: str
    department: str
    family: str = ""
    requirements: int
    inferred_requirements: int


class RolesPublic(PagePublic):
    roles: list[RoleSummary]


class RequirementPublic(Public):
    skill_id: str
    name: str
    level: int
    importance: int
    inferred: bool
    evidence: str | None = Field(default=None, description="inferred only: the text it came from")
    confidence: float | None = Field(default=None, description="inferred only")


class RolePublic(Public):
    role_id: str
    title: str
    department: str
    family: str
    description: str
    requirements: list[RequirementPublic]
    next_roles: list[str] = Field(
        default=[], description="the roles it leads to, as roles.yaml declares them"
    )


class RequirementIn(BaseModel):
    skill_id: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    importance: int = Field(default=3, ge=1, le=5)
    evidence: str = Field(default="", max_length=2000)


class RequirementsRequest(BaseModel):
    requirements: list[RequirementIn] = Field(max_length=200)


class TopGap(Public):
    skill_id: str
    name: str
    required: int
    current: int
    gap: int


class Candidate(Public):
    employee_id: str
    name: str
    team: str
    department: str
    current_role_id: str | None
    readiness: float
    total_priority: int
    top_gaps: list[TopGap]


class CandidatesPublic(Public):
    role_id: str
    role_title: str
    considered: int
    holders_excluded: int
    candidates: list[Candidate]
