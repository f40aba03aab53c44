"""Shared by the group capabilities: who may see a group's figures."""

from __future__ import annotations

from agent.access import require_group_figures
from agent.context import ToolContext


def allowed_group(ctx: ToolContext, team: str | None, department: str | None) -> str:
    """A group's label, once the caller may see its figures and it is big enough that they
    identify nobody (agent/access.py)."""
    people = ctx.org.members(team=team, department=department)
    label = team or department or "the organisation"
    require_group_figures(
        ctx.caller, ctx.org, [p.employee_id for p in people], label, ctx.insights.min_group_size
    )
    return label


def scope_name(data: dict[str, object]) -> str:
    if data.get("team"):
        return f"The {data['team']} team"
    if data.get("department"):
        return f"The {data['department']} department"
    return "The organisation"
