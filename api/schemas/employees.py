from __future__ import annotations

from pydantic import Field

from api.pagination import PagePublic
from api.schemas.base import Public
from api.schemas.mentors import MentorsPublic


class EmployeeSummary(Public):
    employee_id: str
    name: str
    team: str
    department: str
    role_id: str | None


class EmployeesPublic(PagePublic):
    employees: list[EmployeeSummary]


class ProfileSkill(Public):
    skill_id: str
    name: str
    level: int
    source: str
    assessed_on: str
    stale: bool


class ProfilePublic(Public):
    employee_id: str
    name: str
    team: str
    department: str
    role_id: str | None
    role_title: str | None
    goal_role_id: str | None
    goal_role_title: str | None
    skills: list[ProfileSkill]


class ErasurePublic(Public):
    erased: bool
    index_chunks_removed: int


class GapRow(Public):
    skill_id: str
    name: str
    category: str
    required: int
    current: int
    gap: int
    importance: int
    priority: int = Field(description="gap × importance")
    source: str | None = Field(description="where the current level comes from; null: none")
    assessed_on: str | None
    evidence: str | None
    stale: bool
    above: int | None = Field(default=None, description="strengths only: levels above")


class PersonGapsPublic(Public):
    employee_id: str
    employee_name: str
    role_id: str
    role_title: str
    readiness: float
    total_priority: int
    gap_count: int
    gaps: list[GapRow]
    met: list[GapRow]
    strengths: list[GapRow]


class GapMentors(MentorsPublic):
    current: int


class GapMentorsPublic(Public):
    employee_id: str
    role_id: str | None
    gaps: list[GapMentors]
