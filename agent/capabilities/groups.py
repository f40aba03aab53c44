"""Shared by the group capabilities: who may see a group's figures."""

from __future__ import annotations

from agent.access import require_group_figures, sees_individually
from agent.context import ToolContext


def allowed_group(ctx: ToolContext, team: str | None, department: str | None) -> str:
    """A group's label, once the caller may see its figures, it is big enough that they
    identify nobody, and so is the rest of its department or organisation
    (agent/access.py)."""
    people = ctx.org.members(team=team, department=department)
    label = team or department or "the organisation"
    parent: list[str] | None = None
    parent_label = "the organisation"
    if team is not None:
        parent_label = people[0].department if people else "its department"
        parent = [p.employee_id for p in ctx.org.members(department=parent_label)]
    elif department is not None:
        parent = list(ctx.org.employees)
    require_group_figures(
        ctx.caller,
        ctx.org,
        [p.employee_id for p in people],
        label,
        ctx.insights.min_group_size,
        parent,
        parent_label,
    )
    return label


def counts_hidden(ctx: ToolContext, team: str | None, department: str | None) -> bool:
    """Whether rows about few people lose their figures: for a caller who may not see every
    member one by one."""
    people = ctx.org.members(team=team, department=department)
    return not sees_individually(ctx.caller, ctx.org, [p.employee_id for p in people])


def scope_name(data: dict[str, object]) -> str:
    if data.get("team"):
        return f"The {data['team']} team"
    if data.get("department"):
        return f"The {data['department']} department"
    return "The organisation"
