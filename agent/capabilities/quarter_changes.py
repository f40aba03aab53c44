"""What changed this quarter: each scorecard figure against the quarter before, and the
records behind the move."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from agent.access import require_organisation_scorecard
from agent.capabilities import flow
from agent.capabilities.base import Capability, Turn
from agent.capabilities.scorecard import figures
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots
from core.errors import UserError
from domain.models import FIRST_YEAR
from domain.scorecard import behind, previous_quarter, quarter_end
from domain.talent_flow import quarter_label


class QuarterArgs(Args):
    quarter: str | None = Field(
        default=None, description="e.g. 2026Q3 (default: the last quarter that has ended)"
    )


def _quarter(ctx: ToolContext, args: QuarterArgs) -> tuple[str, date]:
    today = ctx.org.as_of
    label = args.quarter or quarter_label(today)
    try:
        day = quarter_end(label)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if day > today:  # the quarter under way: the last one that has ended
        label = previous_quarter(label) if args.quarter is None else label
        day = quarter_end(label)
    if day > today:
        raise UserError(f"{label} has not ended yet (the figures run to {today.isoformat()})")
    if day.year < FIRST_YEAR:
        raise UserError(f"{label} is before any record could be ({FIRST_YEAR})")
    return label, day


def access(ctx: ToolContext, args: QuarterArgs) -> None:
    require_organisation_scorecard(ctx.caller, ctx.org)
    _quarter(ctx, args)


def run(ctx: ToolContext, args: QuarterArgs) -> ToolResult:
    label, day = _quarter(ctx, args)
    before = previous_quarter(label)
    card = figures(ctx, day.isoformat())
    now = ctx.insights.talent_flow(day)
    then = ctx.insights.talent_flow(quarter_end(before))
    rows = []
    for f in card["figures"]:
        change = f["change"]
        better = None
        if change:
            better = (change > 0) == (f["better"] == "at_least")
        rows.append(
            {
                "name": f["name"],
                "title": f["title"],
                "unit": f["unit"],
                "latest": f["latest"],
                "previous": f["previous"],
                "change": change,
                "better": better,
                "behind": behind(f["name"], now, then),
            }
        )
    data = {"quarter": label, "previous_quarter": before, "as_of": day.isoformat(), "figures": rows}
    return ToolResult(
        "quarter_changes",
        {"quarter": label},
        data,
        [Citation("scorecard", "group", "the HR–IT scorecard", f"{before} to {label}")],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    earlier = turn.previous("quarter")  # "and the quarter before that?"
    before = quarter_end(earlier).isoformat() if earlier else None
    day = flow.past_day(slots, turn.org.as_of, before)
    return {"quarter": quarter_label(date.fromisoformat(day))} if day else {}


CAPABILITY = Capability(
    name="quarter_changes",
    description="What changed this quarter: each scorecard figure against the quarter before "
    "(better or worse) and the records behind the move.",
    fill=fill,
    args=QuarterArgs,
    run=run,
    access=access,
    template="answers/quarter_changes.j2",
    uses=frozenset({"date"}),
    who="HR, admins and evaluators",
    suggestion="What changed this quarter?",
    suggest=("What changed this quarter?",),
    examples=(
        "What changed this quarter?",
        "what moved since last quarter",
        "Which figures got better or worse compared with the previous quarter?",
        "Why did time to fill go up this quarter?",
        "quarter over quarter changes",
        "What's different from last quarter on the scorecard?",
        "Summarise the quarter for the committee",
        "What happened in <DATE> compared to the quarter before?",
    ),
)
