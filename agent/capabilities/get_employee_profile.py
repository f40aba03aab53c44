"""A person's profile: role, team, goal and the skills on record with their evidence."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import visible_employee
from agent.capabilities.base import Capability, Turn, person
from agent.context import Args, ToolContext, ToolResult, employee_citation
from agent.slots import Slots


class EmployeeArgs(Args):
    employee: str = Field(min_length=1, description="employee id or name")


def access(ctx: ToolContext, args: EmployeeArgs) -> None:
    visible_employee(ctx.caller, ctx.org, args.employee, "profile")


def run(ctx: ToolContext, args: EmployeeArgs) -> ToolResult:
    person = visible_employee(ctx.caller, ctx.org, args.employee, "profile")
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
        [employee_citation(ctx, person.employee_id)],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    return {"employee": person(slots, turn, "whose profile? Name the person.")}


CAPABILITY = Capability(
    name="get_employee_profile",
    description="A person's profile: role, team, career goal and skills on record.",
    fill=fill,
    args=EmployeeArgs,
    run=run,
    access=access,
    template="answers/profile.j2",
    needs=frozenset({"employee"}),
    who="HR and admins; managers for their reports; employees for themselves",
    suggestion="Show my profile",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Show <PERSON>'s profile",
        "Show my profile",
    ),
    examples=(
        "Tell me about <PERSON>",
        "<PERSON>'s profile",
        "What skills does <PERSON> have?",
        "show profile <PERSON>",
        "What is <PERSON>'s <SKILL> level?",
        "How good is <PERSON> at <SKILL>?",
        "What is on record for <PERSON>?",
        "Who is <PERSON>?",
        "my profile",
        "Which skills do I have on record?",
        "What does <PERSON> do and what are they good at?",
    ),
)
