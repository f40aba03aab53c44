"""For each skill a team or department lacks: train (build), hire (buy) or borrow."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.capabilities.base import Capability, Turn
from agent.capabilities.groups import allowed_group, counts_hidden, scope_name
from agent.context import Args, ToolContext, ToolResult, group_citation
from agent.slots import Slots
from domain.teams import suppress_small_rows


class AdviceArgs(Args):
    team: str | None = None
    department: str | None = None
    skill: str | None = Field(default=None, description="only this skill")


def access(ctx: ToolContext, args: AdviceArgs) -> None:
    allowed_group(ctx, args.team, args.department)


def run(ctx: ToolContext, args: AdviceArgs) -> ToolResult:
    label = args.team or args.department or "the organisation"
    data = ctx.insights.build_buy_borrow(args.team, args.department)
    if args.skill:
        skill = ctx.org.skill(args.skill)
        data["skill_id"] = skill.skill_id
        data["skill_name"] = skill.name
        data["skills"] = [row for row in data["skills"] if row["skill_id"] == skill.skill_id]
    if counts_hidden(ctx, args.team, args.department):
        suppress_small_rows(
            data["skills"],
            ctx.insights.min_group_size,
            "shortfall",
            replace={
                "why": "fewer people than the minimum group lack it; its figures are not shown"
            },
        )
    if not ctx.caller.sees_everyone:
        # Who could be borrowed lives outside a manager's reports: the count, not the names.
        for row in data["skills"]:
            if not row.get("suppressed"):
                row["borrowable_ids"] = []
    return ToolResult(
        "build_buy_borrow", args.model_dump(), data, [group_citation(label, data["people"])]
    )


def variables(result: ToolResult, ctx: ToolContext) -> dict[str, Any]:
    return {"scope": scope_name(result.data)}


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    team, department = slots.team, slots.department
    if team is None and department is None:
        team, department = turn.previous("team"), turn.previous("department")
    return {
        "team": team,
        "department": department,
        "skill": slots.skills[0] if slots.skills else None,
    }


CAPABILITY = Capability(
    name="build_buy_borrow",
    description="Build, buy or borrow: for each skill a team or department lacks, whether to "
    "train people, hire, or borrow from elsewhere, with the numbers behind it.",
    fill=fill,
    args=AdviceArgs,
    run=run,
    access=access,
    template="answers/advice.j2",
    variables=variables,
    uses=frozenset({"group", "skill"}),
    who="HR, admins and evaluators; managers for their own teams",
    suggestion="Should we train or hire for MLOps in the Data team?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Should we train or hire for <TEAM_GAP_SKILL> in the <TEAM> team?",
        "Should we train or hire for MLOps in the Data team?",
    ),
    examples=(
        "Should we train or hire for <SKILL> in the <TEAM> team?",
        "build buy or borrow for <TEAM>",
        "Should we upskill the <TEAM> team or hire for its gaps?",
        "Is it better to reskill or recruit for <DEPARTMENT>'s missing skills?",
        "Can we borrow <SKILL> people from other teams for <TEAM>?",
        "train or hire <SKILL> <TEAM>",
        "For my team, should we build or buy the missing skills?",
        "Do we need to hire <SKILL> experts for <DEPARTMENT> or can we grow them?",
        "How should we close the <TEAM> team's gaps: training, hiring or contractors?",
        "Would training be enough to close the <SKILL> gap in <TEAM>?",
    ),
)
