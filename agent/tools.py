"""The tools both brains use. Each receives the caller from the request context — never
from a model's arguments — and enforces access itself, before any retrieval. Read-only,
except drafting a plan, which stores a *draft* that a person must approve.

Every tool returns a ToolResult: the structured data (the same JSON as the CLI) and the
records it used, as citations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.access import (
    Caller,
    CallerRole,
    candidate_pool,
    require_employee,
    require_group_figures,
    require_people_lists,
    require_plan_drafting,
    require_scenarios,
    visible_employees,
)
from domain.insights import Insights
from domain.mobility import candidates_for_role
from retrieval.knowledge import Knowledge
from retrieval.search import build_filter
from storage.plans import PlanRepository


@dataclass(frozen=True)
class Citation:
    id: str
    type: str
    title: str
    snippet: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "title": self.title, "snippet": self.snippet}


@dataclass
class ToolResult:
    tool: str
    args: dict[str, Any]
    data: dict[str, Any]
    citations: list[Citation] = field(default_factory=list)


@dataclass
class ToolContext:
    """What one request runs in: who asks, the analytics (with the configured thresholds and
    plan defaults), search over the index, and where drafted plans are kept."""

    caller: Caller
    insights: Insights
    knowledge: Knowledge
    plans: PlanRepository

    @property
    def org(self) -> Any:
        return self.insights.org


# ------------------------------------------------------------------ argument models


class Args(BaseModel):
    # Unknown arguments are an error: a model cannot smuggle in "role" or "caller".
    model_config = ConfigDict(extra="forbid")


class SearchArgs(Args):
    query: str = Field(min_length=1, max_length=500)
    types: list[str] | None = Field(default=None, description="skill, role, profile, resource")
    top_k: int = Field(default=5, ge=1, le=20)


class EmployeeArgs(Args):
    employee: str = Field(min_length=1, description="employee id or name")


class RoleArgs(Args):
    role: str = Field(min_length=1, description="role id or title")


class SkillArgs(Args):
    skill: str = Field(min_length=1, description="skill id, name or alias")


class GapArgs(Args):
    employee: str = Field(min_length=1)
    role: str | None = Field(default=None, description="target role; default: current role")


class TeamArgs(Args):
    team: str | None = None
    department: str | None = None
    ai_only: bool = False


class MentorArgs(Args):
    skill: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    learner: str | None = None


class PlanArgs(Args):
    employee: str = Field(min_length=1)
    role: str | None = None
    weeks: int | None = Field(default=None, ge=1, le=260, description="default: configured")
    hours_per_week: float | None = Field(
        default=None, gt=0, le=40, description="default: configured"
    )


class ScenarioArgs(Args):
    role: str = Field(min_length=1)
    headcount: int = Field(ge=1, le=1000)
    by: str = Field(description="YYYY-MM-DD")
    readiness_threshold: float | None = Field(
        default=None, gt=0, le=1, description="default: configured"
    )


# ------------------------------------------------------------------ tools


def _employee_citation(ctx: ToolContext, employee_id: str) -> Citation:
    e = ctx.org.employees[employee_id]
    return Citation(employee_id, "employee", e.name, f"{e.team}, {e.department}")


def _role_citation(ctx: ToolContext, role_id: str) -> Citation:
    role = ctx.org.roles[role_id]
    return Citation(role_id, "role", role.title, f"{len(role.requirements)} requirements")


def search_documents(ctx: ToolContext, args: SearchArgs) -> ToolResult:
    visible = visible_employees(ctx.caller, ctx.org)
    where = build_filter(doc_types=args.types, owners=None if visible is None else sorted(visible))
    hits = ctx.knowledge.searcher.search(args.query, args.top_k, where)
    return ToolResult(
        "search_documents",
        args.model_dump(),
        {"query": args.query, "results": [h.to_dict() for h in hits]},
        [Citation(h.id, h.type, h.title, h.chunk[:200]) for h in hits],
    )


def get_employee_profile(ctx: ToolContext, args: EmployeeArgs) -> ToolResult:
    person = ctx.org.employee(args.employee)
    require_employee(ctx.caller, ctx.org, person.employee_id, "profile")
    levels = ctx.org.levels(person.employee_id)
    role = ctx.org.roles.get(person.role_id or "")
    goal = ctx.org.roles.get(person.goal_role_id or "")
    data = {
        "employee_id": person.employee_id,
        "name": person.name,
        "team": person.team,
        "department": person.department,
        "role_id": person.role_id,
        "role_title": role.title if role else None,
        "goal_role_id": person.goal_role_id,
        "goal_role_title": goal.title if goal else None,
        "skills": [
            {
                "skill_id": c.skill_id,
                "name": ctx.org.skills[c.skill_id].name,
                "level": c.level,
                "source": c.source.value,
                "assessed_on": c.assessed_on.isoformat(),
                "stale": c.stale,
            }
            for c in sorted(levels.values(), key=lambda c: (-c.level, c.skill_id))
        ],
    }
    return ToolResult(
        "get_employee_profile",
        args.model_dump(),
        data,
        [_employee_citation(ctx, person.employee_id)],
    )


def get_role(ctx: ToolContext, args: RoleArgs) -> ToolResult:
    role = ctx.org.role(args.role)
    data = {
        "role_id": role.role_id,
        "title": role.title,
        "department": role.department,
        "family": role.family,
        "description": role.description,
        "requirements": [
            {
                "skill_id": q.skill_id,
                "name": ctx.org.skills[q.skill_id].name,
                "level": q.level,
                "importance": q.importance,
                "inferred": q.inferred,
                # what an inferred requirement was read from, for a person to review
                **({"evidence": q.evidence, "confidence": q.confidence} if q.inferred else {}),
            }
            for q in sorted(role.requirements, key=lambda q: (-q.importance, -q.level, q.skill_id))
        ],
    }
    return ToolResult("get_role", args.model_dump(), data, [_role_citation(ctx, role.role_id)])


def get_skill(ctx: ToolContext, args: SkillArgs) -> ToolResult:
    skill = ctx.org.skill(args.skill)
    data = {
        "skill_id": skill.skill_id,
        "name": skill.name,
        "category": skill.category,
        "description": skill.description,
        "aliases": list(skill.aliases),
        "levels": sorted(skill.level_descriptors.items()),
    }
    return ToolResult(
        "get_skill",
        args.model_dump(),
        data,
        [Citation(skill.skill_id, "skill", skill.name, skill.description[:200])],
    )


def person_gaps(ctx: ToolContext, args: GapArgs) -> ToolResult:
    person = ctx.org.employee(args.employee)
    require_employee(ctx.caller, ctx.org, person.employee_id, "skill gaps")
    data = ctx.insights.gaps(person.employee_id, args.role)
    return ToolResult(
        "person_gaps",
        args.model_dump(),
        data,
        [_employee_citation(ctx, person.employee_id), _role_citation(ctx, data["role_id"])],
    )


def _allowed_group(ctx: ToolContext, team: str | None, department: str | None) -> str:
    """A group's label, once the caller may see its figures (agent/access.py)."""
    people = ctx.org.members(team=team, department=department)
    label = team or department or "the organisation"
    require_group_figures(
        ctx.caller, ctx.org, [p.employee_id for p in people], label, ctx.insights.min_group_size
    )
    return label


