"""The learning plans already drafted for a person, with their status and progress."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from agent.access import visible_employee
from agent.capabilities.base import Capability, Turn, person
from agent.context import Args, Citation, ToolContext, ToolResult, employee_citation
from agent.slots import Slots

PlanStatus = Literal["draft", "approved", "rejected", "in_progress", "completed"]


class ShowPlansArgs(Args):
    employee: str = Field(min_length=1)
    status: PlanStatus | None = None


def access(ctx: ToolContext, args: ShowPlansArgs) -> None:
    visible_employee(ctx.caller, ctx.org, args.employee, "learning plans")


def run(ctx: ToolContext, args: ShowPlansArgs) -> ToolResult:
    person = visible_employee(ctx.caller, ctx.org, args.employee, "learning plans")
    plans = ctx.plans.list(person.employee_id, args.status)
    rows = [
        {
            "plan_id": p["plan_id"],
            "role_id": p["role_id"],
            "role_title": ctx.org.roles[p["role_id"]].title
            if p["role_id"] in ctx.org.roles
            else None,
            "status": p["status"],
            "weeks": p["weeks"],
            "hours_per_week": p["hours_per_week"],
            "action_count": p["action_count"],
            "done": sum(1 for a in p["actions"] if a.get("done")),
            "created_at": p["created_at"],
            "decided_by": p["decided_by"],
        }
        for p in plans
    ]
    data = {
        "employee_id": person.employee_id,
        "name": person.name,
        "status": args.status,
        "plans": rows,
    }
    return ToolResult(
        "show_plans",
        args.model_dump(),
        data,
        [employee_citation(ctx, person.employee_id)]
        + [Citation(r["plan_id"], "plan", f"{r['status']} plan") for r in rows],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    employee = person(slots, turn, "whose plans? Name the person.")
    return {"employee": employee, "status": slots.status}


CAPABILITY = Capability(
    name="show_plans",
    description="The learning plans already drafted for a person, with status and progress.",
    fill=fill,
    args=ShowPlansArgs,
    run=run,
    access=access,
    template="answers/plans_list.j2",
    needs=frozenset({"employee"}),
    who="HR and admins; managers for their reports; employees for themselves",
    suggestion="Show my learning plans",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Show <PERSON>'s learning plans",
        "Show my learning plans",
    ),
    examples=(
        "Show my plan",
        "Show <PERSON>'s approved plan",
        "What plans does <PERSON> have?",
        "my learning plans",
        "Is <PERSON>'s plan approved yet?",
        "status of <PERSON>'s development plan",
        "Which plans are waiting for approval for <PERSON>?",
        "How far along is <PERSON> with their plan?",
        "list plans <PERSON>",
        "Where is my learning plan?",
    ),
)
