"""A role's career paths: the roles it leads to and comes from, and where its holders came
from and went."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import move_floor
from agent.capabilities.base import Capability, MissingSlot, Turn, everyone
from agent.context import Args, ToolContext, ToolResult, role_citation
from agent.slots import Slots


class RolePathsArgs(Args):
    role: str = Field(min_length=1, description="role id or title")


def run(ctx: ToolContext, args: RolePathsArgs) -> ToolResult:
    role = ctx.org.role(args.role)
    floor = move_floor(ctx.caller, ctx.insights.min_group_size)
    data = ctx.insights.career_paths().role_flow(role.role_id, floor=floor)
    data["min_group_size"] = ctx.insights.min_group_size
    return ToolResult("role_paths", args.model_dump(), data, [role_citation(ctx, role.role_id)])


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    role = slots.roles[0] if slots.roles else turn.previous("role")
    if role is None:
        raise MissingSlot("the paths of which role? Name it (e.g. 'Data Analyst').")
    return {"role": role}


CAPABILITY = Capability(
    name="role_paths",
    description="A role's career paths: the roles it leads to and comes from, and where its "
    "holders came from (hired, moved in) and went (moved on, left).",
    fill=fill,
    args=RolePathsArgs,
    run=run,
    access=everyone,
    template="answers/role_paths.j2",
    needs=frozenset({"role"}),
    who="everyone; counts of fewer people than the minimum group only for HR and admins",
    suggestion="Where do Data Analysts go next?",
    suggest=(
        "Where do <MY_ROLE>s go next?",
        "Where do Data Analysts go next?",
    ),
    examples=(
        "Where do <ROLE>s go next in their careers?",
        "career paths from <ROLE>",
        "Which roles does <ROLE> lead to?",
        "Where did our <ROLE>s come from before this role?",
        "<ROLE> career progression",
        "What career moves do <ROLE>s make afterwards?",
        "How do people get into the <ROLE> role here: hired or from other roles?",
        "paths into <ROLE>",
        "What is the career ladder above <ROLE>?",
        "Were our <ROLE>s hired from outside or grown from other roles?",
        "Which jobs did people move to after working as a <ROLE>?",
        "career path <ROLE>",
        "What path leads up to <ROLE>?",
    ),
)
