"""Two or three named people side by side for one role."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from agent.access import visible_employee
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.context import Args, ToolContext, ToolResult, employee_citation, role_citation
from agent.slots import Slots


class CompareArgs(Args):
    employees: list[str] = Field(min_length=2, max_length=3, description="employee ids or names")
    role: str = Field(min_length=1, description="the role they are compared for")


def access(ctx: ToolContext, args: CompareArgs) -> None:
    for name in args.employees:
        visible_employee(ctx.caller, ctx.org, name, "skill gaps")


def run(ctx: ToolContext, args: CompareArgs) -> ToolResult:
    role = ctx.org.role(args.role)
    people = []
    for name in dict.fromkeys(args.employees):
        person = visible_employee(ctx.caller, ctx.org, name, "skill gaps")
        gap = ctx.insights.gaps(person.employee_id, role.role_id)
        people.append(
            {
                "employee_id": person.employee_id,
                "name": person.name,
                "readiness": gap["readiness"],
                "gap_count": gap["gap_count"],
                "total_priority": gap["total_priority"],
                "top_gaps": [
                    {k: g[k] for k in ("skill_id", "name", "required", "current", "gap")}
                    for g in gap["gaps"][:3]
                ],
            }
        )
    people.sort(key=lambda p: (-p["readiness"], p["total_priority"], p["name"]))
    data = {"role_id": role.role_id, "role_title": role.title, "people": people}
    return ToolResult(
        "compare_people",
        args.model_dump(),
        data,
        [role_citation(ctx, role.role_id)]
        + [employee_citation(ctx, p["employee_id"]) for p in people],
    )


ADD = re.compile(r"\b(add|include|also|too|as well)\b")


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    people = list(slots.employees)
    earlier = turn.previous("employees") or []
    if earlier and (not people or ADD.search(slots.text)):
        people = [*earlier, *(p for p in people if p not in earlier)]  # "add Ahmed to that"
    if slots.self_reference and turn.caller_employee and turn.caller_employee not in people:
        people.insert(0, turn.caller_employee)
    if len(people) < 2:
        raise MissingSlot("compare whom? Name two or three people.")
    role = slots.roles[0] if slots.roles else turn.previous("role")
    if role is None:
        raise MissingSlot("compared for which role? (e.g. 'Senior Data Engineer')")
    return {"employees": people[:3], "role": role}


CAPABILITY = Capability(
    name="compare_people",
    description="Compare two or three named people's readiness and top gaps for one role.",
    fill=fill,
    args=CompareArgs,
    run=run,
    access=access,
    template="answers/compare.j2",
    needs=frozenset({"employees", "role"}),
    who="HR and admins; managers among their reports",
    suggestion="Compare two colleagues, by name, for Senior Data Engineer",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=("Compare <PERSON> and <PEER> for <PERSON_GOAL_ROLE>",),
    examples=(
        "Compare <PERSON> and <PERSON> for <ROLE>",
        "Who is closer to <ROLE>, <PERSON> or <PERSON>?",
        "<PERSON> vs <PERSON> for <ROLE>",
        "Which of <PERSON>, <PERSON> and <PERSON> is the best fit for <ROLE>?",
        "compare <PERSON> <PERSON> <ROLE> readiness",
        "Is <PERSON> or <PERSON> more ready to become a <ROLE>?",
        "How do <PERSON> and <PERSON> stack up against the <ROLE> requirements?",
        "Who would make the better <ROLE>: <PERSON> or <PERSON>?",
        "rank <PERSON> and <PERSON> for the <ROLE> role",
        "Between <PERSON> and <PERSON>, who has fewer gaps for <ROLE>?",
    ),
)
