"""A team's, a department's or the organisation's coverage, gaps and readiness."""

from __future__ import annotations

from typing import Any

from agent.access import CallerRole
from agent.capabilities.base import Capability, Turn
from agent.capabilities.groups import allowed_group, counts_hidden, scope_name
from agent.context import Args, ToolContext, ToolResult, group_citation
from agent.slots import Slots
from domain.teams import suppress_small_rows


class TeamArgs(Args):
    team: str | None = None
    department: str | None = None
    ai_only: bool = False


def access(ctx: ToolContext, args: TeamArgs) -> None:
    allowed_group(ctx, args.team, args.department)


def run(ctx: ToolContext, args: TeamArgs) -> ToolResult:
    label = args.team or args.department or "the organisation"
    data = ctx.insights.team_gaps(args.team, args.department, args.ai_only)
    if counts_hidden(ctx, args.team, args.department):
        suppress_small_rows(data["skills"], ctx.insights.min_group_size, "required_by")
        # a suppressed row's flag must not come back through the summary list
        hidden = {row["skill_id"] for row in data["skills"] if row.get("suppressed")}
        data["single_points_of_failure"] = [
            s for s in data["single_points_of_failure"] if s not in hidden
        ]
    if ctx.caller.role is CallerRole.EVALUATOR:
        for row in data["skills"]:
            row["single_expert_id"] = None  # aggregates only: no individual is named
    return ToolResult("team_gaps", args.model_dump(), data, [group_citation(label, data["people"])])


def variables(result: ToolResult, ctx: ToolContext) -> dict[str, Any]:
    return {"scope": scope_name(result.data), "ai": bool(result.args.get("ai_only"))}


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    team, department = slots.team, slots.department
    if team is None and department is None:
        team, department = turn.previous("team"), turn.previous("department")
    return {"team": team, "department": department, "ai_only": slots.ai_only}


CAPABILITY = Capability(
    name="team_gaps",
    description="A team's, department's or the whole organisation's skill coverage, gaps and "
    "readiness; AI readiness with ai_only.",
    fill=fill,
    args=TeamArgs,
    run=run,
    access=access,
    template="answers/team_gaps.j2",
    variables=variables,
    uses=frozenset({"group"}),
    who="HR, admins and evaluators; managers for their own teams; groups of at least the "
    "minimum size",
    suggestion="Which AI skills is the Platform team missing?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Which AI skills is the <TEAM> team missing?",
        "What skills is the <TEAM> team missing?",
    ),
    examples=(
        "Which skills is the <TEAM> team missing?",
        "Which AI skills is the <TEAM> team missing?",
        "What are the biggest skill gaps in <DEPARTMENT>?",
        "skills gaps <TEAM> team",
        "How AI-ready is the <TEAM> team?",
        "AI readiness of <DEPARTMENT>",
        "Where is my team weakest?",
        "What are the gaps across the organisation?",
        "How well does the <TEAM> team cover its required skills?",
        "team readiness <TEAM>",
        "Which skills are we short of in the <DEPARTMENT> department?",
        "What skills does my team lack?",
        "Give me an overview of the skill gaps of the <TEAM> team.",
        "Where do we have the largest skill shortages company-wide?",
        "coverage of required skills in <TEAM>",
    ),
)
