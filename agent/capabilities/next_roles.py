"""Career paths for a person: the most reachable next roles, with readiness and gaps."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import move_floor, visible_employee
from agent.capabilities.base import Capability, Turn, person
from agent.context import Args, ToolContext, ToolResult, employee_citation, role_citation
from agent.slots import Slots


class NextRolesArgs(Args):
    employee: str = Field(min_length=1, description="employee id or name")


def access(ctx: ToolContext, args: NextRolesArgs) -> None:
    visible_employee(ctx.caller, ctx.org, args.employee, "career paths")


def run(ctx: ToolContext, args: NextRolesArgs) -> ToolResult:
    employee = visible_employee(ctx.caller, ctx.org, args.employee, "career paths")
    data = ctx.insights.career_paths().next_roles(
        employee.employee_id, floor=move_floor(ctx.caller, ctx.insights.min_group_size)
    )
    return ToolResult(
        "next_roles",
        args.model_dump(),
        data,
        [employee_citation(ctx, employee.employee_id)]
        + [role_citation(ctx, r["role_id"]) for r in data["next_roles"]],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    return {"employee": person(slots, turn, "whose next roles? Name the person.")}


CAPABILITY = Capability(
    name="next_roles",
    description="Career paths: the three most reachable next roles for a person, from the "
    "paths the organisation declares, the moves it has seen and skill overlap, with "
    "readiness and the gaps for each.",
    fill=fill,
    args=NextRolesArgs,
    run=run,
    access=access,
    template="answers/next_roles.j2",
    needs=frozenset({"employee"}),
    who="HR and admins; managers for their reports; employees for themselves",
    suggestion="What could my next role be?",
    suggest=(
        "What could <PERSON>'s next role be?",
        "What could my next role be?",
    ),
    examples=(
        "What could my next role be?",
        "What could <PERSON>'s next role be?",
        "next role <PERSON>",
        "career path for <PERSON>",
        "Where can I go from here in my career?",
        "Which roles could <PERSON> move to next?",
        "What are my career options?",
        "career options <PERSON>",
        "What is the natural next step for <PERSON>?",
        "Which positions am I closest to moving into?",
        "Show me possible career moves for <PERSON>",
        "my career paths",
        "Which job could <PERSON> aim for after this one?",
        "What jobs are within reach for me next?",
    ),
)
