"""The share of filled vacancies filled by someone already employed."""

from __future__ import annotations

from agent.capabilities import flow
from agent.capabilities.base import Capability
from agent.context import ToolContext, ToolResult


def run(ctx: ToolContext, args: flow.FlowArgs) -> ToolResult:
    data, scope, day = flow.figures(ctx, args)
    kept = {k: data[k] for k in ("as_of", "scope", "window_months", "has_vacancies")}
    kept["internal_fill"] = data["internal_fill"]
    if "role_title" in data:
        kept["role_title"] = data["role_title"]
    return ToolResult("internal_fill", args.model_dump(), kept, [flow.citation(ctx, scope, day)])


CAPABILITY = Capability(
    name="internal_fill",
    description="Internal fill rate: of the vacancies filled in the last 12 months, the share "
    "filled by an internal move rather than an external hire.",
    fill=flow.fill,
    args=flow.FlowArgs,
    run=run,
    access=flow.access,
    template="answers/internal_fill.j2",
    uses=frozenset({"role", "group", "date"}),
    who="HR, admins and evaluators; managers for their own teams",
    suggestion="What is our internal fill rate?",
    suggest=("What is our internal fill rate?",),
    examples=(
        "What is our internal fill rate?",
        "internal fill rate",
        "How many vacancies did we fill with internal moves?",
        "What share of hires came from inside the company?",
        "Do we fill <ROLE> roles internally or from outside?",
        "internal vs external hires in <DATE>",
        "How often do we promote from within?",
        "What percentage of positions were filled internally in the <TEAM> team?",
        "ratio of internal moves to external hires",
    ),
)
