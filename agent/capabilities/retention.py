"""Retention of top technologists over the 12 months to a day, their regretted (voluntary)
leavers, and everyone who left; the definition is stated with every answer."""

from __future__ import annotations

from agent.capabilities import flow
from agent.capabilities.base import Capability
from agent.context import ToolContext, ToolResult


def run(ctx: ToolContext, args: flow.FlowArgs) -> ToolResult:
    data, scope, day = flow.figures(ctx, args)
    kept = {k: data[k] for k in ("as_of", "scope", "window_months", "has_events")}
    kept |= {"retention": data["retention"], "leavers": data["leavers"]}
    if "role_title" in data:
        kept["role_title"] = data["role_title"]
    return ToolResult("retention", args.model_dump(), kept, [flow.citation(ctx, scope, day)])


CAPABILITY = Capability(
    name="retention",
    description="Retention of top technologists over the last 12 months (definition "
    "included), how many of them chose to leave, and all leavers.",
    fill=flow.fill,
    args=flow.FlowArgs,
    run=run,
    access=flow.access,
    template="answers/retention.j2",
    uses=frozenset({"role", "group", "date"}),
    who="HR, admins and evaluators; managers for their own teams (group of 5 or more)",
    suggestion="How many top technologists left last year?",
    suggest=("How many top technologists left last year?", "What is our retention?"),
    examples=(
        "What is our retention of top technologists?",
        "How many top technologists left <DATE>?",
        "retention",
        "attrition of key tech people",
        "How many regretted leavers did we have?",
        "Are we keeping our best engineers?",
        "How many have left the <TEAM> team? Give me the turnover",
        "staff turnover in IT",
        "How many people resigned in the last 12 months?",
        "top talent retention rate",
        "retention in the <TEAM> team",
        "What does attrition look like in <DEPARTMENT>?",
    ),
)
