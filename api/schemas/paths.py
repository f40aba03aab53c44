"""Career paths: a person's next roles, and a role's paths and movements."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from api.schemas.base import Public
from api.schemas.roles import TopGap

PathSource = Literal["declared", "observed", "overlap", "skills", "goal"]
SOURCES = (
    "where the path comes from: declared (roles.yaml's next_roles), observed (moves seen), "
    "overlap (the current role meets enough of it), skills (the person's own levels meet "
    "half of it or more), goal (their goal role)"
)


class NextRole(Public):
    role_id: str
    title: str
    department: str
    readiness: float = Field(description="as in a person's gaps: 0..1 of the weighted levels")
    ready_now: bool = Field(description="every requirement met")
    gap_count: int
    total_priority: int
    sources: list[PathSource] = Field(description=SOURCES)
    moves: int = Field(description="people seen moving from the current role to this one")
    overlap: float | None = Field(
        description="share of this role the current role meets; null without a path"
    )
    gaps: list[TopGap] = Field(description="the biggest gaps, at most five")


class NextRolesPublic(Public):
    employee_id: str
    name: str
    current_role_id: str | None
    current_role_title: str | None
    goal_role_id: str | None
    as_of: str
    considered: int = Field(description="roles weighed before the three most reachable")
    held_before: list[str] = Field(description="roles held before, left out")
    next_roles: list[NextRole]


class RolePath(Public):
    role_id: str = Field(description="the role at the other end of the path")
    title: str
    sources: list[PathSource]
    moves: int = Field(description="moves seen; 0 also when fewer than the minimum group")
    overlap: float = Field(description="share of the target the source role meets")


class RoleCount(Public):
    role_id: str
    title: str
    people: int | None = Field(description="null: fewer than the minimum group (not shown)")


class RolePathsPublic(Public):
    role_id: str
    title: str
    as_of: str
    holders: int
    hired: int | None = Field(description="hired into the role from outside")
    moved_in: list[RoleCount] = Field(description="moved in, by the role they came from")
    left: int | None = Field(description="left the organisation from the role")
    moved_out: list[RoleCount] = Field(description="moved on, by the role they went to")
    suppressed: bool = Field(description="some counts are below the minimum group")
    min_group_size: int
    leads_to: list[RolePath]
    comes_from: list[RolePath]
