"""The committee's decisions log: decisions and campaign retrospectives, with their owner,
due date, status and follow-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from agent.access import names_on_scorecard, require_scorecard
from agent.capabilities import flow
from agent.capabilities.base import Capability, Turn
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots
from domain.talent_flow import quarter_label


class DecisionArgs(Args):
    quarter: str | None = Field(default=None, description="e.g. 2026Q3 (default: all)")
    open_only: bool = Field(default=False, description="only decisions still open")


def access(ctx: ToolContext, args: DecisionArgs) -> None:
    require_scorecard(ctx.caller, ctx.org)


def run(ctx: ToolContext, args: DecisionArgs) -> ToolResult:
    rows = ctx.scorecard.decisions(args.quarter) if ctx.scorecard else []
    if args.open_only:
        rows = [r for r in rows if r["status"] == "open"]
    people = ctx.org.flow.people
    named = names_on_scorecard(ctx.caller)
    decisions = [
        {
            "decision_id": r["decision_id"],
            "quarter": r["quarter"],
            "kind": r["kind"],
            "text": r["text"],
            "owner_name": people[r["owner"]].name if named and r["owner"] in people else None,
            "due": r["due"].isoformat() if r["due"] else None,
            "status": r["status"],
            "follow_up": r["follow_up"],
        }
        for r in rows
    ]
    data = {"quarter": args.quarter, "open_only": args.open_only, "decisions": decisions}
    return ToolResult(
        "decisions_log",
        args.model_dump(),
        data,
        [Citation("decisions", "group", "the committee's decisions log", args.quarter or "all")],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    args: dict[str, Any] = {}
    day = flow.past_day(slots, turn.org.as_of, turn.previous("as_of"))
    if day:
        args["quarter"] = quarter_label(date.fromisoformat(day))
    if any(w in slots.text.split() for w in ("open", "outstanding", "pending", "overdue")):
        args["open_only"] = True
    return args


CAPABILITY = Capability(
    name="decisions_log",
    description="The committee's decisions log: decisions and retrospectives with their "
    "owner, due date, status and follow-up.",
    fill=fill,
    args=DecisionArgs,
    run=run,
    access=access,
    template="answers/decisions_log.j2",
    uses=frozenset({"date"}),
    who="HR, admins, evaluators (without owners' names) and managers",
    suggestion="What did the committee decide last quarter?",
    suggest=("What did the committee decide last quarter?",),
    examples=(
        "What did the committee decide last quarter?",
        "decisions log",
        "Which committee decisions are still open?",
        "Show me the retrospectives",
        "What actions did we agree in the HR-IT committee?",
        "Who owns the open committee actions?",
        "What was decided in <DATE>?",
        "follow up on last quarter's decisions",
    ),
)
