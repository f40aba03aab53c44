"""Vacancies open on a day, oldest first, with their age."""

from __future__ import annotations

from agent.capabilities import flow
from agent.capabilities.base import Capability
from agent.context import ToolContext, ToolResult


def run(ctx: ToolContext, args: flow.FlowArgs) -> ToolResult:
    data, scope, day = flow.figures(ctx, args)
    kept = {k: data[k] for k in ("as_of", "scope", "has_vacancies")}
    kept["open_vacancies"] = data["open_vacancies"]
    if "role_title" in data:
        kept["role_title"] = data["role_title"]
    return ToolResult("open_vacancies", args.model_dump(), kept, [flow.citation(ctx, scope, day)])


CAPABILITY = Capability(
    name="open_vacancies",
    description="Open vacancies on a day: how many, which are critical, and how long each "
    "has been open (those past 90 days called out).",
    fill=flow.fill,
    args=flow.FlowArgs,
    run=run,
    access=flow.access,
    template="answers/open_vacancies.j2",
    uses=frozenset({"role", "group", "date"}),
    who="HR, admins and evaluators; managers for their own teams",
    suggestion="Which vacancies are open?",
    suggest=("Which vacancies are open?",),
    examples=(
        "Which vacancies are open?",
        "open positions",
        "How many <ROLE> vacancies do we have open?",
        "What roles are we recruiting for right now?",
        "Which openings have been open for more than 90 days?",
        "list the unfilled jobs in <TEAM>",
        "How old are our open reqs?",
        "Are there any open critical roles?",
        "How many open vacancies did we have at the end of <DATE>?",
        "oldest open requisition",
    ),
)