def team_gaps(ctx: ToolContext, args: TeamArgs) -> ToolResult:
    label = _allowed_group(ctx, args.team, args.department)
    data = ctx.insights.team_gaps(args.team, args.department, args.ai_only)
    if ctx.caller.role is CallerRole.EVALUATOR:
        for row in data["skills"]:
            row["single_expert_id"] = None  # aggregates only: no individual is named
    return ToolResult(
        "team_gaps",
        args.model_dump(),
        data,
        [Citation(label, "group", label, f"{data['people']} people")],
    )


class GroupArgs(Args):
    team: str | None = None
    department: str | None = None


def build_buy_borrow(ctx: ToolContext, args: GroupArgs) -> ToolResult:
    """For each skill a team or department lacks: reskill, hire, or borrow from elsewhere."""
    label = _allowed_group(ctx, args.team, args.department)
    data = ctx.insights.build_buy_borrow(args.team, args.department)
    if not ctx.caller.sees_everyone:
        # Who could be borrowed lives outside a manager's reports: the count, not the names.
        for row in data["skills"]:
            row["borrowable_ids"] = []
    return ToolResult(
        "build_buy_borrow",
        args.model_dump(),
        data,
        [Citation(label, "group", label, f"{data['people']} people")],
    )


def internal_candidates(ctx: ToolContext, args: RoleArgs) -> ToolResult:
    pool = candidate_pool(ctx.caller, ctx.org)
    role = ctx.org.role(args.role)
    data = candidates_for_role(ctx.org, role, limit=None)
    data["candidates"] = [
        c for c in data["candidates"] if pool is None or c["employee_id"] in pool
    ][:10]
    return ToolResult(
        "internal_candidates",
        args.model_dump(),
        data,
        [_role_citation(ctx, role.role_id)]
        + [_employee_citation(ctx, c["employee_id"]) for c in data["candidates"]],
    )


