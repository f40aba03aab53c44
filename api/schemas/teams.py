from __future__ import annotations

from pydantic import Field

from api.schemas.base import Public


class TeamSummary(Public):
    team: str
    department: str
    size: int
    below_min_group: bool


class TeamsPublic(Public):
    teams: list[TeamSummary]


class GroupSkill(Public):
    """Every figure and flag is null (and `suppressed` true) where fewer people than the
    minimum group need the skill and the caller may not see them one by one: such a row
    names its skill and nothing else."""

    skill_id: str
    name: str
    category: str
    required_by: int | None
    meet: int | None
    within_one: int | None
    coverage: float | None
    experts: int | None
    single_point_of_failure: bool | None
    single_expert_id: str | None
    priority: int | None
    average_gap: float | None
    suppressed: bool = False


class GroupGapsPublic(Public):
    team: str | None
    department: str | None
    people: int
    categories: list[str] | None = Field(description="the skill categories counted; null: all")
    readiness: float
    skills: list[GroupSkill]
    single_points_of_failure: list[str]


class AdviceRow(Public):
    """A `suppressed` row (fewer people than the minimum group lack the skill, and the
    caller may not see them one by one) names its skill; every figure, flag and the
    recommendation are null."""

    skill_id: str
    name: str
    shortfall: int | None
    within_one: int | None
    required_level: int | None
    importance: int | None
    borrowable: int | None
    borrowable_ids: list[str] | None
    possible_mentors: int | None
    trainable: bool | None
    training_hours: float | None
    weeks_to_close: int | None
    recommendation: str | None
    why: str
    suppressed: bool = False


class AdvicePublic(Public):
    team: str | None
    department: str | None
    people: int
    hours_per_week: float
    build_weeks: int
    skills: list[AdviceRow]


class HeatmapSkill(Public):
    skill_id: str
    name: str


class HeatmapCell(Public):
    skill_id: str
    required: int | None = Field(description="null: the person's role does not require it")
    current: int
    gap: int | None


class HeatmapRow(Public):
    employee_id: str
    name: str
    role_id: str | None
    cells: list[HeatmapCell]


class HeatmapPublic(Public):
    team: str | None
    department: str | None
    skills: list[HeatmapSkill]
    rows: list[HeatmapRow]
