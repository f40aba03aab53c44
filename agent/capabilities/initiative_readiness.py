"""Whether the teams of an AI initiative are ready by a day: what is in place then, what is
short, following the roadmap."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from agent.access import require_initiative_figures
from agent.capabilities.base import Capability, Turn
from agent.capabilities.initiatives_common import analysed, found, named
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots
from core.errors import UserError


class ReadinessArgs(Args):
    initiative: str = Field(min_length=1, max_length=128, description="initiative id")
    by: str | None = Field(default=None, description="YYYY-MM-DD; default: the target date")


def access(ctx: ToolContext, args: ReadinessArgs) -> None:
    require_initiative_figures(ctx.caller, ctx.org, found(ctx, args.initiative)["teams"])


def run(ctx: ToolContext, args: ReadinessArgs) -> ToolResult:
    stored = found(ctx, args.initiative)
    try:
        day = date.fromisoformat(args.by or stored["target"])
    except ValueError:
        raise UserError(f"by: '{args.by}' is not a date (YYYY-MM-DD)") from None
    data = analysed(ctx, stored, day)
    citations = [Citation(data["initiative_id"], "initiative", data["title"])]
    return ToolResult("initiative_readiness", args.model_dump(), data, citations)


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    return {"initiative": named(slots, turn), "by": slots.by}


CAPABILITY = Capability(
    name="initiative_readiness",
    description="Are we ready for an AI initiative by a date: per competency, who is in "
    "place by then (met now, trained, borrowed, hired) and what is still short.",
    fill=fill,
    args=ReadinessArgs,
    run=run,
    access=access,
    template="answers/initiative.j2",
    uses=frozenset({"date"}),
    who="HR, admins, evaluators and managers of the named teams",
    suggestion="Are we ready for the support copilot by June?",
    suggest=("Are we ready for our AI initiative in time?",),
    examples=(
        "Are we ready for the support copilot by <DATE>?",
        "Will we be ready for the claims triage project by <DATE>?",
        "ready for the AI initiative <DATE>",
        "Can the teams deliver the chatbot rollout on time?",
        "Is the copilot project on track for its target date?",
        "What will still be missing for the fraud detection initiative at <DATE>?",
        "Could we launch the copilot by <DATE> with the people we have?",
        "readiness for the AI use case by <DATE>",
    ),
)
