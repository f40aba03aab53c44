"""Shared HR–IT KPIs: critical-role coverage, readiness bands, skill progress, plans, and
(when vacancies or employment events are on record) hiring and retention."""

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
    if ctx.org.flow.vacancies or ctx.org.flow.events:
        flow = ctx.insights.talent_flow()
        fill, kept = flow["time_to_fill"], flow["retention"]
        data["talent_flow"] = {
            "window": fill["window"],
            "time_to_fill_median_days": fill["median_days"],
            "time_to_fill_filled": fill["filled"],
            "critical_time_to_fill_median_days": fill["critical"]["median_days"],
            "open_vacancies": flow["open_vacancies"]["open"],
            "open_longer": flow["open_vacancies"]["open_longer"],
            "long_open_days": flow["open_vacancies"]["long_open_days"],
            "internal_fill_rate": flow["internal_fill"]["rate"],
            "retention_rate": kept["rate"],
            "retention_cohort": kept["cohort"],
            "retention_definition": kept["definition"],
        }
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
    "skill progress by quarter, learning plans, time to fill and retention.",
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