def find_mentors(ctx: ToolContext, args: MentorArgs) -> ToolResult:
    require_people_lists(ctx.caller, "Mentor suggestions")
    learner = None
    if args.learner:
        learner = ctx.org.employee(args.learner).employee_id
        require_employee(ctx.caller, ctx.org, learner, "records")
    data = ctx.insights.mentors(args.skill, args.level, learner)
    skill = data["skill_id"]
    return ToolResult(
        "find_mentors",
        args.model_dump(),
        data,
        [Citation(skill, "skill", data["name"])]
        + [_employee_citation(ctx, m["employee_id"]) for m in data["mentors"]],
    )


def draft_learning_plan(ctx: ToolContext, args: PlanArgs) -> ToolResult:
    person = ctx.org.employee(args.employee)
    require_plan_drafting(ctx.caller, ctx.org, person.employee_id)
    draft = ctx.insights.plan(person.employee_id, args.role, None, args.weeks, args.hours_per_week)
    creator = f"{ctx.caller.role.value}:{ctx.caller.employee_id or ctx.caller.name or '-'}"
    data = ctx.plans.save_draft(draft, created_by=creator)
    citations = [_employee_citation(ctx, person.employee_id)]
    if data["role_id"]:
        citations.append(_role_citation(ctx, data["role_id"]))
    for action in data["actions"]:
        if action["resource_id"]:
            resource = ctx.org.resources[action["resource_id"]]
            citations.append(Citation(resource.resource_id, "resource", resource.title))
        if action["mentor_id"]:
            citations.append(_employee_citation(ctx, action["mentor_id"]))
    return ToolResult("draft_learning_plan", args.model_dump(), data, citations)


def workforce_scenario(ctx: ToolContext, args: ScenarioArgs) -> ToolResult:
    require_scenarios(ctx.caller)
    scenario: dict[str, Any] = {
        "demand": [{"role": args.role, "headcount": args.headcount, "by": args.by}]
    }
    if args.readiness_threshold is not None:
        scenario["readiness_threshold"] = args.readiness_threshold
    data = ctx.insights.scenario(scenario)
    role_id = data["demand"][0]["role_id"]
    return ToolResult(
        "workforce_scenario",
        args.model_dump(),
        data,
        [_role_citation(ctx, role_id)]
        + [_employee_citation(ctx, c["employee_id"]) for c in data["demand"][0]["candidates"]],
    )


TOOLS: dict[str, tuple[Any, type[BaseModel]]] = {
    "search_documents": (search_documents, SearchArgs),
    "get_employee_profile": (get_employee_profile, EmployeeArgs),
    "get_role": (get_role, RoleArgs),
    "get_skill": (get_skill, SkillArgs),
    "person_gaps": (person_gaps, GapArgs),
    "team_gaps": (team_gaps, TeamArgs),
    "build_buy_borrow": (build_buy_borrow, GroupArgs),
    "internal_candidates": (internal_candidates, RoleArgs),
    "find_mentors": (find_mentors, MentorArgs),
    "draft_learning_plan": (draft_learning_plan, PlanArgs),
    "workforce_scenario": (workforce_scenario, ScenarioArgs),
}


def call_tool(ctx: ToolContext, name: str, arguments: dict[str, Any]) -> ToolResult:
    """Validate arguments and run a tool as the context's caller."""
    function, model = TOOLS[name]
    result: ToolResult = function(ctx, model.model_validate(arguments))
    return result
