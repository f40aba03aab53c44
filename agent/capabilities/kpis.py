"""Shared HR–IT KPIs: critical-role coverage, readiness bands, skill progress, plans."""

from __future__ import annotations

from typing import Any

from agent.access import require_group, sees_individually
from agent.capabilities.base import Capability, Turn
from agent.context import Args, ToolContext, ToolResult, group_citation
from agent.slots import Slots
from domain.teams import suppress_small_rows


class NoArgs(Args):
    pass


def access(ctx: ToolContext, args: NoArgs) -> None:
    require_group(ctx.caller, ctx.org, list(ctx.org.employees), "the organisation")


def run(ctx: ToolContext, args: NoArgs) -> ToolResult:
    data = ctx.insights.kpis(ctx.plans.list())
    if not sees_individually(ctx.caller, ctx.org, ctx.org.employees):
        suppress_small_rows(
            data["critical_role_coverage"],
            ctx.insights.min_group_size,
            "holders",
            keep=("role_id", "title"),
        )
    return ToolResult(
        "kpis", {}, data, [group_citation("the organisation", len(ctx.org.employees))]
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    return {}


CAPABILITY = Capability(
    name="kpis",
    description="The shared HR–IT KPIs: coverage of critical roles, readiness by department, "
    "skill progress by quarter, learning plans.",
    fill=fill,
    args=NoArgs,
    run=run,
    access=access,
    template="answers/kpis.j2",
    who="HR, admins and evaluators; managers whose reports are the whole organisation",
    suggestion="What are our HR–IT KPIs?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=("What are our HR–IT KPIs?",),
    examples=(
        "What are our HR-IT KPIs this quarter?",
        "kpis",
        "Show me the shared KPIs",
        "How are we doing on skill development progress?",
        "critical role coverage",
        "What does the HR and IT dashboard say?",
        "readiness by department",
        "How many learning plans are approved and how far along are they?",
        "Give me the key metrics for the skills programme",
        "skill progress over the last quarters",
    ),
)
