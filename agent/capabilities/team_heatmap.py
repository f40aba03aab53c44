"""People × skills for one team: each person's level against their own role's requirement."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import require_group_figures, require_heatmap
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.context import Args, ToolContext, ToolResult, group_citation
from agent.slots import Slots


class HeatmapArgs(Args):
    team: str = Field(min_length=1)


def access(ctx: ToolContext, args: HeatmapArgs) -> None:
    members = [p.employee_id for p in ctx.org.members(team=args.team)]
    require_heatmap(ctx.caller, ctx.org, members)
    require_group_figures(ctx.caller, ctx.org, members, args.team, ctx.insights.min_group_size)


def run(ctx: ToolContext, args: HeatmapArgs) -> ToolResult:
    data = ctx.insights.heatmap(team=args.team)
    data["people"] = len(data["rows"])
    return ToolResult(
        "team_heatmap",
        args.model_dump(),
        data,
        [group_citation(data["team"], len(data["rows"]))],
    )


def variables(result: ToolResult, ctx: ToolContext) -> dict[str, Any]:
    return {"names": {s["skill_id"]: s["name"] for s in result.data["skills"]}}


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    team = slots.team or turn.previous("team")
    if team is None:
        raise MissingSlot("the heatmap of which team? (e.g. 'the Platform team')")
    return {"team": team}


CAPABILITY = Capability(
    name="team_heatmap",
    description="A team's heatmap: every person's level in each skill against what their own "
    "role requires.",
    fill=fill,
    args=HeatmapArgs,
    run=run,
    access=access,
    template="answers/heatmap.j2",
    variables=variables,
    needs=frozenset({"group"}),
    who="HR and admins; the team's own managers",
    suggestion="Show me the skills heatmap of the Platform team",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=("Show the skills heatmap of the <TEAM> team",),
    examples=(
        "Give me the skills heatmap of the <TEAM> team",
        "heatmap <TEAM>",
        "Show the skills matrix for my team",
        "people by skills grid for <TEAM>",
        "Can I see a heat map of my team's skills?",
        "Who in the <TEAM> team is below the requirement in which skill?",
        "Show each person in <TEAM> against their role's requirements",
        "skill matrix of the <TEAM> team please",
        "individual skill levels across the <TEAM> team",
    ),
)
