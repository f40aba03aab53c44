"""Who could move into a role: everyone else ranked by readiness for it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import candidate_pool, require_people_lists
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.context import Args, ToolContext, ToolResult, employee_citation, role_citation
from agent.slots import Slots
from domain.mobility import candidates_for_role


class RoleArgs(Args):
    role: str = Field(min_length=1, description="role id or title")


def access(ctx: ToolContext, args: RoleArgs) -> None:
    require_people_lists(ctx.caller, "Internal candidate lists")


def run(ctx: ToolContext, args: RoleArgs) -> ToolResult:
    pool = candidate_pool(ctx.caller, ctx.org)
    role = ctx.org.role(args.role)
    data = candidates_for_role(ctx.org, role, limit=None)
    data["candidates"] = [
        c for c in data["candidates"] if pool is None or c["employee_id"] in pool
    ][:10]
    return ToolResult(
        "internal_candidates",
        args.model_dump(),
        data,
        [role_citation(ctx, role.role_id)]
        + [employee_citation(ctx, c["employee_id"]) for c in data["candidates"]],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    role = slots.roles[0] if slots.roles else turn.previous("role")
    if role is None:
        raise MissingSlot("candidates for which role? Name it (e.g. 'ML Engineer').")
    return {"role": role}


CAPABILITY = Capability(
    name="internal_candidates",
    description="Internal candidates for a role: people ranked by readiness, with their top gaps.",
    fill=fill,
    args=RoleArgs,
    run=run,
    access=access,
    template="answers/candidates.j2",
    needs=frozenset({"role"}),
    who="HR and admins; managers among their reports",
    suggestion="Who could move into the open ML Engineer role?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Who could move into the <PERSON_GOAL_ROLE> role?",
        "Who could move into the open ML Engineer role?",
    ),
    examples=(
        "Who could move into the open <ROLE> role?",
        "Which people could fill the open <ROLE> seat?",
        "Anyone ready to step into the <ROLE> job?",
        "internal candidates <ROLE>",
        "Who are the best internal candidates for <ROLE>?",
        "Who could we promote to <ROLE>?",
        "succession for <ROLE>",
        "Who is closest to being a <ROLE>?",
        "Can we fill the <ROLE> vacancy internally?",
        "who in my team could become a <ROLE>",
        "Rank our people for the <ROLE> position",
    ),
)
