"""Draft a learning plan for a person. The only capability that writes: it stores a *draft*
that a person must approve, and it is never offered to a model."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from agent.access import require_plan_drafting, visible_employee, visible_plan
from agent.capabilities.base import Capability, Declined, Turn, person
from agent.context import (
    Args,
    Citation,
    ToolContext,
    ToolResult,
    employee_citation,
    role_citation,
)
from agent.slots import Slots


class PlanArgs(Args):
    employee: str = Field(min_length=1)
    role: str | None = None
    weeks: int | None = Field(default=None, ge=1, le=260, description="default: configured")
    hours_per_week: float | None = Field(
        default=None, gt=0, le=40, description="default: configured"
    )


def access(ctx: ToolContext, args: PlanArgs) -> None:
    role = ctx.org.role(args.role).role_id if args.role else None
    person = visible_employee(ctx.caller, ctx.org, args.employee, "learning plan")
    require_plan_drafting(ctx.caller, ctx.org, person.employee_id, role)


def run(ctx: ToolContext, args: PlanArgs) -> ToolResult:
    person = visible_employee(ctx.caller, ctx.org, args.employee, "learning plan")
    draft = ctx.insights.plan(person.employee_id, args.role, None, args.weeks, args.hours_per_week)
    creator = f"{ctx.caller.role.value}:{ctx.caller.employee_id or ctx.caller.name or '-'}"
    data = visible_plan(ctx.caller, ctx.org, ctx.plans.save_draft(draft, created_by=creator))
    citations = [employee_citation(ctx, person.employee_id)]
    if data["role_id"]:
        citations.append(role_citation(ctx, data["role_id"]))
    for action in data["actions"]:
        if action["resource_id"]:
            resource = ctx.org.resources[action["resource_id"]]
            citations.append(Citation(resource.resource_id, "resource", resource.title))
        if action["mentor_id"]:
            citations.append(employee_citation(ctx, action["mentor_id"]))
    return ToolResult("draft_learning_plan", args.model_dump(), data, citations)


def variables(result: ToolResult, ctx: ToolContext) -> dict[str, Any]:
    employee = ctx.org.employees[result.data["employee_id"]]
    role = ctx.org.roles.get(result.data.get("role_id") or "")
    return {"name": employee.name, "role_title": role.title if role else None}


EVERYONE = re.compile(
    r"\b(everyone|everybody|all (?:the )?(?:employees|people|staff)|every \w+|each \w+"
    r"|the whole (?:team|department|company))\b",
    re.I,
)


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    if EVERYONE.search(slots.question) and not slots.employees:
        raise Declined(
            "plans are drafted one at a time, for a named person, so that someone reviews each one."
        )
    employee = person(slots, turn, "a plan for whom? Name the person.")
    same = turn.follow_up or employee == turn.last.get("person")
    role = slots.roles[0] if slots.roles else (turn.last_arg("role") if same else None)
    # Unstated horizon and hours stay None: the tool uses the configured defaults.
    weeks = slots.weeks if slots.weeks is not None else (turn.last_arg("weeks") if same else None)
    hours = (
        slots.hours
        if slots.hours is not None
        else (turn.last_arg("hours_per_week") if same else None)
    )
    return {"employee": employee, "role": role, "weeks": weeks, "hours_per_week": hours}


CAPABILITY = Capability(
    name="draft_learning_plan",
    description="Draft a learning plan for one person (a draft a person must approve).",
    fill=fill,
    args=PlanArgs,
    run=run,
    access=access,
    template="answers/plan.j2",
    variables=variables,
    writes=True,
    needs=frozenset({"employee"}),
    uses=frozenset({"role", "weeks", "hours"}),
    who="HR and admins; managers for their reports; employees for themselves",
    suggestion="Draft a 90-day learning plan for me",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Draft a 12-week learning plan for <PERSON> towards <PERSON_GOAL_ROLE>",
        "Draft a 12-week learning plan for me towards <MY_GOAL_ROLE>",
        "Draft a 90-day learning plan for me",
    ),
    examples=(
        "Draft a <DURATION> plan for <PERSON>",
        "Draft a learning plan for <PERSON> to become a <ROLE>",
        "Make me a learning plan",
        "Create a development plan for <PERSON>, <HOURS> a week",
        "learning roadmap <PERSON> <ROLE>",
        "Build a training plan for <PERSON> over <DURATION>",
        "Plan my learning for the next <DURATION> towards <ROLE>",
        "Can you put together an upskilling plan for <PERSON>?",
        "I'd like a learning path to become a <ROLE>",
        "draft plan <PERSON> <DURATION> <HOURS> per week",
        "Make it <DURATION>",
        "Please prepare a development plan so that <PERSON> can grow into <ROLE>.",
    ),
)
