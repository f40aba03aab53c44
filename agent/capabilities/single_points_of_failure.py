"""Skills that rest on one person: the only one who meets the requirement."""

from __future__ import annotations

from typing import Any

from agent.access import CallerRole
from agent.capabilities.base import Capability, Turn
from agent.capabilities.groups import allowed_group, counts_hidden, scope_name
from agent.context import Args, ToolContext, ToolResult, group_citation
from agent.slots import Slots


class GroupArgs(Args):
    team: str | None = None
    department: str | None = None


def access(ctx: ToolContext, args: GroupArgs) -> None:
    allowed_group(ctx, args.team, args.department)


def run(ctx: ToolContext, args: GroupArgs) -> ToolResult:
    label = args.team or args.department or "the organisation"
    view = ctx.insights.team_gaps(args.team, args.department)
    rows = [
        {
            k: row[k]
            for k in ("skill_id", "name", "required_by", "meet", "experts", "single_expert_id")
        }
        for row in view["skills"]
        if row["single_point_of_failure"]
    ]
    if counts_hidden(ctx, args.team, args.department):
        # Being on this list is the flag itself: a skill fewer people than the minimum
        # group need is left off, not listed without figures.
        rows = [r for r in rows if r["required_by"] >= ctx.insights.min_group_size]
    if ctx.caller.role is CallerRole.EVALUATOR:
        for row in rows:
            row["single_expert_id"] = None  # aggregates only: no individual is named
    for row in rows:
        expert = ctx.org.employees.get(row["single_expert_id"] or "")
        row["single_expert_name"] = expert.name if expert else None
    data = {
        "team": view["team"],
        "department": view["department"],
        "people": view["people"],
        "skills": rows,
    }
    return ToolResult(
        "single_points_of_failure",
        args.model_dump(),
        data,
        [group_citation(label, data["people"])],
    )


def variables(result: ToolResult, ctx: ToolContext) -> dict[str, Any]:
    return {"scope": scope_name(result.data)}


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    team, department = slots.team, slots.department
    if team is None and department is None:
        team, department = turn.previous("team"), turn.previous("department")
    return {"team": team, "department": department}


CAPABILITY = Capability(
    name="single_points_of_failure",
    description="Skills of a team, department or the organisation that rest on a single person.",
    fill=fill,
    args=GroupArgs,
    run=run,
    access=access,
    template="answers/single_points.j2",
    variables=variables,
    uses=frozenset({"group"}),
    who="HR, admins and evaluators (without names); managers for their own teams",
    suggestion="Which IT skills rest on just one person?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Which skills in the <TEAM> team rest on just one person?",
        "Which IT skills rest on just one person?",
    ),
    examples=(
        "Which skills rest on just one person?",
        "Which <DEPARTMENT> skills rest on a single person?",
        "single points of failure in <TEAM>",
        "What is our bus factor in the <TEAM> team?",
        "Where do we depend on one expert?",
        "key person risk <DEPARTMENT>",
        "Which skills would we lose if one person left the <TEAM> team?",
        "Is there any skill only one person in my team has?",
        "single point of failure skills across the company",
    ),
)
