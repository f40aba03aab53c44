"""How long vacancies take to fill: median and 75th percentile days, for critical roles and
per role, over the 12 months to a day."""

from __future__ import annotations

from agent.capabilities import flow
from agent.capabilities.base import Capability
from agent.context import ToolContext, ToolResult


def run(ctx: ToolContext, args: flow.FlowArgs) -> ToolResult:
    data, scope, day = flow.figures(ctx, args)
    kept = {k: data[k] for k in ("as_of", "scope", "window_months", "has_vacancies")}
    kept |= {"time_to_fill": data["time_to_fill"], "open_vacancies": data["open_vacancies"]}
    if "role_title" in data:
        kept["role_title"] = data["role_title"]
    return ToolResult("time_to_fill", args.model_dump(), kept, [flow.citation(ctx, scope, day)])


CAPABILITY = Capability(
    name="time_to_fill",
    description="Time to fill vacancies: median and 75th-percentile days from opened to "
    "filled over the last 12 months, for critical roles and per role, with what is still open.",
    fill=flow.fill,
    args=flow.FlowArgs,
    run=run,
    access=flow.access,
    template="answers/time_to_fill.j2",
    uses=frozenset({"role", "group", "date"}),
    who="HR, admins and evaluators; managers for their own teams",
    suggestion="What is our time to fill for ML Engineer?",
    suggest=("What is our time to fill for ML Engineer?", "What is our time to fill?"),
    examples=(
        "What is our time to fill?",
        "time to fill <ROLE>",
        "How long does it take us to hire a <ROLE>?",
        "How many days does it take to fill a vacancy?",
        "average time to hire for critical roles",
        "How quickly do we fill <ROLE> openings?",
        "What was the time to fill in <DATE>?",
        "median days to fill a position in the <TEAM> team",
        "How long are our vacancies open before they are filled?",
        "hiring speed for tech roles",
    ),
)
