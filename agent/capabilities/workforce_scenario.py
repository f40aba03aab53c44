"""Workforce planning: we need N more of a role by a date — who can we grow, how many to hire."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import require_scenarios
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.context import Args, ToolContext, ToolResult, employee_citation, role_citation
from agent.slots import Slots


class ScenarioArgs(Args):
    role: str = Field(min_length=1)
    headcount: int = Field(ge=1, le=1000)
    by: str = Field(description="YYYY-MM-DD")
    readiness_threshold: float | None = Field(
        default=None, gt=0, le=1, description="default: configured"
    )


def access(ctx: ToolContext, args: ScenarioArgs) -> None:
    require_scenarios(ctx.caller)


def run(ctx: ToolContext, args: ScenarioArgs) -> ToolResult:
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
        [role_citation(ctx, role_id)]
        + [employee_citation(ctx, c["employee_id"]) for c in data["demand"][0]["candidates"]],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    role = slots.roles[0] if slots.roles else turn.previous("role")
    if role is None:
        raise MissingSlot("which role is needed? (e.g. '4 more ML engineers by 2027-06-30')")
    headcount = slots.headcount or (turn.previous("headcount") if turn.follow_up else None)
    if headcount is None:
        raise MissingSlot("how many more people are needed?")
    by = slots.by or (turn.previous("by") if turn.follow_up else None)
    if by is None:
        raise MissingSlot("by when? Give a date (YYYY-MM-DD) or 'by 2027'.")
    return {"role": role, "headcount": headcount, "by": by}


CAPABILITY = Capability(
    name="workforce_scenario",
    description="Workforce scenario: N more people in a role by a date — how many we can grow "
    "internally in time, and how many we must hire.",
    fill=fill,
    args=ScenarioArgs,
    run=run,
    access=access,
    template="answers/scenario.j2",
    needs=frozenset({"role", "headcount", "date"}),
    who="HR and admins",
    suggestion="We need 4 more ML engineers by 2027-06-30: who can we grow?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=("We need 4 more ML engineers by 2027-06-30: who can we grow?",),
    examples=(
        "We need <NUMBER> more <ROLE>s by <DATE>: who can we grow?",
        "In <DATE> we will need <NUMBER> more <ROLE>s: grow or hire?",
        "How many <ROLE>s must we hire by <DATE>?",
        "Next year we need <NUMBER> additional <ROLE>s. Can we grow them internally?",
        "scenario <NUMBER> <ROLE> by <DATE>",
        "If we need <NUMBER> extra <ROLE>s by <DATE>, how many do we have to recruit?",
        "Can we staff <NUMBER> new <ROLE> positions from inside by <DATE>?",
        "workforce plan: <NUMBER> <ROLE> <DATE>",
        "We are opening <NUMBER> <ROLE> positions by <DATE>. Hire or develop?",
    ),
)
