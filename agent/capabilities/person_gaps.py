"""What a person lacks for their current role or a target role."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import visible_employee
from agent.capabilities.base import Capability, Turn, person
from agent.context import Args, ToolContext, ToolResult, employee_citation, role_citation
from agent.slots import Slots


class GapArgs(Args):
    employee: str = Field(min_length=1, description="employee id or name")
    role: str | None = Field(default=None, description="target role; default: current role")


def access(ctx: ToolContext, args: GapArgs) -> None:
    visible_employee(ctx.caller, ctx.org, args.employee, "skill gaps")


def run(ctx: ToolContext, args: GapArgs) -> ToolResult:
    person = visible_employee(ctx.caller, ctx.org, args.employee, "skill gaps")
    data = ctx.insights.gaps(person.employee_id, args.role)
    return ToolResult(
        "person_gaps",
        args.model_dump(),
        data,
        [employee_citation(ctx, person.employee_id), role_citation(ctx, data["role_id"])],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    employee = person(slots, turn, "whose gaps? Name the person.")
    role = slots.roles[0] if slots.roles else None
    if role is None and (turn.follow_up or employee == turn.last.get("person")):
        role = turn.last_arg("role")  # "and for Noura?" keeps the target role
    return {"employee": employee, "role": role}


CAPABILITY = Capability(
    name="person_gaps",
    description="A person's skill gaps and readiness for their current role or a target role.",
    fill=fill,
    args=GapArgs,
    run=run,
    access=access,
    template="answers/person_gaps.j2",
    needs=frozenset({"employee"}),
    uses=frozenset({"role"}),
    who="HR and admins; managers for their reports; employees for themselves",
    suggestion="What do I lack for Senior Data Engineer?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "What does <PERSON> lack for <PERSON_GOAL_ROLE>?",
        "What do I lack for <MY_GOAL_ROLE>?",
    ),
    examples=(
        "What does <PERSON> lack for <ROLE>?",
        "What does <PERSON> lack?",
        "<PERSON>'s gaps",
        "What should I learn to become a <ROLE>?",
        "How ready is <PERSON> for <ROLE>?",
        "How ready is <PERSON>?",
        "skill gaps <PERSON>",
        "gaps <PERSON> <ROLE>",
        "What are my skill gaps?",
        "How close is <PERSON> to a <ROLE> position?",
        "Could <PERSON> move into <ROLE>?",
        "Is <PERSON> ready to step up to <ROLE>?",
        "What is missing for <PERSON> to become <ROLE>?",
        "which skills does <PERSON> still need for <ROLE>",
        "What would I need to work on to get promoted to <ROLE>?",
        "Where does <PERSON> fall short for the <ROLE> job?",
        "readiness of <PERSON> for <ROLE>",
        "What are <PERSON>'s weaknesses for their current role?",
        "Am I ready for <ROLE>?",
        "what do i need to learn for <ROLE>",
        "Please tell me what <PERSON> has to improve to be a <ROLE>.",
    ),
)
